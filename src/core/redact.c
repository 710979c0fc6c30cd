/* Pseudonyms, names in free text, masked contact details (see redact.h). */
#include "redact.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "match.h"

/* Letters, digits and combining marks: a name is replaced only where it is not part
 * of a longer word ("An" is not replaced inside "Anh"). */
#define REDACT_NOT_WORD_BEFORE "(?<![\\p{L}\\p{N}\\p{M}])"
#define REDACT_NOT_WORD_AFTER "(?![\\p{L}\\p{N}\\p{M}])"
/* Bytes of alternatives per compiled name pattern (PCRE2 limits a pattern's size). */
#define REDACT_CHUNK_BYTES 4000

struct redact_name {
	char *name;        /* trimmed, runs of white space made one space */
	char *replacement;
	char *pattern;     /* the escaped name, no anchors */
	struct match_re *exact; /* \A(?:pattern)\z, compiled when first needed */
};

struct redact_chunk {
	struct match_re *re;
	size_t first, n;   /* names[first .. first + n) */
};

struct redact {
	struct redact_name *names;
	size_t n, cap;
	struct redact_chunk *chunks;
	size_t nchunks;
	struct match_re *contacts;
};

/* Growable output text. */
struct redact_buf {
	char *p;
	size_t len, cap;
};

static void
redact_buf_add(struct redact_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 64;
		b->p = kolb_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
redact_buf_str(struct redact_buf *b, const char *s)
{
	redact_buf_add(b, s, strlen(s));
}

int
redact_key_load(const char *datadir, unsigned char key[32], struct kolb_err *err)
{
	char *path = kolb_xasprintf("%s/redact.key", datadir);
	struct stat st;
	int rc = 0;
	if (lstat(path, &st) != 0 && errno == ENOENT) {
		/* Write a complete file under a private name, then link it into place:
		 * link() refuses to replace a key another process made meanwhile. */
		unsigned char fresh[32];
		char hex[66];
		randombytes_buf(fresh, sizeof fresh);
		fs_hex(fresh, sizeof fresh, hex);
		sodium_memzero(fresh, sizeof fresh);
		strcat(hex, "\n");
		char *tmp = kolb_xasprintf("%s.new.%ld", path, (long)getpid());
		unlink(tmp);
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, hex, 65) != 65 || fsync(fd) != 0)
			rc = kolb_err_set(err, _("cannot create %s: %s"), path, strerror(errno));
		if (fd >= 0 && close(fd) != 0 && rc == 0)
			rc = kolb_err_set(err, _("cannot create %s: %s"), path, strerror(errno));
		if (rc == 0 && link(tmp, path) != 0 && errno != EEXIST)
			rc = kolb_err_set(err, _("cannot create %s: %s"), path, strerror(errno));
		unlink(tmp);
		free(tmp);
		sodium_memzero(hex, sizeof hex);
		if (rc == 0)
			fs_fsync_dir(datadir, NULL);
	}
	char *buf = NULL;
	size_t len = 0;
	if (rc == 0)
		rc = fs_read_file(path, 200, &buf, &len, err);
	if (rc == 0 && stat(path, &st) == 0 && (st.st_mode & 077) != 0)
		rc = kolb_err_set(err, _("%s can be read by other users; run chmod 600 on it"), path);
	size_t bin_len = 0;
	if (rc == 0 && (sodium_hex2bin(key, 32, buf, len, "\n", &bin_len, NULL) != 0 ||
	    bin_len != 32))
		rc = kolb_err_set(err, _("%s is damaged (it must hold 64 hexadecimal digits)"), path);
	if (buf != NULL) {
		sodium_memzero(buf, len);
		free(buf);
	}
	free(path);
	return rc;
}

void
redact_pseudonym(const unsigned char key[32], const char *uid, bool guardian,
    char out[REDACT_PSEUDONYM_SIZE])
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, 32);
	if (guardian)
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)"guardian:", 9);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)uid, strlen(uid));
	crypto_auth_hmacsha256_final(&st, mac);
	/* The first 40 bits, 5 at a time. */
	unsigned long long bits = 0;
	for (int i = 0; i < 5; i++)
		bits = bits << 8 | mac[i];
	out[0] = guardian ? 'G' : 'P';
	out[1] = '-';
	for (int i = 0; i < 8; i++)
		out[2 + i] = b32[(bits >> (35 - 5 * i)) & 31];
	out[10] = '\0';
	sodium_memzero(mac, sizeof mac);
}

