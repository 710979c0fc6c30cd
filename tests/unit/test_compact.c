/* Unit tests: the compact QR form of a completion record ("KOLB1:" base45(zlib(JCS))):
 * the RFC 9285 base45 vectors and errors, round trips with Vietnamese text, the framing
 * a scanner adds, hostile input (damaged, cut, padded streams, decompression bombs, huge
 * texts), a signed record through encode, decode and cred_verify, and a real record of
 * the child-protection-youth pack in a version 40-M QR code read back by zbarimg. */
#include <cairo.h>
#include <errno.h>
#include <qrencode.h>
#include <sodium.h>
#include <time.h>
#include <zlib.h>

#include "assess.h"
#include "compact.h"
#include "cred.h"
#include "entry.h"
#include "issuer.h"
#include "jcs.h"
#include "multibase.h"
#include "pack.h"
#include "participant.h"
#include "proof.h"
#include "session.h"
#include "testutil.h"

#define B45 "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
#define CP_PACK "content-packs/child-protection-youth"

/* ---------------------------------------------------------------- helpers */

/* compact_decode must refuse text (len bytes) with a message containing want. */
static void
refuses_n(const char *what, const char *text, size_t len, const char *want)
{
	char *json = (char *)"untouched";
	size_t jlen = 99;
	struct kolb_err err = {.msg = ""};
	if (compact_decode(text, len, &json, &jlen, &err) != -1)
		fail_msg("%s: accepted", what);
	if (json != NULL || jlen != 0)
		fail_msg("%s: outputs not reset", what);
	if (err.msg[0] == '\0' || strchr(err.msg, '\n') != NULL)
		fail_msg("%s: message \"%s\" is not one line", what, err.msg);
	if (want != NULL && strstr(err.msg, want) == NULL)
		fail_msg("%s: message \"%s\" lacks \"%s\"", what, err.msg, want);
}

static void
refuses(const char *what, const char *text, const char *want)
{
	refuses_n(what, text, strlen(text), want);
}

/* "KOLB1:" + base45 of n raw bytes (a zlib stream a test built). Caller frees. */
static char *
wrap(const unsigned char *z, size_t n)
{
	char *b = compact_base45_encode(z, n);
	char *s = kolb_xasprintf("KOLB1:%s", b);
	free(b);
	return s;
}

/* zlib (RFC 1950) of n bytes at level 9. Caller frees; *zn receives the length. */
static unsigned char *
deflate_bytes(const void *in, size_t n, size_t *zn)
{
	uLongf len = compressBound((uLong)n);
	unsigned char *z = kolb_xmalloc(len);
	assert_int_equal(compress2(z, &len, in, (uLong)n, 9), Z_OK);
	*zn = len;
	return z;
}

/* The canonical form (JCS, read as proof_parse reads) of a JSON text. Caller frees. */
static char *
canonical(const char *json)
{
	json_t *v;
	struct kolb_err err;
	if (proof_parse(json, strlen(json), &v, &err) != 0)
		fail_msg("%s", err.msg);
	char *c = jcs_canonicalize(v, NULL, &err);
	json_decref(v);
	assert_non_null(c);
	return c;
}

static char *
encode_ok(const char *json)
{
	char *out = NULL;
	struct kolb_err err;
	if (compact_encode(json, strlen(json), &out, &err) != 0)
		fail_msg("compact_encode: %s", err.msg);
	return out;
}

