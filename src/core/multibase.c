/* base58btc, multibase and Ed25519 did:key encodings (see multibase.h). */
#include "multibase.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char multibase_alphabet[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* Multicodec varint prefixes: ed25519-pub (0xed) and ed25519-priv (0x1300). */
static const unsigned char multibase_pub_prefix[2] = {0xed, 0x01};
static const unsigned char multibase_priv_prefix[2] = {0x80, 0x26};

#define MULTIBASE_DID_PREFIX "did:key:"

/* The value of a base58 character, or -1 if it is not in the alphabet. */
static int
multibase_digit(unsigned char c)
{
	const char *p = c != '\0' ? strchr(multibase_alphabet, c) : NULL;
	return p != NULL ? (int)(p - multibase_alphabet) : -1;
}

char *
multibase_base58_encode(const unsigned char *in, size_t n)
{
	size_t zeros = 0;
	while (zeros < n && in[zeros] == 0)
		zeros++;
	/* log(256)/log(58) < 1.37: n bytes need at most n * 137 / 100 + 1 digits. */
	size_t cap = (n - zeros) * 137 / 100 + 1;
	unsigned char *digits = kolb_xcalloc(cap, 1);
	size_t used = 0; /* significant base58 digits, stored little-endian */
	for (size_t i = zeros; i < n; i++) {
		unsigned carry = in[i];
		for (size_t j = 0; j < used; j++) {
			carry += (unsigned)digits[j] << 8;
			digits[j] = (unsigned char)(carry % 58);
			carry /= 58;
		}
		while (carry > 0) {
			digits[used++] = (unsigned char)(carry % 58);
			carry /= 58;
		}
	}
	char *out = kolb_xmalloc(zeros + used + 1);
	memset(out, '1', zeros);
	for (size_t j = 0; j < used; j++)
		out[zeros + j] = multibase_alphabet[digits[used - 1 - j]];
	out[zeros + used] = '\0';
	free(digits);
	return out;
}

