/*
 * The audit trail: every change to a session's data, with the old and new
 * value, the wall-clock time and the time elapsed since the session was
 * opened. Elapsed time comes from the monotonic clock and continues from the
 * last recorded value when a session is reopened, so a wrong or changed system
 * clock cannot scramble the order of events.
 */
#ifndef KOLB_AUDIT_H
#define KOLB_AUDIT_H

#include "db.h"
#include "kolb.h"

/* Append one change. Must run inside the caller's transaction. old/new may be NULL. */
int audit_log(struct db *db, long long session_id, long long elapsed_ms, const char *entity,
    const char *entity_id, const char *field, const char *old_value, const char *new_value,
    struct kolb_err *err);

/* The highest elapsed_ms recorded for a session (0 if none). */
long long audit_last_elapsed(struct db *db, long long session_id);

#endif
