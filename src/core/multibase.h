/*
 * base58btc, multibase ("z" + base58btc) and the Ed25519 did:key forms used by
 * signed completion records (W3C did:key, Multikey):
 *
 *   publicKeyMultibase  "z" + base58btc(0xed 0x01 || 32-byte public key)  "z6Mk..."
 *   secretKeyMultibase  "z" + base58btc(0x80 0x26 || 32-byte seed)        "z3u2..."
 *   DID                 "did:key:" + publicKeyMultibase
 *   verificationMethod  DID + "#" + publicKeyMultibase
 *
 * Pure functions on bytes and strings. Every decoder treats its input as hostile:
 * it checks the alphabet, the prefixes and the exact lengths, and never writes
 * past the buffer it is given.
 */
#ifndef KOLB_MULTIBASE_H
#define KOLB_MULTIBASE_H

#include <stddef.h>
#include "kolb.h"

/* Bytes of an Ed25519 public key, of a seed (private key), of a signature. */
#define MULTIBASE_ED25519_PK_BYTES 32
#define MULTIBASE_ED25519_SEED_BYTES 32
/* A buffer large enough for an Ed25519 did:key with its NUL (the DID is 56 characters). */
#define MULTIBASE_DID_SIZE 64
/* A buffer large enough for an Ed25519 verificationMethod with its NUL (105 characters). */
#define MULTIBASE_VM_SIZE 128

/* base58btc (Bitcoin alphabet) of n bytes, no multibase prefix; each leading 0x00
 * becomes a leading '1'. Caller frees. */
char *multibase_base58_encode(const unsigned char *in, size_t n);

/* Decode len characters of base58btc (no prefix) into out, which holds outcap bytes;
 * *outlen receives the decoded length. -1 with err set on a character outside the
 * alphabet or a value that does not fit in outcap bytes. */
int multibase_base58_decode(const char *in, size_t len, unsigned char *out, size_t outcap,
    size_t *outlen, struct kolb_err *err);

/* "z" + base58btc(in). Caller frees. */
char *multibase_encode(const unsigned char *in, size_t n);

/* Decode a NUL-terminated "z..." multibase string into out (outcap bytes); *outlen
 * receives the length. -1 unless it starts with 'z' and the rest is valid base58btc. */
int multibase_decode(const char *s, unsigned char *out, size_t outcap, size_t *outlen,
    struct kolb_err *err);

/* publicKeyMultibase of an Ed25519 public key ("z6Mk..."). Caller frees. */
char *multibase_pubkey_encode(const unsigned char pk[MULTIBASE_ED25519_PK_BYTES]);

/* Decode a publicKeyMultibase: 'z', then exactly 34 bytes starting 0xed 0x01; the
 * other 32 go to pk. -1 with err set otherwise. */
int multibase_pubkey_decode(const char *mb, unsigned char pk[MULTIBASE_ED25519_PK_BYTES],
    struct kolb_err *err);

/* secretKeyMultibase of an Ed25519 seed ("z3u2..."). Caller frees (and should wipe it
 * with sodium_memzero first: it is the private key). */
char *multibase_seckey_encode(const unsigned char seed[MULTIBASE_ED25519_SEED_BYTES]);

/* Decode a secretKeyMultibase: 'z', then exactly 34 bytes starting 0x80 0x26; the other
 * 32 (the seed, for crypto_sign_seed_keypair) go to seed. */
int multibase_seckey_decode(const char *mb, unsigned char seed[MULTIBASE_ED25519_SEED_BYTES],
    struct kolb_err *err);

/* "did:key:z6Mk..." of an Ed25519 public key. Caller frees. */
char *multibase_did_key(const unsigned char pk[MULTIBASE_ED25519_PK_BYTES]);

/* "did:key:z6Mk...#z6Mk..." (the key's verificationMethod id). Caller frees. */
char *multibase_verification_method(const unsigned char pk[MULTIBASE_ED25519_PK_BYTES]);

/* Parse an Ed25519 did:key ("did:key:z6Mk...", no fragment) into its public key. */
int multibase_did_key_decode(const char *did, unsigned char pk[MULTIBASE_ED25519_PK_BYTES],
    struct kolb_err *err);

/* Parse a did:key verificationMethod "did:key:MB#MB" (both MB identical) into its public
 * key; when did_out is not NULL it receives the DID part ("did:key:MB"), which must fit
 * in did_size bytes (MULTIBASE_DID_SIZE always does). */
int multibase_vm_decode(const char *vm, unsigned char pk[MULTIBASE_ED25519_PK_BYTES],
    char *did_out, size_t did_size, struct kolb_err *err);

#endif