struct redact *
redact_new(void)
{
	return kolb_xcalloc(1, sizeof(struct redact));
}

static bool
redact_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Trimmed, each run of white space one space. Caller frees. */
static char *
redact_normalize(const char *s)
{
	char *out = kolb_xmalloc(strlen(s) + 1);
	size_t n = 0;
	bool space = false;
	for (; *s; s++) {
		if (redact_is_space((unsigned char)*s)) {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = false;
		out[n++] = *s;
	}
	out[n] = '\0';
	return out;
}

/* The name as a PCRE2 pattern: ASCII punctuation escaped, spaces as \s+. Caller frees. */
static char *
redact_escape(const char *name)
{
	struct redact_buf b = {0};
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		char c = (char)*p;
		if (*p == ' ')
			redact_buf_str(&b, "\\s+");
		else if (*p >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z'))
			redact_buf_add(&b, &c, 1);
		else {
			redact_buf_add(&b, "\\", 1);
			redact_buf_add(&b, &c, 1);
		}
	}
	return b.p;
}

void
redact_add_name(struct redact *r, const char *name, const char *replacement)
{
	if (name == NULL)
		return;
	char *norm = redact_normalize(name);
	if (*norm == '\0') {
		free(norm);
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->names[i].name, norm) != 0)
			continue;
		if (strcmp(r->names[i].replacement, replacement) != 0) {
			free(r->names[i].replacement);
			r->names[i].replacement = kolb_xstrdup(REDACT_MARK);
		}
		free(norm);
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->names = kolb_xrealloc(r->names, r->cap * sizeof *r->names);
	}
	struct redact_name *nm = &r->names[r->n++];
	memset(nm, 0, sizeof *nm);
	nm->name = norm;
	nm->replacement = kolb_xstrdup(replacement);
	nm->pattern = redact_escape(norm);
}

/* Longest first, so that "Nguyễn Thị Lan Anh" is replaced before "Nguyễn Thị Lan";
 * then bytewise, so that the order never depends on the order of adding. */
static int
redact_cmp_names(const void *a, const void *b)
{
	const struct redact_name *x = a, *y = b;
	size_t lx = strlen(x->name), ly = strlen(y->name);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->name, y->name);
}

int
redact_compile(struct redact *r, struct kolb_err *err)
{
	if (match_compile("(?:" REDACT_RE_EMAIL ")|(?:" REDACT_RE_PHONE ")|(?:" REDACT_RE_IDCARD ")",
	    false, &r->contacts, err) != 0)
		return kolb_err_prefix(err, _("the contact patterns"));
	if (r->n > 0)
		qsort(r->names, r->n, sizeof *r->names, redact_cmp_names);
	size_t i = 0;
	while (i < r->n) {
		struct redact_buf b = {0};
		redact_buf_str(&b, REDACT_NOT_WORD_BEFORE "(?:");
		size_t first = i;
		do {
			if (i > first)
				redact_buf_str(&b, "|");
			redact_buf_str(&b, r->names[i].pattern);
			i++;
		} while (i < r->n && b.len + strlen(r->names[i].pattern) < REDACT_CHUNK_BYTES);
		redact_buf_str(&b, ")" REDACT_NOT_WORD_AFTER);
		r->chunks = kolb_xrealloc(r->chunks, (r->nchunks + 1) * sizeof *r->chunks);
		struct redact_chunk *c = &r->chunks[r->nchunks];
		c->first = first;
		c->n = i - first;
		int rc = match_compile(b.p, true, &c->re, err);
		free(b.p);
		if (rc != 0)
			return kolb_err_prefix(err, _("the participants' names"));
		r->nchunks++;
	}
	return 0;
}

