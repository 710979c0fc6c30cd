/* RFC 8785 JSON Canonicalization Scheme on a jansson tree (see jcs.h). */
#include "jcs.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* 2^53: the largest magnitude below which every whole number is an exact double. */
#define JCS_MAX_SAFE 9007199254740992LL

/* A growing output string. */
struct jcs_buf {
	char *s;
	size_t len, cap;
};

static void
jcs_put(struct jcs_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (b->len + n + 1 > cap)
			cap *= 2;
		b->s = kolb_xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
jcs_putc(struct jcs_buf *b, char c)
{
	jcs_put(b, &c, 1);
}

/* The code point at s[*i] of valid UTF-8; advances *i. */
static uint32_t
jcs_utf8_next(const unsigned char *s, size_t *i)
{
	unsigned char c = s[*i];
	uint32_t cp;
	int more;
	if (c < 0x80) {
		cp = c;
		more = 0;
	} else if (c < 0xe0) {
		cp = c & 0x1f;
		more = 1;
	} else if (c < 0xf0) {
		cp = c & 0x0f;
		more = 2;
	} else {
		cp = c & 0x07;
		more = 3;
	}
	(*i)++;
	while (more-- > 0)
		cp = (cp << 6) | (s[(*i)++] & 0x3f);
	return cp;
}

/* A reader of UTF-16 code units over valid UTF-8. */
struct jcs_u16 {
	const unsigned char *s;
	size_t len, i;
	uint16_t pending; /* the low surrogate still to return, or 0 */
};

/* The next code unit, or -1 at the end. */
static int32_t
jcs_u16_next(struct jcs_u16 *r)
{
	if (r->pending != 0) {
		uint16_t u = r->pending;
		r->pending = 0;
		return u;
	}
	if (r->i >= r->len)
		return -1;
	uint32_t cp = jcs_utf8_next(r->s, &r->i);
	if (cp < 0x10000)
		return (int32_t)cp;
	cp -= 0x10000;
	r->pending = (uint16_t)(0xdc00 | (cp & 0x3ff));
	return (int32_t)(0xd800 | (cp >> 10));
}

int
jcs_utf16_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	struct jcs_u16 ra = {(const unsigned char *)a, alen, 0, 0};
	struct jcs_u16 rb = {(const unsigned char *)b, blen, 0, 0};
	for (;;) {
		int32_t ua = jcs_u16_next(&ra), ub = jcs_u16_next(&rb);
		if (ua != ub)
			return ua < ub ? -1 : 1; /* the end (-1) sorts first */
		if (ua < 0)
			return 0;
	}
}

/* Write s[0..len) as a JSON string; -1 if it is not valid UTF-8. */
static int
jcs_string(struct jcs_buf *b, const char *s, size_t len, struct kolb_err *err)
{
	if (!text_utf8_valid(s, len))
		return kolb_err_set(err, _("a text is not valid UTF-8 (or holds a surrogate "
		    "code point), so it cannot be canonicalized"));
	jcs_putc(b, '"');
	size_t run = 0; /* start of the bytes not yet copied */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jcs_put(b, s + run, i - run);
		run = i + 1;
		char esc[8];
		switch (c) {
		case '"': jcs_put(b, "\\\"", 2); break;
		case '\\': jcs_put(b, "\\\\", 2); break;
		case '\b': jcs_put(b, "\\b", 2); break;
		case '\f': jcs_put(b, "\\f", 2); break;
		case '\n': jcs_put(b, "\\n", 2); break;
		case '\r': jcs_put(b, "\\r", 2); break;
		case '\t': jcs_put(b, "\\t", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", c);
			jcs_put(b, esc, 6);
			break;
		}
	}
	jcs_put(b, s + run, len - run);
	jcs_putc(b, '"');
	return 0;
}

/* True if the decimal digits dig (ndig of them, the first of exponent exp10) read back
 * as x. Written as a whole number and an exponent ("3333e-4"), without a decimal
 * point, so the locale's radix character (a comma in vi_VN) plays no part. */
static bool
jcs_reads_back(double x, const char *dig, int ndig, int exp10)
{
	char s[48];
	snprintf(s, sizeof s, "%.*se%d", ndig, dig, exp10 - (ndig - 1));
	return strtod(s, NULL) == x;
}

/* The digits and exponent of "%.*e" output, whatever the locale's radix character. */
static int
jcs_sci_digits(const char *sci, char dig[24], int *exp10)
{
	int n = 0;
	const char *t = sci;
	for (; *t != '\0' && *t != 'e'; t++)
		if (*t >= '0' && *t <= '9' && n < 23)
			dig[n++] = *t;
	dig[n] = '\0';
	*exp10 = *t == 'e' ? atoi(t + 1) : 0;
	return n;
}

