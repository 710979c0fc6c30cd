/*
 * Built-in Vietnamese typing (Telex and VNI), independent of any UI.
 *
 * The engine keeps no private buffer: for every key it looks at the text
 * just before the cursor, finds the trailing run of letters (the word being
 * typed), and says either "insert the key as is" or "replace the last
 * replace_len bytes with this text". So typing continues correctly after the
 * cursor has been moved into the middle of an existing word. Input and
 * output are UTF-8; output is NFC (precomposed characters).
 */
#ifndef KOLB_VNKEY_H
#define KOLB_VNKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vnkey_mode {
	VNKEY_OFF,	/* plain input: every key is inserted as is */
	VNKEY_TELEX,	/* aa â, aw ă, ee ê, oo ô, ow ơ, uw/w ư, dd đ; s f r x j tones, z clears */
	VNKEY_VNI,	/* 1-5 tones, 0 clears, 6 ^, 7 horn, 8 breve, 9 đ */
};

enum vnkey_style {
	VNKEY_MODERN,		/* hoà, xoè, thuỷ: tone on the second vowel of oa/oe/uy */
	VNKEY_TRADITIONAL,	/* hòa, xòe, thủy: tone on the first vowel */
};

/* Per-field typing state; plain data, no resources to free. */
struct vnkey {
	enum vnkey_mode mode;
	enum vnkey_style style;
};

/* Longest word (in letters) the engine transforms; longer words are left alone. */
#define VNKEY_MAXWORD 24

/* The mode's stable name as kept in settings: "off", "telex", "vni". */
const char *
vnkey_mode_id(enum vnkey_mode mode);
/* The reverse of vnkey_mode_id; false (and *mode untouched) for anything else. */
bool
vnkey_mode_parse(const char *id, enum vnkey_mode *mode);
/* The mode a toggle key moves to: off → Telex → VNI → off. */
enum vnkey_mode
vnkey_mode_next(enum vnkey_mode mode);
/* The mode's name for people: "Telex", "VNI", or the translated word for plain. */
const char *
vnkey_mode_label(enum vnkey_mode mode);

/* Set the mode and tone style of k. */
void
vnkey_init(struct vnkey *k, enum vnkey_mode mode, enum vnkey_style style);

/*
 * Apply key (an ASCII keystroke) to the text before the cursor (before, len
 * bytes of UTF-8; the whole line may be passed, only its trailing letters
 * are used). Returns 0: insert the key as is (out untouched); 1: replace
 * the last *replace_len bytes of before with the NUL-terminated out (the
 * key is consumed); -1: bad arguments or out (outsz bytes) too small.
 * Typing the same modifier again undoes it and inserts the key (ass → as).
 */
int
vnkey_apply(const struct vnkey *k, const char *before, size_t len, uint32_t key,
    char *out, size_t outsz, size_t *replace_len);

/*
 * Type the NUL-terminated keystrokes keys (ASCII; other bytes are copied
 * through) as a whole line in mode/style and write the NUL-terminated text
 * to out. Spaces and punctuation end words. Returns 0, or -1 if out
 * (outsz bytes) is too small or an argument is NULL.
 */
int
vnkey_type_line(enum vnkey_mode mode, enum vnkey_style style, const char *keys,
    char *out, size_t outsz);

#endif
