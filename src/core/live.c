/* The session being run: lock, pack, elapsed time, activity state (see live.h). */
#include "live.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "fsutil.h"
#include "pack.h"

static const char *const activity_statuses[] = {"pending", "done", "skipped"};

const char *
activity_status_name(enum activity_status s)
{
	return (unsigned)s < 3 ? activity_statuses[s] : "?";
}

static long long
live_wall_ms(void)
{
	return (long long)clock_wall() * 1000;
}

/* Take DATA/locks/session-UID.lock; the lock lives as long as the descriptor. */
static int
live_lock(const char *datadir, const struct session *s, struct kolb_err *err)
{
	char *dir = kolb_xasprintf("%s/locks", datadir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		kolb_err_set(err, _("cannot create %s: %s"), dir, strerror(errno));
		free(dir);
		return -1;
	}
	char *path = kolb_xasprintf("%s/session-%s.lock", dir, s->uid);
	free(dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (fd < 0)
		return kolb_err_set(err, _("cannot lock the session: %s"), strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return kolb_err_set(err, _("session %lld is open in another kolb on this data folder; "
		    "close it there first"), s->id);
	}
	return fd;
}

/* Load the activities table into l->activities. */
static int
live_load_activities(struct live *l, struct kolb_err *err)
{
	size_t n = l->pack->nactivities;
	l->activities = kolb_xcalloc(n ? n : 1, sizeof *l->activities);
	for (size_t i = 0; i < n; i++)
		timer_init(&l->activities[i].timer, (long long)l->pack->activities[i].minutes * 60000);
	struct db_stmt *st;
	if (db_prepare(l->db, "SELECT activity_id, status, timer_ms, timer_running, timer_wall_ms "
	    "FROM activities WHERE session_id = ?", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, l->session.id);
	long long now = timer_now_ms(), wall = live_wall_ms();
	int r;
	while ((r = db_step(st, err)) == 1) {
		const char *id = db_col_text(st, 0);
		for (size_t i = 0; i < n; i++) {
			if (strcmp(l->pack->activities[i].id, id) != 0)
				continue;
			struct live_activity *a = &l->activities[i];
			const char *status = db_col_text(st, 1);
			a->status = strcmp(status, "done") == 0 ? ACTIVITY_DONE :
			    strcmp(status, "skipped") == 0 ? ACTIVITY_SKIPPED : ACTIVITY_PENDING;
			a->timer.elapsed_ms = db_col_int(st, 2);
			if (db_col_int(st, 3)) {
				/* It kept running while kolb was closed: count that time too. */
				long long gap = wall - db_col_int(st, 4);
				a->timer.elapsed_ms += gap > 0 ? gap : 0;
				a->timer.running = true;
				a->timer.started_ms = now;
			}
		}
	}
	db_finalize(st);
	return r < 0 ? -1 : 0;
}

int
live_open(struct db *db, const char *datadir, long long id, struct live **out,
    struct kolb_err *err)
{
	struct live *l = kolb_xcalloc(1, sizeof *l);
	l->db = db;
	l->datadir = kolb_xstrdup(datadir);
	l->lock_fd = -1;
	if (session_get(db, id, &l->session, err) != 0)
		goto fail;
	if ((l->lock_fd = live_lock(datadir, &l->session, err)) < 0)
		goto fail;
	if (pack_load(db, datadir, l->session.pack_id, l->session.pack_version, &l->pack,
	    &l->pack_dir, err) != 0)
		goto fail;
	l->lang = manifest_lang(l->pack, l->session.language);
	if (live_load_activities(l, err) != 0)
		goto fail;
	l->elapsed_base = audit_last_elapsed(db, id);
	l->mono_base = timer_now_ms();
	*out = l;
	return 0;
fail:
	live_close(l);
	return -1;
}

void
live_close(struct live *l)
{
	if (l == NULL)
		return;
	if (l->lock_fd >= 0)
		close(l->lock_fd);
	session_clear(&l->session);
	manifest_free(l->pack);
	free(l->pack_dir);
	free(l->activities);
	free(l->datadir);
	free(l);
}

long long
live_elapsed(const struct live *l)
{
	long long d = timer_now_ms() - l->mono_base;
	return l->elapsed_base + (d > 0 ? d : 0);
}

int
live_reload(struct live *l, struct kolb_err *err)
{
	struct session s;
	if (session_get(l->db, l->session.id, &s, err) != 0)
		return -1;
	session_clear(&l->session);
	l->session = s;
	return 0;
}

int
live_set_phase(struct live *l, enum session_phase to, struct kolb_err *err)
{
	if (session_set_phase(l->db, l->session.id, to, live_elapsed(l), err) != 0)
		return -1;
	return live_reload(l, err);
}

int
live_close_session(struct live *l, struct kolb_err *err)
{
	/* Stop every running timer first: a closed session has no clock running. */
	long long now = timer_now_ms();
	for (size_t i = 0; i < l->pack->nactivities; i++)
		if (l->activities[i].timer.running) {
			timer_pause(&l->activities[i].timer, now);
			if (live_activity_timer(l, i, err) != 0)
				return -1;
		}
	if (session_close(l->db, l->session.id, live_elapsed(l), err) != 0)
		return -1;
	return live_reload(l, err);
}

/* Write one activity row (status and timer). */
static int
live_write_activity(struct live *l, size_t i, struct kolb_err *err)
{
	struct live_activity *a = &l->activities[i];
	struct db_stmt *st;
	if (db_prepare(l->db, "INSERT INTO activities (session_id, activity_id, status, timer_ms, "
	    "timer_running, timer_wall_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, "
	    "activity_id) DO UPDATE SET status = excluded.status, timer_ms = excluded.timer_ms, "
	    "timer_running = excluded.timer_running, timer_wall_ms = excluded.timer_wall_ms",
	    &st, err) != 0)
		return -1;
	db_bind_int(st, 1, l->session.id);
	db_bind_text(st, 2, l->pack->activities[i].id);
	db_bind_text(st, 3, activity_status_name(a->status));
	db_bind_int(st, 4, timer_elapsed(&a->timer, timer_now_ms()));
	db_bind_int(st, 5, a->timer.running);
	db_bind_int(st, 6, live_wall_ms());
	int r = db_step(st, err);
	db_finalize(st);
	return r < 0 ? -1 : 0;
}

int
live_activity_status(struct live *l, size_t i, enum activity_status status, struct kolb_err *err)
{
	if (i >= l->pack->nactivities)
		return kolb_err_set(err, _("there is no such activity"));
	enum activity_status old = l->activities[i].status;
	if (old == status)
		return 0;
	l->activities[i].status = status;
	if (status != ACTIVITY_PENDING && l->activities[i].timer.running)
		timer_pause(&l->activities[i].timer, timer_now_ms());
	int rc = db_begin(l->db, err);
	if (rc == 0)
		rc = live_write_activity(l, i, err);
	if (rc == 0)
		rc = audit_log(l->db, l->session.id, live_elapsed(l), "activity",
		    l->pack->activities[i].id, "status", activity_status_name(old),
		    activity_status_name(status), err);
	if (rc != 0) {
		db_rollback(l->db);
		l->activities[i].status = old;
		return -1;
	}
	return db_commit(l->db, err);
}

int
live_activity_timer(struct live *l, size_t i, struct kolb_err *err)
{
	if (i >= l->pack->nactivities)
		return kolb_err_set(err, _("there is no such activity"));
	if (db_begin(l->db, err) != 0)
		return -1;
	if (live_write_activity(l, i, err) != 0) {
		db_rollback(l->db);
		return -1;
	}
	return db_commit(l->db, err);
}

int
live_activity_instructions(const struct live *l, size_t i, char **out, struct kolb_err *err)
{
	if (i >= l->pack->nactivities)
		return kolb_err_set(err, _("there is no such activity"));
	char *path = kolb_xasprintf("%s/%s", l->pack_dir, l->pack->activities[i].instructions[l->lang]);
	size_t len;
	int rc = fs_read_file(path, MANIFEST_MAX_MD_BYTES, out, &len, err);
	free(path);
	return rc;
}
