/* Vietnamese diacritic folding with a map back to the original (see fold.h). */
#include "fold.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kolb.h"

/*
 * The data: every Vietnamese letter that carries a diacritic, precomposed
 * (NFC), after the ASCII letter it folds to. For each vowel: the plain vowel's
 * five tones (grave, acute, hook above, tilde, dot below), then each vowel
 * with a vowel mark (ă â ê ô ơ ư) with and without the five tones.
 */
static const struct {
	char base;
	const char *letters;
} fold_table[] = {
	{'a', "àáảãạ" "ăằắẳẵặ" "âầấẩẫậ"},
	{'A', "ÀÁẢÃẠ" "ĂẰẮẲẴẶ" "ÂẦẤẨẪẬ"},
	{'e', "èéẻẽẹ" "êềếểễệ"},
	{'E', "ÈÉẺẼẸ" "ÊỀẾỂỄỆ"},
	{'i', "ìíỉĩị"},
	{'I', "ÌÍỈĨỊ"},
	{'o', "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ"},
	{'O', "ÒÓỎÕỌ" "ÔỒỐỔỖỘ" "ƠỜỚỞỠỢ"},
	{'u', "ùúủũụ" "ưừứửữự"},
	{'U', "ÙÚỦŨỤ" "ƯỪỨỬỮỰ"},
	{'y', "ỳýỷỹỵ"},
	{'Y', "ỲÝỶỸỴ"},
	{'d', "đ"},
	{'D', "Đ"},
};

/* The combining marks Vietnamese text uses when typed decomposed: the five
 * tones, circumflex, breve and horn, and the two deprecated tone marks that
 * are canonically the same as grave and acute. */
static const uint32_t fold_marks[] = {
	0x0300, 0x0301, 0x0302, 0x0303, 0x0306, 0x0309, 0x031B, 0x0323, 0x0340, 0x0341,
};

/* Every letter of the table is in U+00C0..U+01BF (two UTF-8 bytes, lead
 * C3..C6) or U+1E80..U+1EFF (E1 BA xx / E1 BB xx): a direct lookup for each. */
#define FOLD_LAT_FIRST 0x00C0
#define FOLD_EXT_FIRST 0x1E80
static unsigned char fold_lat[0x100];
static unsigned char fold_ext[0x80];
/* Marks U+0300..U+037F by offset. */
static bool fold_mark[0x80];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

/* Decode the well-formed UTF-8 character at *p (the table's own strings). */
static uint32_t
fold_decode(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c;
	if (s[0] < 0x80) {
		c = s[0];
		*p += 1;
	} else if (s[0] < 0xE0) {
		c = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		*p += 2;
	} else {
		c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		*p += 3;
	}
	return c;
}

static void
fold_init(void)
{
	for (size_t i = 0; i < sizeof fold_table / sizeof fold_table[0]; i++) {
		const unsigned char *p = (const unsigned char *)fold_table[i].letters;
		while (*p) {
			uint32_t c = fold_decode(&p);
			if (c >= FOLD_LAT_FIRST && c < FOLD_LAT_FIRST + sizeof fold_lat)
				fold_lat[c - FOLD_LAT_FIRST] = (unsigned char)fold_table[i].base;
			else if (c >= FOLD_EXT_FIRST && c < FOLD_EXT_FIRST + sizeof fold_ext)
				fold_ext[c - FOLD_EXT_FIRST] = (unsigned char)fold_table[i].base;
			else
				abort(); /* the table above is wrong: caught by the tests */
		}
	}
	for (size_t i = 0; i < sizeof fold_marks / sizeof fold_marks[0]; i++)
		fold_mark[fold_marks[i] - 0x300] = true;
}

int
fold_letter(uint32_t c)
{
	pthread_once(&fold_once, fold_init);
	if (c >= FOLD_LAT_FIRST && c < FOLD_LAT_FIRST + sizeof fold_lat)
		return fold_lat[c - FOLD_LAT_FIRST];
	if (c >= FOLD_EXT_FIRST && c < FOLD_EXT_FIRST + sizeof fold_ext)
		return fold_ext[c - FOLD_EXT_FIRST];
	return 0;
}

bool
fold_is_mark(uint32_t c)
{
	pthread_once(&fold_once, fold_init);
	return c >= 0x300 && c < 0x380 && fold_mark[c - 0x300];
}

