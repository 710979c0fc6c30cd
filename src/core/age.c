/*
 * The age v1 file format for X25519 recipients (see age.h and
 * https://age-encryption.org/v1), on libsodium:
 *
 *   age-encryption.org/v1
 *   -> X25519 BASE64(ephemeral share)
 *   BASE64(ChaCha20-Poly1305(wrap key, file key)), wrapped at 64 columns
 *   --- BASE64(HMAC-SHA256(HKDF(file key, "", "header"), header up to "---"))
 *   16-byte nonce, then 64 KiB chunks sealed under HKDF(file key, nonce, "payload")
 *
 * Base64 is the standard alphabet without padding, decoded strictly (canonical,
 * no padding, nothing ignored). Decryption treats the file as hostile: bounded
 * header lines and size, the MAC checked before the payload is touched, every
 * chunk authenticated, output to a temporary file renamed only at the end.
 */
#include "age.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"
#include "fsutil.h"

#define AGE_VERSION_LINE "age-encryption.org/v1"
#define AGE_X25519_LABEL "age-encryption.org/v1/X25519"
#define AGE_B64 sodium_base64_VARIANT_ORIGINAL_NO_PADDING
#define AGE_KEY 32                /* X25519 keys, HKDF outputs, ChaCha20 keys */
#define AGE_FILE_KEY 16
#define AGE_NONCE 16              /* payload nonce */
#define AGE_TAG crypto_aead_chacha20poly1305_ietf_ABYTES
#define AGE_CHUNK 65536
#define AGE_ENC_CHUNK (AGE_CHUNK + AGE_TAG)
#define AGE_COLUMNS 64            /* base64 characters per stanza body line */
#define AGE_LINE_MAX 4096         /* one header line, without its newline */
#define AGE_HEADER_MAX (1024 * 1024)
#define AGE_IDFILE_MAX (1024 * 1024)
#define AGE_B64_KEY_LEN 43        /* base64 of 32 bytes, unpadded */
#define AGE_BECH32_MAX 90

/* ---- HKDF-SHA256 (RFC 5869) ---- */

int
age_hkdf_sha256(unsigned char *out, size_t outlen, const unsigned char *ikm, size_t ikmlen,
    const unsigned char *salt, size_t saltlen, const unsigned char *info, size_t infolen)
{
	static const unsigned char none[1];
	if (outlen > 255 * crypto_auth_hmacsha256_BYTES)
		return -1;
	unsigned char prk[crypto_auth_hmacsha256_BYTES], t[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	/* Extract: an empty salt is HashLen zero bytes, which HMAC pads the same way. */
	crypto_auth_hmacsha256_init(&st, saltlen ? salt : none, saltlen);
	crypto_auth_hmacsha256_update(&st, ikmlen ? ikm : none, ikmlen);
	crypto_auth_hmacsha256_final(&st, prk);
	/* Expand: T(i) = HMAC(PRK, T(i-1) || info || i). */
	size_t done = 0, tlen = 0;
	unsigned char counter = 1;
	while (done < outlen) {
		crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
		crypto_auth_hmacsha256_update(&st, t, tlen);
		crypto_auth_hmacsha256_update(&st, infolen ? info : none, infolen);
		crypto_auth_hmacsha256_update(&st, &counter, 1);
		crypto_auth_hmacsha256_final(&st, t);
		tlen = sizeof t;
		size_t k = outlen - done < sizeof t ? outlen - done : sizeof t;
		memcpy(out + done, t, k);
		done += k;
		counter++;
	}
	sodium_memzero(prk, sizeof prk);
	sodium_memzero(t, sizeof t);
	sodium_memzero(&st, sizeof st);
	return 0;
}

/* HKDF with a string label as info. */
static void
age_hkdf(unsigned char out[AGE_KEY], const unsigned char *ikm, size_t ikmlen,
    const unsigned char *salt, size_t saltlen, const char *label)
{
	age_hkdf_sha256(out, AGE_KEY, ikm, ikmlen, salt, saltlen, (const unsigned char *)label,
	    strlen(label));
}

/* ---- Bech32 (BIP 173) ---- */

static const char age_bech32_charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* One step of the BCH checksum over a 5-bit value. */
static uint32_t
age_bech32_step(uint32_t chk, unsigned v)
{
	static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd,
	    0x2a1462b3};
	uint32_t top = chk >> 25;
	chk = ((chk & 0x1ffffff) << 5) ^ v;
	for (int i = 0; i < 5; i++)
		if ((top >> i) & 1)
			chk ^= gen[i];
	return chk;
}

