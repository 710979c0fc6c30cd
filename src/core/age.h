/*
 * The age file encryption format, version 1 (age-encryption.org/v1), for X25519
 * recipients only: what `age -r age1...` writes and `age -d -i KEY` reads.
 * Implemented on libsodium (X25519, ChaCha20-Poly1305, HMAC-SHA256 for HKDF);
 * Bech32 for the age1... / AGE-SECRET-KEY-1... encodings.
 *
 * Session archives are encrypted for the office with it: the trainer's netbook
 * holds only the office's public recipient; the office keeps the identity.
 */
#ifndef KOLB_AGE_H
#define KOLB_AGE_H

#include <stddef.h>
#include "kolb.h"

/* A new X25519 identity: "AGE-SECRET-KEY-1..." (upper case) and its recipient
 * "age1...". Both buffers at least 100 bytes. */
int age_keygen(char *identity, size_t idsz, char *recipient, size_t recsz, struct kolb_err *err);

/* The recipient of an identity string. */
int age_recipient_of(const char *identity, char *recipient, size_t recsz, struct kolb_err *err);

/* Encrypt the file in_path to out_path for one recipient ("age1..."). out_path is
 * written to a temporary file and renamed, mode 0600. */
int age_encrypt_file(const char *in_path, const char *out_path, const char *recipient,
    struct kolb_err *err);

/* Decrypt in_path to out_path with the identities in identity_file (age's text format:
 * lines "AGE-SECRET-KEY-1...", '#' comments, blank lines). Authentication failures,
 * truncation and unknown stanzas are errors; nothing is left at out_path on failure. */
int age_decrypt_file(const char *in_path, const char *out_path, const char *identity_file,
    struct kolb_err *err);

/* True if the file starts with the age v1 header line. */
int age_is_encrypted(const char *path);

#endif
