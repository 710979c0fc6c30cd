/* Search over the current version of every entry (see search.h). */
#include "search.h"

#include <stdlib.h>
#include <string.h>

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

/* search_run() when cb is set; else only count the matching entries into
 * *count, without reading anything else about them. */
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
	 * PCRE2 checks each text once, on its first match call. */
	/* Each text is checked once, here (text_utf8_valid skips ASCII a word at a
	 * time), and PCRE2 is told not to check again: a database changed behind
	 * kolb's back is reported, never handed to the matcher as invalid UTF-8. */
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
		int m = search_scan(s, body, len, &sc);
		if (m == 0)
			continue;
		if (m < 0) {
			rc = text_utf8_valid(body, len) ?
			    kolb_err_set(err, _("the pattern needs too much work on entry %lld: "
			    "make it simpler"), id) :
			    kolb_err_set(err, _("entry %lld is not valid UTF-8"), id);
			break;
		}
		if (cb == NULL) {
			(*count)++;
			continue;
		}
		db_reset(hst);
		db_bind_int(hst, 1, id);
		int h = db_step(hst, err);
		if (h < 0) {
			rc = -1;
			break;
		}
		if (h == 0)
			continue; /* its session is gone (deleted while we read) */
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
			.spans = sc.spans,
			.nspans = sc.nspans,
		};
		const char *name = db_col_text(hst, 4);
		hit.who = *name ? name : hit.group_name;
		if (!entry_kind_parse(db_col_text(hst, 6), &hit.kind))
			hit.kind = ENTRY_NOTE;
		if (cb(&hit, arg) != 0)
			break;
	}
	if (r < 0)
		rc = -1;
	db_finalize(hst);
	db_finalize(st);
	search_scratch_free(&sc);
	free(old);
	return rc;
}

int
search_run(struct db *db, const struct search *s,
    int (*cb)(const struct search_hit *hit, void *arg), void *arg, struct kolb_err *err)
{
	return search_loop(db, s, cb, arg, NULL, err);
}

int
search_count(struct db *db, const struct search *s, long long *n, struct kolb_err *err)
{
	*n = 0;
	return search_loop(db, s, NULL, NULL, n, err);
}
