/*
 * Vietnamese typing engine: Telex and VNI on the text before the cursor.
 *
 * A word is parsed into letters (ASCII base letter + diacritic modifier +
 * case) and one syllable tone; the key modifies that model; the tone is
 * then placed again by the spelling rules and the word is composed back to
 * precomposed UTF-8.
 */
#include "vnkey.h"
#include "kolb.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

enum vnkey_mod { VNKEY_M_NONE, VNKEY_M_CIRC, VNKEY_M_BREVE, VNKEY_M_HORN, VNKEY_M_STROKE };

/* Result of a modifier key on the word model. */
enum vnkey_res {
	VNKEY_R_NONE,	/* not a modifier here: the key is an ordinary character */
	VNKEY_R_DONE,	/* the word was modified; the key is consumed */
	VNKEY_R_UNDO,	/* a modifier was undone; the key is appended literally */
};

struct vnkey_ch {
	char base;		/* lower-case ASCII letter, or the literal key */
	unsigned char mod;	/* enum vnkey_mod */
	bool upper;
};

struct vnkey_word {
	struct vnkey_ch ch[VNKEY_MAXWORD + 2];
	size_t n;
	int tone;		/* 0 none, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng */
	size_t tpos;		/* where the tone was found in the text */
	/* Filled by vnkey_analyse(). */
	bool valid;		/* consonants, one vowel cluster, consonants */
	size_t vfirst;		/* first vowel (including qu-/gi- glide) */
	size_t vstart;		/* first vowel carrying the syllable */
	size_t vend;		/* one past the last vowel */
};

/* Vowels with their modifier, then the six tones: lower and upper case. */
static const char vnkey_vbase[12] = { 'a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y' };
static const unsigned char vnkey_vmod[12] = {
	VNKEY_M_NONE, VNKEY_M_BREVE, VNKEY_M_CIRC, VNKEY_M_NONE, VNKEY_M_CIRC, VNKEY_M_NONE,
	VNKEY_M_NONE, VNKEY_M_CIRC, VNKEY_M_HORN, VNKEY_M_NONE, VNKEY_M_HORN, VNKEY_M_NONE,
};
static const char *const vnkey_vtab[2][12][6] = { {
	{ "a", "á", "à", "ả", "ã", "ạ" }, { "ă", "ắ", "ằ", "ẳ", "ẵ", "ặ" },
	{ "â", "ấ", "ầ", "ẩ", "ẫ", "ậ" }, { "e", "é", "è", "ẻ", "ẽ", "ẹ" },
	{ "ê", "ế", "ề", "ể", "ễ", "ệ" }, { "i", "í", "ì", "ỉ", "ĩ", "ị" },
	{ "o", "ó", "ò", "ỏ", "õ", "ọ" }, { "ô", "ố", "ồ", "ổ", "ỗ", "ộ" },
	{ "ơ", "ớ", "ờ", "ở", "ỡ", "ợ" }, { "u", "ú", "ù", "ủ", "ũ", "ụ" },
	{ "ư", "ứ", "ừ", "ử", "ữ", "ự" }, { "y", "ý", "ỳ", "ỷ", "ỹ", "ỵ" },
}, {
	{ "A", "Á", "À", "Ả", "Ã", "Ạ" }, { "Ă", "Ắ", "Ằ", "Ẳ", "Ẵ", "Ặ" },
	{ "Â", "Ấ", "Ầ", "Ẩ", "Ẫ", "Ậ" }, { "E", "É", "È", "Ẻ", "Ẽ", "Ẹ" },
	{ "Ê", "Ế", "Ề", "Ể", "Ễ", "Ệ" }, { "I", "Í", "Ì", "Ỉ", "Ĩ", "Ị" },
	{ "O", "Ó", "Ò", "Ỏ", "Õ", "Ọ" }, { "Ô", "Ố", "Ồ", "Ổ", "Ỗ", "Ộ" },
	{ "Ơ", "Ớ", "Ờ", "Ở", "Ỡ", "Ợ" }, { "U", "Ú", "Ù", "Ủ", "Ũ", "Ụ" },
	{ "Ư", "Ứ", "Ừ", "Ử", "Ữ", "Ự" }, { "Y", "Ý", "Ỳ", "Ỷ", "Ỹ", "Ỵ" },
} };

void
vnkey_init(struct vnkey *k, enum vnkey_mode mode, enum vnkey_style style)
{
	k->mode = mode;
	k->style = style;
}