static bool
fold_vowel(unsigned char c)
{
	switch (c | 0x20) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
		return true;
	default:
		return false;
	}
}

/* Length of the UTF-8 sequence starting at s[i] if it is well formed, else 1. */
static size_t
fold_seqlen(const unsigned char *s, size_t len, size_t i)
{
	unsigned char c = s[i];
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (n > len - i)
		return 1;
	for (size_t k = 1; k < n; k++)
		if ((s[i + k] & 0xC0) != 0x80)
			return 1;
	return n;
}

static void
fold_reserve(struct fold_buf *fb, size_t len, bool with_map)
{
	if (fb->cap < len + 1) {
		fb->cap = len + 1 > 64 ? len + 1 : 64;
		free(fb->text);
		fb->text = kolb_xmalloc(fb->cap);
	}
	if (with_map && fb->mapcap < len + 1) {
		fb->mapcap = len + 1 > 64 ? len + 1 : 64;
		free(fb->map);
		fb->map = kolb_xmalloc(fb->mapcap * sizeof *fb->map);
	}
}

/* The folding loop from s[i] on (everything before it is ASCII and already
 * copied), into out (and map when with_map). Written once, compiled twice:
 * with_map is a constant at both calls. Returns the folded length. */
static inline size_t
fold_run(const unsigned char *s, size_t len, size_t i, unsigned char *out, size_t *map,
    bool with_map)
{
	size_t o = i;
	/* Whether the last letter written was a vowel, so that a combining mark
	 * after it is one of its diacritics. */
	bool vowel = i > 0 && fold_vowel(s[i - 1]);
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			/* A run of ASCII, copied as it is. */
			size_t j = i;
			do {
				if (with_map)
					map[o] = j;
				out[o++] = s[j++];
			} while (j < len && s[j] < 0x80);
			vowel = fold_vowel(s[j - 1]);
			i = j;
			continue;
		}
		unsigned char base = 0;
		size_t n = fold_seqlen(s, len, i);
		if (n == 2) {
			uint32_t cp = (uint32_t)(c & 0x1F) << 6 | (s[i + 1] & 0x3F);
			if (cp >= FOLD_LAT_FIRST && cp < FOLD_LAT_FIRST + sizeof fold_lat)
				base = fold_lat[cp - FOLD_LAT_FIRST];
			else if (vowel && cp >= 0x300 && cp < 0x380 && fold_mark[cp - 0x300]) {
				i += 2; /* a diacritic of the vowel before: dropped */
				continue;
			}
		} else if (n == 3 && c == 0xE1 && (s[i + 1] == 0xBA || s[i + 1] == 0xBB)) {
			uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 |
			    (s[i + 2] & 0x3F);
			base = fold_ext[cp - FOLD_EXT_FIRST];
		}
		if (base != 0) {
			if (with_map)
				map[o] = i;
			out[o++] = base;
			vowel = fold_vowel(base);
		} else {
			for (size_t k = 0; k < n; k++) {
				if (with_map)
					map[o] = i;
				out[o++] = s[i + k];
			}
			vowel = false;
		}
		i += n;
	}
	return o;
}

bool
fold_text(const char *str, size_t len, bool with_map, struct fold_buf *fb)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len && s[i] < 0x80)
		i++;
	if (i == len)
		return false;
	pthread_once(&fold_once, fold_init);
	fold_reserve(fb, len, with_map);
	unsigned char *out = (unsigned char *)fb->text;
	/* The ASCII prefix as it is. */
	memcpy(out, s, i);
	size_t o;
	if (with_map) {
		for (size_t k = 0; k < i; k++)
			fb->map[k] = k;
		o = fold_run(s, len, i, out, fb->map, true);
		fb->map[o] = len;
	} else {
		o = fold_run(s, len, i, out, NULL, false);
	}
	out[o] = '\0';
	fb->len = o;
	return true;
}

void
fold_buf_free(struct fold_buf *fb)
{
	free(fb->text);
	free(fb->map);
	memset(fb, 0, sizeof *fb);
}

char *
fold_dup(const char *s)
{
	struct fold_buf fb = {0};
	if (!fold_text(s, strlen(s), false, &fb))
		return kolb_xstrdup(s);
	return fb.text;
}
