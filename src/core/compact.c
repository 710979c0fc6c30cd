/* The compact form of a completion record for QR codes (see compact.h). */
#include "compact.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZLIB_CONST
#include <zlib.h>

#include "jcs.h"
#include "proof.h"

static const char compact_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* The value of a base45 character, or -1. */
static int
compact_b45_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	const char *p = c != '\0' ? strchr(compact_alphabet + 36, c) : NULL;
	return p == NULL ? -1 : (int)(p - compact_alphabet);
}

static bool
compact_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *
compact_base45_encode(const unsigned char *in, size_t n)
{
	char *out = kolb_xmalloc(n / 2 * 3 + (n % 2) * 2 + 1);
	size_t o = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned v = (unsigned)in[i] * 256u + in[i + 1];
		out[o++] = compact_alphabet[v % 45];
		out[o++] = compact_alphabet[v / 45 % 45];
		out[o++] = compact_alphabet[v / 2025];
	}
	if (n % 2) {
		unsigned v = in[n - 1];
		out[o++] = compact_alphabet[v % 45];
		out[o++] = compact_alphabet[v / 45];
	}
	out[o] = '\0';
	return out;
}

/* A character as a message shows it: 'x', or its byte value when not printable. */
static void
compact_char_name(unsigned char c, char buf[48])
{
	if (c > 0x20 && c < 0x7f && c != '\'')
		snprintf(buf, 48, "'%c'", c);
	else if (c == ' ')
		snprintf(buf, 48, "%s", _("a space"));
	else if (c == '\n' || c == '\r')
		snprintf(buf, 48, "%s", _("a line break"));
	else
		snprintf(buf, 48, "0x%02X", c);
}

int
compact_base45_decode(const char *in, size_t len, unsigned char **out, size_t *outlen,
    struct kolb_err *err)
{
	*out = NULL;
	*outlen = 0;
	const unsigned char *s = (const unsigned char *)in;
	for (size_t i = 0; i < len; i++) {
		if (compact_b45_value(s[i]) < 0) {
			char name[48];
			compact_char_name(s[i], name);
			return kolb_err_set(err, _("not valid base45: %s at character %zu is not in "
			    "its alphabet (0-9, A-Z, space and $%%*+-./:)"), name, i + 1);
		}
	}
	if (len % 3 == 1)
		return kolb_err_set(err, _("not valid base45: a single character is left over at "
		    "the end (the text is cut short or has one character too many)"));
	unsigned char *b = kolb_xmalloc(len / 3 * 2 + (len % 3 == 2) + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)compact_b45_value(s[i]) +
		    (unsigned)compact_b45_value(s[i + 1]) * 45u;
		if (i + 2 < len) {
			v += (unsigned)compact_b45_value(s[i + 2]) * 2025u;
			if (v > 65535) {
				free(b);
				return kolb_err_set(err, _("not valid base45: characters %zu-%zu "
				    "(\"%.3s\") stand for %u, more than 65535"), i + 1, i + 3,
				    in + i, v);
			}
			b[o++] = (unsigned char)(v >> 8);
			b[o++] = (unsigned char)(v & 0xff);
		} else {
			if (v > 255) {
				free(b);
				return kolb_err_set(err, _("not valid base45: the last two characters "
				    "(\"%.2s\") stand for %u, more than 255"), in + i, v);
			}
			b[o++] = (unsigned char)v;
		}
	}
	*out = b;
	*outlen = o;
	return 0;
}

/* Skip leading white space and an optional "QR-Code:"; NULL unless "KOLB1:" follows.
 * Returns where the base45 starts. */
static const char *
compact_payload(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end && compact_space((unsigned char)*p))
		p++;
	size_t zl = strlen(COMPACT_ZBAR_PREFIX), kl = strlen(COMPACT_PREFIX);
	if ((size_t)(end - p) >= zl && memcmp(p, COMPACT_ZBAR_PREFIX, zl) == 0)
		p += zl;
	if ((size_t)(end - p) < kl || memcmp(p, COMPACT_PREFIX, kl) != 0)
		return NULL;
	return p + kl;
}

bool
compact_is(const char *text, size_t len)
{
	return text != NULL && compact_payload(text, len) != NULL;
}

