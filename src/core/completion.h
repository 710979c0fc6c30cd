/*
 * The pack's completion rules applied to one participant: who has completed
 * the workshop and, for the others, exactly what is missing. The rule logic
 * (completion_check) is pure; completion_session gathers the facts from the
 * database.
 */
#ifndef KOLB_COMPLETION_H
#define KOLB_COMPLETION_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"
#include "manifest.h"

/* What is known about one participant. */
struct completion_facts {
	int days;              /* the session's days */
	int attended_days;
	int reflections;       /* reflection entries with more than white space */
	int action_plans;      /* action-plan entries with more than white space */
	const char *const *met_outcomes; /* ids assessed as met */
	size_t nmet;
};

struct completion_result {
	bool complete;
	int attendance_percent;
	/* One translated line per unmet rule, e.g. "attended 1 of 2 days (needs 100%)". */
	struct kolb_strlist missing;
};

/* Apply m's rules to facts; lang (an index into m->languages, 0 when out of range)
 * selects the language of outcome texts in messages. *out is overwritten: the
 * caller kolb_strlist_clear()s out->missing. attendance_percent is attended/days
 * rounded down, within 0..100 (0 when days <= 0). */
void completion_check(const struct pack_manifest *m, size_t lang,
    const struct completion_facts *facts, struct completion_result *out);

struct completion_row {
	long long participant_id;
	char *name;
	struct completion_result result;
};

/* Evaluate every participant of a session (in the order they were added) against m,
 * which must be the session's pack. A reflection or action plan counts when its
 * current version has more than white space. Caller frees with completion_free. */
int completion_session(struct db *db, long long session_id, const struct pack_manifest *m,
    size_t lang, struct completion_row **out, size_t *n, struct kolb_err *err);
/* Free rows from completion_session (names and missing lines); NULL is fine. */
void completion_free(struct completion_row *rows, size_t n);

#endif
