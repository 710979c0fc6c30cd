/* eddsa-jcs-2022 Data Integrity proofs: sign and verify (see proof.h). */
#include "proof.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jcs.h"
#include "multibase.h"
#include "text.h"

/* Room for a quoted piece of untrusted text in a message. */
#define PROOF_QUOTE_SIZE 48

/* Copy untrusted text for an error message: at most PROOF_QUOTE_SIZE - 4 bytes, cut at
 * a character boundary, control characters (C0, DEL, C1) and invalid UTF-8 as '?', so
 * that a hostile credential cannot send terminal escapes through our messages. */
static const char *
proof_quote(const char *s, char out[PROOF_QUOTE_SIZE])
{
	size_t len = strlen(s), o = 0, i = 0;
	bool utf8 = text_utf8_valid(s, len);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = 1;
		if (utf8 && c >= 0xc0)
			n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (o + n > PROOF_QUOTE_SIZE - 4) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		bool c1 = c == 0xc2 && (unsigned char)s[i + 1] < 0xa0;
		if (c < 0x20 || c == 0x7f || c1 || (!utf8 && c >= 0x80)) {
			out[o++] = '?';
		} else {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

int
proof_hash_data(const json_t *doc, const json_t *config, struct proof_hashes *out,
    struct kolb_err *err)
{
	memset(out, 0, sizeof *out);
	size_t dlen, clen;
	out->canon_document = jcs_canonicalize_except(doc, "proof", &dlen, err);
	if (out->canon_document == NULL)
		return kolb_err_prefix(err, _("the credential"));
	out->canon_config = jcs_canonicalize_except(config, "proofValue", &clen, err);
	if (out->canon_config == NULL) {
		proof_hashes_clear(out);
		return kolb_err_prefix(err, _("the proof"));
	}
	crypto_hash_sha256(out->document_hash, (const unsigned char *)out->canon_document, dlen);
	crypto_hash_sha256(out->config_hash, (const unsigned char *)out->canon_config, clen);
	memcpy(out->hash_data, out->config_hash, 32);
	memcpy(out->hash_data + 32, out->document_hash, 32);
	return 0;
}

void
proof_hashes_clear(struct proof_hashes *h)
{
	free(h->canon_document);
	free(h->canon_config);
	memset(h, 0, sizeof *h);
}

json_t *
proof_config_new(const json_t *doc, const char *verification_method, const char *created_iso)
{
	json_t *c = json_object();
	json_object_set_new(c, "type", json_string(PROOF_TYPE));
	json_object_set_new(c, "cryptosuite", json_string(PROOF_CRYPTOSUITE));
	if (created_iso != NULL)
		json_object_set_new(c, "created", json_string(created_iso));
	json_object_set_new(c, "verificationMethod", json_string(verification_method));
	json_object_set_new(c, "proofPurpose", json_string(PROOF_PURPOSE));
	const json_t *ctx = json_object_get(doc, "@context");
	if (ctx != NULL)
		json_object_set_new(c, "@context", json_deep_copy(ctx));
	return c;
}

/* Two-digit (or n-digit) decimal at s; false unless all n are ASCII digits. */
static bool
proof_digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool
proof_datetime_valid(const char *s)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, mo, d, h, mi, sec;
	if (s == NULL || !proof_digits(s, 4, &y) || s[4] != '-' || !proof_digits(s + 5, 2, &mo)
	    || s[7] != '-' || !proof_digits(s + 8, 2, &d) || s[10] != 'T'
	    || !proof_digits(s + 11, 2, &h) || s[13] != ':' || !proof_digits(s + 14, 2, &mi)
	    || s[16] != ':' || !proof_digits(s + 17, 2, &sec))
		return false;
	if (y < 1 || mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d < 1 || d > mdays[mo - 1] + (mo == 2 && leap))
		return false;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z')
		return p[1] == '\0';
	int th, tm;
	if ((*p != '+' && *p != '-') || !proof_digits(p + 1, 2, &th) || p[3] != ':'
	    || !proof_digits(p + 4, 2, &tm) || p[6] != '\0')
		return false;
	return th < 14 ? tm <= 59 : th == 14 && tm == 0;
}

const char *
proof_issuer_id(const json_t *doc)
{
	const json_t *iss = json_object_get(doc, "issuer");
	if (json_is_object(iss))
		iss = json_object_get(iss, "id");
	return json_is_string(iss) ? json_string_value(iss) : NULL;
}

/* The member name of proof as a string, or NULL when absent or not a string. */
static const char *
proof_str(const json_t *proof, const char *name)
{
	return json_string_value(json_object_get(proof, name));
}

int
proof_verify_proof(const json_t *signed_doc, unsigned char pk_out[32], char *did_out,
    size_t did_size, struct kolb_err *err)
{
	char q[PROOF_QUOTE_SIZE];
	if (!json_is_object(signed_doc))
		return kolb_err_set(err, _("the credential is not a JSON object"));
	const json_t *proof = json_object_get(signed_doc, "proof");
	if (proof == NULL)
		return kolb_err_set(err, _("the credential has no proof: it is not signed"));
	if (json_is_array(proof)) {
		if (json_array_size(proof) != 1)
			return kolb_err_set(err, _("the credential has %zu proofs; kolb checks "
			    "credentials that carry exactly one"), json_array_size(proof));
		proof = json_array_get(proof, 0);
	}
	if (!json_is_object(proof))
		return kolb_err_set(err, _("the credential's proof is not a JSON object"));

	const char *type = proof_str(proof, "type");
	if (type == NULL)
		return kolb_err_set(err, _("the proof has no type"));
	if (strcmp(type, PROOF_TYPE) != 0)
		return kolb_err_set(err, _("the proof's type is \"%s\", not %s"),
		    proof_quote(type, q), PROOF_TYPE);
	const char *suite = proof_str(proof, "cryptosuite");
	if (suite == NULL)
		return kolb_err_set(err, _("the proof names no cryptosuite"));
	if (strcmp(suite, PROOF_CRYPTOSUITE) != 0)
		return kolb_err_set(err, _("the proof uses the cryptosuite \"%s\"; kolb checks "
		    "only %s"), proof_quote(suite, q), PROOF_CRYPTOSUITE);
	const char *purpose = proof_str(proof, "proofPurpose");
	if (purpose == NULL)
		return kolb_err_set(err, _("the proof has no proofPurpose"));
	if (strcmp(purpose, PROOF_PURPOSE) != 0)
		return kolb_err_set(err, _("the proof's purpose is \"%s\", not %s"),
		    proof_quote(purpose, q), PROOF_PURPOSE);
	const json_t *created = json_object_get(proof, "created");
	if (created != NULL && !proof_datetime_valid(json_string_value(created)))
		return kolb_err_set(err, _("the proof's creation time is not a date and time "
		    "with a timezone"));

	const char *vm = proof_str(proof, "verificationMethod");
	if (vm == NULL)
		return kolb_err_set(err, _("the proof has no verificationMethod"));
	unsigned char pk[32];
	char did[MULTIBASE_DID_SIZE];
	if (multibase_vm_decode(vm, pk, did, sizeof did, err) != 0)
		return kolb_err_prefix(err, _("the proof's key is not an Ed25519 did:key"));

	const char *pv = proof_str(proof, "proofValue");
	if (pv == NULL)
		return kolb_err_set(err, _("the proof has no proofValue (signature)"));
	unsigned char sig[crypto_sign_BYTES + 1]; /* a spare byte tells "too long" apart */
	size_t siglen;
	if (multibase_decode(pv, sig, sizeof sig, &siglen, err) != 0)
		return kolb_err_prefix(err, _("the proof's signature is malformed"));
	if (siglen != crypto_sign_BYTES)
		return kolb_err_set(err, _("the proof's signature is %zu bytes instead of %d"),
		    siglen, crypto_sign_BYTES);

	/* Verify Proof step 4: the proof's @context must match the document's. The spec
	 * accepts a prefix, but then the rest of the document's @context would go
	 * unsigned; kolb demands equality. A proof without @context (earlier drafts) is
	 * accepted, as the spec says. */
	const json_t *pctx = json_object_get(proof, "@context");
	if (pctx != NULL && !json_equal(pctx, json_object_get(signed_doc, "@context")))
		return kolb_err_set(err, _("the proof's @context differs from the credential's "
		    "@context"));

	struct proof_hashes h;
	if (proof_hash_data(signed_doc, proof, &h, err) != 0)
		return -1;
	int ok = crypto_sign_verify_detached(sig, h.hash_data, sizeof h.hash_data, pk);
	proof_hashes_clear(&h);
	if (ok != 0)
		return kolb_err_set(err, _("the signature does not match: the credential or its "
		    "proof was changed after signing, or another key signed it"));
	if (pk_out != NULL)
		memcpy(pk_out, pk, sizeof pk);
	if (did_out != NULL) {
		if (strlen(did) + 1 > did_size)
			return kolb_err_set(err, _("no room for the did:key"));
		memcpy(did_out, did, strlen(did) + 1);
	}
	return 0;
}

int
proof_verify(const json_t *signed_doc, char *issuer_did_out, size_t outsz,
    struct kolb_err *err)
{
	char did[MULTIBASE_DID_SIZE];
	if (proof_verify_proof(signed_doc, NULL, did, sizeof did, err) != 0)
		return -1;
	const json_t *iss = json_object_get(signed_doc, "issuer");
	if (iss == NULL)
		return kolb_err_set(err, _("the credential names no issuer"));
	const char *id = proof_issuer_id(signed_doc);
	if (id == NULL)
		return kolb_err_set(err, _("the credential's issuer has no id"));
	if (strcmp(id, did) != 0)
		return kolb_err_set(err, _("the credential's issuer is not the did:key that "
		    "signed it (%s)"), did);
	if (issuer_did_out != NULL) {
		if (strlen(did) + 1 > outsz)
			return kolb_err_set(err, _("no room for the did:key"));
		memcpy(issuer_did_out, did, strlen(did) + 1);
	}
	return 0;
}

int
proof_sign(const json_t *doc, const unsigned char sk[64], const char *verification_method,
    const char *created_iso, json_t **signed_out, struct kolb_err *err)
{
	*signed_out = NULL;
	if (!json_is_object(doc))
		return kolb_err_set(err, _("the credential to sign is not a JSON object"));
	if (json_object_get(doc, "proof") != NULL)
		return kolb_err_set(err, _("the credential already has a proof"));
	if (created_iso != NULL && !proof_datetime_valid(created_iso))
		return kolb_err_set(err, _("the signing time is not a date and time with a "
		    "timezone"));
	unsigned char vm_pk[32];
	if (verification_method == NULL
	    || multibase_vm_decode(verification_method, vm_pk, NULL, 0, err) != 0)
		return kolb_err_prefix(err, _("the verification method is not an Ed25519 "
		    "did:key"));
	/* libsodium's secret key is seed || public key: both halves must be this key. */
	unsigned char seed[32], pk[32], sk2[64];
	crypto_sign_ed25519_sk_to_seed(seed, sk);
	crypto_sign_seed_keypair(pk, sk2, seed);
	bool match = sodium_memcmp(pk, vm_pk, 32) == 0 && sodium_memcmp(pk, sk + 32, 32) == 0;
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(sk2, sizeof sk2);
	if (!match)
		return kolb_err_set(err, _("the secret key is not the key of the verification "
		    "method"));

	json_t *config = proof_config_new(doc, verification_method, created_iso);
	struct proof_hashes h;
	if (proof_hash_data(doc, config, &h, err) != 0) {
		json_decref(config);
		return -1;
	}
	unsigned char sig[crypto_sign_BYTES];
	crypto_sign_detached(sig, NULL, h.hash_data, sizeof h.hash_data, sk);
	proof_hashes_clear(&h);
	char *pv = multibase_encode(sig, sizeof sig);
	json_object_set_new(config, "proofValue", json_string(pv));
	free(pv);

	json_t *out = json_deep_copy(doc);
	json_object_set_new(out, "proof", config);
	/* Check the result as a verifier will, so a bad record is never handed out. */
	if (proof_verify_proof(out, NULL, NULL, 0, err) != 0) {
		json_decref(out);
		return kolb_err_prefix(err, _("the new signature does not verify"));
	}
	*signed_out = out;
	return 0;
}

int
proof_parse(const char *text, size_t len, json_t **out, struct kolb_err *err)
{
	json_error_t jerr;
	char q[PROOF_QUOTE_SIZE];
	*out = NULL;
	json_t *v = json_loadb(text, len, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES,
	    &jerr);
	if (v == NULL)
		return kolb_err_set(err, _("the credential is not valid JSON (line %d, column "
		    "%d): %s"), jerr.line, jerr.column, proof_quote(jerr.text, q));
	if (!json_is_object(v)) {
		json_decref(v);
		return kolb_err_set(err, _("the credential is not a JSON object"));
	}
	*out = v;
	return 0;
}