int
compact_encode(const char *json, size_t len, char **out, struct kolb_err *err)
{
	*out = NULL;
	if (len > COMPACT_MAX_JSON)
		return kolb_err_set(err, _("the record is too large for the compact form (over "
		    "1 MiB)"));
	json_t *doc;
	if (proof_parse(json, len, &doc, err) != 0)
		return -1;
	size_t clen;
	char *canon = jcs_canonicalize(doc, &clen, err);
	json_decref(doc);
	if (canon == NULL)
		return -1;
	if (clen > COMPACT_MAX_JSON) {
		free(canon);
		return kolb_err_set(err, _("the record is too large for the compact form (over "
		    "1 MiB)"));
	}
	uLongf zlen = compressBound((uLong)clen);
	unsigned char *z = kolb_xmalloc(zlen);
	int zr = compress2(z, &zlen, (const Bytef *)canon, (uLong)clen, 9);
	free(canon);
	if (zr != Z_OK) {
		free(z);
		return kolb_err_set(err, _("cannot compress the record (zlib error %d)"), zr);
	}
	char *b45 = compact_base45_encode(z, zlen);
	free(z);
	*out = kolb_xasprintf("%s%s", COMPACT_PREFIX, b45);
	free(b45);
	return 0;
}

/* Inflate one complete zlib stream (all of z, nothing after it) into at most
 * COMPACT_MAX_JSON bytes plus a NUL. */
static int
compact_inflate(const unsigned char *z, size_t zlen, char **json, size_t *json_len,
    struct kolb_err *err)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (inflateInit(&zs) != Z_OK)
		return kolb_err_set(err, _("cannot start decompressing (zlib)"));
	zs.next_in = z;
	zs.avail_in = (uInt)zlen;
	/* One byte more than the cap: writing it means the record is too large, so a
	 * bomb is stopped without allocating more than the cap and its NUL. */
	size_t limit = COMPACT_MAX_JSON + 1;
	size_t cap = zlen * 4 < 4096 ? 4096 : zlen * 4;
	if (cap > limit)
		cap = limit;
	unsigned char *buf = kolb_xmalloc(cap);
	size_t used = 0;
	int rc = -1;
	for (;;) {
		if (used == cap) {
			if (cap == limit)
				break; /* full: too large */
			cap = cap * 2 > limit ? limit : cap * 2;
			buf = kolb_xrealloc(buf, cap);
		}
		zs.next_out = buf + used;
		zs.avail_out = (uInt)(cap - used);
		int r = inflate(&zs, Z_NO_FLUSH);
		used = cap - zs.avail_out;
		if (r == Z_STREAM_END) {
			rc = 0;
			break;
		}
		if (r == Z_OK || (r == Z_BUF_ERROR && zs.avail_out == 0))
			continue;
		if (r == Z_BUF_ERROR)
			kolb_err_set(err, _("the compressed record is cut short (the text is "
			    "incomplete)"));
		else if (r == Z_NEED_DICT)
			kolb_err_set(err, _("the compressed record needs a preset dictionary, which "
			    "this form does not use"));
		else if (r == Z_DATA_ERROR && zs.msg != NULL &&
		    strcmp(zs.msg, "incorrect data check") == 0)
			kolb_err_set(err, _("the compressed record's checksum does not match: it was "
			    "altered or damaged"));
		else
			kolb_err_set(err, _("the compressed record is damaged: %s"),
			    zs.msg != NULL ? zs.msg : _("unknown zlib error"));
		goto out;
	}
	if (rc != 0 || used > COMPACT_MAX_JSON) {
		rc = kolb_err_set(err, _("the compressed record expands to more than 1 MiB: "
		    "refused"));
		goto out;
	}
	if (zs.avail_in != 0) {
		rc = kolb_err_set(err, _("%u bytes follow the end of the compressed record"),
		    (unsigned)zs.avail_in);
		goto out;
	}
	if (used == 0) {
		rc = kolb_err_set(err, _("the compact text holds an empty record"));
		goto out;
	}
	if (used == cap)
		buf = kolb_xrealloc(buf, used + 1);
	buf[used] = '\0';
	*json = (char *)buf;
	*json_len = used;
	buf = NULL;
out:
	inflateEnd(&zs);
	free(buf);
	return rc;
}

int
compact_decode(const char *text, size_t len, char **json, size_t *json_len,
    struct kolb_err *err)
{
	*json = NULL;
	*json_len = 0;
	const char *p = text != NULL ? compact_payload(text, len) : NULL;
	if (p == NULL)
		return kolb_err_set(err, _("not a compact record: it must start with %s"),
		    COMPACT_PREFIX);
	const char *end = text + len;
	while (end > p && compact_space((unsigned char)end[-1]))
		end--;
	size_t n = (size_t)(end - p);
	if (n == 0)
		return kolb_err_set(err, _("the compact record is empty after %s"), COMPACT_PREFIX);
	if (n > COMPACT_MAX_TEXT)
		return kolb_err_set(err, _("the compact text is too long to be a record (over "
		    "2 MiB)"));
	unsigned char *z;
	size_t zlen;
	if (compact_base45_decode(p, n, &z, &zlen, err) != 0)
		return -1;
	int rc = compact_inflate(z, zlen, json, json_len, err);
	free(z);
	return rc;
}
