/*
 * RFC 8785 JSON Canonicalization Scheme (JCS) on a jansson tree: the exact bytes
 * that eddsa-jcs-2022 hashes and signs.
 *
 *   - no whitespace; literals null, true, false;
 *   - object members sorted by name compared as UTF-16 code units (not UTF-8 bytes:
 *     characters above U+FFFF sort as surrogate pairs, before U+E000..U+FFFF);
 *   - strings escaped as ECMAScript JSON.stringify does: \" \\ \b \f \n \r \t, other
 *     controls as \u00xx (lowercase hex), everything else as raw UTF-8;
 *   - numbers as ECMAScript Number.prototype.toString: shortest round-trip digits,
 *     1e+21, 1e-7, 0.000001, -0 -> 0.
 *
 * jansson keeps whole numbers as json_int_t: those beyond 2^53 in magnitude are
 * refused, because a JavaScript verifier would read them as a different double.
 * To read a document exactly as a JavaScript verifier does, load it with
 * json_loads(text, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, ...): then
 * every number is a double (4 and 4.0 both canonicalize to "4") and a repeated
 * member name is an error instead of silently keeping the last one.
 */
#ifndef KOLB_JCS_H
#define KOLB_JCS_H

#include <jansson.h>
#include <stddef.h>
#include "kolb.h"

/* Room for any number jcs_format_double writes, with its NUL. */
#define JCS_NUMBER_SIZE 32
/* Deepest nesting of arrays and objects accepted (jansson's own parser stops at 2048). */
#define JCS_MAX_DEPTH 2048

/* The canonical form of v as a NUL-terminated UTF-8 string; *len_out (may be NULL)
 * receives its length. Caller frees. NULL with err set on NaN or infinity, a whole
 * number beyond 2^53, invalid UTF-8 or a surrogate code point in a string or a
 * member name, or nesting deeper than JCS_MAX_DEPTH. */
char *jcs_canonicalize(const json_t *v, size_t *len_out, struct kolb_err *err);

/* The canonical form of object obj without its top-level member named omit (when it
 * has one): a signed document without its "proof", a proof without its "proofValue".
 * Caller frees; NULL with err set as jcs_canonicalize, or when obj is not an object. */
char *jcs_canonicalize_except(const json_t *obj, const char *omit, size_t *len_out,
    struct kolb_err *err);

/* Write d as ECMAScript Number.prototype.toString does into buf (JCS_NUMBER_SIZE
 * bytes). -1 with err set for NaN and infinities. */
int jcs_format_double(double d, char buf[JCS_NUMBER_SIZE], struct kolb_err *err);

/* Compare two UTF-8 strings (alen and blen bytes) as sequences of UTF-16 code units,
 * the order JCS sorts member names in: <0, 0 or >0. Both must be valid UTF-8. */
int jcs_utf16_cmp(const char *a, size_t alen, const char *b, size_t blen);

#endif
