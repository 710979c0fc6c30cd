/* Search over the current version of every entry (see search.h). */
#include "search.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fold.h"
#include "match.h"
#include "text.h"

struct search {
	struct match_re *re;
	bool fold;
};

/* Buffers one search run (or one search_text call) reuses from text to text,
 * so that matching a million entries allocates nothing per entry. */
struct search_scratch {
	struct fold_buf fb;
	struct search_span *spans;
	size_t nspans, cap;
	bool valid; /* the texts are known valid UTF-8 (from the database) */
};

struct search *
search_new(const char *pattern, bool fold, struct kolb_err *err)
{
	if (pattern == NULL || *pattern == '\0') {
		kolb_err_set(err, _("the pattern is empty"));
		return NULL;
	}
	if (!text_utf8_valid(pattern, strlen(pattern))) {
		kolb_err_set(err, _("the pattern is not valid UTF-8"));
		return NULL;
	}
	struct match_re *re;
	/* The pattern as the user wrote it first, so that a mistake is reported at
	 * the offset the user sees. */
	if (match_compile(pattern, true, &re, err) != 0)
		return NULL;
	if (fold) {
		char *folded = fold_dup(pattern);
		if (strcmp(folded, pattern) != 0) {
			match_free(re);
			/* Folding can turn a valid range into a reversed one ("[b-ạ]"). */
			int rc = match_compile(folded, true, &re, err);
			if (rc != 0) {
				kolb_err_prefix(err, _("with diacritics ignored the pattern is \"%s\""),
				    folded);
				free(folded);
				return NULL;
			}
		}
		free(folded);
	}
	struct search *s = kolb_xcalloc(1, sizeof *s);
	s->re = re;
	s->fold = fold;
	return s;
}

void
search_free(struct search *s)
{
	if (s == NULL)
		return;
	match_free(s->re);
	free(s);
}

bool
search_folds(const struct search *s)
{
	return s->fold;
}

static void
search_scratch_free(struct search_scratch *sc)
{
	fold_buf_free(&sc->fb);
	free(sc->spans);
	memset(sc, 0, sizeof *sc);
}

static void
search_add_span(struct search_scratch *sc, size_t start, size_t end)
{
	if (sc->nspans == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 16;
		sc->spans = kolb_xrealloc(sc->spans, sc->cap * sizeof *sc->spans);
	}
	sc->spans[sc->nspans].start = start;
	sc->spans[sc->nspans].end = end;
	sc->nspans++;
}

/* Next match at or after start that is not empty: 1 found, 0 none, -1 error. */
static int
search_next(const struct search *s, const char *text, size_t len, size_t start, size_t *ms,
    size_t *me, bool valid)
{
	while (start <= len) {
		/* After the first call on a text, PCRE2 has checked it: no need again. */
		int r = valid || start > 0 ? match_find_valid(s->re, text, len, start, ms, me) :
		    match_find(s->re, text, len, start, ms, me);
		if (r <= 0)
			return r;
		if (*me > *ms)
			return 1;
		/* An empty match: try again one character further. */
		start = *ms + 1;
		while (start < len && ((unsigned char)text[start] & 0xC0) == 0x80)
			start++;
	}
	return 0;
}

/* Every non-empty match of s in text[0..len) into sc->spans (offsets in text).
 * 1 some, 0 none, -1 matcher error. */
static int
search_all(const struct search *s, const char *text, size_t len, struct search_scratch *sc,
    bool valid)
{
	size_t ms, me, at = 0;
	int r;
	while ((r = search_next(s, text, len, at, &ms, &me, valid)) == 1) {
		search_add_span(sc, ms, me);
		at = me;
	}
	return r < 0 ? -1 : sc->nspans > 0;
}

/* Match s against one text: sc->spans gets every match, as offsets in the
 * original text. 1 some, 0 none, -1 matcher error. */
