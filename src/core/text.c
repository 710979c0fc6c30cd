/* Text checks: UTF-8, slugs, semantic versions, dates, language codes. */
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool
text_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		/* Runs of ASCII, eight bytes at a time: most of any text, even Vietnamese. */
		while (len - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned cp, min;
		if ((c & 0xe0) == 0xc0) {
			n = 1; cp = c & 0x1f; min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2; cp = c & 0x0f; min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3; cp = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

bool
text_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

bool
text_is_slug(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '-') {
			if (s[i + 1] == '-')
				return false;
		} else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			return false;
		}
	}
	return true;
}

/* A numeric identifier: digits, no leading zero unless it is "0". Advances *p. */
static bool
semver_number(const char **p)
{
	const char *s = *p;
	if (!isdigit((unsigned char)*s))
		return false;
	if (*s == '0' && isdigit((unsigned char)s[1]))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	if (s - *p > 9) /* keeps every part within an int */
		return false;
	*p = s;
	return true;
}

/* Dot-separated identifiers of [0-9A-Za-z-]; numeric ones without leading zeros if pre. */
static bool
semver_idents(const char **p, bool pre)
{
	const char *s = *p;
	for (;;) {
		const char *start = s;
		bool numeric = true;
		while (isalnum((unsigned char)*s) || *s == '-') {
			if (!isdigit((unsigned char)*s))
				numeric = false;
			s++;
		}
		if (s == start)
			return false;
		if (pre && numeric && *start == '0' && s - start > 1)
			return false;
		if (*s != '.')
			break;
		s++;
	}
	*p = s;
	return true;
}

bool
text_semver_valid(const char *s)
{
	for (int i = 0; i < 3; i++) {
		if (!semver_number(&s))
			return false;
		if (i < 2 && *s++ != '.')
			return false;
	}
	if (*s == '-') {
		s++;
		if (!semver_idents(&s, true))
			return false;
	}
	if (*s == '+') {
		s++;
		if (!semver_idents(&s, false))
			return false;
	}
	return *s == '\0';
}

/* Compare one dot-separated pre-release identifier list, per semver 11.4. */
static int
semver_cmp_pre(const char *a, const char *b)
{
	for (;;) {
		size_t la = strcspn(a, ".+"), lb = strcspn(b, ".+");
		bool na = la > 0, nb = lb > 0;
		for (size_t i = 0; i < la; i++)
			if (!isdigit((unsigned char)a[i]))
				na = false;
		for (size_t i = 0; i < lb; i++)
			if (!isdigit((unsigned char)b[i]))
				nb = false;
		int c;
		if (na && nb) {
			c = (la != lb) ? (la < lb ? -1 : 1) : memcmp(a, b, la);
		} else if (na != nb) {
			c = na ? -1 : 1; /* numeric identifiers sort lower */
		} else {
			size_t m = la < lb ? la : lb;
			c = memcmp(a, b, m);
			if (c == 0 && la != lb)
				c = la < lb ? -1 : 1;
		}
		if (c != 0)
			return c < 0 ? -1 : 1;
		a += la;
		b += lb;
		bool ea = *a != '.', eb = *b != '.';
		if (ea || eb)
			return ea == eb ? 0 : (ea ? -1 : 1);
		a++;
		b++;
	}
}

int
text_semver_cmp(const char *a, const char *b)
{
	for (int i = 0; i < 3; i++) {
		long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
		if (x != y)
			return x < y ? -1 : 1;
		if (i < 2) {
			a++;
			b++;
		}
	}
	bool pa = *a == '-', pb = *b == '-';
	if (!pa && !pb)
		return 0;
	if (pa != pb)
		return pa ? -1 : 1; /* a pre-release is lower than the release */
	return semver_cmp_pre(a + 1, b + 1);
}

bool
text_date_valid(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

bool
text_is_lang(const char *s)
{
	size_t n = 0;
	while (s[n] >= 'a' && s[n] <= 'z')
		n++;
	if (n < 2 || n > 3)
		return false;
	if (s[n] == '\0')
		return true;
	return s[n] == '-' && isupper((unsigned char)s[n + 1]) &&
	    isupper((unsigned char)s[n + 2]) && s[n + 3] == '\0';
}
