/*
 * Assessments: per participant and learning outcome, "met" or "not yet",
 * decided by the facilitator (evidence matching only suggests). Audited.
 */
#ifndef KOLB_ASSESS_H
#define KOLB_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"

enum assess_status {
	ASSESS_NONE,    /* not assessed yet */
	ASSESS_MET,
	ASSESS_NOT_YET,
};

const char *assess_status_name(enum assess_status s); /* "", "met", "not_yet" */
bool assess_status_parse(const char *s, enum assess_status *out);

/* Record (ASSESS_NONE removes the assessment). */
int assess_set(struct db *db, long long session_id, long long participant_id,
    const char *outcome_id, enum assess_status st, long long elapsed_ms, struct kolb_err *err);
enum assess_status assess_get(struct db *db, long long participant_id, const char *outcome_id);

/* The outcome ids assessed as met for a participant. Caller clears *out. */
int assess_met(struct db *db, long long participant_id, struct kolb_strlist *out,
    struct kolb_err *err);

#endif
