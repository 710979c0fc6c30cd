/*
 * Regular expressions (PCRE2, UTF + UCP, JIT where available): compiling a
 * pack's evidence patterns and finding matches in participants' words.
 * Only match.c includes <pcre2.h>.
 */
#ifndef KOLB_MATCH_H
#define KOLB_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include "kolb.h"

struct match_re;

/* Compile pattern (UTF-8). caseless adds PCRE2_CASELESS. Caller frees *out with match_free. */
int match_compile(const char *pattern, bool caseless, struct match_re **out, struct kolb_err *err);

/* Find the first match in text[0..len) at or after byte offset start.
 * Returns 1 and sets *ms and *me (byte offsets), 0 when none, -1 on a matching error. */
int match_find(const struct match_re *re, const char *text, size_t len, size_t start,
    size_t *ms, size_t *me);

/* match_find for a text already known to be valid UTF-8 (checked when it was
 * stored, or by an earlier match_find of the same text): PCRE2 skips its own
 * check, which otherwise costs as much as the matching over many short texts.
 * Undefined for invalid UTF-8. */
int match_find_valid(const struct match_re *re, const char *text, size_t len, size_t start,
    size_t *ms, size_t *me);

void match_free(struct match_re *re);

#endif