/* The checksum state after the expanded lower-case hrp. */
static uint32_t
age_bech32_hrp(const char *hrp, size_t n)
{
	uint32_t chk = 1;
	for (size_t i = 0; i < n; i++)
		chk = age_bech32_step(chk, (unsigned char)hrp[i] >> 5);
	chk = age_bech32_step(chk, 0);
	for (size_t i = 0; i < n; i++)
		chk = age_bech32_step(chk, (unsigned char)hrp[i] & 31);
	return chk;
}

static char
age_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char
age_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

int
age_bech32_encode(char *out, size_t outsz, const char *hrp, const unsigned char *data,
    size_t len)
{
	size_t hlen = strlen(hrp);
	bool lower = false, upper = false;
	if (hlen == 0)
		return -1;
	for (size_t i = 0; i < hlen; i++) {
		unsigned char c = (unsigned char)hrp[i];
		if (c < 33 || c > 126)
			return -1;
		lower |= c >= 'a' && c <= 'z';
		upper |= c >= 'A' && c <= 'Z';
	}
	if (lower && upper)
		return -1;
	size_t nvalues = (len * 8 + 4) / 5;
	size_t total = hlen + 1 + nvalues + 6;
	if (total > AGE_BECH32_MAX || total + 1 > outsz)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < hlen; i++)
		out[o++] = age_lower(hrp[i]);
	uint32_t chk = age_bech32_hrp(out, hlen);
	out[o++] = '1';
	uint32_t acc = 0;
	unsigned bits = 0;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | data[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			unsigned v = (acc >> bits) & 31;
			chk = age_bech32_step(chk, v);
			out[o++] = age_bech32_charset[v];
		}
	}
	if (bits > 0) {
		unsigned v = (acc << (5 - bits)) & 31;
		chk = age_bech32_step(chk, v);
		out[o++] = age_bech32_charset[v];
	}
	for (int i = 0; i < 6; i++)
		chk = age_bech32_step(chk, 0);
	chk ^= 1;
	for (int i = 0; i < 6; i++)
		out[o++] = age_bech32_charset[(chk >> (5 * (5 - i))) & 31];
	out[o] = '\0';
	if (upper)
		for (size_t i = 0; i < o; i++)
			out[i] = age_upper(out[i]);
	return 0;
}

int
age_bech32_decode(const char *s, char *hrp, size_t hrpsz, unsigned char *data, size_t datasz,
    size_t *len)
{
	size_t n = strlen(s);
	bool lower = false, upper = false;
	if (n > AGE_BECH32_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 33 || c > 126)
			return -1;
		lower |= c >= 'a' && c <= 'z';
		upper |= c >= 'A' && c <= 'Z';
	}
	if (lower && upper)
		return -1;
	const char *sep = strrchr(s, '1');
	if (sep == NULL || sep == s || (size_t)(sep - s) + 7 > n)
		return -1;
	size_t hlen = (size_t)(sep - s);
	if (hlen + 1 > hrpsz)
		return -1;
	for (size_t i = 0; i < hlen; i++)
		hrp[i] = age_lower(s[i]);
	hrp[hlen] = '\0';
	uint32_t chk = age_bech32_hrp(hrp, hlen);
	const char *d = sep + 1;
	size_t nd = n - hlen - 1;
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < nd; i++) {
		const char *at = strchr(age_bech32_charset, age_lower(d[i]));
		if (at == NULL || *at == '\0')
			return -1;
		unsigned v = (unsigned)(at - age_bech32_charset);
		chk = age_bech32_step(chk, v);
		if (i >= nd - 6)
			continue; /* the checksum */
		acc = ((acc << 5) | v) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o >= datasz)
				return -1;
			data[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (chk != 1)
		return -1;
	/* Padding: fewer than 5 bits, all zero. */
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0)
		return -1;
	*len = o;
	return 0;
}

/* ---- keys ---- */

/* The scalar of "AGE-SECRET-KEY-1..." (upper case, as age writes and requires). */
static int
age_parse_identity(const char *s, unsigned char sk[AGE_KEY])
{
	char hrp[32];
	unsigned char data[64];
	size_t n = 0;
	int rc = -1;
	if (age_bech32_decode(s, hrp, sizeof hrp, data, sizeof data, &n) == 0 &&
	    strcmp(hrp, "age-secret-key-") == 0 && n == AGE_KEY && s[0] == 'A') {
		memcpy(sk, data, AGE_KEY);
		rc = 0;
	}
	sodium_memzero(data, sizeof data);
	return rc;
}

/* The X25519 public key of "age1..." (lower case, as age requires). */
static int
age_parse_recipient(const char *s, unsigned char pk[AGE_KEY])
{
	char hrp[32];
	unsigned char data[64];
	size_t n = 0;
	if (age_bech32_decode(s, hrp, sizeof hrp, data, sizeof data, &n) != 0 ||
	    strcmp(hrp, "age") != 0 || n != AGE_KEY || s[0] != 'a')
		return -1;
	memcpy(pk, data, AGE_KEY);
	return 0;
}

