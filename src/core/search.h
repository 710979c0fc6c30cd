/*
 * Search over what was recorded: the current version of every entry
 * (reflections, action plans, notes) of every session in the database, with
 * a PCRE2 pattern (caseless, UTF + UCP, JIT), optionally ignoring Vietnamese
 * diacritics (see fold.h) so that "hoc" finds "học" and "Đắk" finds "Dak".
 *
 * The texts are read from a flat copy of the current entries kept next to the
 * database (search.corpus, and search.folded with diacritics folded; rebuilt
 * by the first search after the entries changed; see search.c), or, when they
 * cannot be written (an in-memory database, a read-only folder), from the
 * database rows, with the same results.
 *
 * Results stream: search_run() reads the entries one by one (the id and the
 * text; the session and participant only for an entry that matches) and hands
 * each matching entry to a callback while its row is current; nothing is
 * collected but the ids of superseded versions. A correction made after
 * closing is a new version that supersedes the old one: only the newest
 * version of an entry is searched. All of a run reads one snapshot of the
 * database. s is only read, so one search may serve several runs.
 *
 * A match is a non-empty match of the pattern: a pattern that can only match
 * the empty string (such as "x*" on a text without x) matches nothing.
 */
#ifndef KOLB_SEARCH_H
#define KOLB_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "entry.h"
#include "kolb.h"

struct search;

/* One match: bytes [start, end) of the ORIGINAL text (on character
 * boundaries; with folding, a match ending on a vowel takes in the combining
 * marks typed after it). */
struct search_span {
	size_t start, end;
};

/* A matching entry, handed to search_run()'s callback. Everything it points
 * to is borrowed: valid only during the callback (copy what you keep). */
struct search_hit {
	long long entry_id;
	long long session_id;
	const char *session_title;
	const char *session_date;  /* the session's first day, YYYY-MM-DD */
	long long participant_id;  /* 0 for a group's words or a facilitator's note */
	const char *who;           /* the participant's name, else the group's name, else "" */
	const char *group_name;    /* "" unless a group answered */
	enum entry_kind kind;
	const char *prompt_id;     /* the prompt (or, for a note, the activity) id */
	int version;               /* 1, or more after corrections */
	const char *body;          /* the entry's text (UTF-8) */
	size_t body_len;
	const struct search_span *spans; /* every match in body, in order, not overlapping */
	size_t nspans;                   /* at least 1 */
};

/* Compile pattern (UTF-8, PCRE2 syntax, caseless). fold: ignore Vietnamese
 * diacritics; the pattern is folded the same way as the texts. Returns NULL
 * with err set ("invalid pattern at offset N: ...") for an empty, invalid or
 * non-UTF-8 pattern. Caller frees with search_free. */
struct search *search_new(const char *pattern, bool fold, struct kolb_err *err);

/* Free a search; NULL is fine. */
void search_free(struct search *s);

/* Whether s ignores diacritics. */
bool search_folds(const struct search *s);

/* Run s over the current version of every entry of db, in the order the
 * entries were written, calling cb for each matching entry. cb returns 0 to
 * go on, anything else to stop there (search_run then returns 0). Returns 0,
 * or -1 with err set (database error, or a text the matcher refused: not
 * valid UTF-8, or too much backtracking; the message names the entry). */
int search_run(struct db *db, const struct search *s,
    int (*cb)(const struct search_hit *hit, void *arg), void *arg, struct kolb_err *err);

/* The number of entries search_run() would hand to its callback, into *n,
 * without reading their sessions and participants. 0, or -1 with err set. */
int search_count(struct db *db, const struct search *s, long long *n, struct kolb_err *err);

/* Every match of s in text[0..len) (UTF-8). Returns 1 and sets *spans (caller
 * frees) and *n when there is at least one, 0 with *spans NULL and *n 0 when
 * there is none, -1 with err set when the matcher fails (invalid UTF-8). */
int search_text(const struct search *s, const char *text, size_t len,
    struct search_span **spans, size_t *n, struct kolb_err *err);

/* The corpus file search_run() keeps next to db's database file (see
 * search.c): "FOLDER/search.corpus" (its folded twin is "FOLDER/search.folded"),
 * or NULL for an in-memory database. Caller frees. */
char *search_corpus_path(struct db *db);

/* Tests and benchmarks: false makes search_run() and search_count() read the
 * database rows instead of the corpus (true, the default). */
void search_use_corpus(bool on);

/* How many times this process has written a corpus file (tests). */
unsigned long search_corpus_builds(void);

#endif
