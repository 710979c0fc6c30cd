/*
 * Vietnamese diacritic folding for search: "Đắk Lắk" folds to "Dak Lak",
 * "học" to "hoc", whether the text was typed precomposed (NFC: U+1ECD) or
 * decomposed (NFD: "o" + U+0323), or half and half ("ư" + U+0301).
 *
 * What changes: every Vietnamese vowel letter with a vowel mark (ă â ê ô ơ ư)
 * and/or a tone (grave, acute, hook above, tilde, dot below), in both cases,
 * becomes its plain ASCII letter; đ/Đ become d/D; the combining marks U+0300
 * U+0301 U+0302 U+0303 U+0306 U+0309 U+031B U+0323 (and the old tone marks
 * U+0340 U+0341) are dropped when they follow a vowel. Everything else is
 * copied unchanged: case is kept (the matcher is caseless), other letters with
 * diacritics (ñ, ü, ç) stay as they are, and so does a combining mark after a
 * consonant. Invalid UTF-8 is copied byte for byte.
 *
 * Folding never makes a text longer, and it can keep a map from every byte of
 * the folded text back to the original, so that a match found in the folded
 * text ("hoc") highlights the original words ("học").
 */
#ifndef KOLB_FOLD_H
#define KOLB_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A folded text and its map. Zero-initialise it, pass it to fold_text() as
 * often as needed (the buffers are reused and grow), release it with
 * fold_buf_free(). */
struct fold_buf {
	char *text;    /* the folded text, NUL-terminated */
	size_t len;    /* its length in bytes (never more than the original's) */
	size_t *map;   /* if asked for: map[i] is the offset in the original of the
	                * character that folded byte i comes from, for i < len, and
	                * map[len] is the original length. So a match [ms, me) of the
	                * folded text is [map[ms], map[me]) of the original, taking in
	                * the combining marks that were dropped after its last letter. */
	size_t cap;    /* bytes allocated for text */
	size_t mapcap; /* entries allocated for map */
};

/* Fold s[0..len) into fb; with_map also fills fb->map. Returns false, leaving
 * fb untouched, when the text folds to itself (plain ASCII), so the caller can
 * use the original as it is; true when fb holds the folded text. */
bool fold_text(const char *s, size_t len, bool with_map, struct fold_buf *fb);

/* Release fb's buffers; the struct is left zeroed and reusable. */
void fold_buf_free(struct fold_buf *fb);

/* The folded copy of a NUL-terminated string (a search pattern). Never NULL
 * (aborts on out of memory); caller frees. */
char *fold_dup(const char *s);

/* The ASCII letter that the Vietnamese letter c (a code point) folds to ('a' for U+1EAD
 * "ậ", 'D' for U+0110 "Đ"), or 0 if c is not one of the letters folded. */
int fold_letter(uint32_t c);

/* Whether c is one of the combining marks dropped after a vowel. */
bool fold_is_mark(uint32_t c);

#endif
