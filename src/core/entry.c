/* Entries and their versions (see entry.h). */
#include "entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "text.h"

#define ENTRY_MAX_BYTES (64 * 1024)

static const char *const entry_kinds[] = {"reflection", "action_plan", "note"};

const char *
entry_kind_name(enum entry_kind k)
{
	return (unsigned)k < 3 ? entry_kinds[k] : "?";
}

bool
entry_kind_parse(const char *s, enum entry_kind *out)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(s, entry_kinds[i]) == 0) {
			*out = (enum entry_kind)i;
			return true;
		}
	return false;
}

#define ENTRY_COLS "id, session_id, coalesce(participant_id, 0), kind, prompt_id, group_name, " \
	"body, coalesce(follow_up, ''), version, coalesce(supersedes, 0), created_at, elapsed_ms"

static void
entry_from_row(struct db_stmt *st, struct entry *e)
{
	e->id = db_col_int(st, 0);
	e->session_id = db_col_int(st, 1);
	e->participant_id = db_col_int(st, 2);
	entry_kind_parse(db_col_text(st, 3), &e->kind);
	e->prompt_id = db_col_dup(st, 4);
	e->group_name = db_col_dup(st, 5);
	e->body = db_col_dup(st, 6);
	e->follow_up = db_col_dup(st, 7);
	e->version = (int)db_col_int(st, 8);
	e->supersedes = db_col_int(st, 9);
	e->created_at = db_col_dup(st, 10);
	e->elapsed_ms = db_col_int(st, 11);
}

void
entry_clear(struct entry *e)
{
	free(e->prompt_id);
	free(e->group_name);
	free(e->body);
	free(e->follow_up);
	free(e->created_at);
	memset(e, 0, sizeof *e);
}

void
entry_free_list(struct entry *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		entry_clear(&list[i]);
	free(list);
}

static void
entry_bind_participant(struct db_stmt *st, int i, long long pid)
{
	if (pid > 0)
		db_bind_int(st, i, pid);
	else
		db_bind_text(st, i, NULL);
}

int
entry_current(struct db *db, const struct entry_key *key, struct entry *out,
    struct kolb_err *err)
{
	struct db_stmt *st;
	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT " ENTRY_COLS " FROM entries WHERE session_id = ? AND "
	    "participant_id IS ? AND kind = ? AND prompt_id = ? AND group_name = ? "
	    "ORDER BY version DESC LIMIT 1", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, key->session_id);
	entry_bind_participant(st, 2, key->participant_id);
	db_bind_text(st, 3, entry_kind_name(key->kind));
	db_bind_text(st, 4, key->prompt_id ? key->prompt_id : "");
	db_bind_text(st, 5, key->group_name ? key->group_name : "");
	int r = db_step(st, err);
	if (r == 1)
		entry_from_row(st, out);
	db_finalize(st);
	return r;
}

/* Whether the session is closed (entries locked). -1 on error. */
static int
entry_session_closed(struct db *db, long long session_id, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, "SELECT phase FROM sessions WHERE id = ?", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, session_id);
	int r = db_step(st, err), closed = -1;
	if (r == 1)
		closed = strcmp(db_col_text(st, 0), "closed") == 0;
	else if (r == 0)
		kolb_err_set(err, _("there is no session %lld"), session_id);
	db_finalize(st);
	return closed;
}