/* Which name of chunk c is text[0..len)? Its replacement (REDACT_MARK if none fits). */
static const char *
redact_which(struct redact *r, const struct redact_chunk *c, const char *text, size_t len)
{
	for (size_t k = c->first; k < c->first + c->n; k++) {
		struct redact_name *nm = &r->names[k];
		if (nm->exact == NULL) {
			char *pat = kolb_xasprintf("\\A(?:%s)\\z", nm->pattern);
			int rc = match_compile(pat, true, &nm->exact, NULL);
			free(pat);
			if (rc != 0)
				continue;
		}
		size_t ms, me;
		if (match_find(nm->exact, text, len, 0, &ms, &me) == 1)
			return nm->replacement;
	}
	return REDACT_MARK;
}

/* Replace every match of the name chunks in s; the leftmost match wins, the longest
 * when two start together. */
static int
redact_names(struct redact *r, const char *s, struct redact_buf *out, struct kolb_err *err)
{
	size_t len = strlen(s), pos = 0;
	struct {
		size_t ms, me;
		int state; /* 0 not searched, 1 match, 2 none left */
	} *next = kolb_xcalloc(r->nchunks ? r->nchunks : 1, sizeof *next);
	int rc = 0;
	for (;;) {
		size_t best = r->nchunks;
		for (size_t c = 0; c < r->nchunks; c++) {
			if (next[c].state == 0 || (next[c].state == 1 && next[c].ms < pos)) {
				int f = match_find(r->chunks[c].re, s, len, pos, &next[c].ms, &next[c].me);
				if (f < 0) {
					rc = kolb_err_set(err, _("a text to redact is not valid UTF-8"));
					goto out;
				}
				next[c].state = f == 1 ? 1 : 2;
			}
			if (next[c].state != 1)
				continue;
			if (best == r->nchunks || next[c].ms < next[best].ms ||
			    (next[c].ms == next[best].ms &&
			    next[c].me - next[c].ms > next[best].me - next[best].ms))
				best = c;
		}
		if (best == r->nchunks)
			break;
		size_t ms = next[best].ms, me = next[best].me;
		redact_buf_add(out, s + pos, ms - pos);
		redact_buf_str(out, redact_which(r, &r->chunks[best], s + ms, me - ms));
		pos = me > ms ? me : ms + 1;
		if (me == ms && ms < len)
			redact_buf_add(out, s + ms, 1);
		if (pos > len)
			break;
	}
	if (pos < len)
		redact_buf_add(out, s + pos, len - pos);
out:
	free(next);
	return rc;
}

int
redact_text(struct redact *r, const char *in, char **out, struct kolb_err *err)
{
	*out = NULL;
	if (in == NULL)
		return 0;
	if (r->contacts == NULL)
		return kolb_err_set(err, "redact_text before redact_compile");
	size_t len = strlen(in), pos = 0, ms, me;
	struct redact_buf masked = {0};
	redact_buf_add(&masked, "", 0);
	int f = 0;
	while (pos <= len && (f = match_find(r->contacts, in, len, pos, &ms, &me)) == 1) {
		redact_buf_add(&masked, in + pos, ms - pos);
		redact_buf_str(&masked, REDACT_MARK);
		pos = me > ms ? me : ms + 1; /* the patterns never match empty text */
	}
	if (pos <= len && f < 0) {
		free(masked.p);
		return kolb_err_set(err, _("a text to redact is not valid UTF-8"));
	}
	if (pos < len)
		redact_buf_add(&masked, in + pos, len - pos);
	struct redact_buf named = {0};
	redact_buf_add(&named, "", 0);
	int rc = redact_names(r, masked.p, &named, err);
	free(masked.p);
	if (rc != 0) {
		free(named.p);
		return -1;
	}
	*out = named.p;
	return 0;
}

void
redact_free(struct redact *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->names[i].name);
		free(r->names[i].replacement);
		free(r->names[i].pattern);
		match_free(r->names[i].exact);
	}
	free(r->names);
	for (size_t i = 0; i < r->nchunks; i++)
		match_free(r->chunks[i].re);
	free(r->chunks);
	match_free(r->contacts);
	free(r);
}