static int
search_scan(const struct search *s, const char *text, size_t len, struct search_scratch *sc)
{
	sc->nspans = 0;
	if (!s->fold || !fold_text(text, len, false, &sc->fb))
		return search_all(s, text, len, sc, sc->valid);
	/* Most texts do not match: look for a first match in the folded text
	 * before paying for the map back to the original. */
	size_t ms, me;
	int r = search_next(s, sc->fb.text, sc->fb.len, 0, &ms, &me, sc->valid);
	if (r <= 0)
		return r;
	fold_text(text, len, true, &sc->fb);
	r = search_all(s, sc->fb.text, sc->fb.len, sc, true);
	for (size_t i = 0; i < sc->nspans; i++) {
		sc->spans[i].start = sc->fb.map[sc->spans[i].start];
		sc->spans[i].end = sc->fb.map[sc->spans[i].end];
	}
	return r;
}

int
search_text(const struct search *s, const char *text, size_t len,
    struct search_span **spans, size_t *n, struct kolb_err *err)
{
	struct search_scratch sc = {0};
	*spans = NULL;
	*n = 0;
	int r = search_scan(s, text, len, &sc);
	if (r < 0) {
		search_scratch_free(&sc);
		return kolb_err_set(err, _("the text cannot be searched (it is not valid UTF-8, "
		    "or the pattern needs too much work on it)"));
	}
	if (r > 0) {
		*spans = sc.spans;
		*n = sc.nspans;
		sc.spans = NULL;
	}
	search_scratch_free(&sc);
	return r;
}

/*
 * The scan reads only what matching needs, in the order the entries were
 * written (the table's rowid order, no sort, nothing collected): the id and
 * the body. Everything else about an entry is read for the entries that match
 * only, with one statement joining entries -> sessions -> participants. A
 * million rows read through a join cost about twice a plain scan (measured
 * with bench/search.sh): the join is paid per match, not per row.
 *
 * An entry is current when no other version supersedes it. Instead of an
 * index probe per row (NOT EXISTS ... n.supersedes = e.id, which costs more
 * than the scan itself), the ids that are superseded (a few percent: the
 * corrections made after closing) are read once, sorted, from the index
 * entries_supersedes, and walked alongside the scan, which is in id order too.
 */
static const char search_sql_superseded[] =
    "SELECT supersedes FROM entries WHERE supersedes IS NOT NULL ORDER BY supersedes";
static const char search_sql_scan[] = "SELECT id, body FROM entries ORDER BY id";
static const char search_sql_hit[] =
    "SELECT s.id, s.title, s.start_date, coalesce(e.participant_id, 0), coalesce(p.name, ''), "
    "e.group_name, e.kind, e.prompt_id, e.version "
    "FROM entries e JOIN sessions s ON s.id = e.session_id "
    "LEFT JOIN participants p ON p.id = e.participant_id WHERE e.id = ?";