int
age_keygen(char *identity, size_t idsz, char *recipient, size_t recsz, struct kolb_err *err)
{
	unsigned char sk[AGE_KEY], pk[AGE_KEY];
	if (idsz < AGE_IDENTITY_LEN + 1 || recsz < AGE_RECIPIENT_LEN + 1)
		return kolb_err_set(err, _("age key generation: buffer too small"));
	randombytes_buf(sk, sizeof sk);
	int rc = 0;
	if (crypto_scalarmult_base(pk, sk) != 0 ||
	    age_bech32_encode(identity, idsz, "AGE-SECRET-KEY-", sk, sizeof sk) != 0 ||
	    age_bech32_encode(recipient, recsz, "age", pk, sizeof pk) != 0)
		rc = kolb_err_set(err, _("cannot generate an age key"));
	sodium_memzero(sk, sizeof sk);
	return rc;
}

int
age_recipient_of(const char *identity, char *recipient, size_t recsz, struct kolb_err *err)
{
	unsigned char sk[AGE_KEY], pk[AGE_KEY];
	if (age_parse_identity(identity, sk) != 0)
		return kolb_err_set(err, _("not an age identity (AGE-SECRET-KEY-1...)"));
	int rc = 0;
	if (crypto_scalarmult_base(pk, sk) != 0 ||
	    age_bech32_encode(recipient, recsz, "age", pk, sizeof pk) != 0)
		rc = kolb_err_set(err, _("cannot compute the recipient of an age identity"));
	sodium_memzero(sk, sizeof sk);
	return rc;
}

/* ---- small buffers, base64, output files ---- */

struct age_buf {
	unsigned char *p;
	size_t len, cap;
};

static void
age_buf_add(struct age_buf *b, const void *data, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n)
			cap *= 2;
		b->p = kolb_xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void
age_buf_str(struct age_buf *b, const char *s)
{
	age_buf_add(b, s, strlen(s));
}

/* Unpadded standard base64 of bin. Caller frees. */
static char *
age_b64(const unsigned char *bin, size_t len)
{
	size_t sz = sodium_base64_encoded_len(len, AGE_B64);
	char *s = kolb_xmalloc(sz);
	sodium_bin2base64(s, sz, bin, len, AGE_B64);
	return s;
}

/* Strict decode of s[0..slen): canonical, unpadded, nothing else allowed. */
static int
age_unb64(const char *s, size_t slen, unsigned char *bin, size_t binsz, size_t *len)
{
	return sodium_base642bin(bin, binsz, s, slen, NULL, len, NULL, AGE_B64);
}

