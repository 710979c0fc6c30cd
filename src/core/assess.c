/* Assessments of learning outcomes (see assess.h). */
#include "assess.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "clock.h"

const char *
assess_status_name(enum assess_status s)
{
	return s == ASSESS_MET ? "met" : s == ASSESS_NOT_YET ? "not_yet" : "";
}

bool
assess_status_parse(const char *s, enum assess_status *out)
{
	if (strcmp(s, "met") == 0)
		*out = ASSESS_MET;
	else if (strcmp(s, "not_yet") == 0)
		*out = ASSESS_NOT_YET;
	else if (strcmp(s, "none") == 0 || *s == '\0')
		*out = ASSESS_NONE;
	else
		return false;
	return true;
}

enum assess_status
assess_get(struct db *db, long long participant_id, const char *outcome_id)
{
	struct db_stmt *st;
	enum assess_status r = ASSESS_NONE;
	if (db_prepare(db, "SELECT status FROM assessments WHERE participant_id = ? AND "
	    "outcome_id = ?", &st, NULL) != 0)
		return r;
	db_bind_int(st, 1, participant_id);
	db_bind_text(st, 2, outcome_id);
	if (db_step(st, NULL) == 1)
		assess_status_parse(db_col_text(st, 0), &r);
	db_finalize(st);
	return r;
}

int
assess_set(struct db *db, long long session_id, long long participant_id,
    const char *outcome_id, enum assess_status st, long long elapsed_ms, struct kolb_err *err)
{
	enum assess_status old = assess_get(db, participant_id, outcome_id);
	if (old == st)
		return 0;
	char pid[24], now[21];
	snprintf(pid, sizeof pid, "%lld", participant_id);
	clock_iso(clock_wall(), now);
	if (db_begin(db, err) != 0)
		return -1;
	int rc = st == ASSESS_NONE ?
	    db_run(db, err, "DELETE FROM assessments WHERE participant_id = ? AND outcome_id = ?",
	        pid, outcome_id) :
	    db_run(db, err, "INSERT INTO assessments (participant_id, outcome_id, status, "
	        "assessed_at) VALUES (?, ?, ?, ?) ON CONFLICT (participant_id, outcome_id) DO "
	        "UPDATE SET status = excluded.status, assessed_at = excluded.assessed_at",
	        pid, outcome_id, assess_status_name(st), now);
	if (rc == 0) {
		char field[160];
		snprintf(field, sizeof field, "outcome:%s", outcome_id);
		rc = audit_log(db, session_id, elapsed_ms, "assessment", pid, field,
		    assess_status_name(old), assess_status_name(st), err);
	}
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}

int
assess_met(struct db *db, long long participant_id, struct kolb_strlist *out,
    struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, "SELECT outcome_id FROM assessments WHERE participant_id = ? AND "
	    "status = 'met' ORDER BY outcome_id", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, participant_id);
	int r;
	while ((r = db_step(st, err)) == 1)
		kolb_strlist_add(out, db_col_text(st, 0));
	db_finalize(st);
	return r < 0 ? -1 : 0;
}
