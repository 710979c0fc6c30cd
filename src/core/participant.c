/* Participants and attendance (see participant.h). */
#include "participant.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "fsutil.h"
#include "text.h"

const char *const participant_genders[] = {"female", "male", "other", NULL};
const char *const participant_age_groups[] = {"child", "youth", "adult", "elder", NULL};
const char *const participant_roles[] = {"student", "caregiver", "parent", "teacher",
    "official", "other", NULL};
const char *const participant_consents[] = {"unknown", "given", "refused", NULL};

static const struct {
	const char *value, *label;
} participant_labels[] = {
	{"female", N_("female")}, {"male", N_("male")}, {"other", N_("other")},
	{"child", N_("child")}, {"youth", N_("youth")},
	{"adult", N_("adult")}, {"elder", N_("elder")},
	{"student", N_("student")}, {"caregiver", N_("caregiver")}, {"parent", N_("parent")},
	{"teacher", N_("teacher")}, {"official", N_("official")},
	{"unknown", N_("not asked")}, {"given", N_("given")}, {"refused", N_("refused")},
};

const char *
participant_label(const char *value)
{
	if (value == NULL || *value == '\0')
		return "—";
	for (size_t i = 0; i < sizeof participant_labels / sizeof participant_labels[0]; i++)
		if (strcmp(participant_labels[i].value, value) == 0)
			return _(participant_labels[i].label);
	return value;
}

static bool
participant_in(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

/* A free-text field: printable UTF-8 of bounded length. */
static int
participant_check_text(const char *what, const char *v, size_t max, struct kolb_err *err)
{
	if (v == NULL)
		return 0;
	if (!text_utf8_valid(v, strlen(v)) || text_has_control(v))
		return kolb_err_set(err, _("%s has characters that cannot be stored"), what);
	if (strlen(v) > max)
		return kolb_err_set(err, _("%s is too long (at most %zu bytes)"), what, max);
	return 0;
}

static int
participant_check_value(const char *what, const char *v, const char *const *list,
    struct kolb_err *err)
{
	if (v == NULL || *v == '\0' || participant_in(v, list))
		return 0;
	char allowed[200] = "";
	for (const char *const *l = list; *l; l++) {
		if (*allowed)
			strncat(allowed, ", ", sizeof allowed - strlen(allowed) - 1);
		strncat(allowed, *l, sizeof allowed - strlen(allowed) - 1);
	}
	return kolb_err_set(err, _("%s \"%s\" is not one of %s"), what, v, allowed);
}

int
participant_check(const struct participant_fields *f, bool adding, struct kolb_err *err)
{
	if (f->name != NULL || adding) {
		if (f->name == NULL || *f->name == '\0' || strspn(f->name, " \t") == strlen(f->name))
			return kolb_err_set(err, _("a participant needs a name"));
	}
	if (participant_check_text(_("the name"), f->name, 120, err) != 0 ||
	    participant_check_text(_("the ethnicity"), f->ethnicity, 60, err) != 0 ||
	    participant_check_text(_("the guardian's name"), f->consent_by, 120, err) != 0 ||
	    participant_check_value(_("gender"), f->gender, participant_genders, err) != 0 ||
	    participant_check_value(_("age group"), f->age_group, participant_age_groups, err) != 0 ||
	    participant_check_value(_("role"), f->role, participant_roles, err) != 0 ||
	    participant_check_value(_("consent"), f->consent, participant_consents, err) != 0)
		return -1;
	return 0;
}

#define PARTICIPANT_COLS "id, session_id, uid, name, gender, age_group, ethnicity, role, " \
	"is_minor, consent, consent_by, share_name"

static void
participant_from_row(struct db_stmt *st, struct participant *p)
{
	p->id = db_col_int(st, 0);
	p->session_id = db_col_int(st, 1);
	p->uid = db_col_dup(st, 2);
	p->name = db_col_dup(st, 3);
	p->gender = db_col_dup(st, 4);
	p->age_group = db_col_dup(st, 5);
	p->ethnicity = db_col_dup(st, 6);
	p->role = db_col_dup(st, 7);
	p->is_minor = db_col_int(st, 8) != 0;
	p->consent = db_col_dup(st, 9);
	p->consent_by = db_col_dup(st, 10);
	p->share_name = db_col_int(st, 11) != 0;
}

void
participant_clear(struct participant *p)
{
	free(p->uid);
	free(p->name);
	free(p->gender);
	free(p->age_group);
	free(p->ethnicity);
	free(p->role);
	free(p->consent);
	free(p->consent_by);
	memset(p, 0, sizeof *p);
}

void
participant_free_list(struct participant *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		participant_clear(&list[i]);
	free(list);
}

int
participant_get(struct db *db, long long id, struct participant *out, struct kolb_err *err)
{
	struct db_stmt *st;
	memset(out, 0, sizeof *out);
	if (db_prepare(db, "SELECT " PARTICIPANT_COLS " FROM participants WHERE id = ?", &st,
	    err) != 0)
		return -1;
	db_bind_int(st, 1, id);
	int r = db_step(st, err);
	if (r == 1)
		participant_from_row(st, out);
	db_finalize(st);
	if (r == 0)
		return kolb_err_set(err, _("there is no participant %lld"), id);
	return r < 0 ? -1 : 0;
}

int
participant_list(struct db *db, long long session_id, struct participant **out, size_t *n,
    struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, "SELECT " PARTICIPANT_COLS " FROM participants WHERE session_id = ? "
	    "ORDER BY id", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, session_id);
	struct participant *list = NULL;
	size_t len = 0, cap = 0;
	int r;
	while ((r = db_step(st, err)) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 32;
			list = kolb_xrealloc(list, cap * sizeof *list);
		}
		participant_from_row(st, &list[len++]);
	}
	db_finalize(st);
	if (r < 0) {
		participant_free_list(list, len);
		return -1;
	}
	*out = list;
	*n = len;
	return 0;
}

