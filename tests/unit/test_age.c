/* Unit tests: the age v1 format (X25519): RFC 5869 and BIP 173 vectors, the age
 * testkit's header vectors, round trips, every kind of damage, hostile headers, and
 * interoperability with the real age and age-keygen when they are installed. */
#include <ctype.h>
#include <sodium.h>
#include <sys/wait.h>

#include "age.h"
#include "fault.h"
#include "testutil.h"

#define CHUNK 65536
#define AGE_BIN "/usr/bin/age"
#define AGE_KEYGEN_BIN "/usr/bin/age-keygen"

/* The identities of the age testkit (C2SP/CCTV age vectors). */
#define KIT_ID "AGE-SECRET-KEY-1XMWWC06LY3EE5RYTXM9MFLAZ2U56JJJ36S0MYPDRWSVLUL66MV4QX3S7F6"
#define KIT_REC "age1w3tyke4gev25vaxxsvcgqu4484rf6ejpmavs57p6yz6lhy2sfs5swrvwyn"
#define KIT_ID2 "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
#define KIT_FILE_KEY "YELLOW SUBMARINE"
#define KIT_SHARE "-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n"
#define KIT_BODY "EmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw7U\n"

struct fx {
	char *tmp, *outdir, *out, *idfile;
	char id[100], rec[100];
};

static int
setup(void **state)
{
	assert_true(sodium_init() >= 0);
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	struct kolb_err err;
	f->tmp = tu_tmpdir();
	f->outdir = kolb_xasprintf("%s/out", f->tmp);
	assert_int_equal(mkdir(f->outdir, 0700), 0);
	f->out = kolb_xasprintf("%s/plain", f->outdir);
	if (age_keygen(f->id, sizeof f->id, f->rec, sizeof f->rec, &err) != 0)
		fail_msg("%s", err.msg);
	f->idfile = kolb_xasprintf("%s/office-key.txt", f->tmp);
	char *text = kolb_xasprintf("# created: 2024-05-01T09:30:00+07:00\n# public key: %s\n%s\n",
	    f->rec, f->id);
	tu_write(f->idfile, text);
	free(text);
	fault_set(NULL, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f->outdir);
	free(f->out);
	free(f->idfile);
	free(f);
	fault_set(NULL, 0);
	return 0;
}

static char *
path(struct fx *f, const char *name)
{
	return kolb_xasprintf("%s/%s", f->tmp, name);
}

