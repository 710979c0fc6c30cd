/*
 * The session being run: opened by the TUI or a CLI command, it holds the
 * session's lock (a second kolb is told the session is open elsewhere), the
 * pack's manifest, the elapsed-time base for the audit trail, and the state of
 * each Experience activity (done/skipped, timer) saved in the activities table.
 */
#ifndef KOLB_LIVE_H
#define KOLB_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"
#include "manifest.h"
#include "session.h"
#include "timer.h"

enum activity_status {
	ACTIVITY_PENDING,
	ACTIVITY_DONE,
	ACTIVITY_SKIPPED,
};

struct live_activity {
	enum activity_status status;
	struct timer timer;
};

struct live {
	struct db *db;           /* borrowed */
	char *datadir;           /* owned copy */
	struct session session;  /* owned */
	struct pack_manifest *pack; /* owned */
	char *pack_dir;          /* owned: the installed pack version's folder */
	size_t lang;             /* index of the session language in pack->languages */
	struct live_activity *activities; /* pack->nactivities */
	int lock_fd;
	long long mono_base;     /* timer_now_ms() when opened */
	long long elapsed_base;  /* audit elapsed carried over from earlier openings */
};

/* Open session id for running. Fails with "open elsewhere" when another kolb has it. */
int live_open(struct db *db, const char *datadir, long long id, struct live **out,
    struct kolb_err *err);
void live_close(struct live *l);

/* Milliseconds since the session was first opened, counting only time it was open. */
long long live_elapsed(const struct live *l);

/* Reload the session row (after a phase change). */
int live_reload(struct live *l, struct kolb_err *err);

int live_set_phase(struct live *l, enum session_phase to, struct kolb_err *err);
int live_close_session(struct live *l, struct kolb_err *err);

/* Activity i: mark done/skipped/pending, and save its timer. Audited. */
int live_activity_status(struct live *l, size_t i, enum activity_status st, struct kolb_err *err);
int live_activity_timer(struct live *l, size_t i, struct kolb_err *err);
/* Text of an activity's instructions in the session language. Caller frees. */
int live_activity_instructions(const struct live *l, size_t i, char **out, struct kolb_err *err);

const char *activity_status_name(enum activity_status s);

#endif
