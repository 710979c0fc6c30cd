/*
 * Data Integrity proofs with the eddsa-jcs-2022 cryptosuite (W3C vc-di-eddsa): how
 * kolb signs and checks its completion records (Open Badges 3.0 credentials).
 *
 *   proof configuration = {type, cryptosuite, created, verificationMethod,
 *                          proofPurpose, @context copied from the document}
 *   hashData  = SHA-256(JCS(proof configuration)) || SHA-256(JCS(document))
 *   proofValue = "z" + base58btc(Ed25519 signature of hashData)
 *
 * The key is an Ed25519 did:key (see multibase.h); the signed credential's issuer
 * id must be that did:key. Pure functions on jansson trees and bytes: no files,
 * no database, no clock (the caller passes the "created" time).
 */
#ifndef KOLB_PROOF_H
#define KOLB_PROOF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "kolb.h"

#define PROOF_TYPE "DataIntegrityProof"
#define PROOF_CRYPTOSUITE "eddsa-jcs-2022"
#define PROOF_PURPOSE "assertionMethod"

/* The intermediate values of eddsa-jcs-2022 for one document and proof configuration. */
struct proof_hashes {
	char *canon_document;            /* JCS(document without "proof"); owned */
	char *canon_config;              /* JCS(configuration without "proofValue"); owned */
	unsigned char document_hash[32]; /* SHA-256(canon_document): transformedDocumentHash */
	unsigned char config_hash[32];   /* SHA-256(canon_config): proofConfigHash */
	unsigned char hash_data[64];     /* config_hash || document_hash: what Ed25519 signs */
};

/* Canonicalize and hash doc (its "proof" member, if any, left out) and config (its
 * "proofValue", if any, left out) into out; proof_hashes_clear() it afterwards. */
int proof_hash_data(const json_t *doc, const json_t *config, struct proof_hashes *out,
    struct kolb_err *err);

/* Free the strings of h and zero it. */
void proof_hashes_clear(struct proof_hashes *h);

/* The proof configuration proof_sign uses for doc: type, cryptosuite, created (left
 * out when created_iso is NULL), verificationMethod, proofPurpose, and a copy of doc's
 * "@context" if it has one. Does not check its arguments. Caller json_decref()s. */
json_t *proof_config_new(const json_t *doc, const char *verification_method,
    const char *created_iso);

/* Sign doc (an object without "proof") with the libsodium secret key sk (seed || public
 * key) whose did:key verificationMethod is verification_method; created_iso is the
 * signing time ("2025-03-14T15:05:00Z"), or NULL to leave it out. *signed_out receives
 * a new copy of doc with the "proof" added (caller json_decref()s); doc is unchanged.
 * -1 with err set if the key does not match the verification method, created_iso is
 * not a dateTime with a timezone, or doc cannot be canonicalized. */
int proof_sign(const json_t *doc, const unsigned char sk[64], const char *verification_method,
    const char *created_iso, json_t **signed_out, struct kolb_err *err);

/* Check signed_doc's Data Integrity proof alone (the spec's Verify Proof): one proof,
 * type DataIntegrityProof, cryptosuite eddsa-jcs-2022, proofPurpose assertionMethod,
 * created (if present) a valid dateTime, an Ed25519 did:key verificationMethod, a
 * 64-byte "z" proofValue, the proof's "@context" (if present) equal to the document's,
 * and the signature. Does NOT compare the key with the credential's issuer. pk_out
 * (may be NULL) receives the public key, did_out (may be NULL, did_size bytes,
 * MULTIBASE_DID_SIZE is enough) the verification method's did:key. 0 if valid, -1 with
 * the reason in err. */
int proof_verify_proof(const json_t *signed_doc, unsigned char pk_out[32], char *did_out,
    size_t did_size, struct kolb_err *err);

/* Verify a signed credential: proof_verify_proof, then the issuer (a string, or an
 * object's "id") must be the verification method's did:key. issuer_did_out (may be
 * NULL, outsz bytes) receives that did:key. 0 if valid, -1 with the reason in err. */
int proof_verify(const json_t *signed_doc, char *issuer_did_out, size_t outsz,
    struct kolb_err *err);

/* Parse len bytes of credential JSON for proof_verify as a JavaScript verifier reads it:
 * every number a double (JSON_DECODE_INT_AS_REAL) and a repeated member name, such as a
 * second "proof", refused. The top must be an object. Caller json_decref()s *out. */
int proof_parse(const char *text, size_t len, json_t **out, struct kolb_err *err);

/* The credential's issuer id: the "issuer" string, or the "id" string of an "issuer"
 * object; NULL if neither. Borrowed from doc. */
const char *proof_issuer_id(const json_t *doc);

/* True if s is an XML Schema dateTimeStamp (a dateTime with a timezone), as Data
 * Integrity requires for "created": "2025-03-14T15:05:00Z", "...T15:05:00.25+07:00". */
bool proof_datetime_valid(const char *s);

#endif
