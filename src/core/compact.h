/*
 * The compact form of a completion record: the whole signed record as one line of
 * text that fits a QR code, so that a paper certificate can be checked offline from
 * a scan or a phone photo (`zbarimg --raw certificate.png | kolb verify -`).
 *
 *   compact = "KOLB1:" base45( zlib( JCS(record) ) )
 *
 *   JCS(record)  the record's RFC 8785 canonical JSON (jcs.h), the record read as a
 *                JavaScript verifier reads it (proof_parse: numbers as doubles, a
 *                repeated member name refused); the top must be an object; at most
 *                COMPACT_MAX_JSON bytes. The signature is over canonical forms, so
 *                the decoded record verifies exactly as the original file does.
 *   zlib         an RFC 1950 zlib stream of those bytes: deflate (RFC 1951) at
 *                level 9, 32 KiB window, no preset dictionary, Adler-32 at the end.
 *   base45       RFC 9285, alphabet "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:":
 *                each two bytes a, b give n = a*256 + b = c + d*45 + e*45*45,
 *                written as the characters c d e; a last single byte a = c + d*45
 *                is written c d.
 *
 * Every character, the prefix's too, is in the QR alphanumeric set, so a QR code
 * holds the text in alphanumeric mode (version 40 at error correction M: 3391
 * characters). The "1" in the prefix is the form's version: another form can come
 * as "KOLB2:" without breaking readers of this one.
 *
 * The last character of valid base45 is never a space (it is at most 'W'), so
 * trailing white space around a scanned text can always be dropped safely.
 *
 * Decoding treats the text as hostile: strict base45, one complete zlib stream with
 * its checksum and nothing after it, output capped at COMPACT_MAX_JSON. A changed
 * character is caught there or, if the text still decodes, by the signature
 * (cred_verify); the only change that decodes to a record at all without breaking
 * the signature is one confined to the unused padding bits of the last deflate byte,
 * which every inflater ignores, and it gives back the very same record.
 */
#ifndef KOLB_COMPACT_H
#define KOLB_COMPACT_H

#include <stdbool.h>
#include <stddef.h>
#include "kolb.h"

/* The prefix of the compact form, case-sensitive. */
#define COMPACT_PREFIX "KOLB1:"
/* What zbarimg prints before a QR code's text unless given --raw. */
#define COMPACT_ZBAR_PREFIX "QR-Code:"
/* The largest record (canonical JSON bytes) encoded or decoded: 1 MiB, the limit of
 * cred_verify. Decoding stops there (a decompression bomb allocates no more). */
#define COMPACT_MAX_JSON ((size_t)1024 * 1024)
/* The longest compact text decoded (its base45 part): 2 MiB, more than the base45
 * of any zlib stream of COMPACT_MAX_JSON bytes. */
#define COMPACT_MAX_TEXT ((size_t)2 * 1024 * 1024)
/* Characters of QR alphanumeric data in a version 40 symbol at error correction M. */
#define COMPACT_QR_40M_CHARS 3391

/* Encode len bytes of record JSON (a JSON object) as "KOLB1:...". *out receives the
 * NUL-terminated compact text (caller frees). -1 with err set when the input is not
 * valid JSON, not an object, cannot be canonicalized, or is over COMPACT_MAX_JSON. */
int compact_encode(const char *json, size_t len, char **out, struct kolb_err *err);

/* Decode len bytes of compact text: leading and trailing white space allowed, an
 * optional "QR-Code:" (zbarimg without --raw), then "KOLB1:" and strict base45 of a
 * complete zlib stream and nothing after it, decompressing to 1..COMPACT_MAX_JSON
 * bytes. *json receives those bytes NUL-terminated (caller frees), *json_len their
 * number. Does not parse or verify the record (cred_verify does). -1 with err set to
 * a one-line reason otherwise; *json is then NULL. */
int compact_decode(const char *text, size_t len, char **json, size_t *json_len,
    struct kolb_err *err);

/* True if text, after leading white space and an optional "QR-Code:", starts with
 * "KOLB1:" (whether or not the rest is valid). */
bool compact_is(const char *text, size_t len);

/* RFC 9285 base45 of n bytes, NUL-terminated. Caller frees. */
char *compact_base45_encode(const unsigned char *in, size_t n);

/* Decode len characters of strict base45 into a new buffer (*out, caller frees;
 * *outlen bytes). -1 with err set on a character outside the alphabet, a dangling
 * single character, a triple over 65535 or a final pair over 255. */
int compact_base45_decode(const char *in, size_t len, unsigned char **out, size_t *outlen,
    struct kolb_err *err);

#endif