int
participant_add(struct db *db, long long session_id, const struct participant_fields *f,
    long long elapsed_ms, long long *id, struct kolb_err *err)
{
	if (participant_check(f, true, err) != 0)
		return -1;
	unsigned char rnd[16];
	char uid[33], now[21];
	randombytes_buf(rnd, sizeof rnd);
	fs_hex(rnd, sizeof rnd, uid);
	clock_iso(clock_wall(), now);
	bool minor = f->is_minor > 0 || (f->age_group && strcmp(f->age_group, "child") == 0);
	struct db_stmt *st;
	if (db_begin(db, err) != 0)
		return -1;
	if (db_prepare(db, "INSERT INTO participants (session_id, uid, name, gender, age_group, "
	    "ethnicity, role, is_minor, consent, consent_by, share_name, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, err) != 0) {
		db_rollback(db);
		return -1;
	}
	db_bind_int(st, 1, session_id);
	db_bind_text(st, 2, uid);
	db_bind_text(st, 3, f->name);
	db_bind_text(st, 4, f->gender ? f->gender : "");
	db_bind_text(st, 5, f->age_group ? f->age_group : "");
	db_bind_text(st, 6, f->ethnicity ? f->ethnicity : "");
	db_bind_text(st, 7, f->role ? f->role : "");
	db_bind_int(st, 8, minor);
	db_bind_text(st, 9, f->consent && *f->consent ? f->consent : "unknown");
	db_bind_text(st, 10, f->consent_by ? f->consent_by : "");
	db_bind_int(st, 11, f->share_name > 0);
	db_bind_text(st, 12, now);
	db_bind_text(st, 13, now);
	int r = db_step(st, err);
	db_finalize(st);
	if (r < 0) {
		db_rollback(db);
		return -1;
	}
	*id = db_last_id(db);
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", *id);
	if (audit_log(db, session_id, elapsed_ms, "participant", idbuf, "added", NULL, f->name,
	    err) != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}

/* Update one text column if the new value differs; audit it. */
static int
participant_set(struct db *db, const struct participant *p, const char *column,
    const char *old, const char *val, long long elapsed_ms, struct kolb_err *err)
{
	if (val == NULL || strcmp(old, val) == 0)
		return 0;
	char sql[128], idbuf[24];
	snprintf(sql, sizeof sql, "UPDATE participants SET %s = ? WHERE id = ?", column);
	snprintf(idbuf, sizeof idbuf, "%lld", p->id);
	if (db_run(db, err, sql, val, idbuf) != 0)
		return -1;
	return audit_log(db, p->session_id, elapsed_ms, "participant", idbuf, column, old, val, err);
}

int
participant_update(struct db *db, long long id, const struct participant_fields *f,
    long long elapsed_ms, struct kolb_err *err)
{
	if (participant_check(f, false, err) != 0)
		return -1;
	struct participant p;
	if (participant_get(db, id, &p, err) != 0)
		return -1;
	char now[21];
	clock_iso(clock_wall(), now);
	const char *minor = f->is_minor < 0 ? NULL : f->is_minor ? "1" : "0";
	const char *share = f->share_name < 0 ? NULL : f->share_name ? "1" : "0";
	int rc = db_begin(db, err);
	if (rc == 0)
		rc = participant_set(db, &p, "name", p.name, f->name, elapsed_ms, err);
	if (rc == 0)
		rc = participant_set(db, &p, "gender", p.gender, f->gender, elapsed_ms, err);
	if (rc == 0)
		rc = participant_set(db, &p, "age_group", p.age_group, f->age_group, elapsed_ms, err);
	if (rc == 0)
		rc = participant_set(db, &p, "ethnicity", p.ethnicity, f->ethnicity, elapsed_ms, err);
	if (rc == 0)
		rc = participant_set(db, &p, "role", p.role, f->role, elapsed_ms, err);
	if (rc == 0)
		rc = participant_set(db, &p, "consent", p.consent, f->consent, elapsed_ms, err);
	if (rc == 0)
		rc = participant_set(db, &p, "consent_by", p.consent_by, f->consent_by, elapsed_ms,
		    err);
	if (rc == 0)
		rc = participant_set(db, &p, "is_minor", p.is_minor ? "1" : "0", minor, elapsed_ms, err);
	if (rc == 0)
		rc = participant_set(db, &p, "share_name", p.share_name ? "1" : "0", share, elapsed_ms,
		    err);
	if (rc == 0) {
		char idbuf[24];
		snprintf(idbuf, sizeof idbuf, "%lld", id);
		rc = db_run(db, err, "UPDATE participants SET updated_at = ? WHERE id = ?", now, idbuf);
	}
	participant_clear(&p);
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}

int
attendance_get(struct db *db, long long participant_id, int day)
{
	struct db_stmt *st;
	int v = 0;
	if (db_prepare(db, "SELECT present FROM attendance WHERE participant_id = ? AND day = ?",
	    &st, NULL) != 0)
		return 0;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, day);
	if (db_step(st, NULL) == 1)
		v = (int)db_col_int(st, 0);
	db_finalize(st);
	return v;
}

int
attendance_days(struct db *db, long long participant_id)
{
	struct db_stmt *st;
	int v = 0;
	if (db_prepare(db, "SELECT count(*) FROM attendance WHERE participant_id = ? AND "
	    "present = 1", &st, NULL) != 0)
		return 0;
	db_bind_int(st, 1, participant_id);
	if (db_step(st, NULL) == 1)
		v = (int)db_col_int(st, 0);
	db_finalize(st);
	return v;
}

int
attendance_set(struct db *db, long long participant_id, int day, bool present,
    long long elapsed_ms, struct kolb_err *err)
{
	struct participant p;
	if (participant_get(db, participant_id, &p, err) != 0)
		return -1;
	long long session_id = p.session_id;
	participant_clear(&p);
	struct db_stmt *st;
	int days = 0;
	if (db_prepare(db, "SELECT days FROM sessions WHERE id = ?", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, session_id);
	if (db_step(st, NULL) == 1)
		days = (int)db_col_int(st, 0);
	db_finalize(st);
	if (day < 1 || day > days)
		return kolb_err_set(err, _("day %d is not a day of this session (1 to %d)"), day, days);
	int old = attendance_get(db, participant_id, day);
	if (old == (int)present)
		return 0;
	char pid[24], d[16], now[21];
	snprintf(pid, sizeof pid, "%lld", participant_id);
	snprintf(d, sizeof d, "%d", day);
	clock_iso(clock_wall(), now);
	if (db_begin(db, err) != 0)
		return -1;
	int rc = db_run(db, err, "INSERT INTO attendance (participant_id, day, present, recorded_at) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (participant_id, day) DO UPDATE SET present = "
	    "excluded.present, recorded_at = excluded.recorded_at", pid, d, present ? "1" : "0", now);
	if (rc == 0) {
		char field[16];
		snprintf(field, sizeof field, "day%d", day);
		rc = audit_log(db, session_id, elapsed_ms, "attendance", pid, field, old ? "1" : "0",
		    present ? "1" : "0", err);
	}
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}