/* A new temporary file next to path, mode 0600. */
static int
age_tmp_open(const char *path, char **tmp, FILE **f, struct kolb_err *err)
{
	*tmp = kolb_xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd < 0) {
		kolb_err_set(err, _("cannot write %s: %s"), path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	*f = fdopen(fd, "wb");
	if (*f == NULL) {
		kolb_err_set(err, _("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	return 0;
}

static int
age_write(FILE *f, const void *p, size_t n, const char *path, struct kolb_err *err)
{
	if (fault_hit("age.write")) {
		errno = ENOSPC;
		return kolb_err_set(err, _("cannot write %s: %s"), path, strerror(errno));
	}
	if (n > 0 && fwrite(p, 1, n, f) != n)
		return kolb_err_set(err, _("cannot write %s: %s"), path, strerror(errno));
	return 0;
}

/* Flush and close *f, then rename tmp to path. *f is closed whatever happens. */
static int
age_tmp_commit(FILE **f, const char *tmp, const char *path, struct kolb_err *err)
{
	int e = 0;
	if (fflush(*f) != 0 || fsync(fileno(*f)) != 0)
		e = errno;
	if (fclose(*f) != 0 && e == 0)
		e = errno;
	*f = NULL;
	if (e != 0)
		return kolb_err_set(err, _("cannot write %s: %s"), path, strerror(e));
	if (fault_hit("age.before-rename"))
		return kolb_err_set(err, _("cannot write %s: %s"), path, strerror(EIO));
	if (rename(tmp, path) != 0)
		return kolb_err_set(err, _("cannot write %s: %s"), path, strerror(errno));
	char *dir = kolb_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		fs_fsync_dir(slash == dir ? "/" : dir, NULL);
	} else {
		fs_fsync_dir(".", NULL);
	}
	free(dir);
	return 0;
}

/* Read up to want bytes; short only at end of file. Sets *eof when the next read
 * would return nothing (peeks one byte after a full read). -1 on a read error. */
static int
age_read_chunk(FILE *f, unsigned char *buf, size_t want, size_t *got, bool *eof)
{
	*got = fread(buf, 1, want, f);
	if (ferror(f))
		return -1;
	if (*got < want) {
		*eof = true;
		return 0;
	}
	int c = getc(f);
	if (c == EOF) {
		if (ferror(f))
			return -1;
		*eof = true;
	} else {
		ungetc(c, f);
		*eof = false;
	}
	return 0;
}

/* The 12-byte payload nonce: 11-byte big-endian counter, then the last-chunk flag. */
static void
age_chunk_nonce(unsigned char nonce[12], uint64_t counter, bool last)
{
	memset(nonce, 0, 12);
	for (int i = 0; i < 8; i++)
		nonce[10 - i] = (unsigned char)(counter >> (8 * i));
	nonce[11] = last ? 1 : 0;
}

/* ---- encryption ---- */

int
age_encrypt_file(const char *in_path, const char *out_path, const char *recipient,
    struct kolb_err *err)
{
	static const unsigned char zero_nonce[12];
	unsigned char pk[AGE_KEY], eph[AGE_KEY], share[AGE_KEY], shared[AGE_KEY];
	unsigned char salt[2 * AGE_KEY], key[AGE_KEY], file_key[AGE_FILE_KEY];
	unsigned char body[AGE_FILE_KEY + AGE_TAG], mac[crypto_auth_hmacsha256_BYTES];
	unsigned char nonce[AGE_NONCE], cn[12];
	struct age_buf hdr = {0};
	unsigned char *plain = NULL, *sealed = NULL;
	char *tmp = NULL;
	FILE *in = NULL, *out = NULL;
	int rc = -1;

	if (age_parse_recipient(recipient, pk) != 0)
		return kolb_err_set(err, _("\"%s\" is not an age X25519 recipient (age1...)"),
		    recipient);
	in = fopen(in_path, "rb");
	if (in == NULL)
		return kolb_err_set(err, "%s: %s", in_path, strerror(errno));

	/* The X25519 stanza wraps a fresh file key for the recipient. */
	randombytes_buf(file_key, sizeof file_key);
	randombytes_buf(eph, sizeof eph);
	if (crypto_scalarmult_base(share, eph) != 0 || crypto_scalarmult(shared, eph, pk) != 0) {
		kolb_err_set(err, _("\"%s\" is not a usable X25519 public key"), recipient);
		goto done;
	}
	memcpy(salt, share, AGE_KEY);
	memcpy(salt + AGE_KEY, pk, AGE_KEY);
	age_hkdf(key, shared, sizeof shared, salt, sizeof salt, AGE_X25519_LABEL);
	crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, file_key, sizeof file_key, NULL, 0,
	    NULL, zero_nonce, key);

	char *b64share = age_b64(share, sizeof share);
	char *b64body = age_b64(body, sizeof body);
	age_buf_str(&hdr, AGE_VERSION_LINE "\n-> X25519 ");
	age_buf_str(&hdr, b64share);
	age_buf_str(&hdr, "\n");
	for (size_t i = 0, n = strlen(b64body);; i += AGE_COLUMNS) {
		size_t k = n - i < AGE_COLUMNS ? n - i : AGE_COLUMNS;
		age_buf_add(&hdr, b64body + i, k);
		age_buf_str(&hdr, "\n");
		if (k < AGE_COLUMNS)
			break; /* a body always ends with a short (maybe empty) line */
	}
	free(b64share);
	free(b64body);
	age_buf_str(&hdr, "---");
	age_hkdf(key, file_key, sizeof file_key, NULL, 0, "header");
	crypto_auth_hmacsha256(mac, hdr.p, hdr.len, key);
	char *b64mac = age_b64(mac, sizeof mac);
	age_buf_str(&hdr, " ");
	age_buf_str(&hdr, b64mac);
	age_buf_str(&hdr, "\n");
	free(b64mac);

	/* The payload: a nonce, then the chunks under the payload key. */
	randombytes_buf(nonce, sizeof nonce);
	age_hkdf(key, file_key, sizeof file_key, nonce, sizeof nonce, "payload");
	if (age_tmp_open(out_path, &tmp, &out, err) != 0)
		goto done;
	if (age_write(out, hdr.p, hdr.len, out_path, err) != 0 ||
	    age_write(out, nonce, sizeof nonce, out_path, err) != 0)
		goto done;
	plain = kolb_xmalloc(AGE_CHUNK);
	sealed = kolb_xmalloc(AGE_ENC_CHUNK);
	for (uint64_t counter = 0;; counter++) {
		size_t n = 0;
		bool last = false;
		if (age_read_chunk(in, plain, AGE_CHUNK, &n, &last) != 0) {
			kolb_err_set(err, _("cannot read %s: %s"), in_path, strerror(errno));
			goto done;
		}
		age_chunk_nonce(cn, counter, last);
		crypto_aead_chacha20poly1305_ietf_encrypt(sealed, NULL, plain, n, NULL, 0, NULL, cn,
		    key);
		if (age_write(out, sealed, n + AGE_TAG, out_path, err) != 0)
			goto done;
		if (last)
			break;
	}
	if (age_tmp_commit(&out, tmp, out_path, err) != 0)
		goto done;
	free(tmp);
	tmp = NULL;
	rc = 0;
done:
	if (out != NULL)
		fclose(out);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	if (in != NULL)
		fclose(in);
	if (plain != NULL) {
		sodium_memzero(plain, AGE_CHUNK);
		free(plain);
	}
	free(sealed);
	free(hdr.p);
	sodium_memzero(eph, sizeof eph);
	sodium_memzero(shared, sizeof shared);
	sodium_memzero(key, sizeof key);
	sodium_memzero(file_key, sizeof file_key);
	return rc;
}

/* ---- identities ---- */

struct age_identity {
	unsigned char sk[AGE_KEY], pk[AGE_KEY];
};

static bool
age_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Parse an identity file (age's format). Caller frees *out after sodium_memzero. */
static int
age_load_identities(const char *path, struct age_identity **out, size_t *count,
    struct kolb_err *err)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return kolb_err_set(err, "%s: %s", path, strerror(errno));
	char *text = kolb_xmalloc(AGE_IDFILE_MAX + 1);
	size_t len = fread(text, 1, AGE_IDFILE_MAX + 1, f);
	int bad_read = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	struct age_identity *ids = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	if (bad_read) {
		rc = kolb_err_set(err, _("cannot read %s: %s"), path, strerror(bad_read));
		goto done;
	}
	if (len > AGE_IDFILE_MAX) {
		rc = kolb_err_set(err, _("%s: too large for an age identity file"), path);
		goto done;
	}
	text[len] = '\0';
	if (strncmp(text, AGE_VERSION_LINE "\n", strlen(AGE_VERSION_LINE) + 1) == 0) {
		rc = kolb_err_set(err, _("%s: the identity file is itself encrypted; decrypt it "
		    "with age first"), path);
		goto done;
	}
	if (memchr(text, '\0', len) != NULL) {
		rc = kolb_err_set(err, _("%s: not an age identity file (binary data)"), path);
		goto done;
	}
	int lineno = 0;
	for (char *line = text, *next; line != NULL && *line != '\0'; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		while (age_space(*line))
			line++;
		size_t l = strlen(line);
		while (l > 0 && age_space(line[l - 1]))
			line[--l] = '\0';
		if (l == 0 || line[0] == '#')
			continue;
		if (strncmp(line, "AGE-PLUGIN-", 11) == 0) {
			rc = kolb_err_set(err, _("%s, line %d: age plugin identities are not "
			    "supported"), path, lineno);
			goto done;
		}
		if (strncmp(line, "-----BEGIN", 10) == 0) {
			rc = kolb_err_set(err, _("%s, line %d: SSH and armored keys are not supported; "
			    "use an age X25519 identity (AGE-SECRET-KEY-1...)"), path, lineno);
			goto done;
		}
		if (n == cap) {
			/* Grow without realloc, which could leave keys behind in freed memory. */
			struct age_identity *more = kolb_xcalloc(cap ? cap * 2 : 4, sizeof *more);
			if (ids != NULL) {
				memcpy(more, ids, cap * sizeof *ids);
				sodium_memzero(ids, cap * sizeof *ids);
				free(ids);
			}
			ids = more;
			cap = cap ? cap * 2 : 4;
		}
		if (age_parse_identity(line, ids[n].sk) != 0) {
			rc = kolb_err_set(err, _("%s, line %d: not an age identity (AGE-SECRET-KEY-1...)"),
			    path, lineno);
			goto done;
		}
		crypto_scalarmult_base(ids[n].pk, ids[n].sk);
		n++;
	}
	if (n == 0)
		rc = kolb_err_set(err, _("%s: no age identity (AGE-SECRET-KEY-1...) in the file"),
		    path);
done:
	sodium_memzero(text, AGE_IDFILE_MAX + 1);
	free(text);
	if (rc != 0) {
		if (ids != NULL)
			sodium_memzero(ids, cap * sizeof *ids);
		free(ids);
		return -1;
	}
	*out = ids;
	*count = n;
	return 0;
}

/* ---- the header of an encrypted file ---- */

struct age_stanza {
	unsigned char share[AGE_KEY];
	unsigned char body[AGE_FILE_KEY + AGE_TAG];
};

struct age_header {
	FILE *f;
	const char *path;
	struct age_buf raw;        /* the header bytes as read, for the MAC */
	char line[AGE_LINE_MAX + 1];
	size_t linelen;
	struct age_stanza *x25519; /* the X25519 stanzas */
	size_t nx, capx;
	size_t nstanzas;
	bool scrypt;
	size_t maclen;             /* bytes of raw covered by the MAC */
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
};

static int
age_malformed(struct age_header *h, struct kolb_err *err, const char *why)
{
	return kolb_err_set(err, _("%s: malformed age header: %s"), h->path, _(why));
}

/* True if s[0..n) is printable ASCII without spaces. */
static bool
age_printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 33 || (unsigned char)s[i] > 126)
			return false;
	return true;
}