static char *
decode_ok(const char *text, size_t *len)
{
	char *json = NULL;
	struct kolb_err err;
	if (compact_decode(text, strlen(text), &json, len, &err) != 0)
		fail_msg("compact_decode: %s", err.msg);
	assert_int_equal(strlen(json), *len);
	return json;
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- base45 (RFC 9285) */

static void
test_base45_vectors(void **state)
{
	(void)state;
	/* RFC 9285 section 4.3 and 4.4, both ways */
	static const struct {
		const char *bytes, *b45;
	} v[] = {
		{"AB", "BB8"},
		{"Hello!!", "%69 VD92EX0"},
		{"base-45", "UJCLQE7W581"},
		{"ietf!", "QED8WEX0"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char *e = compact_base45_encode((const unsigned char *)v[i].bytes,
		    strlen(v[i].bytes));
		assert_string_equal(e, v[i].b45);
		free(e);
		unsigned char *d;
		size_t n;
		struct kolb_err err;
		if (compact_base45_decode(v[i].b45, strlen(v[i].b45), &d, &n, &err) != 0)
			fail_msg("%s: %s", v[i].b45, err.msg);
		assert_int_equal(n, strlen(v[i].bytes));
		assert_memory_equal(d, v[i].bytes, n);
		free(d);
	}
	/* the extremes: 0x0000, 0xffff = "FGW" (65535), 0xff = "U5" (255) */
	const unsigned char ext[] = {0x00, 0x00, 0xff, 0xff, 0xff};
	char *e = compact_base45_encode(ext, sizeof ext);
	assert_string_equal(e, "000FGWU5");
	unsigned char *d;
	size_t n;
	assert_int_equal(compact_base45_decode(e, strlen(e), &d, &n, NULL), 0);
	assert_int_equal(n, sizeof ext);
	assert_memory_equal(d, ext, n);
	free(d);
	free(e);
	/* every byte value round-trips, at even and odd lengths */
	unsigned char all[257];
	for (int i = 0; i < 257; i++)
		all[i] = (unsigned char)(i * 37 + 11);
	for (size_t len = 255; len <= 257; len++) {
		e = compact_base45_encode(all, len);
		assert_int_equal(strlen(e), len / 2 * 3 + (len % 2) * 2);
		assert_int_equal(strspn(e, B45), strlen(e));
		assert_int_equal(compact_base45_decode(e, strlen(e), &d, &n, NULL), 0);
		assert_int_equal(n, len);
		assert_memory_equal(d, all, len);
		free(d);
		free(e);
	}
}

/* base45 decoding refuses, with a clear one-line message and no output. */
static void
b45_refuses(const char *in, size_t len, const char *want)
{
	unsigned char *d = (unsigned char *)"x";
	size_t n = 7;
	struct kolb_err err = {.msg = ""};
	if (compact_base45_decode(in, len, &d, &n, &err) != -1)
		fail_msg("base45 \"%.*s\" accepted", (int)len, in);
	assert_null(d);
	assert_int_equal(n, 0);
	if (strstr(err.msg, want) == NULL || strchr(err.msg, '\n') != NULL)
		fail_msg("base45 \"%.*s\": message \"%s\" lacks \"%s\"", (int)len, in, err.msg, want);
	/* and inside a compact text, the same reason */
	char *t = kolb_xmalloc(6 + len + 1);
	memcpy(t, "KOLB1:", 6);
	memcpy(t + 6, in, len);
	t[6 + len] = '\0';
	refuses_n(in, t, 6 + len, want);
	free(t);
}

static void
test_base45_errors(void **state)
{
	(void)state;
	/* RFC 9285 section 4.5: "GGW" is 65536 */
	b45_refuses("GGW", 3, "more than 65535");
	b45_refuses("BB8GGW", 6, "characters 4-6 (\"GGW\") stand for 65536");
	b45_refuses("::::::", 6, "more than 65535");
	/* a last pair over 255 ("U5" is 255, "V5" 256, "::" 2024) */
	b45_refuses("V5", 2, "more than 255");
	b45_refuses("BB8::", 5, "(\"::\") stand for 2024, more than 255");
	/* a dangling single character */
	b45_refuses("B", 1, "single character");
	b45_refuses("BB8A", 4, "single character");
	/* characters outside the alphabet: lowercase, punctuation, a line break, a NUL,
	 * and a Vietnamese letter (UTF-8) */
	b45_refuses("bb8", 3, "'b' at character 1 is not in its alphabet");
	b45_refuses("BB8^", 4, "'^' at character 4");
	b45_refuses("BB8\n%69", 7, "a line break at character 4");
	b45_refuses("BB\0", 3, "0x00 at character 3");
	b45_refuses("BBĐ", strlen("BBĐ"), "0xC4 at character 3");
	b45_refuses("BB=", 3, "'='");
}

/* ---------------------------------------------------------------- round trips */

static const char record_like[] =
	"{\n  \"type\": [\"VerifiableCredential\", \"OpenBadgeCredential\"],\n"
	"  \"name\": \"Ho\\u00e0n th\\u00e0nh: Em bi\u1ebft gi\u1eef an to\u00e0n v\u00e0 l\u00ean "
	"ti\u1ebfng\",\n"
	"  \"credentialSubject\": {\"identifier\": [{\"hashed\": false, \"identityHash\": "
	"\"Nguy\u1ec5n Th\u1ecb Ho\u00e0\", \"type\": \"IdentityObject\"}],\n"
	"    \"achievement\": {\"criteria\": {\"narrative\": \"Tham d\u1ef1 c\u1ea3 ng\u00e0y;\\n"
	"- G\u1ecdi T\u1ed5ng \u0111\u00e0i 111\\t(mi\u1ec5n ph\u00ed) \\/ \\\"24/7\\\"\"}},\n"
	"    \"workload\": 6.50, \"n\": 4.0, \"big\": 1e21, \"small\": 1E-7},\n"
	"  \"issuer\": {\"name\": \"Trung t\u00e2m Ph\u00e1t tri\u1ec3n C\u1ed9ng \u0111\u1ed3ng "
	"L\u00e0o Cai\", \"id\": \"did:key:z6Mk\"},\n"
	"  \"note\": \"Ph\u1ea1m \U00021A38 Ho\u00e0 \U0001F600\",\n"
	"  \"@context\": [\"https://www.w3.org/ns/credentials/v2\"]\n}\n";

static void
test_round_trip_vietnamese(void **state)
{
	(void)state;
	char *c = encode_ok(record_like);
	/* "KOLB1:" then QR alphanumeric characters only */
	assert_int_equal(strncmp(c, "KOLB1:", 6), 0);
	assert_int_equal(strspn(c + 6, B45), strlen(c) - 6);
	assert_true(compact_is(c, strlen(c)));
	size_t n;
	char *json = decode_ok(c, &n);
	/* the decoded JSON is exactly the canonical form of the input */
	char *canon = canonical(record_like);
	assert_string_equal(json, canon);
	/* which has the Vietnamese text as raw UTF-8, numbers the ECMAScript way, and
	 * members sorted */
	assert_non_null(strstr(json, "\"identityHash\":\"Nguyễn Thị Hoà\""));
	assert_non_null(strstr(json, "\"name\":\"Hoàn thành: Em biết giữ an toàn và lên tiếng\""));
	assert_non_null(strstr(json, "\"note\":\"Phạm 𡨸 Hoà 😀\""));
	assert_non_null(strstr(json, "Gọi Tổng đài 111\\t(miễn phí) / \\\"24/7\\\""));
	assert_non_null(strstr(json, "\"big\":1e+21,\"identifier\":["));
	assert_non_null(strstr(json, "\"n\":4,\"small\":1e-7,\"workload\":6.5}"));
	assert_int_equal(strncmp(json, "{\"@context\":[", 13), 0);
	/* the same input gives the same text, and so does the decoded JSON */
	char *again = encode_ok(record_like);
	assert_string_equal(again, c);
	char *from_canon = encode_ok(json);
	assert_string_equal(from_canon, c);
	/* the text is base45 of zlib of the canonical bytes */
	size_t zn;
	unsigned char *z = deflate_bytes(canon, strlen(canon), &zn);
	char *manual = wrap(z, zn);
	assert_string_equal(manual, c);
	free(z);
	free(manual);
	free(from_canon);
	free(again);
	free(canon);
	free(json);
	free(c);
}

/* What a scanner or a terminal adds around the text is accepted; nothing else. */
static void
test_framing(void **state)
{
	(void)state;
	char *c = encode_ok("{\"tên\":\"Lò Thị Tiên\"}");
	const char *frames[] = {"%s", "%s\n", "%s\r\n", "  \t\n%s \n\n", "QR-Code:%s\n",
	    "\n QR-Code:%s\r\n", "%s   "};
	for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++) {
		char *t = kolb_xasprintf(frames[i], c);
		assert_true(compact_is(t, strlen(t)));
		size_t n;
		char *json = decode_ok(t, &n);
		assert_string_equal(json, "{\"tên\":\"Lò Thị Tiên\"}");
		free(json);
		free(t);
	}
	/* compact_is is about the prefix only */
	assert_true(compact_is("KOLB1:", 6));
	assert_true(compact_is("KOLB1:%%%", 9));
	assert_false(compact_is("KOLB1", 5));
	assert_false(compact_is("kolb1:BB8", 9));
	assert_false(compact_is("Kolb1:BB8", 9));
	assert_false(compact_is("KOLB2:BB8", 9));
	assert_false(compact_is("xKOLB1:BB8", 10));
	assert_false(compact_is("QR-Code:", 8));
	assert_false(compact_is("QR-Code: KOLB1:BB8", 18));
	assert_false(compact_is("qr-code:KOLB1:BB8", 17));
	assert_false(compact_is("EAN-13:KOLB1:BB8", 16));
	assert_false(compact_is("{\"KOLB1:\":1}", 12));
	assert_false(compact_is("", 0));
	assert_false(compact_is(NULL, 0));
	/* len is honoured: the prefix cut by len is not there */
	assert_false(compact_is("KOLB1:BB8", 5));
	/* a second code on another line (zbarimg with two symbols) is refused */
	char *two = kolb_xasprintf("QR-Code:%s\nQR-Code:%s\n", c, c);
	refuses("two codes", two, "a line break");
	free(two);
	/* white space inside the text is not skipped */
	char *sp = kolb_xasprintf("%.10s\n%s", c, c + 10);
	refuses("a line break inside", sp, "a line break at character 5");
	free(sp);
	free(c);
}

static void
test_encode_refuses(void **state)
{
	(void)state;
	static const struct {
		const char *json, *want;
	} bad[] = {
		{"[]", "not a JSON object"},
		{"[{\"a\":1}]", "not a JSON object"},
		{"\"KOLB1:\"", "not"},
		{"42", "not"},
		{"", "not valid JSON"},
		{"{", "not valid JSON"},
		{"{\"proof\":1,\"proof\":2}", "duplicate"},
		{"{\"a\":\"\\u0000\"}", "not valid JSON"},
		{"{\"a\":1} {\"b\":2}", "not valid JSON"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *out = (char *)"x";
		struct kolb_err err = {.msg = ""};
		if (compact_encode(bad[i].json, strlen(bad[i].json), &out, &err) != -1)
			fail_msg("encode accepted %s", bad[i].json);
		assert_null(out);
		if (strstr(err.msg, bad[i].want) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].json, err.msg, bad[i].want);
	}
	/* invalid UTF-8 in a string */
	char *out = NULL;
	struct kolb_err err;
	assert_int_equal(compact_encode("{\"a\":\"\xc3\x28\"}", 10, &out, &err), -1);
	assert_null(out);
	/* more than 1 MiB of JSON */
	size_t big = COMPACT_MAX_JSON + 16;
	char *s = kolb_xmalloc(big + 1);
	memset(s, ' ', big);
	memcpy(s, "{\"a\":\"", 6);
	memset(s + 6, 'x', big - 6 - 2);
	memcpy(s + big - 2, "\"}", 2);
	s[big] = '\0';
	assert_int_equal(compact_encode(s, big, &out, &err), -1);
	assert_non_null(strstr(err.msg, "too large"));
	assert_null(out);
	/* its canonical form just under 1 MiB: fine (white space around it is dropped) */
	size_t fit = COMPACT_MAX_JSON - 8;
	memset(s + 6, 'x', fit - 8);
	memcpy(s + fit - 2, "\"}", 2);
	memset(s + fit, ' ', big - fit);
	assert_int_equal(compact_encode(s, fit, &out, &err), 0);
	size_t n;
	char *json = decode_ok(out, &n);
	assert_int_equal(n, fit);
	free(json);
	free(out);
	free(s);
}

/* ---------------------------------------------------------------- hostile input */

static void
test_hostile_framing(void **state)
{
	(void)state;
	refuses_n("empty", "", 0, "must start with KOLB1:");
	refuses("white space only", " \n\t ", "must start with KOLB1:");
	refuses("prefix only", "KOLB1:", "empty after KOLB1:");
	refuses("prefix and white space", "QR-Code:KOLB1: \r\n", "empty after KOLB1:");
	refuses("zbar prefix only", "QR-Code:", "must start with KOLB1:");
	refuses("lowercase prefix", "kolb1:BB8", "must start with KOLB1:");
	refuses("another version", "KOLB2:BB8", "must start with KOLB1:");
	refuses("JSON", "{\"@context\":[]}", "must start with KOLB1:");
	refuses_n("NULL", NULL, 0, "must start with KOLB1:");
	refuses("garbage", "KOLB1:%%%", "more than 65535");
	refuses("lowercase base45", "KOLB1:bb8", "not in its alphabet");
	/* valid base45, but not zlib */
	refuses("not zlib (\"AB\")", "KOLB1:BB8", "damaged");
	/* a NUL inside the text */
	refuses_n("a NUL", "KOLB1:BB8\0BB8", 13, "0x00 at character 4");
}

static void
test_hostile_zlib(void **state)
{
	(void)state;
	const char *rec = "{\"name\":\"Hoàn thành: Rửa tay bằng xà phòng\",\"n\":[1,2,3,4,5,6,7,"
	    "8,9,10,11,12,13,14,15,16,17,18,19,20]}";
	size_t zn;
	unsigned char *z = deflate_bytes(rec, strlen(rec), &zn);
	assert_true(zn > 20);
	/* the intact stream decodes */
	char *t = wrap(z, zn);
	size_t n;
	char *json = decode_ok(t, &n);
	assert_string_equal(json, rec);
	free(json);
	free(t);
	/* cut short: every length from 0 to zn - 1 bytes */
	for (size_t k = 0; k < zn; k++) {
		t = wrap(z, k);
		refuses(k == 0 ? "nothing" : "truncated", t, k == 0 ? "empty after" : NULL);
		free(t);
	}
	t = wrap(z, zn - 1);
	refuses("one byte short", t, "cut short");
	free(t);
	t = wrap(z, zn / 2);
	refuses("half", t, "cut short");
	free(t);
	/* a flipped bit in the Adler-32 checksum */
	unsigned char *y = kolb_xmalloc(zn + 8);
	memcpy(y, z, zn);
	y[zn - 1] ^= 0x01;
	t = wrap(y, zn);
	refuses("checksum", t, "checksum does not match");
	free(t);
	/* every bit of the stream flipped in turn: refused, except the unused padding bits
	 * of the last deflate byte (before the 4-byte Adler-32), which every inflater
	 * ignores: those give back exactly the same record, never another one */
	size_t same = 0;
	for (size_t k = 0; k < zn; k++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(y, z, zn);
			y[k] ^= (unsigned char)(1u << bit);
			t = wrap(y, zn);
			char *j = NULL;
			struct kolb_err err;
			if (compact_decode(t, strlen(t), &j, &n, &err) == 0) {
				if (k != zn - 5 || strcmp(j, rec) != 0)
					fail_msg("byte %zu of %zu, bit %d flipped: accepted", k, zn, bit);
				same++;
				free(j);
			} else {
				assert_null(j);
			}
			free(t);
		}
	}
	assert_true(same < 8);
	/* trailing bytes after the stream: one, or a second stream */
	memcpy(y, z, zn);
	y[zn] = 0;
	t = wrap(y, zn + 1);
	refuses("one trailing byte", t, "1 bytes follow the end");
	free(t);
	unsigned char *two = kolb_xmalloc(2 * zn);
	memcpy(two, z, zn);
	memcpy(two + zn, z, zn);
	t = wrap(two, 2 * zn);
	refuses("two streams", t, "follow the end");
	free(t);
	free(two);
	/* a gzip stream and a raw deflate stream are not the zlib form */
	unsigned char out[512];
	z_stream zs;
	for (int wbits = 0; wbits < 2; wbits++) {
		memset(&zs, 0, sizeof zs);
		assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, wbits ? 31 : -15, 8,
		    Z_DEFAULT_STRATEGY), Z_OK);
		zs.next_in = (unsigned char *)(uintptr_t)rec;
		zs.avail_in = (uInt)strlen(rec);
		zs.next_out = out;
		zs.avail_out = sizeof out;
		assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
		t = wrap(out, sizeof out - zs.avail_out);
		refuses(wbits ? "gzip" : "raw deflate", t, "damaged");
		free(t);
		deflateEnd(&zs);
	}
	/* a stream that needs a preset dictionary */
	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit(&zs, 9), Z_OK);
	assert_int_equal(deflateSetDictionary(&zs, (const unsigned char *)"Hoàn thành",
	    (uInt)strlen("Hoàn thành")), Z_OK);
	zs.next_in = (unsigned char *)(uintptr_t)rec;
	zs.avail_in = (uInt)strlen(rec);
	zs.next_out = out;
	zs.avail_out = sizeof out;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	t = wrap(out, sizeof out - zs.avail_out);
	refuses("preset dictionary", t, "preset dictionary");
	free(t);
	deflateEnd(&zs);
	/* an empty stream holds no record */
	unsigned char *e = deflate_bytes("", 0, &n);
	t = wrap(e, n);
	refuses("empty record", t, "empty record");
	free(t);
	free(e);
	free(y);
	free(z);
}