/* The sorted ids of superseded versions into *ids (caller frees). */
static int
search_superseded(struct db *db, long long **ids, size_t *n, struct kolb_err *err)
{
	struct db_stmt *st;
	*ids = NULL;
	*n = 0;
	if (db_prepare(db, search_sql_superseded, &st, err) != 0)
		return -1;
	size_t cap = 0;
	int r;
	while ((r = db_step(st, err)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*ids = kolb_xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = db_col_int(st, 0);
	}
	db_finalize(st);
	if (r < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* Hand one matching entry to cb, reading its session and participant with hst
 * (NULL: only count it). 0 go on, 1 stop (cb asked), -1 error. */
static int
search_emit(struct db_stmt *hst, long long id, const char *body, size_t len,
    const struct search_scratch *sc, int (*cb)(const struct search_hit *hit, void *arg),
    void *arg, long long *count, struct kolb_err *err)
{
	if (cb == NULL) {
		(*count)++;
		return 0;
	}
	db_reset(hst);
	db_bind_int(hst, 1, id);
	int h = db_step(hst, err);
	if (h < 0)
		return -1;
	if (h == 0)
		return 0; /* its session is gone (deleted while we read) */
	struct search_hit hit = {
		.entry_id = id,
		.session_id = db_col_int(hst, 0),
		.session_title = db_col_text(hst, 1),
		.session_date = db_col_text(hst, 2),
		.participant_id = db_col_int(hst, 3),
		.group_name = db_col_text(hst, 5),
		.prompt_id = db_col_text(hst, 7),
		.version = (int)db_col_int(hst, 8),
		.body = body,
		.body_len = len,
		.spans = sc->spans,
		.nspans = sc->nspans,
	};
	const char *name = db_col_text(hst, 4);
	hit.who = *name ? name : hit.group_name;
	if (!entry_kind_parse(db_col_text(hst, 6), &hit.kind))
		hit.kind = ENTRY_NOTE;
	return cb(&hit, arg) != 0 ? 1 : 0;
}

/* Match one valid text and hand it on when it matches: 0 go on, 1 stop, -1 error. */
static int
search_one(const struct search *s, struct db_stmt *hst, long long id, const char *body,
    size_t len, struct search_scratch *sc, int (*cb)(const struct search_hit *hit, void *arg),
    void *arg, long long *count, struct kolb_err *err)
{
	int m = search_scan(s, body, len, sc);
	if (m == 0)
		return 0;
	if (m < 0)
		return kolb_err_set(err, _("the pattern needs too much work on entry %lld: "
		    "make it simpler"), id);
	return search_emit(hst, id, body, len, sc, cb, arg, count, err);
}

/* search_run() over the database rows (no corpus: an in-memory database, or a
 * folder the corpus cannot be written to). cb NULL: only count into *count. */
static int
search_loop(struct db *db, const struct search *s,
    int (*cb)(const struct search_hit *hit, void *arg), void *arg, long long *count,
    struct kolb_err *err)
{
	struct db_stmt *st, *hst = NULL;
	if (db_prepare(db, search_sql_scan, &st, err) != 0)
		return -1;
	if (cb != NULL && db_prepare(db, search_sql_hit, &hst, err) != 0) {
		db_finalize(st);
		return -1;
	}
	/* The scan's first step opens the connection's read transaction; the
	 * superseded ids and every hit's details are read while the scan is still
	 * active, so all three see the same snapshot of the database even if
	 * another kolb saves a correction meanwhile. */
	long long *old = NULL;
	size_t nold = 0, at = 0;
	int r = db_step(st, err);
	if (r == 1 && search_superseded(db, &old, &nold, err) != 0)
		r = -1;
	/* kolb writes only valid UTF-8 (entry_save checks it, import takes it from
	 * JSON), but a database changed behind kolb's back must not crash a search:
	 * each text is checked once, here (text_utf8_valid skips ASCII a word at a
	 * time), and PCRE2 is told not to check again: invalid UTF-8 is reported,
	 * never handed to the matcher. */
	struct search_scratch sc = {.valid = true};
	int rc = 0;
	for (; r == 1; r = db_step(st, err)) {
		long long id = db_col_int(st, 0);
		while (at < nold && old[at] < id)
			at++;
		if (at < nold && old[at] == id)
			continue; /* a later version supersedes this one */
		const char *body = db_col_text(st, 1);
		size_t len = strlen(body);
		if (!text_utf8_valid(body, len)) {
			rc = kolb_err_set(err, _("entry %lld is not valid UTF-8"), id);
			break;
		}
		int e = search_one(s, hst, id, body, len, &sc, cb, arg, count, err);
		if (e != 0) {
			rc = e < 0 ? -1 : 0;
			break;
		}
	}
	if (r < 0)
		rc = -1;
	db_finalize(hst);
	db_finalize(st);
	search_scratch_free(&sc);
	free(old);
	return rc;
}

/*
 * The corpus: DATA/search.corpus, next to the database, a flat copy of the
 * current version of every entry, so that a search reads one mapped file
 * instead of stepping a million SQLite rows and checking a million texts'
 * UTF-8 again; and DATA/search.folded, the same texts with their diacritics
 * folded (fold.h), so that a search ignoring diacritics does not fold a
 * million texts again either. They are only a cache, rebuilt whenever they do
 * not match. Both files have the same layout:
 *
 *   MAGIC TOKEN "\n"   MAGIC: "kolb search corpus 1 " or "kolb search folded 1 ",
 *                      TOKEN: search_state.generation when they were written
 *   records, in entry id order (the order search_run() promises):
 *     id   8 bytes (int64, this machine's byte order), strictly increasing
 *     len  4 bytes (uint32); SEARCH_CORPUS_BAD: the body is not valid UTF-8
 *          (no bytes follow; the search reports the entry as the row scan does)
 *     body len bytes (no NUL among them), then one NUL byte
 *   "END\n", then the number of records, 8 bytes.
 *
 * The folded file has one record for each record of the corpus, with the same
 * id, in the same order. Every body in them was checked with text_utf8_valid
 * when it was written, which is what lets the scan tell PCRE2 not to check
 * again. The database's triggers (schema 4) change the token with every
 * insert, update or delete of an entry; a file whose token differs, or whose
 * structure does not add up to its size, is rebuilt, never used. The files
 * hold participants' words: mode 0600, written to a temporary file, synced and
 * renamed into place.
 */
#define SEARCH_CORPUS_MAGIC "kolb search corpus 1 "
#define SEARCH_FOLDED_MAGIC "kolb search folded 1 "
#define SEARCH_CORPUS_END "END\n"
#define SEARCH_CORPUS_BAD UINT32_MAX
#define SEARCH_CORPUS_REC 12 /* id + len */

static const char search_sql_generation[] = "SELECT generation FROM search_state";

static bool search_corpus_on = true;
static unsigned long search_corpus_nbuilds;

void
search_use_corpus(bool on)
{
	search_corpus_on = on;
}

unsigned long
search_corpus_builds(void)
{
	return search_corpus_nbuilds;
}

/* The file called name next to db's database, or NULL without one. */
static char *
search_corpus_file(struct db *db, const char *name)
{
	const char *p = db_path(db);
	if (p == NULL || *p == '\0' || strcmp(p, ":memory:") == 0 || strncmp(p, "file:", 5) == 0)
		return NULL;
	const char *slash = strrchr(p, '/');
	if (slash == NULL)
		return kolb_xstrdup(name);
	return kolb_xasprintf("%.*s/%s", (int)(slash - p), p, name);
}

char *
search_corpus_path(struct db *db)
{
	return search_corpus_file(db, "search.corpus");
}

/* A mapped corpus file. */
struct search_corpus {
	const unsigned char *data;
	size_t size;
	size_t first; /* offset of the first record */
	size_t end;   /* offset of the trailer */
	uint64_t n;   /* records */
};

static void
search_corpus_unmap(struct search_corpus *c)
{
	if (c->data != NULL && c->size > 0)
		munmap((void *)c->data, c->size);
	memset(c, 0, sizeof *c);
}

/* The record at *at: its id and length; *at moves past it. Only for a mapped,
 * checked file. */
static void
search_corpus_next(const struct search_corpus *c, size_t *at, long long *id, uint32_t *len)
{
	memcpy(id, c->data + *at, 8);
	memcpy(len, c->data + *at + 8, 4);
	*at += SEARCH_CORPUS_REC;
	if (*len != SEARCH_CORPUS_BAD)
		*at += (size_t)*len + 1;
}

/* Map path and check that it is a whole corpus file with magic for token:
 * 1 usable, 0 not. */
static int
search_corpus_map(const char *path, const char *magic, const char *token,
    struct search_corpus *c)
{
	memset(c, 0, sizeof *c);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	char head[128];
	int hl = snprintf(head, sizeof head, "%s%s\n", magic, token);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    hl < 0 || (size_t)hl >= sizeof head ||
	    (uint64_t)st.st_size < (uint64_t)hl + sizeof SEARCH_CORPUS_END - 1 + 8 ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return 0;
	}
	size_t size = (size_t)st.st_size;
	void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return 0;
	c->data = m;
	c->size = size;
	c->first = (size_t)hl;
	c->end = size - (sizeof SEARCH_CORPUS_END - 1) - 8;
	if (memcmp(c->data, head, (size_t)hl) != 0 ||
	    memcmp(c->data + c->end, SEARCH_CORPUS_END, sizeof SEARCH_CORPUS_END - 1) != 0)
		goto bad;
	uint64_t want;
	memcpy(&want, c->data + size - 8, 8);
	/* Walk the records: every length must land inside the file, every body
	 * end on its NUL and hold no other, the ids rise, and the walk ends
	 * exactly at the trailer. */
	size_t at = c->first;
	long long last = 0;
	while (at < c->end) {
		if (c->end - at < SEARCH_CORPUS_REC)
			goto bad;
		long long id;
		uint32_t len;
		memcpy(&id, c->data + at, 8);
		memcpy(&len, c->data + at + 8, 4);
		at += SEARCH_CORPUS_REC;
		if (id <= last)
			goto bad;
		last = id;
		if (len != SEARCH_CORPUS_BAD) {
			/* A NUL inside would make the body differ from the row's text
			 * (read up to its first NUL). */
			if ((size_t)len >= c->end - at || c->data[at + len] != '\0' ||
			    memchr(c->data + at, '\0', len) != NULL)
				goto bad;
			at += (size_t)len + 1;
		}
		c->n++;
	}
	if (at != c->end || c->n != want)
		goto bad;
	return 1;
bad:
	search_corpus_unmap(c);
	return 0;
}

/* Whether the folded file f goes with the corpus c: the same ids in the same
 * order, bad where c is bad. */
static bool
search_corpus_pair(const struct search_corpus *c, const struct search_corpus *f)
{
	if (c->n != f->n)
		return false;
	size_t a = c->first, b = f->first;
	while (a < c->end && b < f->end) {
		long long ia, ib;
		uint32_t la, lb;
		search_corpus_next(c, &a, &ia, &la);
		search_corpus_next(f, &b, &ib, &lb);
		if (ia != ib || (la == SEARCH_CORPUS_BAD) != (lb == SEARCH_CORPUS_BAD))
			return false;
	}
	return a == c->end && b == f->end;
}

/* One file being written. */
struct search_corpus_out {
	const char *path;
	char *tmp;
	FILE *f;
	uint64_t n;
};

/* Open a temporary file for path, starting with its header: 0, or 1 when it
 * cannot be written. */
static int
search_corpus_open(struct search_corpus_out *o, const char *path, const char *magic,
    const char *token)
{
	memset(o, 0, sizeof *o);
	o->path = path;
	o->tmp = kolb_xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0 && (o->f = fdopen(fd, "wb")) == NULL)
		close(fd);
	if (o->f == NULL || fprintf(o->f, "%s%s\n", magic, token) < 0)
		return 1;
	return 0;
}

/* Write one record; 0, or 1 on a write error. */
static int
search_corpus_put(struct search_corpus_out *o, long long id, const char *body, size_t len,
    bool ok)
{
	uint32_t l = ok ? (uint32_t)len : SEARCH_CORPUS_BAD;
	o->n++;
	if (fwrite(&id, 8, 1, o->f) != 1 || fwrite(&l, 4, 1, o->f) != 1)
		return 1;
	if (ok && (fwrite(body, 1, len, o->f) != len || fputc('\0', o->f) == EOF))
		return 1;
	return 0;
}

/* Finish the file (trailer, sync) and, if all went well (ok), rename it
 * into place; else remove it. 0, or 1 when it could not be written. */
static int
search_corpus_close(struct search_corpus_out *o, bool ok)
{
	if (o->f != NULL) {
		if (ok && (fwrite(SEARCH_CORPUS_END, 1, sizeof SEARCH_CORPUS_END - 1, o->f) !=
		    sizeof SEARCH_CORPUS_END - 1 || fwrite(&o->n, 8, 1, o->f) != 1 ||
		    fflush(o->f) != 0 || fsync(fileno(o->f)) != 0))
			ok = false;
		if (fclose(o->f) != 0)
			ok = false;
	} else {
		ok = false;
	}
	if (ok && rename(o->tmp, o->path) != 0)
		ok = false;
	if (!ok)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	return ok ? 0 : 1;
}

/* Write the corpus and the folded file of the current snapshot for token.
 * 0 written, -1 with err set on a database error, 1 when a file cannot be
 * written (the caller falls back to the row scan). */
static int
search_corpus_build(struct db *db, const char *path, const char *fpath, const char *token,
    struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, search_sql_scan, &st, err) != 0)
		return -1;
	long long *old = NULL;
	size_t nold = 0, at = 0;
	if (search_superseded(db, &old, &nold, err) != 0) {
		db_finalize(st);
		return -1;
	}
	struct search_corpus_out co, fo;
	int rc = search_corpus_open(&co, path, SEARCH_CORPUS_MAGIC, token);
	if (rc == 0)
		rc = search_corpus_open(&fo, fpath, SEARCH_FOLDED_MAGIC, token);
	else
		memset(&fo, 0, sizeof fo);
	struct fold_buf fb = {0};
	int r = 0;
	while (rc == 0 && (r = db_step(st, err)) == 1) {
		long long id = db_col_int(st, 0);
		while (at < nold && old[at] < id)
			at++;
		if (at < nold && old[at] == id)
			continue; /* a later version supersedes this one */
		const char *body = db_col_text(st, 1);
		size_t len = strlen(body);
		bool ok = len < SEARCH_CORPUS_BAD && text_utf8_valid(body, len);
		const char *fbody = body;
		size_t flen = len;
		if (ok && fold_text(body, len, false, &fb)) {
			fbody = fb.text;
			flen = fb.len;
			/* Folding valid UTF-8 gives valid UTF-8 and drops no byte
			 * but marks; checked anyway, the scan relies on it. */
			if (memchr(fbody, '\0', flen) != NULL || !text_utf8_valid(fbody, flen))
				rc = 1;
		}
		if (id <= 0 || search_corpus_put(&co, id, body, len, ok) != 0 ||
		    search_corpus_put(&fo, id, fbody, flen, ok) != 0)
			rc = 1;
	}
	if (rc == 0 && r < 0)
		rc = -1;
	db_finalize(st);
	free(old);
	fold_buf_free(&fb);
	/* The folded file first: a corpus renamed alone would be of no use. */
	int fr = search_corpus_close(&fo, rc == 0);
	int cr = search_corpus_close(&co, rc == 0 && fr == 0);
	if (rc == 0 && (fr != 0 || cr != 0))
		rc = 1;
	if (rc == 0)
		search_corpus_nbuilds++;
	return rc;
}