int
entry_save(struct db *db, const struct entry_key *key, const char *body, const char *follow_up,
    long long elapsed_ms, bool *changed, struct kolb_err *err)
{
	bool dummy;
	if (changed == NULL)
		changed = &dummy;
	*changed = false;
	if (body == NULL)
		body = "";
	size_t len = strlen(body);
	if (len > ENTRY_MAX_BYTES)
		return kolb_err_set(err, _("the text is too long (at most %d KiB)"), ENTRY_MAX_BYTES / 1024);
	if (!text_utf8_valid(body, len))
		return kolb_err_set(err, _("the text is not valid UTF-8"));
	if (follow_up != NULL && *follow_up != '\0' && !text_date_valid(follow_up))
		return kolb_err_set(err, _("the follow-up date must be written YYYY-MM-DD"));
	if (key->prompt_id == NULL || *key->prompt_id == '\0')
		return kolb_err_set(err, _("an entry needs a prompt"));
	int closed = entry_session_closed(db, key->session_id, err);
	if (closed < 0)
		return -1;
	struct entry cur;
	int have = entry_current(db, key, &cur, err);
	if (have < 0)
		return -1;
	const char *old_follow = have ? cur.follow_up : "";
	const char *new_follow = follow_up ? follow_up : old_follow;
	if ((have && strcmp(cur.body, body) == 0 && strcmp(old_follow, new_follow) == 0) ||
	    (!have && *body == '\0' && *new_follow == '\0')) {
		if (have)
			entry_clear(&cur);
		return 0;
	}
	char now[21], idbuf[24];
	clock_iso(clock_wall(), now);
	int rc = db_begin(db, err);
	struct db_stmt *st = NULL;
	long long id = have ? cur.id : 0;
	if (rc == 0 && have && !closed) {
		rc = db_prepare(db, "UPDATE entries SET body = ?, follow_up = ? WHERE id = ?", &st, err);
		if (rc == 0) {
			db_bind_text(st, 1, body);
			db_bind_text(st, 2, *new_follow ? new_follow : NULL);
			db_bind_int(st, 3, cur.id);
			rc = db_step(st, err) < 0 ? -1 : 0;
		}
	} else if (rc == 0) {
		rc = db_prepare(db, "INSERT INTO entries (session_id, participant_id, kind, prompt_id, "
		    "group_name, body, follow_up, version, supersedes, created_at, elapsed_ms) VALUES "
		    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, err);
		if (rc == 0) {
			db_bind_int(st, 1, key->session_id);
			entry_bind_participant(st, 2, key->participant_id);
			db_bind_text(st, 3, entry_kind_name(key->kind));
			db_bind_text(st, 4, key->prompt_id);
			db_bind_text(st, 5, key->group_name ? key->group_name : "");
			db_bind_text(st, 6, body);
			db_bind_text(st, 7, *new_follow ? new_follow : NULL);
			db_bind_int(st, 8, have ? cur.version + 1 : 1);
			if (have)
				db_bind_int(st, 9, cur.id);
			else
				db_bind_text(st, 9, NULL);
			db_bind_text(st, 10, now);
			db_bind_int(st, 11, elapsed_ms);
			rc = db_step(st, err) < 0 ? -1 : 0;
			id = db_last_id(db);
		}
	}
	db_finalize(st);
	if (rc == 0) {
		snprintf(idbuf, sizeof idbuf, "%lld", id);
		rc = audit_log(db, key->session_id, elapsed_ms, "entry", idbuf,
		    closed ? "correction" : entry_kind_name(key->kind), have ? cur.body : NULL, body, err);
	}
	if (have)
		entry_clear(&cur);
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db, err) != 0)
		return -1;
	*changed = true;
	return 0;
}

int
entry_list(struct db *db, long long session_id, int kind, long long participant_id,
    struct entry **out, size_t *n, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, "SELECT " ENTRY_COLS " FROM entries e WHERE session_id = ?1 AND "
	    "NOT EXISTS (SELECT 1 FROM entries n WHERE n.supersedes = e.id) AND "
	    "(?2 = '' OR kind = ?2) AND (?3 < 0 OR coalesce(participant_id, 0) = ?3) "
	    "ORDER BY prompt_id, participant_id, group_name", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, session_id);
	db_bind_text(st, 2, kind < 0 ? "" : entry_kind_name((enum entry_kind)kind));
	db_bind_int(st, 3, participant_id);
	struct entry *list = NULL;
	size_t len = 0, cap = 0;
	int r;
	while ((r = db_step(st, err)) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 32;
			list = kolb_xrealloc(list, cap * sizeof *list);
		}
		entry_from_row(st, &list[len++]);
	}
	db_finalize(st);
	if (r < 0) {
		entry_free_list(list, len);
		return -1;
	}
	*out = list;
	*n = len;
	return 0;
}

int
entry_history(struct db *db, long long id, struct entry **out, size_t *n, struct kolb_err *err)
{
	struct entry *list = NULL;
	size_t len = 0;
	struct db_stmt *st;
	if (db_prepare(db, "SELECT " ENTRY_COLS " FROM entries WHERE id = ?", &st, err) != 0)
		return -1;
	while (id > 0) {
		db_reset(st);
		db_bind_int(st, 1, id);
		int r = db_step(st, err);
		if (r < 0) {
			db_finalize(st);
			entry_free_list(list, len);
			return -1;
		}
		if (r == 0)
			break;
		list = kolb_xrealloc(list, (len + 1) * sizeof *list);
		entry_from_row(st, &list[len]);
		id = list[len].supersedes;
		len++;
	}
	db_finalize(st);
	/* Collected newest first; return oldest first. */
	for (size_t i = 0; i < len / 2; i++) {
		struct entry t = list[i];
		list[i] = list[len - 1 - i];
		list[len - 1 - i] = t;
	}
	*out = list;
	*n = len;
	return 0;
}