static void
test_bomb(void **state)
{
	(void)state;
	/* 10 MiB of zeros compress to about 10 KB: refused at 1 MiB, quickly */
	size_t big = (size_t)10 * 1024 * 1024, zn;
	unsigned char *zeros = kolb_xcalloc(big, 1);
	unsigned char *z = deflate_bytes(zeros, big, &zn);
	assert_true(zn < 20000);
	char *t = wrap(z, zn);
	double t0 = now_s();
	refuses("10 MiB of zeros", t, "more than 1 MiB");
	double dt = now_s() - t0;
	if (dt > 2.0)
		fail_msg("the bomb took %.2f s to refuse", dt);
	free(t);
	free(z);
	/* the limit is exact: 1 MiB decodes, 1 MiB + 1 byte does not */
	memset(zeros, 'x', COMPACT_MAX_JSON + 1);
	z = deflate_bytes(zeros, COMPACT_MAX_JSON, &zn);
	t = wrap(z, zn);
	size_t n;
	char *json = decode_ok(t, &n);
	assert_int_equal(n, COMPACT_MAX_JSON);
	assert_int_equal(json[n - 1], 'x');
	assert_int_equal(json[n], '\0');
	free(json);
	free(t);
	free(z);
	z = deflate_bytes(zeros, COMPACT_MAX_JSON + 1, &zn);
	t = wrap(z, zn);
	refuses("1 MiB + 1", t, "more than 1 MiB");
	free(t);
	free(z);
	free(zeros);
}