/* The next header line, without its newline, into h->line (NUL-terminated; may hold
 * NUL bytes, so use h->linelen). */
static int
age_read_line(struct age_header *h, struct kolb_err *err)
{
	size_t n = 0;
	for (;;) {
		int c = getc(h->f);
		if (c == EOF && ferror(h->f))
			return kolb_err_set(err, _("cannot read %s: %s"), h->path, strerror(errno));
		if (c == '\n')
			break;
		if (c != EOF && n < AGE_LINE_MAX) {
			h->line[n++] = (char)c;
			continue;
		}
		/* The end of the file, or a line too long: the first line decides if this is
		 * an age file at all. */
		if (h->raw.len == 0)
			return kolb_err_set(err, _("%s: not an age file (it does not start with \"%s\")"),
			    h->path, AGE_VERSION_LINE);
		if (c == EOF)
			return kolb_err_set(err, _("%s: the file ends inside the age header "
			    "(truncated)"), h->path);
		return age_malformed(h, err, N_("a line is too long"));
	}
	h->line[n] = '\0';
	h->linelen = n;
	if (h->raw.len + n + 1 > AGE_HEADER_MAX)
		return age_malformed(h, err, N_("the header is larger than 1 MiB"));
	age_buf_add(&h->raw, h->line, n);
	age_buf_add(&h->raw, "\n", 1);
	return 0;
}