/* Add delta (+1 or -1) to the last of ndig decimal digits; adjusts *exp10 when the
 * number of digits before the point changes (9.99 + 1 ulp = 1.00e+1). */
static void
jcs_digits_step(char *dig, int ndig, int *exp10, int delta)
{
	int i = ndig - 1;
	if (delta > 0) {
		while (i >= 0 && dig[i] == '9')
			dig[i--] = '0';
		if (i >= 0) {
			dig[i]++;
		} else {
			dig[0] = '1';
			(*exp10)++;
		}
	} else {
		while (i >= 0 && dig[i] == '0')
			dig[i--] = '9';
		if (i >= 0)
			dig[i]--;
		if (dig[0] == '0') {
			/* 1.00 - 1 ulp = 0.999: shift left, keeping ndig digits. */
			memmove(dig, dig + 1, (size_t)ndig - 1);
			dig[ndig - 1] = '9';
			(*exp10)--;
		}
	}
}

/* The shortest decimal digits of a positive finite x that read back as x: digits in
 * dig (NUL-terminated), their count is returned, *exp10 is the exponent of the first. */
static int
jcs_shortest(double x, char dig[24], int *exp10)
{
	char tmp[48];
	int n = 0;
	for (int p = 1; p <= 17; p++) {
		/* %.*e rounds correctly to p digits: the nearest p-digit decimal to x. */
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
		n = jcs_sci_digits(tmp, dig, exp10);
		if (jcs_reads_back(x, dig, n, *exp10))
			return n;
		/* Next to a power of two the doubles' rounding interval is lopsided: the
		 * nearest p-digit decimal may miss it while its neighbour hits it. */
		for (int delta = 1; delta >= -1; delta -= 2) {
			char d2[24];
			int e2 = *exp10;
			memcpy(d2, dig, (size_t)n + 1);
			jcs_digits_step(d2, n, &e2, delta);
			if (jcs_reads_back(x, d2, n, e2)) {
				memcpy(dig, d2, (size_t)n + 1);
				*exp10 = e2;
				return n;
			}
		}
	}
	/* Not reached: 17 significant digits always read back as the same double. */
	return n;
}

int
jcs_format_double(double d, char buf[JCS_NUMBER_SIZE], struct kolb_err *err)
{
	if (!isfinite(d)) {
		buf[0] = '\0';
		return kolb_err_set(err, _("a number is NaN or infinite, which JSON cannot hold"));
	}
	if (d == 0) { /* also -0 */
		strcpy(buf, "0");
		return 0;
	}
	char *o = buf;
	if (d < 0) {
		*o++ = '-';
		d = -d;
	}
	char s[24];
	int e;
	int k = jcs_shortest(d, s, &e);
	int n = e + 1; /* ECMAScript's n: x = s * 10^(n - k) */
	if (k <= n && n <= 21) {
		memcpy(o, s, (size_t)k);
		o += k;
		memset(o, '0', (size_t)(n - k));
		o += n - k;
		*o = '\0';
	} else if (0 < n && n <= 21) {
		memcpy(o, s, (size_t)n);
		o += n;
		*o++ = '.';
		memcpy(o, s + n, (size_t)(k - n));
		o += k - n;
		*o = '\0';
	} else if (-6 < n && n <= 0) {
		*o++ = '0';
		*o++ = '.';
		memset(o, '0', (size_t)-n);
		o += -n;
		memcpy(o, s, (size_t)k);
		o += k;
		*o = '\0';
	} else {
		*o++ = s[0];
		if (k > 1) {
			*o++ = '.';
			memcpy(o, s + 1, (size_t)k - 1);
			o += k - 1;
		}
		snprintf(o, (size_t)(buf + JCS_NUMBER_SIZE - o), "e%c%d", n - 1 >= 0 ? '+' : '-',
		    abs(n - 1));
	}
	return 0;
}

/* A member of an object being sorted. */
struct jcs_member {
	const char *key;
	size_t len;
	json_t *value;
};

static int
jcs_member_cmp(const void *a, const void *b)
{
	const struct jcs_member *x = a, *y = b;
	return jcs_utf16_cmp(x->key, x->len, y->key, y->len);
}

static int jcs_value(struct jcs_buf *b, const json_t *v, int depth, struct kolb_err *err);