static void
test_huge_input(void **state)
{
	(void)state;
	/* 3 MiB of base45 after the prefix: refused before decoding anything */
	size_t big = (size_t)3 * 1024 * 1024;
	char *t = kolb_xmalloc(big + 7);
	memcpy(t, "KOLB1:", 6);
	memset(t + 6, '0', big);
	t[big + 6] = '\0';
	double t0 = now_s();
	refuses_n("3 MiB", t, big + 6, "too long");
	assert_true(now_s() - t0 < 1.0);
	/* just under the limit: decoded as base45, then refused as not zlib */
	refuses_n("2 MiB of zeros", t, 6 + COMPACT_MAX_TEXT - 2, "damaged");
	/* random bytes, many times: refused, never crash */
	unsigned char rnd[600];
	for (int i = 0; i < 200; i++) {
		randombytes_buf(rnd, sizeof rnd);
		size_t len = (size_t)(rnd[0] % 200) + 1;
		memcpy(t + 6, rnd + 1, len);
		refuses_n("random bytes", t, 6 + len, NULL);
		/* random base45 text */
		for (size_t k = 0; k < len; k++)
			t[6 + k] = B45[rnd[k + 1] % 45];
		refuses_n("random base45", t, 6 + len, NULL);
	}
	free(t);
}