/* A stanza: "-> TYPE ARGS..." (already in h->line), then its body lines. */
static int
age_parse_stanza(struct age_header *h, struct kolb_err *err)
{
	const char *p = h->line + 2, *end = h->line + h->linelen;
	const char *type = NULL, *arg = NULL;
	size_t typelen = 0, arglen = 0, argc = 0;
	while (p < end) {
		if (*p != ' ')
			return age_malformed(h, err, N_("a stanza line does not start with \"-> \""));
		const char *a = ++p;
		for (; p < end && *p != ' '; p++)
			if (!age_printable(p, 1))
				return age_malformed(h, err, N_("a stanza argument has an invalid character"));
		if (p == a)
			return age_malformed(h, err, N_("a stanza has an empty argument"));
		if (argc == 0) {
			type = a;
			typelen = (size_t)(p - a);
		} else if (argc == 1) {
			arg = a;
			arglen = (size_t)(p - a);
		}
		argc++;
	}
	if (argc == 0)
		return age_malformed(h, err, N_("a stanza has no type"));
	bool x25519 = typelen == 6 && memcmp(type, "X25519", 6) == 0;
	struct age_stanza st = {0};
	if (typelen == 6 && memcmp(type, "scrypt", 6) == 0)
		h->scrypt = true;
	if (x25519) {
		size_t n = 0;
		if (argc != 2 || arglen != AGE_B64_KEY_LEN ||
		    age_unb64(arg, arglen, st.share, sizeof st.share, &n) != 0 || n != AGE_KEY)
			return age_malformed(h, err, N_("an X25519 stanza does not hold exactly one "
			    "32-byte share"));
	}
	/* The body: full 64-column lines, then one shorter (maybe empty) line. */
	size_t total = 0;
	for (;;) {
		unsigned char bin[AGE_COLUMNS / 4 * 3];
		size_t n = 0;
		if (age_read_line(h, err) != 0)
			return -1;
		if (h->linelen > AGE_COLUMNS)
			return age_malformed(h, err, N_("a stanza body line is longer than 64 columns"));
		if (age_unb64(h->line, h->linelen, bin, sizeof bin, &n) != 0)
			return age_malformed(h, err, N_("a stanza body is not canonical base64 "
			    "without padding"));
		if (x25519 && total + n <= sizeof st.body)
			memcpy(st.body + total, bin, n);
		total += n;
		if (h->linelen < AGE_COLUMNS)
			break;
	}
	h->nstanzas++;
	if (x25519) {
		if (total != sizeof st.body)
			return age_malformed(h, err, N_("an X25519 stanza body is not 32 bytes"));
		if (h->nx == h->capx) {
			h->capx = h->capx ? h->capx * 2 : 4;
			h->x25519 = kolb_xrealloc(h->x25519, h->capx * sizeof *h->x25519);
		}
		h->x25519[h->nx++] = st;
	}
	return 0;
}