/* The database's entries token into *token (caller frees; NULL when the
 * database has none). 0, or -1 with err set. */
static int
search_generation(struct db *db, char **token, struct kolb_err *err)
{
	struct db_stmt *st;
	*token = NULL;
	if (db_prepare(db, search_sql_generation, &st, err) != 0)
		return -1;
	int r = db_step(st, err);
	if (r == 1) {
		const char *v = db_col_text(st, 0);
		/* Only what the migration and triggers write: hex digits. */
		if (*v != '\0' && strlen(v) <= 64 && strspn(v, "0123456789abcdef") == strlen(v))
			*token = kolb_xstrdup(v);
	}
	db_finalize(st);
	return r < 0 ? -1 : 0;
}

/* Map the corpus for token, and the folded file too when folded: 1 usable
 * (and matching each other), 0 not. */
static int
search_corpus_map_both(const char *path, const char *fpath, const char *token, bool folded,
    struct search_corpus *c, struct search_corpus *f)
{
	memset(f, 0, sizeof *f);
	if (!search_corpus_map(path, SEARCH_CORPUS_MAGIC, token, c))
		return 0;
	if (!folded)
		return 1;
	if (!search_corpus_map(fpath, SEARCH_FOLDED_MAGIC, token, f)) {
		search_corpus_unmap(c);
		return 0;
	}
	if (!search_corpus_pair(c, f)) {
		search_corpus_unmap(c);
		search_corpus_unmap(f);
		return 0;
	}
	return 1;
}