/* ---------------------------------------------------------------- signed records */

/* A record built and signed as cred_issue_session does, by a key made from a fixed
 * seed. Caller frees. */
static char *
signed_record(const char *learner, bool show_name, struct issuer *is)
{
	memset(is, 0, sizeof *is);
	unsigned char seed[32], pk[32];
	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)(i * 7 + 3);
	crypto_sign_seed_keypair(pk, is->sk, seed);
	char *did = multibase_did_key(pk), *vm = multibase_verification_method(pk);
	snprintf(is->did, sizeof is->did, "%s", did);
	snprintf(is->vm, sizeof is->vm, "%s", vm);
	free(did);
	free(vm);
	snprintf(is->name, sizeof is->name, "%s", "Trung tâm Phát triển Cộng đồng Lào Cai");
	snprintf(is->url, sizeof is->url, "%s", "https://ttptcd.example.vn");
	snprintf(is->country, sizeof is->country, "%s", "VN");
	is->has_key = true;
	const char *outcomes[] = {"Làm đúng sáu bước rửa tay bằng xà phòng trong ít nhất 20 giây.",
	    "Nêu được những lúc cần rửa tay: trước khi ăn, sau khi đi vệ sinh, sau khi chơi."};
	time_t now = time(NULL) - 60, two_days_ago = now - 2 * 86400;
	char start[16];
	struct tm day;
	localtime_r(&two_days_ago, &day);
	strftime(start, sizeof start, "%Y-%m-%d", &day);
	json_t *doc = cred_build("urn:uuid:9a7e68f4-6e38-4ba9-8f10-4ff9668a0859", is,
	    "Lớp 4A – Trường Tiểu học Bản Lướt", "Lào Cai", "Bản Lướt", start, 1, learner,
	    show_name, "5c441d7250f547ac505693cfc778c469", "vi",
	    "Hoàn thành: Rửa tay bằng xà phòng", "Người học đã tham gia buổi học trải nghiệm về "
	    "rửa tay.", "Tham dự cả buổi, chia sẻ suy ngẫm, có kế hoạch hành động.", outcomes, 2,
	    1.5, NULL, now);
	assert_non_null(doc);
	char created[21];
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_t *s;
	struct kolb_err err;
	if (proof_sign(doc, is->sk, is->vm, created, &s, &err) != 0)
		fail_msg("%s", err.msg);
	char *text = json_dumps(s, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(s);
	json_decref(doc);
	return text;
}