int
multibase_base58_decode(const char *in, size_t len, unsigned char *out, size_t outcap,
    size_t *outlen, struct kolb_err *err)
{
	*outlen = 0;
	size_t zeros = 0;
	while (zeros < len && in[zeros] == '1')
		zeros++;
	/* Each digit after the leading '1's adds more than 0.73 bytes: refuse early what
	 * cannot fit, so hostile input costs no quadratic work. */
	if (zeros > outcap || (len - zeros) > (outcap - zeros) * 2 + 2)
		return kolb_err_set(err, _("the base58 value is too long"));
	size_t room = outcap - zeros;
	unsigned char *num = out + zeros; /* big-endian in num[room - used .. room) */
	size_t used = 0;
	for (size_t i = zeros; i < len; i++) {
		int d = multibase_digit((unsigned char)in[i]);
		if (d < 0)
			return kolb_err_set(err, _("the base58 value has a character outside the "
			    "base58btc alphabet at position %zu"), i + 1);
		unsigned carry = (unsigned)d;
		for (size_t j = 0; j < used; j++) {
			unsigned char *b = &num[room - 1 - j];
			carry += (unsigned)*b * 58;
			*b = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
		while (carry > 0) {
			if (used == room)
				return kolb_err_set(err, _("the base58 value is too long"));
			num[room - 1 - used++] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
	}
	memset(out, 0, zeros);
	memmove(out + zeros, num + room - used, used);
	*outlen = zeros + used;
	return 0;
}

char *
multibase_encode(const unsigned char *in, size_t n)
{
	char *b58 = multibase_base58_encode(in, n);
	char *s = kolb_xasprintf("z%s", b58);
	free(b58);
	return s;
}

int
multibase_decode(const char *s, unsigned char *out, size_t outcap, size_t *outlen,
    struct kolb_err *err)
{
	*outlen = 0;
	if (s == NULL || s[0] != 'z')
		return kolb_err_set(err, _("the multibase value does not start with 'z' "
		    "(base58btc)"));
	return multibase_base58_decode(s + 1, strlen(s + 1), out, outcap, outlen, err);
}

/* 'z' + base58btc(prefix || key32). Caller frees. */
static char *
multibase_key_encode(const unsigned char prefix[2], const unsigned char *key)
{
	unsigned char buf[2 + 32];
	memcpy(buf, prefix, 2);
	memcpy(buf + 2, key, 32);
	char *s = multibase_encode(buf, sizeof buf);
	memset(buf, 0, sizeof buf);
	return s;
}

/* Decode 'z' + base58btc(prefix || key32) into key. what names the value in messages. */
static int
multibase_key_decode(const char *mb, const unsigned char prefix[2], unsigned char *key,
    const char *what, struct kolb_err *err)
{
	unsigned char buf[2 + 32 + 1]; /* one spare byte tells "too long" from "exact" */
	size_t n;
	if (multibase_decode(mb, buf, sizeof buf, &n, err) != 0)
		return kolb_err_prefix(err, "%s", what);
	int rc = 0;
	if (n >= 2 && memcmp(buf, prefix, 2) != 0)
		rc = kolb_err_set(err, _("%s: not an Ed25519 key (multicodec prefix %02x %02x)"),
		    what, buf[0], buf[1]);
	else if (n != 2 + 32)
		rc = kolb_err_set(err, _("%s: %zu bytes instead of 34"), what, n);
	else
		memcpy(key, buf + 2, 32);
	memset(buf, 0, sizeof buf);
	return rc;
}

char *
multibase_pubkey_encode(const unsigned char pk[MULTIBASE_ED25519_PK_BYTES])
{
	return multibase_key_encode(multibase_pub_prefix, pk);
}

int
multibase_pubkey_decode(const char *mb, unsigned char pk[MULTIBASE_ED25519_PK_BYTES],
    struct kolb_err *err)
{
	return multibase_key_decode(mb, multibase_pub_prefix, pk, _("public key"), err);
}

char *
multibase_seckey_encode(const unsigned char seed[MULTIBASE_ED25519_SEED_BYTES])
{
	return multibase_key_encode(multibase_priv_prefix, seed);
}

int
multibase_seckey_decode(const char *mb, unsigned char seed[MULTIBASE_ED25519_SEED_BYTES],
    struct kolb_err *err)
{
	return multibase_key_decode(mb, multibase_priv_prefix, seed, _("secret key"), err);
}

char *
multibase_did_key(const unsigned char pk[MULTIBASE_ED25519_PK_BYTES])
{
	char *mb = multibase_pubkey_encode(pk);
	char *did = kolb_xasprintf(MULTIBASE_DID_PREFIX "%s", mb);
	free(mb);
	return did;
}

char *
multibase_verification_method(const unsigned char pk[MULTIBASE_ED25519_PK_BYTES])
{
	char *mb = multibase_pubkey_encode(pk);
	char *vm = kolb_xasprintf(MULTIBASE_DID_PREFIX "%s#%s", mb, mb);
	free(mb);
	return vm;
}

int
multibase_did_key_decode(const char *did, unsigned char pk[MULTIBASE_ED25519_PK_BYTES],
    struct kolb_err *err)
{
	size_t plen = strlen(MULTIBASE_DID_PREFIX);
	if (did == NULL || strncmp(did, MULTIBASE_DID_PREFIX, plen) != 0)
		return kolb_err_set(err, _("not a did:key identifier"));
	if (strchr(did, '#') != NULL)
		return kolb_err_set(err, _("the did:key has a fragment (#...) where none is "
		    "expected"));
	if (multibase_pubkey_decode(did + plen, pk, err) != 0)
		return kolb_err_prefix(err, "did:key");
	return 0;
}

int
multibase_vm_decode(const char *vm, unsigned char pk[MULTIBASE_ED25519_PK_BYTES],
    char *did_out, size_t did_size, struct kolb_err *err)
{
	size_t plen = strlen(MULTIBASE_DID_PREFIX);
	if (vm == NULL || strncmp(vm, MULTIBASE_DID_PREFIX, plen) != 0)
		return kolb_err_set(err, _("the verification method is not a did:key"));
	const char *hash = strchr(vm, '#');
	if (hash == NULL)
		return kolb_err_set(err, _("the verification method has no #fragment naming "
		    "the key"));
	const char *mb = vm + plen;
	size_t mblen = (size_t)(hash - mb);
	if (strlen(hash + 1) != mblen || strncmp(mb, hash + 1, mblen) != 0)
		return kolb_err_set(err, _("the verification method's #fragment is not the key "
		    "of its did:key"));
	if (plen + mblen + 1 > MULTIBASE_DID_SIZE)
		return kolb_err_set(err, _("the verification method's did:key is too long"));
	char did[MULTIBASE_DID_SIZE];
	memcpy(did, vm, plen + mblen);
	did[plen + mblen] = '\0';
	if (multibase_pubkey_decode(did + plen, pk, err) != 0)
		return kolb_err_prefix(err, _("verification method"));
	if (did_out != NULL) {
		if (strlen(did) + 1 > did_size)
			return kolb_err_set(err, _("no room for the did:key"));
		memcpy(did_out, did, strlen(did) + 1);
	}
	return 0;
}