static bool
vnkey_isvowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Recognise one letter at s (n bytes left): bytes used, or 0 if not a letter. */
static size_t
vnkey_parse_char(const char *s, size_t n, struct vnkey_ch *c, int *tone)
{
	unsigned char b = (unsigned char)s[0];
	*tone = 0;
	if (b < 0x80) {
		if (!isalpha(b))
			return 0;
		c->base = (char)tolower(b);
		c->mod = VNKEY_M_NONE;
		c->upper = isupper(b) != 0;
		return 1;
	}
	if (n >= 2 && (memcmp(s, "đ", 2) == 0 || memcmp(s, "Đ", 2) == 0)) {
		c->base = 'd';
		c->mod = VNKEY_M_STROKE;
		c->upper = memcmp(s, "Đ", 2) == 0;
		return 2;
	}
	for (int u = 0; u < 2; u++)
		for (int v = 0; v < 12; v++)
			for (int t = 0; t < 6; t++) {
				const char *e = vnkey_vtab[u][v][t];
				size_t el = strlen(e);
				if (el <= n && memcmp(s, e, el) == 0) {
					c->base = vnkey_vbase[v];
					c->mod = vnkey_vmod[v];
					c->upper = u == 1;
					*tone = t;
					return el;
				}
			}
	return 0;
}

/* Parse the trailing letters of s into w; *start gets their byte offset. False if unusable. */
static bool
vnkey_parse(const char *s, size_t len, struct vnkey_word *w, size_t *start)
{
	size_t i = 0, run = 0;
	bool ok = true;
	memset(w, 0, sizeof(*w));
	while (i < len) {
		struct vnkey_ch c;
		int t;
		size_t used = vnkey_parse_char(s + i, len - i, &c, &t);
		if (used == 0) {
			/* Skip one UTF-8 sequence and start a new word after it. */
			i++;
			while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
				i++;
			w->n = 0;
			w->tone = 0;
			ok = true;
			run = i;
			continue;
		}
		if (w->n >= VNKEY_MAXWORD) {
			ok = false;
		} else {
			if (t != 0) {
				if (w->tone != 0)
					ok = false;
				w->tone = t;
				w->tpos = w->n;
			}
			w->ch[w->n++] = c;
		}
		i += used;
	}
	*start = run;
	return ok;
}

/* Find the vowel cluster of w and whether the word is one plausible syllable. */
static void
vnkey_analyse(struct vnkey_word *w)
{
	size_t i = 0;
	while (i < w->n && !vnkey_isvowel(w->ch[i].base))
		i++;
	w->vfirst = w->vstart = i;
	while (i < w->n && vnkey_isvowel(w->ch[i].base))
		i++;
	w->vend = i;
	w->valid = true;
	for (; i < w->n; i++)
		if (vnkey_isvowel(w->ch[i].base) || !isalpha((unsigned char)w->ch[i].base))
			w->valid = false;
	for (i = 0; i < w->vfirst; i++)
		if (!isalpha((unsigned char)w->ch[i].base))
			w->valid = false;
	size_t f = w->vfirst;
	if (w->vend - f >= 2 && f >= 1 && w->ch[f - 1].base == 'q' && w->ch[f].base == 'u')
		w->vstart = f + 1;
	else if (w->vend - f >= 2 && f == 1 && w->ch[0].base == 'g' && w->ch[1].base == 'i' &&
	    w->ch[1].mod == VNKEY_M_NONE)
		w->vstart = f + 1;
}