/* Write an object; its member named omit (may be NULL) is left out. */
static int
jcs_object(struct jcs_buf *b, const json_t *v, int depth, const char *omit,
    struct kolb_err *err)
{
	size_t n = json_object_size(v);
	struct jcs_member *m = kolb_xcalloc(n ? n : 1, sizeof *m);
	size_t i = 0;
	/* jansson's iterators take a non-const object but do not change it. */
	json_t *obj = (json_t *)v;
	size_t omit_len = omit != NULL ? strlen(omit) : 0;
	for (void *it = json_object_iter(obj); it != NULL && i < n;
	    it = json_object_iter_next(obj, it)) {
		m[i].key = json_object_iter_key(it);
		m[i].len = json_object_iter_key_len(it);
		m[i].value = json_object_iter_value(it);
		if (omit != NULL && m[i].len == omit_len && memcmp(m[i].key, omit, omit_len) == 0)
			continue;
		if (!text_utf8_valid(m[i].key, m[i].len)) {
			free(m);
			return kolb_err_set(err, _("a member name is not valid UTF-8 (or holds a "
			    "surrogate code point), so it cannot be canonicalized"));
		}
		i++;
	}
	qsort(m, i, sizeof *m, jcs_member_cmp);
	int rc = 0;
	jcs_putc(b, '{');
	for (size_t j = 0; j < i && rc == 0; j++) {
		if (j > 0)
			jcs_putc(b, ',');
		rc = jcs_string(b, m[j].key, m[j].len, err);
		if (rc == 0) {
			jcs_putc(b, ':');
			rc = jcs_value(b, m[j].value, depth + 1, err);
		}
	}
	jcs_putc(b, '}');
	free(m);
	return rc;
}

static int
jcs_value(struct jcs_buf *b, const json_t *v, int depth, struct kolb_err *err)
{
	char num[JCS_NUMBER_SIZE];
	if (depth > JCS_MAX_DEPTH)
		return kolb_err_set(err, _("the JSON is nested more than %d levels deep"),
		    JCS_MAX_DEPTH);
	switch (json_typeof(v)) {
	case JSON_NULL:
		jcs_put(b, "null", 4);
		return 0;
	case JSON_TRUE:
		jcs_put(b, "true", 4);
		return 0;
	case JSON_FALSE:
		jcs_put(b, "false", 5);
		return 0;
	case JSON_INTEGER: {
		json_int_t i = json_integer_value(v);
		if (i > JCS_MAX_SAFE || i < -JCS_MAX_SAFE)
			return kolb_err_set(err, _("the whole number %lld is beyond 2^53, which "
			    "JSON verifiers cannot read exactly"), (long long)i);
		/* Below 2^53 < 1e21, ECMAScript writes whole numbers as plain digits. */
		snprintf(num, sizeof num, "%lld", (long long)i);
		jcs_put(b, num, strlen(num));
		return 0;
	}
	case JSON_REAL:
		if (jcs_format_double(json_real_value(v), num, err) != 0)
			return -1;
		jcs_put(b, num, strlen(num));
		return 0;
	case JSON_STRING:
		return jcs_string(b, json_string_value(v), json_string_length(v), err);
	case JSON_ARRAY:
		jcs_putc(b, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i > 0)
				jcs_putc(b, ',');
			if (jcs_value(b, json_array_get(v, i), depth + 1, err) != 0)
				return -1;
		}
		jcs_putc(b, ']');
		return 0;
	case JSON_OBJECT:
		return jcs_object(b, v, depth, NULL, err);
	}
	return kolb_err_set(err, _("an unknown JSON value cannot be canonicalized"));
}

/* jcs_canonicalize and jcs_canonicalize_except. */
static char *
jcs_run(const json_t *v, const char *omit, size_t *len_out, struct kolb_err *err)
{
	struct jcs_buf b = {0};
	if (len_out != NULL)
		*len_out = 0;
	if (v == NULL) {
		kolb_err_set(err, _("there is no JSON value to canonicalize"));
		return NULL;
	}
	if (omit != NULL && !json_is_object(v)) {
		kolb_err_set(err, _("the JSON value is not an object"));
		return NULL;
	}
	int rc = omit != NULL ? jcs_object(&b, v, 0, omit, err) : jcs_value(&b, v, 0, err);
	if (rc != 0) {
		free(b.s);
		return NULL;
	}
	if (b.s == NULL)
		b.s = kolb_xstrdup("");
	if (len_out != NULL)
		*len_out = b.len;
	return b.s;
}

char *
jcs_canonicalize(const json_t *v, size_t *len_out, struct kolb_err *err)
{
	return jcs_run(v, NULL, len_out, err);
}

char *
jcs_canonicalize_except(const json_t *obj, const char *omit, size_t *len_out,
    struct kolb_err *err)
{
	return jcs_run(obj, omit, len_out, err);
}