/* search_run() over the corpus, built first when it is missing, stale or
 * damaged. 0 or -1 as search_run; 1 when there can be no corpus (the caller
 * scans the rows instead). Runs inside the caller's read transaction. */
static int
search_corpus_loop(struct db *db, const struct search *s,
    int (*cb)(const struct search_hit *hit, void *arg), void *arg, long long *count,
    struct kolb_err *err)
{
	char *path = search_corpus_file(db, "search.corpus");
	char *fpath = search_corpus_file(db, "search.folded");
	char *token = NULL;
	int rc = path == NULL ? 1 : search_generation(db, &token, err);
	if (rc == 0 && token == NULL)
		rc = 1;
	struct search_corpus c, f;
	if (rc == 0 && !search_corpus_map_both(path, fpath, token, s->fold, &c, &f)) {
		rc = search_corpus_build(db, path, fpath, token, err);
		if (rc == 0 && !search_corpus_map_both(path, fpath, token, s->fold, &c, &f))
			rc = 1; /* another kolb replaced them meanwhile: read the rows */
	}
	free(path);
	free(fpath);
	free(token);
	if (rc != 0)
		return rc;
	struct db_stmt *hst = NULL;
	if (cb != NULL && db_prepare(db, search_sql_hit, &hst, err) != 0) {
		search_corpus_unmap(&c);
		search_corpus_unmap(&f);
		return -1;
	}
	struct search_scratch sc = {.valid = true};
	/* Ignoring diacritics, the folded texts are matched first; the original
	 * (same record, same place in the corpus) is folded again, with its map,
	 * only when its folded text has a match. */
	size_t at = c.first, fat = f.first;
	while (at < c.end) {
		long long id, fid;
		uint32_t len, flen = 0;
		size_t rec = at, frec = fat;
		search_corpus_next(&c, &at, &id, &len);
		if (s->fold)
			search_corpus_next(&f, &fat, &fid, &flen);
		if (len == SEARCH_CORPUS_BAD) {
			rc = kolb_err_set(err, _("entry %lld is not valid UTF-8"), id);
			break;
		}
		if (s->fold) {
			size_t ms, me;
			int m = search_next(s, (const char *)f.data + frec + SEARCH_CORPUS_REC, flen,
			    0, &ms, &me, true);
			if (m < 0) {
				rc = kolb_err_set(err, _("the pattern needs too much work on entry "
				    "%lld: make it simpler"), id);
				break;
			}
			if (m == 0)
				continue;
		}
		const char *body = (const char *)c.data + rec + SEARCH_CORPUS_REC;
		int e = search_one(s, hst, id, body, len, &sc, cb, arg, count, err);
		if (e != 0) {
			rc = e < 0 ? -1 : 0;
			break;
		}
	}
	db_finalize(hst);
	search_scratch_free(&sc);
	search_corpus_unmap(&c);
	search_corpus_unmap(&f);
	return rc;
}

/* The corpus when there can be one, else the rows, in one read snapshot. */
static int
search_any(struct db *db, const struct search *s,
    int (*cb)(const struct search_hit *hit, void *arg), void *arg, long long *count,
    struct kolb_err *err)
{
	if (!search_corpus_on)
		return search_loop(db, s, cb, arg, count, err);
	if (db_begin_read(db, err) != 0)
		return -1;
	int rc = search_corpus_loop(db, s, cb, arg, count, err);
	if (rc == 1)
		rc = search_loop(db, s, cb, arg, count, err);
	db_end_read(db);
	return rc;
}

int
search_run(struct db *db, const struct search *s,
    int (*cb)(const struct search_hit *hit, void *arg), void *arg, struct kolb_err *err)
{
	return search_any(db, s, cb, arg, NULL, err);
}

int
search_count(struct db *db, const struct search *s, long long *n, struct kolb_err *err)
{
	*n = 0;
	return search_any(db, s, NULL, NULL, n, err);
}
