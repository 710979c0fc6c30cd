/* The audit trail (see audit.h). */
#include "audit.h"

#include "clock.h"

int
audit_log(struct db *db, long long session_id, long long elapsed_ms, const char *entity,
    const char *entity_id, const char *field, const char *old_value, const char *new_value,
    struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, "INSERT INTO audit (session_id, wall_time, elapsed_ms, entity, "
	    "entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &st, err) != 0)
		return -1;
	char now[21];
	clock_iso(clock_wall(), now);
	if (session_id > 0)
		db_bind_int(st, 1, session_id);
	else
		db_bind_text(st, 1, NULL);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, elapsed_ms);
	db_bind_text(st, 4, entity);
	db_bind_text(st, 5, entity_id);
	db_bind_text(st, 6, field);
	db_bind_text(st, 7, old_value);
	db_bind_text(st, 8, new_value);
	int rc = db_step(st, err);
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

long long
audit_last_elapsed(struct db *db, long long session_id)
{
	struct db_stmt *st;
	long long v = 0;
	if (db_prepare(db, "SELECT max(elapsed_ms) FROM audit WHERE session_id = ?", &st, NULL) != 0)
		return 0;
	db_bind_int(st, 1, session_id);
	if (db_step(st, NULL) == 1)
		v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}
