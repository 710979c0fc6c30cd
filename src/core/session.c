/* Sessions and their phases (see session.h). */
#include "session.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "fsutil.h"
#include "manifest.h"
#include "pack.h"
#include "text.h"

static const char *const phase_names[PHASE_COUNT] = {"setup", "experience", "reflection",
    "application", "assessment", "closed"};
static const char *const phase_labels[PHASE_COUNT] = {N_("Setup"), N_("Experience"),
    N_("Reflection"), N_("Application"), N_("Assessment"), N_("Closed")};

const char *
session_phase_name(enum session_phase p)
{
	return (unsigned)p < PHASE_COUNT ? phase_names[p] : "?";
}

const char *
session_phase_label(enum session_phase p)
{
	return (unsigned)p < PHASE_COUNT ? _(phase_labels[p]) : "?";
}

bool
session_phase_parse(const char *s, enum session_phase *out)
{
	for (int i = 0; i < PHASE_COUNT; i++)
		if (strcmp(s, phase_names[i]) == 0) {
			*out = (enum session_phase)i;
			return true;
		}
	return false;
}

bool
session_phase_allowed(enum session_phase from, enum session_phase to)
{
	return from != PHASE_CLOSED && to != PHASE_CLOSED && (unsigned)to < PHASE_COUNT;
}

#define SESSION_COLS "id, uid, pack_id, pack_version, pack_sha256, language, title, province, " \
	"commune, village, start_date, days, facilitators, phase, created_at, " \
	"coalesce(closed_at, ''), ui_state, " \
	"(SELECT count(*) FROM participants p WHERE p.session_id = sessions.id)"

static void
session_from_row(struct db_stmt *st, struct session *s)
{
	s->id = db_col_int(st, 0);
	s->uid = db_col_dup(st, 1);
	s->pack_id = db_col_dup(st, 2);
	s->pack_version = db_col_dup(st, 3);
	s->pack_sha256 = db_col_dup(st, 4);
	s->language = db_col_dup(st, 5);
	s->title = db_col_dup(st, 6);
	s->province = db_col_dup(st, 7);
	s->commune = db_col_dup(st, 8);
	s->village = db_col_dup(st, 9);
	s->start_date = db_col_dup(st, 10);
	s->days = (int)db_col_int(st, 11);
	s->facilitators = db_col_dup(st, 12);
	if (!session_phase_parse(db_col_text(st, 13), &s->phase))
		s->phase = PHASE_SETUP;
	s->created_at = db_col_dup(st, 14);
	s->closed_at = db_col_dup(st, 15);
	s->ui_state = db_col_dup(st, 16);
	s->participants = (int)db_col_int(st, 17);
}

void
session_clear(struct session *s)
{
	free(s->uid);
	free(s->pack_id);
	free(s->pack_version);
	free(s->pack_sha256);
	free(s->language);
	free(s->title);
	free(s->province);
	free(s->commune);
	free(s->village);
	free(s->start_date);
	free(s->facilitators);
	free(s->created_at);
	free(s->closed_at);
	free(s->ui_state);
	memset(s, 0, sizeof *s);
}

void
session_free_list(struct session *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		session_clear(&list[i]);
	free(list);
}

/* A one-line field a person types: not empty when required, no control chars, bounded. */
static int
session_check_text(const char *what, const char *s, bool required, struct kolb_err *err)
{
	if (s == NULL || *s == '\0')
		return required ? kolb_err_set(err, _("%s is required"), what) : 0;
	if (!text_utf8_valid(s, strlen(s)) || text_has_control(s))
		return kolb_err_set(err, _("%s has characters that cannot be stored"), what);
	if (strlen(s) > 200)
		return kolb_err_set(err, _("%s is too long (at most 200 bytes)"), what);
	return 0;
}