static void
test_verify_path(void **state)
{
	(void)state;
	struct issuer is;
	char *rec = signed_record("Nguyễn Thị Hoà", true, &is);
	struct cred_check c;
	cred_verify(NULL, rec, strlen(rec), &c);
	assert_int_equal(c.verdict, CRED_VALID_UNKNOWN_ISSUER);
	char *q = encode_ok(rec);
	size_t n;
	char *json = decode_ok(q, &n);
	/* not the same bytes as the file (members sorted), but the same record */
	assert_string_not_equal(json, rec);
	char *canon = canonical(rec);
	assert_string_equal(json, canon);
	free(canon);
	memset(&c, 0x5a, sizeof c);
	cred_verify(NULL, json, n, &c);
	if (c.verdict != CRED_VALID_UNKNOWN_ISSUER)
		fail_msg("decoded record: verdict %d (%s)", (int)c.verdict, c.reason);
	assert_string_equal(c.learner, "Nguyễn Thị Hoà");
	assert_string_equal(c.title, "Hoàn thành: Rửa tay bằng xà phòng");
	assert_string_equal(c.issuer_did, is.did);
	free(json);

	/* every character of the base45 text changed in turn to another base45 character:
	 * the decoding fails or the record is invalid; never valid. The one exception is
	 * not another record: a change in the last characters that touches only the unused
	 * padding bits of the last deflate byte gives back the very same record. */
	size_t len = strlen(q), same = 0, invalid = 0, refused = 0;
	char *canon_q = canonical(rec);
	char *t = kolb_xstrdup(q);
	for (size_t i = 6; i < len; i++) {
		const char *at = strchr(B45, q[i]);
		assert_non_null(at);
		t[i] = B45[((size_t)(at - B45) + 1 + i % 44) % 45];
		assert_int_not_equal(t[i], q[i]);
		char *j = NULL;
		struct kolb_err err;
		if (compact_decode(t, len, &j, &n, &err) != 0) {
			refused++;
		} else {
			if (strcmp(j, canon_q) == 0 && i + 9 >= len) {
				same++;
			} else {
				cred_verify(NULL, j, n, &c);
				if (c.verdict != CRED_INVALID)
					fail_msg("character %zu changed: verdict %d", i, (int)c.verdict);
				invalid++;
			}
			free(j);
		}
		t[i] = q[i];
	}
	print_message("  %zu one-character changes: %zu refused by decoding, %zu decoded and "
	    "invalid, %zu the same record\n", len - 6, refused, invalid, same);
	assert_int_equal(refused + invalid + same, len - 6);
	assert_true(refused > (len - 6) * 9 / 10);
	free(canon_q);
	free(t);

	/* the JSON changed (the name) and encoded again: decodes, but the signature fails */
	const char *at = strstr(rec, "Nguyễn");
	assert_non_null(at);
	char *changed = kolb_xasprintf("%.*sNguyen%s", (int)(at - rec), rec, at + strlen("Nguyễn"));
	char *q2 = encode_ok(changed);
	json = decode_ok(q2, &n);
	cred_verify(NULL, json, n, &c);
	assert_int_equal(c.verdict, CRED_INVALID);
	assert_non_null(strstr(c.reason, "signature does not match"));
	free(json);
	free(q2);
	free(changed);
	free(q);
	free(rec);

	/* a minor's record: only the hash goes into the compact form */
	rec = signed_record("Lò Thị Tiên", false, &is);
	q = encode_ok(rec);
	json = decode_ok(q, &n);
	assert_null(strstr(json, "Tiên"));
	assert_non_null(strstr(json, "\"hashed\":true"));
	cred_verify(NULL, json, n, &c);
	assert_int_equal(c.verdict, CRED_VALID_UNKNOWN_ISSUER);
	assert_string_equal(c.learner, "(identified by a hash)");
	free(json);
	free(q);
	free(rec);
	sodium_memzero(&is, sizeof is);
}

