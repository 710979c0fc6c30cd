/*
 * The age file encryption format, version 1 (age-encryption.org/v1), for X25519
 * recipients only: what `age -r age1...` writes and `age -d -i KEY` reads.
 * Implemented on libsodium (X25519, ChaCha20-Poly1305, HMAC-SHA256 for HKDF);
 * Bech32 (BIP 173) for the age1... / AGE-SECRET-KEY-1... encodings.
 *
 * Session archives are encrypted for the office with it: the trainer's netbook
 * holds only the office's public recipient; the office keeps the identity.
 *
 * Not supported (refused with a clear message): passphrase (scrypt) files,
 * ASCII-armored files (`age -a`), SSH and plugin recipients and identities.
 */
#ifndef KOLB_AGE_H
#define KOLB_AGE_H

#include <stddef.h>
#include "kolb.h"

/* Lengths of the text encodings, without the terminating NUL. */
#define AGE_IDENTITY_LEN 74  /* "AGE-SECRET-KEY-1" + 58 */
#define AGE_RECIPIENT_LEN 62 /* "age1" + 58 */

/* A new X25519 identity: "AGE-SECRET-KEY-1..." (upper case) and its recipient
 * "age1...", NUL-terminated into the caller's buffers (each at least 100 bytes
 * is safe; AGE_IDENTITY_LEN + 1 and AGE_RECIPIENT_LEN + 1 are enough). The caller
 * should sodium_memzero() the identity when done with it. */
int age_keygen(char *identity, size_t idsz, char *recipient, size_t recsz, struct kolb_err *err);

/* The recipient "age1..." of an identity string "AGE-SECRET-KEY-1..." (exactly,
 * no surrounding spaces), into recipient[recsz]. */
int age_recipient_of(const char *identity, char *recipient, size_t recsz, struct kolb_err *err);

/* Encrypt the file in_path to out_path for one recipient ("age1..."), streamed in
 * constant memory. out_path is written to a temporary file in its folder and
 * renamed, mode 0600; on failure nothing is left at out_path. */
int age_encrypt_file(const char *in_path, const char *out_path, const char *recipient,
    struct kolb_err *err);

/* Decrypt in_path to out_path with the identities in identity_file (age's text format:
 * lines "AGE-SECRET-KEY-1...", '#' comments, blank lines). The header MAC is checked
 * before any payload is used, every 64 KiB chunk is authenticated, and truncation,
 * trailing data, malformed headers and files for no identity there are errors; stanzas
 * of unknown types are skipped when an X25519 stanza matches. out_path (mode 0600) is
 * written to a temporary file in its folder and renamed at the end: nothing is left
 * at out_path on failure. */
int age_decrypt_file(const char *in_path, const char *out_path, const char *identity_file,
    struct kolb_err *err);

/* True if the file starts with the age v1 header line, or with the armor line of
 * `age -a` (which age_decrypt_file refuses with a clear message). */
int age_is_encrypted(const char *path);

/*
 * Building blocks, exported for the unit tests (RFC 5869 and BIP 173 vectors).
 */

/* HKDF-SHA256 (RFC 5869) of ikm with salt (may be empty) and info into out[outlen].
 * Returns 0, or -1 when outlen is over 255 * 32. */
int age_hkdf_sha256(unsigned char *out, size_t outlen, const unsigned char *ikm, size_t ikmlen,
    const unsigned char *salt, size_t saltlen, const unsigned char *info, size_t infolen);

/* Bech32-encode data under hrp into out[outsz], upper case when hrp is upper case,
 * else lower case. Returns 0, or -1 for an invalid hrp or a too small out. */
int age_bech32_encode(char *out, size_t outsz, const char *hrp, const unsigned char *data,
    size_t len);

/* Decode a Bech32 string (BIP 173: at most 90 characters, one case, valid checksum,
 * zero padding): its human-readable part, lower-cased, into hrp[hrpsz], its data
 * bytes into data[datasz] and *len. Returns 0, or -1 if anything is invalid. */
int age_bech32_decode(const char *s, char *hrp, size_t hrpsz, unsigned char *data,
    size_t datasz, size_t *len);

#endif