int
session_create(struct db *db, const struct session_new *in, long long *id, struct kolb_err *err)
{
	if (session_check_text(_("the title"), in->title, true, err) != 0 ||
	    session_check_text(_("the province"), in->province, false, err) != 0 ||
	    session_check_text(_("the commune"), in->commune, false, err) != 0 ||
	    session_check_text(_("the village"), in->village, false, err) != 0)
		return -1;
	if (in->start_date == NULL || !text_date_valid(in->start_date))
		return kolb_err_set(err, _("the start date must be a date written YYYY-MM-DD"));
	if (in->days < 1 || in->days > 3)
		return kolb_err_set(err, _("a session lasts 1 to 3 days"));
	for (size_t i = 0; i < in->nfacilitators; i++)
		if (session_check_text(_("a facilitator's name"), in->facilitators[i], true, err) != 0)
			return -1;
	if (in->pack_id == NULL)
		return kolb_err_set(err, _("a session needs a pack"));
	struct db_pack pack;
	int f = pack_find(db, in->pack_id, in->pack_version, &pack, err);
	if (f < 0)
		return -1;
	if (f == 0)
		return in->pack_version ?
		    kolb_err_set(err, _("pack %s %s is not installed"), in->pack_id, in->pack_version) :
		    kolb_err_set(err, _("pack %s is not installed"), in->pack_id);
	json_t *langs = json_loads(pack.languages, 0, NULL);
	const char *lang = in->language ? in->language : json_string_value(json_array_get(langs, 0));
	bool lang_ok = false;
	size_t k;
	json_t *l;
	json_array_foreach(langs, k, l)
		if (lang && json_string_value(l) && strcmp(json_string_value(l), lang) == 0)
			lang_ok = true;
	char *language = kolb_xstrdup(lang ? lang : "");
	json_decref(langs);
	if (!lang_ok) {
		kolb_err_set(err, _("pack %s has no language \"%s\""), in->pack_id, language);
		free(language);
		db_pack_clear(&pack);
		return -1;
	}
	json_t *fac = json_array();
	for (size_t i = 0; i < in->nfacilitators; i++)
		json_array_append_new(fac, json_string(in->facilitators[i]));
	char *facs = json_dumps(fac, JSON_COMPACT);
	json_decref(fac);

	unsigned char rnd[16];
	char uid[33], now[21];
	randombytes_buf(rnd, sizeof rnd);
	fs_hex(rnd, sizeof rnd, uid);
	clock_iso(clock_wall(), now);
	struct db_stmt *st = NULL;
	int rc = -1;
	if (db_begin(db, err) != 0)
		goto out;
	if (db_prepare(db, "INSERT INTO sessions (uid, pack_id, pack_version, pack_sha256, "
	    "language, title, province, commune, village, start_date, days, facilitators, "
	    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, err) != 0)
		goto fail;
	const char *v[] = {uid, pack.id, pack.version, pack.sha256, language, in->title,
	    in->province ? in->province : "", in->commune ? in->commune : "",
	    in->village ? in->village : "", in->start_date};
	for (int i = 0; i < 10; i++)
		db_bind_text(st, i + 1, v[i]);
	db_bind_int(st, 11, in->days);
	db_bind_text(st, 12, facs);
	db_bind_text(st, 13, now);
	if (db_step(st, err) < 0)
		goto fail;
	*id = db_last_id(db);
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", *id);
	if (audit_log(db, *id, 0, "session", idbuf, "created", NULL, in->title, err) != 0)
		goto fail;
	if (db_commit(db, err) != 0)
		goto out;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	db_finalize(st);
	free(facs);
	free(language);
	db_pack_clear(&pack);
	return rc;
}

int
session_get(struct db *db, long long id, struct session *out, struct kolb_err *err)
{
	struct db_stmt *st;
	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT " SESSION_COLS " FROM sessions WHERE id = ?", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, id);
	int r = db_step(st, err);
	if (r == 1)
		session_from_row(st, out);
	db_finalize(st);
	if (r == 0)
		return kolb_err_set(err, _("there is no session %lld"), id);
	return r < 0 ? -1 : 0;
}

int
session_list(struct db *db, struct session **out, size_t *n, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, "SELECT " SESSION_COLS " FROM sessions ORDER BY phase = 'closed', "
	    "start_date DESC, id DESC", &st, err) != 0)
		return -1;
	struct session *list = NULL;
	size_t len = 0, cap = 0;
	int r;
	while ((r = db_step(st, err)) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			list = kolb_xrealloc(list, cap * sizeof *list);
		}
		session_from_row(st, &list[len++]);
	}
	db_finalize(st);
	if (r < 0) {
		session_free_list(list, len);
		return -1;
	}
	*out = list;
	*n = len;
	return 0;
}

/* Change the phase column inside a transaction, with its audit record. */
static int
session_write_phase(struct db *db, long long id, enum session_phase to, long long elapsed_ms,
    struct kolb_err *err)
{
	struct session s;
	if (session_get(db, id, &s, err) != 0)
		return -1;
	enum session_phase from = s.phase;
	session_clear(&s);
	if (to == PHASE_CLOSED ? from == PHASE_CLOSED : !session_phase_allowed(from, to))
		return kolb_err_set(err, from == PHASE_CLOSED ?
		    _("the session is closed; its phase cannot change") :
		    _("a session cannot move to that phase"));
	if (from == to)
		return 0;
	char idbuf[24], now[21];
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	clock_iso(clock_wall(), now);
	if (db_begin(db, err) != 0)
		return -1;
	int rc = to == PHASE_CLOSED ?
	    db_run(db, err, "UPDATE sessions SET phase = ?, closed_at = ? WHERE id = ?",
	        session_phase_name(to), now, idbuf) :
	    db_run(db, err, "UPDATE sessions SET phase = ? WHERE id = ?", session_phase_name(to),
	        idbuf);
	if (rc == 0)
		rc = audit_log(db, id, elapsed_ms, "session", idbuf, "phase", session_phase_name(from),
		    session_phase_name(to), err);
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}

int
session_set_phase(struct db *db, long long id, enum session_phase to, long long elapsed_ms,
    struct kolb_err *err)
{
	if (to == PHASE_CLOSED)
		return kolb_err_set(err, _("close a session with session close"));
	return session_write_phase(db, id, to, elapsed_ms, err);
}

int
session_close(struct db *db, long long id, long long elapsed_ms, struct kolb_err *err)
{
	return session_write_phase(db, id, PHASE_CLOSED, elapsed_ms, err);
}

int
session_save_ui(struct db *db, long long id, const char *json, struct kolb_err *err)
{
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	return db_run(db, err, "UPDATE sessions SET ui_state = ? WHERE id = ?", json, idbuf);
}