static int
age_parse_header(struct age_header *h, struct kolb_err *err)
{
	static const char armor[] = "-----BEGIN AGE ENCRYPTED FILE-----";
	if (age_read_line(h, err) != 0)
		return -1;
	if (h->linelen != strlen(AGE_VERSION_LINE) ||
	    memcmp(h->line, AGE_VERSION_LINE, h->linelen) != 0) {
		if (h->linelen >= strlen(armor) && memcmp(h->line, armor, strlen(armor)) == 0)
			return kolb_err_set(err, _("%s: ASCII-armored age files (age -a) are not "
			    "supported; encrypt without -a"), h->path);
		if (h->linelen == strlen(AGE_VERSION_LINE) + 1 &&
		    memcmp(h->line, AGE_VERSION_LINE "\r", h->linelen) == 0)
			return age_malformed(h, err, N_("its lines end in CR LF: the file was changed "
			    "on the way (copied as text?)"));
		if (h->linelen > 20 && memcmp(h->line, "age-encryption.org/v", 20) == 0 &&
		    age_printable(h->line + 20, h->linelen - 20))
			return kolb_err_set(err, _("%s: an age format version kolb does not know"),
			    h->path);
		return kolb_err_set(err, _("%s: not an age file (it does not start with \"%s\")"),
		    h->path, AGE_VERSION_LINE);
	}
	for (;;) {
		size_t before = h->raw.len;
		if (age_read_line(h, err) != 0)
			return -1;
		if (h->linelen >= 3 && memcmp(h->line, "---", 3) == 0) {
			size_t n = 0;
			if (h->linelen != 4 + AGE_B64_KEY_LEN || h->line[3] != ' ' ||
			    age_unb64(h->line + 4, AGE_B64_KEY_LEN, h->mac, sizeof h->mac, &n) != 0 ||
			    n != sizeof h->mac)
				return age_malformed(h, err, N_("the MAC line is not \"--- \" and a "
				    "32-byte base64 MAC"));
			h->maclen = before + 3;
			break;
		}
		if (h->linelen >= 2 && memcmp(h->line, "->", 2) == 0) {
			if (age_parse_stanza(h, err) != 0)
				return -1;
			continue;
		}
		return age_malformed(h, err, N_("a line is neither a stanza nor the MAC line"));
	}
	if (h->nstanzas == 0)
		return age_malformed(h, err, N_("no recipient stanza"));
	return 0;
}

static void
age_header_clear(struct age_header *h)
{
	free(h->raw.p);
	free(h->x25519);
	if (h->f != NULL)
		fclose(h->f);
	memset(h, 0, sizeof *h);
}

/* The file key, from the first X25519 stanza one of the identities opens. */
static int
age_unwrap(struct age_header *h, const struct age_identity *ids, size_t nids,
    const char *identity_file, unsigned char file_key[AGE_FILE_KEY], struct kolb_err *err)
{
	static const unsigned char zero_nonce[12];
	unsigned char shared[AGE_KEY], salt[2 * AGE_KEY], key[AGE_KEY];
	int rc = -1;
	if (h->scrypt)
		return kolb_err_set(err, _("%s: encrypted with a passphrase; kolb decrypts only files "
		    "encrypted to an age1... recipient"), h->path);
	for (size_t s = 0; s < h->nx && rc != 0; s++) {
		for (size_t i = 0; i < nids; i++) {
			if (crypto_scalarmult(shared, ids[i].sk, h->x25519[s].share) != 0) {
				sodium_memzero(shared, sizeof shared);
				return age_malformed(h, err, N_("an X25519 share is a low-order point"));
			}
			memcpy(salt, h->x25519[s].share, AGE_KEY);
			memcpy(salt + AGE_KEY, ids[i].pk, AGE_KEY);
			age_hkdf(key, shared, sizeof shared, salt, sizeof salt, AGE_X25519_LABEL);
			if (crypto_aead_chacha20poly1305_ietf_decrypt(file_key, NULL, NULL,
			    h->x25519[s].body, sizeof h->x25519[s].body, NULL, 0, zero_nonce, key) == 0) {
				rc = 0;
				break;
			}
		}
	}
	sodium_memzero(shared, sizeof shared);
	sodium_memzero(key, sizeof key);
	if (rc != 0)
		return kolb_err_set(err, _("%s: not encrypted to any identity in %s (wrong key?)"),
		    h->path, identity_file);
	return 0;
}

/* ---- decryption ---- */

int
age_decrypt_file(const char *in_path, const char *out_path, const char *identity_file,
    struct kolb_err *err)
{
	struct age_identity *ids = NULL;
	size_t nids = 0;
	struct age_header h = {.path = in_path};
	unsigned char file_key[AGE_FILE_KEY], key[AGE_KEY], mac[crypto_auth_hmacsha256_BYTES];
	unsigned char nonce[AGE_NONCE], cn[12];
	unsigned char *sealed = NULL, *plain = NULL;
	char *tmp = NULL;
	FILE *out = NULL;
	int rc = -1;