/* Does w end in a consonant cluster allowed after a vowel (k for Đắk Lắk)? */
static bool
vnkey_final_ok(const struct vnkey_word *w)
{
	static const char *const finals[] = { "", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t" };
	char fin[VNKEY_MAXWORD + 1];
	size_t n = 0;
	for (size_t i = w->vend; i < w->n; i++) {
		if (w->ch[i].mod != VNKEY_M_NONE)
			return false;
		fin[n++] = w->ch[i].base;
	}
	fin[n] = '\0';
	for (size_t i = 0; i < sizeof(finals) / sizeof(finals[0]); i++)
		if (strcmp(fin, finals[i]) == 0)
			return true;
	return false;
}

/* Index of the vowel that carries the tone, by the spelling rules. */
static size_t
vnkey_tone_pos(const struct vnkey_word *w, enum vnkey_style style)
{
	size_t a = w->vstart, e = w->vend, pos = a;
	bool marked = false;
	for (size_t i = a; i < e; i++)
		if (w->ch[i].mod != VNKEY_M_NONE) {
			pos = i;	/* the last marked vowel: ươ → ơ, uyê → ê */
			marked = true;
		}
	if (marked)
		return pos;
	if (e - a >= 3)
		return a + 1;
	if (e - a == 2) {
		if (e < w->n)
			return a + 1;
		char p = w->ch[a].base, q = w->ch[a + 1].base;
		bool glide = (p == 'o' && (q == 'a' || q == 'e')) || (p == 'u' && q == 'y');
		if (glide && style == VNKEY_MODERN)
			return a + 1;
	}
	return a;
}

/* Keep ươ together: "uơ" or "ưo" followed by another letter becomes "ươ". */
static void
vnkey_normalise(struct vnkey_word *w)
{
	vnkey_analyse(w);
	for (size_t i = w->vstart; i + 2 < w->n && i + 1 < w->vend; i++) {
		struct vnkey_ch *u = &w->ch[i], *o = &w->ch[i + 1];
		if (u->base != 'u' || o->base != 'o')
			continue;
		if (u->mod == VNKEY_M_NONE && o->mod == VNKEY_M_HORN)
			u->mod = VNKEY_M_HORN;
		else if (u->mod == VNKEY_M_HORN && o->mod == VNKEY_M_NONE)
			o->mod = VNKEY_M_HORN;
	}
}

static bool
vnkey_tone_ok(const struct vnkey_word *w)
{
	return w->valid && w->vend > w->vfirst && w->vend - w->vstart <= 3 && vnkey_final_ok(w);
}

static enum vnkey_res
vnkey_set_tone(struct vnkey_word *w, int tone)
{
	if (!vnkey_tone_ok(w))
		return VNKEY_R_NONE;
	if (w->tone == tone) {
		w->tone = 0;
		return VNKEY_R_UNDO;
	}
	w->tone = tone;
	return VNKEY_R_DONE;
}

static enum vnkey_res
vnkey_clear_tone(struct vnkey_word *w)
{
	if (w->tone == 0 || !w->valid)
		return VNKEY_R_NONE;
	w->tone = 0;
	return VNKEY_R_DONE;
}

/* Toggle modifier mod on letter c. */
static enum vnkey_res
vnkey_toggle(struct vnkey_ch *c, unsigned char mod)
{
	if (c->mod == mod) {
		c->mod = VNKEY_M_NONE;
		return VNKEY_R_UNDO;
	}
	c->mod = mod;
	return VNKEY_R_DONE;
}

/* Circumflex (Telex aa ee oo, VNI 6) on the last vowel whose base is in bases. */
static enum vnkey_res
vnkey_circ(struct vnkey_word *w, const char *bases)
{
	if (!w->valid)
		return VNKEY_R_NONE;
	for (size_t i = w->vend; i-- > w->vstart;) {
		if (strchr(bases, w->ch[i].base) == NULL)
			continue;
		enum vnkey_res r = vnkey_toggle(&w->ch[i], VNKEY_M_CIRC);
		if (r == VNKEY_R_DONE && w->ch[i].base == 'o' && i > 0 &&
		    w->ch[i - 1].base == 'u' && w->ch[i - 1].mod == VNKEY_M_HORN)
			w->ch[i - 1].mod = VNKEY_M_NONE;	/* ươ + o → uô */
		return r;
	}
	return VNKEY_R_NONE;
}

static size_t
vnkey_find(const struct vnkey_word *w, char base)
{
	for (size_t i = w->vstart; i < w->vend; i++)
		if (w->ch[i].base == base)
			return i;
	return SIZE_MAX;
}

/* Horn and breve: Telex w (horn=breve=true), VNI 7 (horn) and 8 (breve). */
static enum vnkey_res
vnkey_hook(struct vnkey_word *w, bool horn, bool breve, uint32_t key)
{
	if (!w->valid)
		return VNKEY_R_NONE;
	if (w->vend == w->vfirst) {
		if (!(horn && breve) || w->n >= VNKEY_MAXWORD)
			return VNKEY_R_NONE;
		/* Telex: w alone at the start or after consonants is ư. */
		w->ch[w->n++] = (struct vnkey_ch){ 'u', VNKEY_M_HORN, isupper((int)key) != 0 };
		return VNKEY_R_DONE;
	}
	if (horn && breve && w->n == 1 && w->ch[0].base == 'u' && w->ch[0].mod == VNKEY_M_HORN) {
		/* Telex ww → w (the lone w that made ư is taken back). */
		w->ch[0] = (struct vnkey_ch){ 'w', VNKEY_M_NONE, isupper((int)key) != 0 };
		return VNKEY_R_DONE;
	}
	if (horn)
		for (size_t i = w->vstart; i + 1 < w->vend; i++) {
			struct vnkey_ch *u = &w->ch[i], *o = &w->ch[i + 1];
			if (u->base != 'u' || o->base != 'o')
				continue;
			if (o->mod == VNKEY_M_HORN) {
				u->mod = o->mod = VNKEY_M_NONE;
				return VNKEY_R_UNDO;
			}
			o->mod = VNKEY_M_HORN;
			/* thuở keeps u; người, được: ươ once something follows. */
			if (i + 2 < w->n || u->mod == VNKEY_M_HORN)
				u->mod = VNKEY_M_HORN;
			return VNKEY_R_DONE;
		}
	size_t i;
	if (horn && (i = vnkey_find(w, 'u')) != SIZE_MAX)
		return vnkey_toggle(&w->ch[i], VNKEY_M_HORN);
	if (breve && (i = vnkey_find(w, 'a')) != SIZE_MAX && i > w->vstart && w->ch[i - 1].base == 'o')
		return vnkey_toggle(&w->ch[i], VNKEY_M_BREVE);
	if (horn && (i = vnkey_find(w, 'o')) != SIZE_MAX)
		return vnkey_toggle(&w->ch[i], VNKEY_M_HORN);
	if (breve && (i = vnkey_find(w, 'a')) != SIZE_MAX)
		return vnkey_toggle(&w->ch[i], VNKEY_M_BREVE);
	return VNKEY_R_NONE;
}

static enum vnkey_res
vnkey_telex(struct vnkey_word *w, uint32_t key)
{
	switch (tolower((int)key)) {
	case 's': return vnkey_set_tone(w, 1);
	case 'f': return vnkey_set_tone(w, 2);
	case 'r': return vnkey_set_tone(w, 3);
	case 'x': return vnkey_set_tone(w, 4);
	case 'j': return vnkey_set_tone(w, 5);
	case 'z': return vnkey_clear_tone(w);
	case 'a': return vnkey_circ(w, "a");
	case 'e': return vnkey_circ(w, "e");
	case 'o': return vnkey_circ(w, "o");
	case 'w': return vnkey_hook(w, true, true, key);
	case 'd':
		if (w->n == 1 && w->ch[0].base == 'd')
			return vnkey_toggle(&w->ch[0], VNKEY_M_STROKE);
		return VNKEY_R_NONE;
	default: return VNKEY_R_NONE;
	}
}

static enum vnkey_res
vnkey_vni(struct vnkey_word *w, uint32_t key)
{
	switch (key) {
	case '1': case '2': case '3': case '4': case '5':
		return vnkey_set_tone(w, (int)(key - '0'));
	case '0': return vnkey_clear_tone(w);
	case '6': return vnkey_circ(w, "aeo");
	case '7': return vnkey_hook(w, true, false, key);
	case '8': return vnkey_hook(w, false, true, key);
	case '9':
		if (w->n >= 1 && w->valid && w->ch[0].base == 'd')
			return vnkey_toggle(&w->ch[0], VNKEY_M_STROKE);
		return VNKEY_R_NONE;
	default: return VNKEY_R_NONE;
	}
}

/* Compose w as UTF-8 into out (outsz bytes); false if it does not fit. */
static bool
vnkey_compose(const struct vnkey_word *w, size_t tpos, char *out, size_t outsz)
{
	size_t o = 0;
	for (size_t i = 0; i < w->n; i++) {
		const struct vnkey_ch *c = &w->ch[i];
		char one[2] = { c->upper ? (char)toupper((unsigned char)c->base) : c->base, '\0' };
		const char *s = one;
		if (c->base == 'd' && c->mod == VNKEY_M_STROKE) {
			s = c->upper ? "Đ" : "đ";
		} else if (vnkey_isvowel(c->base)) {
			for (int v = 0; v < 12; v++)
				if (vnkey_vbase[v] == c->base && vnkey_vmod[v] == c->mod)
					s = vnkey_vtab[c->upper][v][i == tpos ? w->tone : 0];
		}
		size_t l = strlen(s);
		if (o + l + 1 > outsz)
			return false;
		memcpy(out + o, s, l);
		o += l;
	}
	out[o] = '\0';
	return true;
}

int
vnkey_apply(const struct vnkey *k, const char *before, size_t len, uint32_t key,
    char *out, size_t outsz, size_t *replace_len)
{
	if (k == NULL || (before == NULL && len > 0) || out == NULL || replace_len == NULL)
		return -1;
	*replace_len = 0;
	if (k->mode == VNKEY_OFF || key == 0 || key > 0x7E || !isgraph((int)key))
		return 0;
	struct vnkey_word w;
	size_t start;
	if (!vnkey_parse(before ? before : "", len, &w, &start))
		return 0;
	vnkey_analyse(&w);
	bool was_tone_ok = vnkey_tone_ok(&w);
	enum vnkey_res r = k->mode == VNKEY_TELEX ? vnkey_telex(&w, key) : vnkey_vni(&w, key);
	if (r != VNKEY_R_DONE) {
		if (r == VNKEY_R_NONE && !isalpha((int)key))
			return 0;
		if (w.n >= VNKEY_MAXWORD)
			return 0;
		w.ch[w.n++] = (struct vnkey_ch){ (char)tolower((int)key), VNKEY_M_NONE,
			isupper((int)key) != 0 };
	}
	vnkey_normalise(&w);
	size_t tpos = w.tpos;
	if (w.tone != 0 && vnkey_tone_ok(&w))
		tpos = vnkey_tone_pos(&w, k->style);
	else if (w.tone != 0 && !was_tone_ok)
		tpos = w.tpos;
	char buf[VNKEY_MAXWORD * 4 + 8];
	if (!vnkey_compose(&w, tpos, buf, sizeof(buf)))
		return -1;
	size_t blen = strlen(buf), old = len - start;
	if (r == VNKEY_R_NONE && blen == old + 1 &&
	    (old == 0 || memcmp(buf, before + start, old) == 0) &&
	    buf[old] == (char)key)
		return 0;
	if (blen + 1 > outsz)
		return -1;
	memcpy(out, buf, blen + 1);
	*replace_len = old;
	return 1;
}

int
vnkey_type_line(enum vnkey_mode mode, enum vnkey_style style, const char *keys,
    char *out, size_t outsz)
{
	if (keys == NULL || out == NULL || outsz == 0)
		return -1;
	struct vnkey k;
	vnkey_init(&k, mode, style);
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = keys; *p; p++) {
		char rep[VNKEY_MAXWORD * 4 + 8];
		size_t rlen;
		int r = vnkey_apply(&k, out, n, (unsigned char)*p, rep, sizeof(rep), &rlen);
		if (r < 0)
			return -1;
		if (r == 1) {
			size_t l = strlen(rep);
			if (n - rlen + l + 1 > outsz)
				return -1;
			memcpy(out + n - rlen, rep, l + 1);
			n = n - rlen + l;
		} else {
			if (n + 2 > outsz)
				return -1;
			out[n++] = *p;
			out[n] = '\0';
		}
	}
	return 0;
}

static const char *const vnkey_mode_ids[] = {"off", "telex", "vni"};

const char *
vnkey_mode_id(enum vnkey_mode mode)
{
	return mode <= VNKEY_VNI ? vnkey_mode_ids[mode] : "off";
}

bool
vnkey_mode_parse(const char *id, enum vnkey_mode *mode)
{
	for (int m = VNKEY_OFF; id != NULL && m <= VNKEY_VNI; m++)
		if (strcmp(id, vnkey_mode_ids[m]) == 0) {
			*mode = (enum vnkey_mode)m;
			return true;
		}
	return false;
}

enum vnkey_mode
vnkey_mode_next(enum vnkey_mode mode)
{
	return mode == VNKEY_OFF ? VNKEY_TELEX : mode == VNKEY_TELEX ? VNKEY_VNI : VNKEY_OFF;
}

const char *
vnkey_mode_label(enum vnkey_mode mode)
{
	switch (mode) {
	case VNKEY_TELEX: return "Telex";
	case VNKEY_VNI: return "VNI";
	case VNKEY_OFF: break;
	}
	/* TRANSLATORS: typing without the built-in Vietnamese typing (short). */
	return _("plain");
}