/* ---------------------------------------------------------------- the longest pack */

struct cp {
	char *tmp, *data;
	struct db *db;
	long long sid;
	struct issuer is;
	struct cred_batch batch;
};

static long long
cp_person(struct cp *f, const char *name, const char *age_group, int minor, int share)
{
	struct participant_fields pf = {.name = name, .gender = "female", .age_group = age_group,
	    .role = "student", .consent = "given", .consent_by = minor ? "Lò Văn Páo" : "self",
	    .is_minor = minor, .share_name = share};
	long long id;
	struct kolb_err err;
	if (participant_add(f->db, f->sid, &pf, 0, &id, &err) != 0)
		fail_msg("%s", err.msg);
	if (attendance_set(f->db, id, 1, true, 0, &err) != 0)
		fail_msg("%s", err.msg);
	struct entry_key k = {.session_id = f->sid, .participant_id = id,
	    .kind = ENTRY_REFLECTION, .prompt_id = "what-happened", .group_name = ""};
	if (entry_save(f->db, &k, "Nhân vật Mai được người lạ trên Zalo hứa việc nhẹ lương cao.",
	    NULL, 0, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	k.kind = ENTRY_ACTION_PLAN;
	k.prompt_id = "i-will";
	if (entry_save(f->db, &k, "Em sẽ không gửi ảnh cho người lạ và kể với cô chủ nhiệm.",
	    NULL, 0, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	const char *outcomes[] = {"recognise-harm", "body-safety", "online-and-offers",
	    "trusted-adults-111", "support-a-friend"};
	for (size_t i = 0; i < 5; i++)
		if (assess_set(f->db, f->sid, id, outcomes[i], ASSESS_MET, 0, &err) != 0)
			fail_msg("%s", err.msg);
	return id;
}

/* Draw q as a PNG (4 pixels a module, 4 modules of quiet zone) with cairo. */
static void
cp_png(const QRcode *q, const char *path)
{
	int scale = 4, margin = 4, size = (q->width + 2 * margin) * scale;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, size, size);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				cairo_rectangle(cr, (x + margin) * scale, (y + margin) * scale, scale,
				    scale);
	cairo_fill(cr);
	cairo_destroy(cr);
	assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

/* zbarimg --raw on path, its output (without the final newline) or NULL. Caller frees. */
static char *
cp_zbar(const char *path)
{
	char *cmd = kolb_xasprintf("zbarimg --raw -q '%s' 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	free(cmd);
	if (p == NULL)
		return NULL;
	char *buf;
	size_t len;
	FILE *m = open_memstream(&buf, &len);
	char chunk[4096];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, p)) > 0)
		fwrite(chunk, 1, r, m);
	fclose(m);
	if (pclose(p) != 0) {
		free(buf);
		return NULL;
	}
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return buf;
}

/* Real records of the child-protection-youth pack (the longest texts of the sample
 * packs), a minor's and an adult's: their compact text fits a version 40-M QR code
 * in alphanumeric mode, and a scanner reads it back to a record that verifies. */
static void
test_child_protection_fits_qr(void **state)
{
	(void)state;
	struct cp f = {0};
	struct kolb_err err;
	f.tmp = tu_tmpdir();
	f.data = kolb_xasprintf("%s/data", f.tmp);
	mkdir(f.data, 0700);
	char *dbp = kolb_xasprintf("%s/kolb.db", f.data);
	char *arc = kolb_xasprintf("%s/cp.tar.gz", f.tmp);
	if (db_open(dbp, &f.db, &err) != 0 || pack_build(CP_PACK, arc, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	struct pack_install_info info;
	if (pack_install(f.db, f.data, arc, NULL, &info, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	if (issuer_init(f.db, f.data, "Trung tâm Phát triển Cộng đồng Lào Cai",
	    "https://ttptcd.example.vn", "VN", false, &f.is, &err) != 0 ||
	    issuer_load(f.db, f.data, true, &f.is, &err) != 0)
		fail_msg("%s", err.msg);
	time_t now = time(NULL);
	char start[16];
	struct tm tm;
	time_t y = now - 86400;
	localtime_r(&y, &tm);
	strftime(start, sizeof start, "%Y-%m-%d", &tm);
	const char *facs[] = {"Nguyễn Thị Hoa"};
	struct session_new sn = {.pack_id = "child-protection-youth", .language = "vi",
	    .title = "Lớp 8A – Trường THCS Thị trấn Sa Pa", .province = "Lào Cai",
	    .commune = "Thị trấn Sa Pa", .village = "Tổ 5", .start_date = start, .days = 1,
	    .facilitators = facs, .nfacilitators = 1};
	if (session_create(f.db, &sn, &f.sid, &err) != 0)
		fail_msg("%s", err.msg);
	long long minor = cp_person(&f, "Lò Thị Tiên", "child", 1, 1);
	long long adult = cp_person(&f, "Nguyễn Thị Thu Hường", "adult", 0, 1);
	if (cred_issue_session(f.db, f.data, f.sid, &f.is, now, NULL, 0, &f.batch, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(f.batch.nissued, 2);
	bool zbar = system("command -v zbarimg >/dev/null 2>&1") == 0;
	for (size_t i = 0; i < f.batch.nissued; i++) {
		const struct cred_issued *r = &f.batch.issued[i];
		const char *who = r->participant_id == minor ? "minor" : "adult";
		assert_true(r->participant_id == minor || r->participant_id == adult);
		char *q = encode_ok(r->document);
		size_t n;
		char *json = decode_ok(q, &n);
		size_t zbytes = (strlen(q) - 6) / 3 * 2 + ((strlen(q) - 6) % 3 == 2);
		struct cred_check c;
		cred_verify(f.db, json, n, &c);
		if (c.verdict != CRED_VALID_TRUSTED)
			fail_msg("%s: verdict %d (%s)", who, (int)c.verdict, c.reason);
		assert_string_equal(c.title, "Hoàn thành: Em biết giữ an toàn và lên tiếng");
		/* alphanumeric mode only, in the smallest version that holds it */
		QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
		assert_non_null(in);
		assert_int_equal(QRinput_append(in, QR_MODE_AN, (int)strlen(q),
		    (const unsigned char *)q), 0);
		QRcode *code = QRcode_encodeInput(in);
		if (code == NULL)
			fail_msg("%s: %zu characters do not fit a QR code at level M (%s)", who,
			    strlen(q), strerror(errno));
		print_message("  child-protection-youth, %s: JSON %zu bytes (file %zu), zlib %zu "
		    "bytes, compact %zu characters of %d; QR version %d-M, %d modules\n", who, n,
		    strlen(r->document), zbytes, strlen(q), COMPACT_QR_40M_CHARS, code->version,
		    code->width);
		assert_true(strlen(q) <= COMPACT_QR_40M_CHARS);
		assert_true(code->version <= 40);
		if (zbar) {
			char *png = kolb_xasprintf("%s/qr-%s.png", f.tmp, who);
			cp_png(code, png);
			char *read = cp_zbar(png);
			if (read == NULL)
				fail_msg("%s: zbarimg did not read the QR code", who);
			assert_string_equal(read, q);
			char *j2 = decode_ok(read, &n);
			cred_verify(f.db, j2, n, &c);
			assert_int_equal(c.verdict, CRED_VALID_TRUSTED);
			free(j2);
			free(read);
			free(png);
		}
		QRcode_free(code);
		QRinput_free(in);
		/* the minor's name is not in what the QR code carries */
		if (r->participant_id == minor)
			assert_null(strstr(json, "Tiên"));
		else
			assert_non_null(strstr(json, "Nguyễn Thị Thu Hường"));
		free(json);
		free(q);
	}
	if (!zbar)
		print_message("  zbarimg not installed: the scan back was not tried\n");
	cred_batch_free(&f.batch);
	issuer_clear(&f.is);
	db_close(f.db);
	tu_rmrf(f.tmp);
	free(f.tmp);
	free(f.data);
	free(dbp);
	free(arc);
}

int
main(void)
{
	setlocale(LC_ALL, "");
	/* Messages are compared in English: no catalogue is bound here. */
	setenv("LANGUAGE", "C", 1);
	unsetenv("KOLB_NOW");
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base45_vectors),
		cmocka_unit_test(test_base45_errors),
		cmocka_unit_test(test_round_trip_vietnamese),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_encode_refuses),
		cmocka_unit_test(test_hostile_framing),
		cmocka_unit_test(test_hostile_zlib),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_huge_input),
		cmocka_unit_test(test_verify_path),
		cmocka_unit_test(test_child_protection_fits_qr),
	};
	return cmocka_run_group_tests_name("compact", tests, NULL, NULL);
}
