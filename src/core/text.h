/*
 * Text checks shared by the pack validator, the archive reader and the CLI:
 * UTF-8 validity, slugs, semantic versions, dates and language codes.
 * Pure functions on caller-owned strings; nothing here allocates.
 */
#ifndef KOLB_TEXT_H
#define KOLB_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool text_utf8_valid(const char *s, size_t len);

/* True if s contains a C0 control character or DEL. */
bool text_has_control(const char *s);

/* Lowercase letters, digits and single inner hyphens, 1..64 bytes. */
bool text_is_slug(const char *s);

/* Semantic Versioning 2.0.0 syntax. */
bool text_semver_valid(const char *s);

/* Semver precedence: <0, 0, >0. Both must be valid; build metadata is ignored. */
int text_semver_cmp(const char *a, const char *b);

/* A real calendar date written YYYY-MM-DD (years 2000..2999). */
bool text_date_valid(const char *s);

/* ISO 639 code (2-3 lowercase letters), optionally -XX region: "vi", "en-GB". */
bool text_is_lang(const char *s);

#endif