static void
write_bytes(const char *p, const void *data, size_t len)
{
	FILE *fp = fopen(p, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* The whole file; caller frees. */
static unsigned char *
read_bytes(const char *p, size_t *len)
{
	FILE *fp = fopen(p, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	unsigned char *buf = kolb_xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* n bytes of Vietnamese text and pseudo-random bytes, different for each seed. */
static unsigned char *
content(size_t n, unsigned char seed)
{
	static const char vi[] = "Em rửa tay bằng xà phòng trước khi ăn. Đ đ ạ ộ ữ. ";
	unsigned char key[randombytes_SEEDBYTES] = {seed};
	unsigned char *p = kolb_xmalloc(n + 1);
	randombytes_buf_deterministic(p, n, key);
	for (size_t i = 0; i + sizeof vi < n; i += 3 * sizeof vi)
		memcpy(p + i, vi, sizeof vi - 1);
	return p;
}

static void
assert_file_equals(const char *p, const unsigned char *want, size_t n)
{
	size_t len;
	unsigned char *got = read_bytes(p, &len);
	assert_int_equal(len, n);
	assert_true(n == 0 || memcmp(got, want, n) == 0);
	free(got);
}

/* Write n bytes of content to NAME and encrypt it to NAME.age for f's recipient. */
static unsigned char *
encrypt_sized(struct fx *f, size_t n, const char *name, char **cipher)
{
	struct kolb_err err;
	unsigned char *data = content(n, (unsigned char)n);
	char *plain = path(f, name);
	write_bytes(plain, data, n);
	*cipher = kolb_xasprintf("%s.age", plain);
	if (age_encrypt_file(plain, *cipher, f->rec, &err) != 0)
		fail_msg("%s", err.msg);
	free(plain);
	return data;
}

/* Decrypting must fail with a message holding needle, and leave nothing behind. */
static void
expect_fail_with(struct fx *f, const char *cipher, const char *idfile, const char *needle)
{
	struct kolb_err err = {{0}};
	int rc = age_decrypt_file(cipher, f->out, idfile, &err);
	if (rc == 0)
		fail_msg("decrypting %s should fail with \"%s\"", cipher, needle);
	assert_int_equal(rc, -1);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("wanted \"%s\" in: %s", needle, err.msg);
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(access(f->out, F_OK), -1);
	assert_int_equal(tu_count(f->outdir), 0);
}

static void
expect_fail(struct fx *f, const char *cipher, const char *needle)
{
	expect_fail_with(f, cipher, f->idfile, needle);
}

/* Write bytes, or a changed copy of a buffer, to a new file. Caller frees the path. */
static char *
variant(struct fx *f, const char *name, const unsigned char *data, size_t len)
{
	char *p = path(f, name);
	write_bytes(p, data, len);
	return p;
}

/* Offset just after the header (after "--- MAC\n"). */
static size_t
header_len(const unsigned char *c, size_t len)
{
	for (size_t i = 0; i + 4 < len; i++)
		if (memcmp(c + i, "\n--- ", 5) == 0)
			return i + 5 + 43 + 1;
	fail_msg("no MAC line");
	return 0;
}

/* ---- HKDF and Bech32 vectors ---- */

static void
unhex(const char *hex, unsigned char *out, size_t *len)
{
	assert_int_equal(sodium_hex2bin(out, 256, hex, strlen(hex), NULL, len, NULL), 0);
}

static void
test_hkdf_rfc5869(void **state)
{
	(void)state;
	static const struct {
		const char *ikm, *salt, *info, *okm;
	} cases[] = {
		/* RFC 5869 A.1: basic test case with SHA-256. */
		{"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
		    "f0f1f2f3f4f5f6f7f8f9",
		    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
		/* A.2: longer inputs and outputs. */
		{"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		    "404142434445464748494a4b4c4d4e4f",
		    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
		    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		    "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
		    "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
		    "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
		    "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
		    "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
		    "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
		    "cc30c58179ec3e87c14c01d5c1f3434f1d87"},
		/* A.3: zero-length salt and info (age's header key uses an empty salt). */
		{"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "",
		    "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned char ikm[256], salt[256], info[256], want[256], got[256];
		size_t ni, ns, nf, nw;
		unhex(cases[i].ikm, ikm, &ni);
		unhex(cases[i].salt, salt, &ns);
		unhex(cases[i].info, info, &nf);
		unhex(cases[i].okm, want, &nw);
		assert_int_equal(age_hkdf_sha256(got, nw, ikm, ni, salt, ns, info, nf), 0);
		assert_memory_equal(got, want, nw);
		/* A shorter output is a prefix of the longer one. */
		assert_int_equal(age_hkdf_sha256(got, 7, ikm, ni, salt, ns, info, nf), 0);
		assert_memory_equal(got, want, 7);
	}
	unsigned char big[255 * 32 + 1];
	assert_int_equal(age_hkdf_sha256(big, 255 * 32, big, 1, NULL, 0, NULL, 0), 0);
	assert_int_equal(age_hkdf_sha256(big, sizeof big, big, 1, NULL, 0, NULL, 0), -1);
}

static void
test_bech32_bip173_valid(void **state)
{
	(void)state;
	static const char *valid[] = {
		"A12UEL5L",
		"a12uel5l",
		"an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
		"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
		"11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
		"split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
		"?1ezyfcl",
	};
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		char hrp[100], again[100];
		unsigned char data[100];
		size_t n = 0;
		if (age_bech32_decode(valid[i], hrp, sizeof hrp, data, sizeof data, &n) != 0)
			fail_msg("valid BIP 173 string refused: %s", valid[i]);
		/* Encoding the decoded data again gives the same string, in its case. */
		if (valid[i][0] == 'A')
			for (char *c = hrp; *c; c++)
				*c = (char)toupper((unsigned char)*c);
		assert_int_equal(age_bech32_encode(again, sizeof again, hrp, data, n), 0);
		assert_string_equal(again, valid[i]);
	}
	char hrp[100];
	unsigned char data[100];
	size_t n = 0;
	assert_int_equal(age_bech32_decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", hrp,
	    sizeof hrp, data, sizeof data, &n), 0);
	assert_string_equal(hrp, "abcdef");
	assert_int_equal(n, 20);
	assert_int_equal(data[0], 0x00);
	assert_int_equal(data[1], 0x44);
	/* The same length with zero padding is one zero byte. */
	assert_int_equal(age_bech32_decode("a1qqqd87cq", hrp, sizeof hrp, data, sizeof data, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(data[0], 0);
	/* Output buffers that are too small are refused, not overrun. */
	assert_int_equal(age_bech32_decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", hrp,
	    sizeof hrp, data, 19, &n), -1);
	assert_int_equal(age_bech32_decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", hrp, 6,
	    data, sizeof data, &n), -1);
	char small[10];
	assert_int_equal(age_bech32_encode(small, sizeof small, "abcdef", data, 20), -1);
	assert_int_equal(age_bech32_encode(small, sizeof small, "", data, 0), -1);
	assert_int_equal(age_bech32_encode(small, sizeof small, "aB", data, 0), -1);
}

static void
test_bech32_bip173_invalid(void **state)
{
	(void)state;
	static const char *invalid[] = {
		"\x20" "1nwldj5",   /* HRP character out of range */
		"\x7f" "1axkwrx",   /* HRP character out of range */
		"\x80" "1eym55h",   /* HRP character out of range */
		/* overall max length exceeded */
		"an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
		"pzry9x0s0muk",     /* no separator character */
		"1pzry9x0s0muk",    /* empty HRP */
		"x1b4n0q5v",        /* invalid data character */
		"li1dgmt3",         /* too short checksum */
		"de1lg7wt" "\xff",  /* invalid character in checksum */
		"A1G7SGD8",         /* checksum calculated with upper-case form of HRP */
		"10a06t8",          /* empty HRP */
		"1qzzfhee",         /* empty HRP */
		/* and more */
		"A12uEL5L",         /* mixed case */
		"a12uel5m",         /* checksum off by one character */
		"",
		/* valid checksums, but the data is not whole bytes with zero padding */
		"a1q3g6mn3",        /* 5 bits: a whole 5-bit group of padding */
		"a1qpamnt9j",       /* 10 bits: one byte, then 2 bits that are not zero */
	};
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		char hrp[100];
		unsigned char data[100];
		size_t n = 0;
		if (age_bech32_decode(invalid[i], hrp, sizeof hrp, data, sizeof data, &n) != -1)
			fail_msg("invalid BIP 173 string accepted: %s", invalid[i]);
	}
}

/* ---- keys ---- */

static void
test_keys(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	assert_int_equal(strlen(f->id), AGE_IDENTITY_LEN);
	assert_int_equal(strlen(f->rec), AGE_RECIPIENT_LEN);
	assert_memory_equal(f->id, "AGE-SECRET-KEY-1", 16);
	assert_memory_equal(f->rec, "age1", 4);
	for (const char *c = f->id; *c; c++)
		assert_false(*c >= 'a' && *c <= 'z');
	char rec[100];
	assert_int_equal(age_recipient_of(f->id, rec, sizeof rec, &err), 0);
	assert_string_equal(rec, f->rec);
	/* Fresh keys each time. */
	char id2[100], rec2[100];
	assert_int_equal(age_keygen(id2, sizeof id2, rec2, sizeof rec2, &err), 0);
	assert_string_not_equal(id2, f->id);
	assert_string_not_equal(rec2, f->rec);
	/* The testkit identity has the recipient age-keygen -y computes. */
	assert_int_equal(age_recipient_of(KIT_ID, rec, sizeof rec, &err), 0);
	assert_string_equal(rec, KIT_REC);
	/* Not identities. */
	char lower[100];
	snprintf(lower, sizeof lower, "%s", KIT_ID);
	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	char flipped[100];
	snprintf(flipped, sizeof flipped, "%s", KIT_ID);
	flipped[40] = flipped[40] == 'Q' ? 'P' : 'Q';
	char newline[100];
	snprintf(newline, sizeof newline, "%s\n", KIT_ID);
	const char *bad[] = {lower, flipped, newline, "", KIT_REC, "AGE-SECRET-KEY-1",
	    "AGE-PLUGIN-YUBIKEY-1QQQQQQ"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err.msg[0] = '\0';
		assert_int_equal(age_recipient_of(bad[i], rec, sizeof rec, &err), -1);
		assert_non_null(strstr(err.msg, "not an age identity"));
	}
	/* Buffers too small. */
	assert_int_equal(age_keygen(id2, AGE_IDENTITY_LEN, rec2, sizeof rec2, &err), -1);
	assert_int_equal(age_keygen(id2, sizeof id2, rec2, AGE_RECIPIENT_LEN, &err), -1);
	assert_int_equal(age_recipient_of(KIT_ID, rec, AGE_RECIPIENT_LEN, &err), -1);
}

/* ---- round trips ---- */

static void
test_round_trip_sizes(void **state)
{
	struct fx *f = *state;
	static const size_t sizes[] = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 200 * 1024};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t n = sizes[i];
		char *cipher;
		unsigned char *data = encrypt_sized(f, n, "data", &cipher);
		struct stat st;
		assert_int_equal(stat(cipher, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_true(age_is_encrypted(cipher));
		size_t clen;
		unsigned char *c = read_bytes(cipher, &clen);
		/* Header, 16-byte nonce, then every chunk with its 16-byte tag; the last chunk
		 * is full when n is a multiple of 64 KiB, and empty only when n is 0. */
		size_t chunks = n == 0 ? 1 : (n + CHUNK - 1) / CHUNK;
		assert_int_equal(clen, header_len(c, clen) + 16 + n + 16 * chunks);
		assert_memory_equal(c, "age-encryption.org/v1\n-> X25519 ", 32);
		free(c);
		struct kolb_err err;
		if (age_decrypt_file(cipher, f->out, f->idfile, &err) != 0)
			fail_msg("size %zu: %s", n, err.msg);
		assert_file_equals(f->out, data, n);
		assert_int_equal(stat(f->out, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_false(age_is_encrypted(f->out));
		/* Only the output: no temporary file left. */
		assert_int_equal(tu_count(f->outdir), 1);
		unlink(f->out);
		free(cipher);
		free(data);
	}
}

static void
test_encryption_is_randomised(void **state)
{
	struct fx *f = *state;
	char *plain = path(f, "p"), *a = path(f, "a.age"), *b = path(f, "b.age");
	struct kolb_err err;
	tu_write(plain, "Lò Thị Tiên: em sẽ rửa tay mỗi ngày\n");
	assert_int_equal(age_encrypt_file(plain, a, f->rec, &err), 0);
	assert_int_equal(age_encrypt_file(plain, b, f->rec, &err), 0);
	size_t la, lb;
	unsigned char *ca = read_bytes(a, &la), *cb = read_bytes(b, &lb);
	assert_int_equal(la, lb);
	assert_true(memcmp(ca, cb, la) != 0);
	/* The plaintext is nowhere in the ciphertext. */
	assert_null(memmem(ca, la, "Tiên", strlen("Tiên")));
	/* Encrypting over an existing file replaces it. */
	assert_int_equal(age_encrypt_file(plain, a, f->rec, &err), 0);
	assert_int_equal(age_decrypt_file(a, f->out, f->idfile, &err), 0);
	assert_file_equals(f->out, (const unsigned char *)"Lò Thị Tiên: em sẽ rửa tay mỗi ngày\n",
	    strlen("Lò Thị Tiên: em sẽ rửa tay mỗi ngày\n"));
	free(ca);
	free(cb);
	free(plain);
	free(a);
	free(b);
}

/* ---- damage ---- */

static void
test_damage_detected(void **state)
{
	struct fx *f = *state;
	size_t n = 200 * 1024; /* chunks of 64, 64, 64 and 8 KiB */
	char *cipher;
	unsigned char *data = encrypt_sized(f, n, "data", &cipher);
	size_t len;
	unsigned char *c = read_bytes(cipher, &len);
	size_t hl = header_len(c, len);
	size_t payload = hl + 16; /* the first chunk */
	unsigned char *m = kolb_xmalloc(len + CHUNK + 100);
	char *v;

	/* The version line. */
	memcpy(m, c, len);
	m[3] ^= 0x01;
	v = variant(f, "version.age", m, len);
	expect_fail(f, v, "not an age file");
	free(v);
	/* The ephemeral share: another valid base64 character, so another point. */
	memcpy(m, c, len);
	m[22 + 10] = m[22 + 10] == 'A' ? 'B' : 'A';
	v = variant(f, "share.age", m, len);
	expect_fail(f, v, "not encrypted to any identity");
	free(v);
	/* The stanza body (the wrapped file key). */
	memcpy(m, c, len);
	size_t body = 22 + 10 + 44;
	m[body] = m[body] == 'A' ? 'B' : 'A';
	v = variant(f, "body.age", m, len);
	expect_fail(f, v, "not encrypted to any identity");
	free(v);
	/* The MAC. */
	memcpy(m, c, len);
	m[hl - 44] = m[hl - 44] == 'A' ? 'B' : 'A';
	v = variant(f, "mac.age", m, len);
	expect_fail(f, v, "MAC");
	free(v);
	/* A byte of the MAC that makes it non-canonical base64: a header error. */
	memcpy(m, c, len);
	m[hl - 2] = '!';
	v = variant(f, "mac2.age", m, len);
	expect_fail(f, v, "malformed age header");
	free(v);
	/* A stanza added to the header (the file key still opens): only the MAC sees it. */
	size_t at = hl - 48; /* the start of the "---" line */
	memcpy(m, c, at);
	memcpy(m + at, "-> grease x\n\n", 13);
	memcpy(m + at + 13, c + at, len - at);
	v = variant(f, "grease.age", m, len + 13);
	expect_fail(f, v, "MAC");
	free(v);
	/* The payload nonce. */
	memcpy(m, c, len);
	m[hl + 5] ^= 0x80;
	v = variant(f, "nonce.age", m, len);
	expect_fail(f, v, "chunk 1 of the encrypted data fails authentication");
	free(v);
	/* A byte in each chunk, and in the last tag. */
	for (int k = 0; k < 4; k++) {
		char want[64];
		memcpy(m, c, len);
		m[payload + (size_t)k * (CHUNK + 16) + 100] ^= 0x01;
		v = variant(f, "chunk.age", m, len);
		snprintf(want, sizeof want, "chunk %d of the encrypted data fails", k + 1);
		expect_fail(f, v, want);
		free(v);
	}
	memcpy(m, c, len);
	m[len - 1] ^= 0x01;
	v = variant(f, "tag.age", m, len);
	expect_fail(f, v, "chunk 4 of the encrypted data fails");
	free(v);
	/* Truncation inside the header, after it, after the nonce, at every chunk boundary,
	 * inside a chunk, and by one byte. */
	v = variant(f, "t.age", c, 40);
	expect_fail(f, v, "ends inside the age header");
	free(v);
	v = variant(f, "t.age", c, hl);
	expect_fail(f, v, "truncated (no payload)");
	free(v);
	v = variant(f, "t.age", c, hl + 10);
	expect_fail(f, v, "truncated (no payload)");
	free(v);
	v = variant(f, "t.age", c, payload);
	expect_fail(f, v, "truncated (chunk 1 is incomplete)");
	free(v);
	for (int k = 1; k <= 3; k++) {
		size_t cut = payload + (size_t)k * (CHUNK + 16);
		v = variant(f, "t.age", c, cut);
		expect_fail(f, v, "truncated (its last chunk is missing)");
		free(v);
		char want[64];
		snprintf(want, sizeof want, "chunk %d of the encrypted data fails", k);
		v = variant(f, "t.age", c, cut - 1000);
		expect_fail(f, v, want);
		free(v);
	}
	v = variant(f, "t.age", c, payload + 3 * (CHUNK + 16) + 10);
	expect_fail(f, v, "truncated (chunk 4 is incomplete)");
	free(v);
	v = variant(f, "t.age", c, len - 1);
	expect_fail(f, v, "chunk 4 of the encrypted data fails");
	free(v);
	/* Bytes appended after the last chunk. */
	memcpy(m, c, len);
	m[len] = 0;
	v = variant(f, "x.age", m, len + 1);
	expect_fail(f, v, "chunk 4 of the encrypted data fails");
	free(v);
	memset(m + len, 'x', CHUNK + 100);
	v = variant(f, "x.age", m, len + CHUNK + 100);
	expect_fail(f, v, "chunk 4 of the encrypted data fails");
	free(v);
	/* A wrong identity. */
	char *other = path(f, "other-key.txt");
	char id[100], rec[100];
	struct kolb_err err;
	assert_int_equal(age_keygen(id, sizeof id, rec, sizeof rec, &err), 0);
	char *text = kolb_xasprintf("%s\n", id);
	tu_write(other, text);
	expect_fail_with(f, cipher, other, "not encrypted to any identity in");
	/* ... and the intact file still opens. */
	assert_int_equal(age_decrypt_file(cipher, f->out, f->idfile, &err), 0);
	assert_file_equals(f->out, data, n);
	free(text);
	free(other);
	free(m);
	free(c);
	free(cipher);
	free(data);
}

/* When the last chunk is full, appended data and a missing last chunk are told apart. */
static void
test_full_last_chunk(void **state)
{
	struct fx *f = *state;
	char *cipher;
	unsigned char *data = encrypt_sized(f, 2 * CHUNK, "data", &cipher);
	size_t len;
	unsigned char *c = read_bytes(cipher, &len);
	unsigned char *m = kolb_xmalloc(len + 40);
	memcpy(m, c, len);
	memcpy(m + len, "extra", 5);
	char *v = variant(f, "x.age", m, len + 5);
	expect_fail(f, v, "unexpected data after the end");
	free(v);
	/* A whole copy of the last chunk appended. */
	memcpy(m + len, c + len - (CHUNK + 16), 16);
	v = variant(f, "x.age", m, len + 16);
	expect_fail(f, v, "unexpected data after the end");
	free(v);
	v = variant(f, "t.age", c, len - (CHUNK + 16));
	expect_fail(f, v, "truncated (its last chunk is missing)");
	free(v);
	free(m);
	free(c);
	free(cipher);
	free(data);
}

/* An empty last chunk after full ones is refused (age's stream_last_chunk_empty). */
static void
test_empty_last_chunk(void **state)
{
	struct fx *f = *state;
	/* Build a payload by hand for the testkit header, whose file key is known. */
	static const char hdr[] = "age-encryption.org/v1\n" KIT_SHARE KIT_BODY
	    "--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n";
	char *idf = path(f, "kit.txt");
	tu_write(idf, KIT_ID "\n");
	unsigned char nonce[16] = "0123456789abcdef", key[32], cn[12] = {0};
	assert_int_equal(age_hkdf_sha256(key, 32, (const unsigned char *)KIT_FILE_KEY, 16, nonce, 16,
	    (const unsigned char *)"payload", 7), 0);
	size_t hl = strlen(hdr);
	unsigned char *m = kolb_xmalloc(hl + 16 + 2 * (CHUNK + 16));
	unsigned char *plain = content(CHUNK, 7);
	memcpy(m, hdr, hl);
	memcpy(m + hl, nonce, 16);
	crypto_aead_chacha20poly1305_ietf_encrypt(m + hl + 16, NULL, plain, CHUNK, NULL, 0, NULL,
	    cn, key);
	cn[10] = 1;
	cn[11] = 1;
	crypto_aead_chacha20poly1305_ietf_encrypt(m + hl + 16 + CHUNK + 16, NULL, plain, 0, NULL, 0,
	    NULL, cn, key);
	char *v = variant(f, "e.age", m, hl + 16 + CHUNK + 32);
	expect_fail_with(f, v, idf, "ends with an empty chunk");
	free(v);
	free(m);
	free(plain);
	free(idf);
}

/* ---- the age testkit's headers ---- */

struct kit {
	const char *name, *identity, *header, *outcome;
};

static void
kit_file(struct fx *f, const char *header, const unsigned char *payload, size_t plen, char **out)
{
	size_t hl = strlen(header);
	unsigned char *m = kolb_xmalloc(hl + plen);
	memcpy(m, header, hl);
	memcpy(m + hl, payload, plen);
	*out = variant(f, "kit.age", m, hl + plen);
	free(m);
}

static void
test_testkit_headers(void **state)
{
	struct fx *f = *state;
	static const struct kit kits[] = {
		/* expect: success (the payload here is garbage, so it fails after the header) */
		{"x25519", KIT_ID, "age-encryption.org/v1\n" KIT_SHARE KIT_BODY
		    "--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n", NULL},
		{"x25519_grease", KIT_ID, "age-encryption.org/v1\n-> grease\n\n" KIT_SHARE KIT_BODY
		    "-> grease\n\n--- 7NLrfbRUZt6qK0pdtARUf59dHwo12ReldjJKjMlbE3I\n", NULL},
		{"stanza_valid_characters", KIT_ID, "age-encryption.org/v1\n"
		    "-> !\"#$%&' ()*+,-./ 01234567 89:;<=>? @ABCDEFG HIJKLMNO\n\n"
		    "-> PQRSTUVW XYZ[\\]^_ `abcdefg hijklmno pqrstuvw xyz{|}~\n\n"
		    KIT_SHARE KIT_BODY "--- x538z9xJq9XEK1aTTTv80aWDVvVdROvaXn2tpqXPC8g\n", NULL},
		{"stanza_empty_last_line", KIT_ID, "age-encryption.org/v1\n" KIT_SHARE KIT_BODY
		    "-> stanza\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n\n"
		    "--- +3PC416gxa7Mk7WxpX0kb6DVfSuCun0niGre+G4bZhE\n", NULL},
		{"x25519_multiple_recipients", KIT_ID, "age-encryption.org/v1\n"
		    "-> X25519 ajtqAvDEkVNr2B7zUOtq2mAQXDSBlNrVAuM/dKb5sT4\n"
		    "0evrK/HQXVsQ4YaDe+659l5OQzvAzD2ytLGHQLQiqxg\n"
		    "-> X25519 0qC7u6AbLxuwnM8tPFOWVtWZn/ZZe7z7gcsP5kgA0FI\n"
		    "T/PZg76MmVt2IaLntrxppzDnzeFDYHsHFcnTnhbRLQ8\n"
		    "--- 7W07ef2PhsTAl74pn+9vSj/Xzukwa6SuTqMc16cdBk0\n", NULL},
		/* expect: header failure */
		{"x25519_low_order", KIT_ID2, "age-encryption.org/v1\n"
		    "-> X25519 X5yVvKNQjCSx0LFVnIPvWwREXMRYHI6G2CJO3dCfEdc\n"
		    "3E0NpFans/m0WLWF7+54ZBdNj3iqQqpraGDFiaRkvBA\n"
		    "--- sXw327YMT1/ULXe+ZyRMbMY0Z2jnWHGgI9j1we6yQ8A\n", "low-order"},
		{"x25519_identity", KIT_ID2, "age-encryption.org/v1\n"
		    "-> X25519 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
		    "W3E/OCRme9TiTY97JoK31Z71arNur77WIIdB90XnN3M\n"
		    "--- Pne3IPMDvBj7wRbPMcNViffpVZAx814tgMxp8AwyMhs\n", "low-order"},
		{"x25519_extra_argument", KIT_ID, "age-encryption.org/v1\n"
		    "-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc 1234\n" KIT_BODY
		    "--- hQQySEUXL8pOuIOuw0qXzi66RphDJP9IKMNEChNJIPk\n", "exactly one 32-byte share"},
		{"x25519_not_canonical_share", KIT_ID, "age-encryption.org/v1\n"
		    "-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCd\n" KIT_BODY
		    "--- AO6haEGU6BGJ8Tzeqnr2fSLEo31JrWodGtZuCZmijI8\n", "exactly one 32-byte share"},
		{"x25519_short_share", KIT_ID2, "age-encryption.org/v1\n"
		    "-> X25519 l7o4oTX9X5E3/KODa/7CQ0CrA9fKMWsm9IJjYzSlJg\n"
		    "yUGP5aPob6YJ+vzRfBtDT9D1K/wmyheZE/Xl/mDSKA4\n"
		    "--- Zn1/VRtHpD93HtIXSv1S++POXeKcQF7w1+hpXhMiAbk\n", "exactly one 32-byte share"},
		{"hmac_not_canonical", KIT_ID2, "age-encryption.org/v1\n" KIT_SHARE
		    "hjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n"
		    "--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNh\n", "MAC line"},
		{"stanza_missing_final_line", KIT_ID, "age-encryption.org/v1\n" KIT_SHARE KIT_BODY
		    "-> stanza\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
		    "--- GRjUy1ShNhFoV3cQikdtUZqDeDEZSrbtNXUgDtDbwC8\n", "not canonical base64"},
		{"stanza_long_line", KIT_ID, "age-encryption.org/v1\n" KIT_SHARE KIT_BODY
		    "-> stanza\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n\n"
		    "--- tnRUR2vmmU92czsjnioF5ujgXUetUhzUoQPPGT9wmug\n", "longer than 64 columns"},
		/* expect: no match */
		{"x25519_lowercase", KIT_ID, "age-encryption.org/v1\n"
		    "-> x25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n" KIT_BODY
		    "--- SwXKO3dXLh9l5QiSgMWgPhCkwstT8oB4jLDv7aBgC+c\n", "not encrypted to any identity"},
		{"x25519_bad_tag", KIT_ID, "age-encryption.org/v1\n" KIT_SHARE
		    "EmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw0o\n"
		    "--- tG0k9bg4iIuBdMWb13n7FFYDzoBbtsLppNLhbh22aKg\n", "not encrypted to any identity"},
	};
	char *idf = path(f, "kit.txt");
	unsigned char garbage[64];
	memset(garbage, 0x5a, sizeof garbage);
	for (size_t i = 0; i < sizeof kits / sizeof kits[0]; i++) {
		char *text = kolb_xasprintf("# testkit %s\n%s\n", kits[i].name, kits[i].identity);
		tu_write(idf, text);
		free(text);
		char *v;
		kit_file(f, kits[i].header, garbage, sizeof garbage, &v);
		print_message("testkit %s\n", kits[i].name);
		/* A header that passes fails only at the (garbage) payload. */
		expect_fail_with(f, v, idf, kits[i].outcome ? kits[i].outcome :
		    "chunk 1 of the encrypted data fails authentication");
		free(v);
		if (kits[i].outcome != NULL)
			continue;
		/* With a real payload sealed under the testkit's file key, it decrypts. */
		static const char msg[] = "Bài học hôm nay: rửa tay sạch sẽ.\n";
		unsigned char payload[16 + sizeof msg - 1 + 16], key[32], cn[12] = {0};
		memcpy(payload, "nonce-of-16-byte", 16);
		age_hkdf_sha256(key, 32, (const unsigned char *)KIT_FILE_KEY, 16, payload, 16,
		    (const unsigned char *)"payload", 7);
		cn[11] = 1;
		crypto_aead_chacha20poly1305_ietf_encrypt(payload + 16, NULL,
		    (const unsigned char *)msg, sizeof msg - 1, NULL, 0, NULL, cn, key);
		kit_file(f, kits[i].header, payload, sizeof payload, &v);
		struct kolb_err err;
		if (age_decrypt_file(v, f->out, idf, &err) != 0)
			fail_msg("testkit %s: %s", kits[i].name, err.msg);
		assert_file_equals(f->out, (const unsigned char *)msg, sizeof msg - 1);
		unlink(f->out);
		free(v);
	}
	free(idf);
}

/* ---- hostile headers of our own ---- */

static void
test_hostile_headers(void **state)
{
	struct fx *f = *state;
	char *idf = path(f, "kit.txt");
	tu_write(idf, KIT_ID "\n");
	unsigned char b31[31] = {1}, b48[48] = {2};
	char b64_31[64], b64_48[80];
	sodium_bin2base64(b64_31, sizeof b64_31, b31, sizeof b31,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	sodium_bin2base64(b64_48, sizeof b64_48, b48, sizeof b48,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	char *short_body = kolb_xasprintf("age-encryption.org/v1\n" KIT_SHARE "%s\n--- %043d\n",
	    b64_31, 0);
	char *long_body = kolb_xasprintf("age-encryption.org/v1\n" KIT_SHARE "%s\n\n--- %043d\n",
	    b64_48, 0);
	char long_line[6000];
	snprintf(long_line, sizeof long_line, "age-encryption.org/v1\n-> grease %05000d\n\n", 0);
	const struct {
		const char *text, *want;
	} cases[] = {
		{"", "not an age file"},
		{"hello\n", "not an age file"},
		{"\nage-encryption.org/v1\n", "not an age file"},
		{"age-encryption.org/v1", "not an age file"},
		{"age-encryption.org/v2\n-> X25519 x\n", "age format version"},
		{"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n",
		    "ASCII-armored"},
		{"age-encryption.org/v1\r\n" KIT_SHARE KIT_BODY, "CR LF"},
		{"age-encryption.org/v1\n-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\r\n"
		    KIT_BODY, "invalid character"},
		{"age-encryption.org/v1\n" KIT_SHARE "EmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw7U\r\n",
		    "not canonical base64"},
		{"age-encryption.org/v1\n-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc=\n"
		    KIT_BODY, "exactly one 32-byte share"},
		{"age-encryption.org/v1\n-> X25519\n" KIT_BODY, "exactly one 32-byte share"},
		{"age-encryption.org/v1\n->  X25519\n\n", "empty argument"},
		{"age-encryption.org/v1\n->X25519 abc\n\n", "does not start with"},
		{"age-encryption.org/v1\n->\n\n", "no type"},
		{"age-encryption.org/v1\n-> X25519 caf\xc3\xa9\n\n", "invalid character"},
		{"age-encryption.org/v1\n-> grease\n\n" "--- \n", "MAC line"},
		{"age-encryption.org/v1\n" KIT_SHARE KIT_BODY "---\n", "MAC line"},
		{"age-encryption.org/v1\n" KIT_SHARE KIT_BODY
		    "--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0 \n", "MAC line"},
		{"age-encryption.org/v1\n" KIT_SHARE KIT_BODY
		    "---  Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n", "MAC line"},
		{"age-encryption.org/v1\n" KIT_SHARE KIT_BODY
		    "--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0=\n", "MAC line"},
		{"age-encryption.org/v1\n" KIT_SHARE KIT_BODY "hello\n", "neither a stanza"},
		{"age-encryption.org/v1\n" KIT_SHARE KIT_BODY, "ends inside the age header"},
		{"age-encryption.org/v1\n" KIT_SHARE, "ends inside the age header"},
		{"age-encryption.org/v1\n--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n",
		    "no recipient stanza"},
		{short_body, "body is not 32 bytes"},
		{long_body, "body is not 32 bytes"},
		{long_line, "too long"},
		/* Only unknown stanzas: skipped, so nothing matches. */
		{"age-encryption.org/v1\n-> ssh-ed25519 abc def\nAAAA\n"
		    "--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n", "not encrypted to any identity"},
		/* A passphrase file. */
		{"age-encryption.org/v1\n-> scrypt c2FsdHNhbHRzYWx0c2FsdA 18\n" KIT_BODY
		    "--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n", "passphrase"},
		/* A malformed X25519 stanza after one that matches is still refused. */
		{"age-encryption.org/v1\n" KIT_SHARE KIT_BODY "-> X25519 abc\n\n" "--- x\n",
		    "exactly one 32-byte share"},
		/* The NUL byte in a line. */
		{"age-encryption.org/v1\n-> gre\001ase\n\n", "invalid character"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *v;
		unsigned char tail[64];
		memset(tail, 0, sizeof tail);
		print_message("hostile header %zu\n", i);
		kit_file(f, cases[i].text, tail, strlen(cases[i].text) ? sizeof tail : 0, &v);
		expect_fail_with(f, v, idf, cases[i].want);
		free(v);
	}
	/* A header over 1 MiB of stanzas. */
	struct kolb_err err;
	char *big = path(f, "big.age");
	FILE *fp = fopen(big, "wb");
	fputs("age-encryption.org/v1\n", fp);
	for (int i = 0; i < 60000; i++)
		fputs("-> grease 0123456789\n\n", fp);
	fclose(fp);
	expect_fail_with(f, big, idf, "larger than 1 MiB");
	/* A NUL in the first line. */
	write_bytes(big, "age-encryption.org/v1\0\n", 23);
	expect_fail_with(f, big, idf, "not an age file");
	/* Missing input. */
	char *missing = path(f, "missing.age");
	assert_int_equal(age_decrypt_file(missing, f->out, idf, &err), -1);
	assert_non_null(strstr(err.msg, "missing.age"));
	assert_int_equal(tu_count(f->outdir), 0);
	free(missing);
	free(big);
	free(short_body);
	free(long_body);
	free(idf);
}

/* ---- identity files ---- */

static void
test_identity_files(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	char *plain = path(f, "p"), *cipher = path(f, "p.age"), *idf = path(f, "ids.txt");
	static const char msg[] = "Kế hoạch hành động: em sẽ dạy em gái rửa tay.\n";
	tu_write(plain, msg);
	assert_int_equal(age_encrypt_file(plain, cipher, f->rec, &err), 0);
	/* Comments, blank lines, CRLF, spaces, another identity first. */
	char *text = kolb_xasprintf("# office keys\r\n\r\n  %s  \r\n# the right one:\r\n%s\r\n",
	    KIT_ID, f->id);
	tu_write(idf, text);
	free(text);
	if (age_decrypt_file(cipher, f->out, idf, &err) != 0)
		fail_msg("%s", err.msg);
	assert_file_equals(f->out, (const unsigned char *)msg, strlen(msg));
	unlink(f->out);
	/* Many identities, the right one last. */
	FILE *fp = fopen(idf, "w");
	for (int i = 0; i < 9; i++) {
		char id[100], rec[100];
		assert_int_equal(age_keygen(id, sizeof id, rec, sizeof rec, &err), 0);
		fprintf(fp, "# public key: %s\n%s\n", rec, id);
	}
	fprintf(fp, "%s\n", f->id);
	fclose(fp);
	if (age_decrypt_file(cipher, f->out, idf, &err) != 0)
		fail_msg("%s", err.msg);
	unlink(f->out);
	/* A file that is not only identities, with the line number. */
	text = kolb_xasprintf("# keys\n%s\nage1notakey\n", f->id);
	tu_write(idf, text);
	free(text);
	expect_fail_with(f, cipher, idf, "line 3: not an age identity");
	tu_write(idf, "AGE-PLUGIN-YUBIKEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQ\n");
	expect_fail_with(f, cipher, idf, "plugin identities are not supported");
	tu_write(idf, "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n");
	expect_fail_with(f, cipher, idf, "SSH");
	tu_write(idf, "# nothing here\n\n");
	expect_fail_with(f, cipher, idf, "no age identity");
	tu_write(idf, "");
	expect_fail_with(f, cipher, idf, "no age identity");
	/* The identity file encrypted itself (age -p key.txt > key.txt.age). */
	expect_fail_with(f, cipher, cipher, "itself encrypted");
	write_bytes(idf, "AGE\0", 4);
	expect_fail_with(f, cipher, idf, "binary");
	char *missing = path(f, "nope.txt");
	expect_fail_with(f, cipher, missing, "nope.txt");
	free(missing);
	free(plain);
	free(cipher);
	free(idf);
}

/* ---- failures while writing, bad arguments ---- */

static void
test_write_failures_leave_nothing(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	char *cipher;
	unsigned char *data = encrypt_sized(f, 200 * 1024, "data", &cipher);
	static const struct {
		const char *point;
		int nth;
	} faults[] = {{"age.write", 1}, {"age.write", 3}, {"age.before-rename", 1}};
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
		fault_set(faults[i].point, faults[i].nth);
		assert_int_equal(age_decrypt_file(cipher, f->out, f->idfile, &err), -1);
		assert_non_null(strstr(err.msg, "cannot write"));
		assert_int_equal(tu_count(f->outdir), 0);
		/* Encrypting into the output folder fails the same way. */
		char *enc = kolb_xasprintf("%s/x.age", f->outdir);
		char *plain = path(f, "data");
		fault_set(faults[i].point, faults[i].nth);
		assert_int_equal(age_encrypt_file(plain, enc, f->rec, &err), -1);
		assert_non_null(strstr(err.msg, "cannot write"));
		assert_int_equal(tu_count(f->outdir), 0);
		free(enc);
		free(plain);
	}
	fault_set(NULL, 0);
	/* An existing output file survives a failed decryption untouched. */
	tu_write(f->out, "keep me");
	size_t len;
	unsigned char *c = read_bytes(cipher, &len);
	char *t = variant(f, "t.age", c, len - 5);
	assert_int_equal(age_decrypt_file(t, f->out, f->idfile, &err), -1);
	assert_file_equals(f->out, (const unsigned char *)"keep me", 7);
	assert_int_equal(tu_count(f->outdir), 1);
	/* A folder that does not exist. */
	char *nowhere = path(f, "no/such/folder/out");
	assert_int_equal(age_decrypt_file(cipher, nowhere, f->idfile, &err), -1);
	assert_non_null(strstr(err.msg, "cannot write"));
	free(nowhere);
	free(t);
	free(c);
	free(cipher);
	free(data);
}

static void
test_encrypt_refuses_bad_recipients(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	char *plain = path(f, "p"), *out = kolb_xasprintf("%s/p.age", f->outdir);
	tu_write(plain, "x");
	char upper[100], flipped[100], zero[100];
	snprintf(upper, sizeof upper, "%s", f->rec);
	for (char *c = upper; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	snprintf(flipped, sizeof flipped, "%s", f->rec);
	flipped[10] = flipped[10] == 'q' ? 'p' : 'q';
	unsigned char zeros[32] = {0};
	assert_int_equal(age_bech32_encode(zero, sizeof zero, "age", zeros, 32), 0);
	const char *bad[] = {"", "age1", upper, flipped, f->id, "ssh-ed25519 AAAA", "age1qqqq"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(age_encrypt_file(plain, out, bad[i], &err), -1);
		assert_non_null(strstr(err.msg, "not an age X25519 recipient"));
	}
	/* The all-zero point is a valid encoding but no usable key. */
	assert_int_equal(age_encrypt_file(plain, out, zero, &err), -1);
	assert_non_null(strstr(err.msg, "not a usable X25519 public key"));
	char *missing = path(f, "missing");
	assert_int_equal(age_encrypt_file(missing, out, f->rec, &err), -1);
	assert_non_null(strstr(err.msg, "missing"));
	assert_int_equal(tu_count(f->outdir), 0);
	assert_false(age_is_encrypted(missing));
	assert_false(age_is_encrypted(plain));
	free(missing);
	free(plain);
	free(out);
}

/* ---- interoperability with the real age ---- */

static int
have_age(void)
{
	return access(AGE_BIN, X_OK) == 0 && access(AGE_KEYGEN_BIN, X_OK) == 0;
}

static int
sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int
sh(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *cmd = NULL;
	assert_true(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	int st = system(cmd);
	free(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The "# public key: " line of an age-keygen file. */
static void
public_key_of(const char *keyfile, char rec[100])
{
	FILE *fp = fopen(keyfile, "r");
	assert_non_null(fp);
	char line[256];
	rec[0] = '\0';
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "# public key: %99s", rec) == 1)
			break;
	fclose(fp);
	assert_int_equal(strlen(rec), AGE_RECIPIENT_LEN);
}

static void
test_interop_kolb_to_age(void **state)
{
	struct fx *f = *state;
	if (!have_age())
		skip();
	struct kolb_err err;
	char *key = path(f, "k.txt");
	assert_int_equal(sh("%s -o '%s' 2>/dev/null", AGE_KEYGEN_BIN, key), 0);
	char rec[100];
	public_key_of(key, rec);
	static const size_t sizes[] = {0, 1, CHUNK, CHUNK + 1, 200 * 1024 + 1};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *plain = path(f, "p"), *cipher = path(f, "p.age"), *back = path(f, "back");
		unsigned char *data = content(sizes[i], (unsigned char)i);
		write_bytes(plain, data, sizes[i]);
		if (age_encrypt_file(plain, cipher, rec, &err) != 0)
			fail_msg("%s", err.msg);
		/* (age -o creates no file for an empty output: redirect instead) */
		if (sh("%s -d -i '%s' '%s' > '%s'", AGE_BIN, key, cipher, back) != 0)
			fail_msg("age -d failed on kolb's file of %zu bytes", sizes[i]);
		assert_file_equals(back, data, sizes[i]);
		free(data);
		free(plain);
		free(cipher);
		free(back);
	}
	/* A file kolb wrote for someone else: age refuses it. */
	char *plain = path(f, "p"), *cipher = path(f, "other.age"), *back = path(f, "back2");
	assert_int_equal(age_encrypt_file(plain, cipher, f->rec, &err), 0);
	assert_int_not_equal(sh("%s -d -i '%s' -o '%s' '%s' 2>/dev/null", AGE_BIN, key, back,
	    cipher), 0);
	assert_int_equal(access(back, F_OK), -1);
	/* age-keygen's identity file, with its comments, works for kolb too. */
	assert_int_equal(age_encrypt_file(plain, cipher, rec, &err), 0);
	if (age_decrypt_file(cipher, f->out, key, &err) != 0)
		fail_msg("%s", err.msg);
	/* kolb's identity file works for age, and age derives the same recipient. */
	assert_int_equal(sh("%s -d -i '%s' -o '%s' '%s' 2>/dev/null", AGE_BIN, f->idfile, back,
	    cipher), 1); /* encrypted to rec, not to f->rec */
	assert_int_equal(age_encrypt_file(plain, cipher, f->rec, &err), 0);
	assert_int_equal(sh("%s -d -i '%s' -o '%s' '%s'", AGE_BIN, f->idfile, back, cipher), 0);
	char *y = path(f, "y.txt");
	assert_int_equal(sh("%s -y '%s' > '%s'", AGE_KEYGEN_BIN, f->idfile, y), 0);
	char line[200] = "";
	FILE *fp = fopen(y, "r");
	assert_non_null(fgets(line, sizeof line, fp));
	fclose(fp);
	line[strcspn(line, "\n")] = '\0';
	assert_string_equal(line, f->rec);
	free(y);
	free(plain);
	free(cipher);
	free(back);
	free(key);
}

static void
test_interop_age_to_kolb(void **state)
{
	struct fx *f = *state;
	if (!have_age())
		skip();
	struct kolb_err err;
	static const size_t sizes[] = {0, 1, CHUNK, CHUNK + 1, 200 * 1024};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *plain = path(f, "p"), *cipher = path(f, "p.age");
		unsigned char *data = content(sizes[i], (unsigned char)(i + 50));
		write_bytes(plain, data, sizes[i]);
		assert_int_equal(sh("%s -r %s -o '%s' '%s'", AGE_BIN, f->rec, cipher, plain), 0);
		if (age_decrypt_file(cipher, f->out, f->idfile, &err) != 0)
			fail_msg("size %zu: %s", sizes[i], err.msg);
		assert_file_equals(f->out, data, sizes[i]);
		unlink(f->out);
		free(data);
		free(plain);
		free(cipher);
	}
	/* Several recipients, ours second. */
	char *plain = path(f, "p"), *cipher = path(f, "p.age");
	assert_int_equal(sh("%s -r %s -r %s -o '%s' '%s'", AGE_BIN, KIT_REC, f->rec, cipher, plain),
	    0);
	if (age_decrypt_file(cipher, f->out, f->idfile, &err) != 0)
		fail_msg("%s", err.msg);
	unlink(f->out);
	/* Not for us. */
	assert_int_equal(sh("%s -r %s -o '%s' '%s'", AGE_BIN, KIT_REC, cipher, plain), 0);
	expect_fail(f, cipher, "not encrypted to any identity");
	/* Armored output is refused with a clear message. */
	assert_int_equal(sh("%s -a -r %s -o '%s' '%s'", AGE_BIN, f->rec, cipher, plain), 0);
	expect_fail(f, cipher, "ASCII-armored");
	assert_true(age_is_encrypted(cipher));
	free(plain);
	free(cipher);
}

int
main(void)
{
	setlocale(LC_ALL, "");
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_hkdf_rfc5869),
		T(test_bech32_bip173_valid),
		T(test_bech32_bip173_invalid),
		T(test_keys),
		T(test_round_trip_sizes),
		T(test_encryption_is_randomised),
		T(test_damage_detected),
		T(test_full_last_chunk),
		T(test_empty_last_chunk),
		T(test_testkit_headers),
		T(test_hostile_headers),
		T(test_identity_files),
		T(test_write_failures_leave_nothing),
		T(test_encrypt_refuses_bad_recipients),
		T(test_interop_kolb_to_age),
		T(test_interop_age_to_kolb),
	};
	return cmocka_run_group_tests_name("age", tests, NULL, NULL);
}