	if (age_load_identities(identity_file, &ids, &nids, err) != 0)
		return -1;
	h.f = fopen(in_path, "rb");
	if (h.f == NULL) {
		kolb_err_set(err, "%s: %s", in_path, strerror(errno));
		goto done;
	}
	if (age_parse_header(&h, err) != 0 || age_unwrap(&h, ids, nids, identity_file, file_key,
	    err) != 0)
		goto done;
	age_hkdf(key, file_key, sizeof file_key, NULL, 0, "header");
	crypto_auth_hmacsha256(mac, h.raw.p, h.maclen, key);
	if (sodium_memcmp(mac, h.mac, sizeof mac) != 0) {
		kolb_err_set(err, _("%s: the age header fails its MAC check: damaged or tampered with"),
		    in_path);
		goto done;
	}

	size_t got = fread(nonce, 1, sizeof nonce, h.f);
	if (ferror(h.f)) {
		kolb_err_set(err, _("cannot read %s: %s"), in_path, strerror(errno));
		goto done;
	}
	if (got != sizeof nonce) {
		kolb_err_set(err, _("%s: the encrypted data is truncated (no payload)"), in_path);
		goto done;
	}
	age_hkdf(key, file_key, sizeof file_key, nonce, sizeof nonce, "payload");
	if (age_tmp_open(out_path, &tmp, &out, err) != 0)
		goto done;
	sealed = kolb_xmalloc(AGE_ENC_CHUNK);
	plain = kolb_xmalloc(AGE_CHUNK);
	for (uint64_t counter = 0;; counter++) {
		size_t n = 0;
		bool last = false;
		if (age_read_chunk(h.f, sealed, AGE_ENC_CHUNK, &n, &last) != 0) {
			kolb_err_set(err, _("cannot read %s: %s"), in_path, strerror(errno));
			goto done;
		}
		if (n < AGE_TAG) {
			kolb_err_set(err, _("%s: the encrypted data is truncated (chunk %llu is "
			    "incomplete)"), in_path, (unsigned long long)counter + 1);
			goto done;
		}
		if (last && n == AGE_TAG && counter > 0) {
			kolb_err_set(err, _("%s: the encrypted data ends with an empty chunk, which the "
			    "age format forbids"), in_path);
			goto done;
		}
		age_chunk_nonce(cn, counter, last);
		if (crypto_aead_chacha20poly1305_ietf_decrypt(plain, NULL, NULL, sealed, n, NULL, 0,
		    cn, key) != 0) {
			/* A full chunk sealed with the other flag tells what went wrong. */
			bool other = false;
			if (n == AGE_ENC_CHUNK) {
				age_chunk_nonce(cn, counter, !last);
				other = crypto_aead_chacha20poly1305_ietf_decrypt(plain, NULL, NULL, sealed,
				    n, NULL, 0, cn, key) == 0;
			}
			if (other && last)
				kolb_err_set(err, _("%s: the encrypted data is truncated (its last chunk "
				    "is missing)"), in_path);
			else if (other)
				kolb_err_set(err, _("%s: unexpected data after the end of the encrypted "
				    "data"), in_path);
			else
				kolb_err_set(err, _("%s: chunk %llu of the encrypted data fails "
				    "authentication: the file is damaged, truncated or was tampered with"),
				    in_path, (unsigned long long)counter + 1);
			goto done;
		}
		if (age_write(out, plain, n - AGE_TAG, out_path, err) != 0)
			goto done;
		if (last)
			break;
	}
	if (age_tmp_commit(&out, tmp, out_path, err) != 0)
		goto done;
	free(tmp);
	tmp = NULL;
	rc = 0;
done:
	if (out != NULL)
		fclose(out);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	if (plain != NULL) {
		sodium_memzero(plain, AGE_CHUNK);
		free(plain);
	}
	free(sealed);
	age_header_clear(&h);
	if (ids != NULL) {
		sodium_memzero(ids, nids * sizeof *ids);
		free(ids);
	}
	sodium_memzero(file_key, sizeof file_key);
	sodium_memzero(key, sizeof key);
	return rc;
}

int
age_is_encrypted(const char *path)
{
	static const char magic[] = AGE_VERSION_LINE "\n";
	static const char armor[] = "-----BEGIN AGE ENCRYPTED FILE-----";
	char buf[sizeof armor - 1];
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return 0;
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	/* Armored files count too, so that callers hand them to age_decrypt_file, which
	 * explains that they are not supported. */
	return (n >= sizeof magic - 1 && memcmp(buf, magic, sizeof magic - 1) == 0) ||
	    (n == sizeof buf && memcmp(buf, armor, sizeof buf) == 0);
}
