/* Session archives (see export.h and docs/archive-format.md). */
#include "export.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "age.h"
#include "clock.h"
#include "fsutil.h"
#include "issuer.h"
#include "redact.h"

/* ---- CSV ---- */

static void
export_csv_add(struct export_csv *c, const char *s, size_t n)
{
	if (c->len + n + 1 > c->cap) {
		while (c->len + n + 1 > c->cap)
			c->cap = c->cap ? c->cap * 2 : 1024;
		c->p = kolb_xrealloc(c->p, c->cap);
	}
	memcpy(c->p + c->len, s, n);
	c->len += n;
	c->p[c->len] = '\0';
}

void
export_csv_field(struct export_csv *c, const char *s, bool first)
{
	if (!first)
		export_csv_add(c, ",", 1);
	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") == NULL) {
		export_csv_add(c, s, strlen(s));
		return;
	}
	export_csv_add(c, "\"", 1);
	for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
		export_csv_add(c, s, (size_t)(q - s));
		export_csv_add(c, "\"\"", 2);
	}
	export_csv_add(c, s, strlen(s));
	export_csv_add(c, "\"", 1);
}

void
export_csv_end(struct export_csv *c)
{
	export_csv_add(c, "\r\n", 2);
}

/* A new CSV text: the byte-order mark, then the header row (NULL-terminated names). */
static void
export_csv_begin(struct export_csv *c, const char *const *cols)
{
	memset(c, 0, sizeof *c);
	export_csv_add(c, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; cols[i]; i++)
		export_csv_field(c, cols[i], i == 0);
	export_csv_end(c);
}

/* ---- what is read from the database ---- */

struct export_person {
	char *uid, *name, *consent_by;
	char pseudonym[REDACT_PSEUDONYM_SIZE], guardian[REDACT_PSEUDONYM_SIZE];
};

struct export_audit {
	char *wall_time, *entity, *entity_id, *field, *old_value, *new_value; /* old/new may be NULL */
	long long elapsed_ms;
	char *ref;        /* the portable id (session or participant uid); NULL: entity_id as is */
	bool local;       /* entity_id is this database's row number */
	bool entry;       /* an entry's row: e_* name it */
	char *e_puid, *e_kind, *e_prompt, *e_group;
	long long e_version;
};

struct export_cred {
	char *puid, *id;
};

struct export_ctx {
	struct db *db;
	long long sid;
	struct redact *red;          /* NULL unless redacting */
	struct export_person *people; /* sorted by uid */
	size_t npeople;
	struct export_audit *audit;  /* in the order recorded */
	size_t naudit;
	struct export_cred *creds;
	size_t ncreds;
	int failed;                  /* set with err on the first failure while building JSON */
	struct kolb_err *err;
};

/* Copy of a nullable column. */
static char *
export_col_opt(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? NULL : db_col_dup(st, i);
}

static int
export_person_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct export_person *)elem)->uid);
}

static struct export_person *
export_person_find(struct export_ctx *x, const char *uid)
{
	if (uid == NULL || x->npeople == 0)
		return NULL;
	return bsearch(uid, x->people, x->npeople, sizeof *x->people, export_person_cmp);
}

/* The participant's name as the archive shows it. */
static const char *
export_person_name(const struct export_ctx *x, const struct export_person *p)
{
	if (p == NULL)
		return "";
	return x->red ? p->pseudonym : p->name;
}

/* Whether a consent_by value names a guardian (else it is "self" or empty). */
static bool
export_is_guardian(const char *consent_by)
{
	return consent_by != NULL && *consent_by != '\0' && strcmp(consent_by, "self") != 0;
}

static int
export_load_people(struct export_ctx *x, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(x->db, "SELECT uid, name, consent_by FROM participants WHERE session_id = ? "
	    "ORDER BY uid", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, x->sid);
	size_t cap = 0;
	int r;
	while ((r = db_step(st, err)) == 1) {
		if (x->npeople == cap) {
			cap = cap ? cap * 2 : 32;
			x->people = kolb_xrealloc(x->people, cap * sizeof *x->people);
		}
		struct export_person *p = &x->people[x->npeople++];
		memset(p, 0, sizeof *p);
		p->uid = db_col_dup(st, 0);
		p->name = db_col_dup(st, 1);
		p->consent_by = db_col_dup(st, 2);
	}
	db_finalize(st);
	return r < 0 ? -1 : 0;
}

/* The audit trail, with each local row id turned into something that means the same
 * in another database: the session's uid, a participant's uid, an entry's key. Ids
 * that are not numbers are portable already (a session imported from an archive) and
 * are kept as they are. */
static int
export_load_audit(struct export_ctx *x, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(x->db, "SELECT a.wall_time, a.elapsed_ms, a.entity, a.entity_id, a.field, "
	    "a.old_value, a.new_value, s.uid, p.uid, e.id IS NOT NULL, ep.uid, e.kind, e.prompt_id, "
	    "e.group_name, e.version, a.entity_id <> '' AND a.entity_id NOT GLOB '*[^0-9]*' FROM "
	    "audit a "
	    "LEFT JOIN sessions s ON a.entity = 'session' AND a.entity_id NOT GLOB '*[^0-9]*' AND "
	    "  s.id = CAST(a.entity_id AS INTEGER) "
	    "LEFT JOIN participants p ON a.entity IN ('participant', 'attendance', 'assessment') AND "
	    "  a.entity_id NOT GLOB '*[^0-9]*' AND p.id = CAST(a.entity_id AS INTEGER) AND "
	    "  p.session_id = a.session_id "
	    "LEFT JOIN entries e ON a.entity = 'entry' AND a.entity_id NOT GLOB '*[^0-9]*' AND "
	    "  e.id = CAST(a.entity_id AS INTEGER) AND e.session_id = a.session_id "
	    "LEFT JOIN participants ep ON ep.id = e.participant_id "
	    "WHERE a.session_id = ? ORDER BY a.id", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, x->sid);
	size_t cap = 0;
	int r;
	while ((r = db_step(st, err)) == 1) {
		if (x->naudit == cap) {
			cap = cap ? cap * 2 : 256;
			x->audit = kolb_xrealloc(x->audit, cap * sizeof *x->audit);
		}
		struct export_audit *a = &x->audit[x->naudit++];
		memset(a, 0, sizeof *a);
		a->wall_time = db_col_dup(st, 0);
		a->elapsed_ms = db_col_int(st, 1);
		a->entity = db_col_dup(st, 2);
		a->entity_id = db_col_dup(st, 3);
		a->field = db_col_dup(st, 4);
		a->old_value = export_col_opt(st, 5);
		a->new_value = export_col_opt(st, 6);
		a->local = db_col_int(st, 15) != 0;
		if (!db_col_is_null(st, 7))
			a->ref = db_col_dup(st, 7);
		else if (!db_col_is_null(st, 8))
			a->ref = db_col_dup(st, 8);
		else if (!a->local && strcmp(a->entity, "entry") != 0 &&
		    (strcmp(a->entity, "session") == 0 || strcmp(a->entity, "participant") == 0 ||
		    strcmp(a->entity, "attendance") == 0 || strcmp(a->entity, "assessment") == 0))
			a->ref = kolb_xstrdup(a->entity_id); /* portable already */
		if (db_col_int(st, 9)) {
			a->entry = true;
			a->e_puid = db_col_dup(st, 10); /* "" for a group's words or a note */
			a->e_kind = db_col_dup(st, 11);
			a->e_prompt = db_col_dup(st, 12);
			a->e_group = db_col_dup(st, 13);
			a->e_version = db_col_int(st, 14);
		}
	}
	db_finalize(st);
	return r < 0 ? -1 : 0;
}

static int
export_load_creds(struct export_ctx *x, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(x->db, "SELECT p.uid, c.uid FROM credentials c JOIN participants p ON "
	    "p.id = c.participant_id WHERE p.session_id = ? ORDER BY p.uid, c.uid", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, x->sid);
	int r;
	while ((r = db_step(st, err)) == 1) {
		x->creds = kolb_xrealloc(x->creds, (x->ncreds + 1) * sizeof *x->creds);
		x->creds[x->ncreds].puid = db_col_dup(st, 0);
		x->creds[x->ncreds].id = db_col_dup(st, 1);
		x->ncreds++;
	}
	db_finalize(st);
	return r < 0 ? -1 : 0;
}

static struct export_person *
export_cred_person(struct export_ctx *x, const char *cred_id)
{
	for (size_t i = 0; i < x->ncreds; i++)
		if (strcmp(x->creds[i].id, cred_id) == 0)
			return export_person_find(x, x->creds[i].puid);
	return NULL;
}

static void
export_ctx_clear(struct export_ctx *x)
{
	for (size_t i = 0; i < x->npeople; i++) {
		free(x->people[i].uid);
		if (x->people[i].name)
			sodium_memzero(x->people[i].name, strlen(x->people[i].name));
		free(x->people[i].name);
		free(x->people[i].consent_by);
	}
	free(x->people);
	for (size_t i = 0; i < x->naudit; i++) {
		struct export_audit *a = &x->audit[i];
		free(a->wall_time);
		free(a->entity);
		free(a->entity_id);
		free(a->field);
		free(a->old_value);
		free(a->new_value);
		free(a->ref);
		free(a->e_puid);
		free(a->e_kind);
		free(a->e_prompt);
		free(a->e_group);
	}
	free(x->audit);
	for (size_t i = 0; i < x->ncreds; i++) {
		free(x->creds[i].puid);
		free(x->creds[i].id);
	}
	free(x->creds);
	redact_free(x->red);
	memset(x, 0, sizeof *x);
}

/* ---- redaction ---- */

/* Pseudonyms, and every name the session has known (now and in the audit trail) for the
 * free-text replacement. */
static int
export_redaction(struct export_ctx *x, const char *datadir, struct kolb_err *err)
{
	unsigned char key[32];
	if (redact_key_load(datadir, key, err) != 0)
		return -1;
	x->red = redact_new();
	for (size_t i = 0; i < x->npeople; i++) {
		struct export_person *p = &x->people[i];
		redact_pseudonym(key, p->uid, false, p->pseudonym);
		redact_pseudonym(key, p->uid, true, p->guardian);
	}
	sodium_memzero(key, sizeof key);
	for (size_t i = 0; i < x->npeople; i++) {
		struct export_person *p = &x->people[i];
		redact_add_name(x->red, p->name, p->pseudonym);
		if (export_is_guardian(p->consent_by))
			redact_add_name(x->red, p->consent_by, p->guardian);
	}
	/* Former names and guardians: a correction must not leave the first spelling. */
	for (size_t i = 0; i < x->naudit; i++) {
		struct export_audit *a = &x->audit[i];
		struct export_person *p = NULL;
		if (strcmp(a->entity, "participant") == 0)
			p = export_person_find(x, a->ref);
		else if (strcmp(a->entity, "credential") == 0 && strcmp(a->field, "issued") == 0)
			p = export_cred_person(x, a->entity_id);
		if (p == NULL)
			continue;
		if (strcmp(a->field, "name") == 0 || strcmp(a->field, "added") == 0 ||
		    strcmp(a->field, "issued") == 0) {
			redact_add_name(x->red, a->old_value, p->pseudonym);
			redact_add_name(x->red, a->new_value, p->pseudonym);
		} else if (strcmp(a->field, "consent_by") == 0) {
			if (export_is_guardian(a->old_value))
				redact_add_name(x->red, a->old_value, p->guardian);
			if (export_is_guardian(a->new_value))
				redact_add_name(x->red, a->new_value, p->guardian);
		}
	}
	return redact_compile(x->red, err);
}

/* ---- session.json ---- */

/* A string (NULL: null). Text that is not UTF-8 fails the export. */
static json_t *
export_jstr(struct export_ctx *x, const char *s)
{
	if (s == NULL)
		return json_null();
	json_t *j = json_string(s);
	if (j == NULL) {
		if (!x->failed)
			kolb_err_set(x->err, _("the session holds text that is not valid UTF-8"));
		x->failed = 1;
		return json_null();
	}
	return j;
}

/* Free text people typed: redacted when redacting. */
static json_t *
export_jtext(struct export_ctx *x, const char *s)
{
	if (x->red == NULL || s == NULL)
		return export_jstr(x, s);
	char *r;
	struct kolb_err e;
	if (redact_text(x->red, s, &r, &e) != 0) {
		if (!x->failed)
			*x->err = e;
		x->failed = 1;
		return json_null();
	}
	json_t *j = export_jstr(x, r);
	free(r);
	return j;
}

/* A nullable text column, redacted or not. */
static json_t *
export_jcol(struct export_ctx *x, struct db_stmt *st, int i, bool text)
{
	if (db_col_is_null(st, i))
		return json_null();
	return text ? export_jtext(x, db_col_text(st, i)) : export_jstr(x, db_col_text(st, i));
}

static json_t *
export_session_obj(struct export_ctx *x, json_t **pack, char **start_date, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(x->db, "SELECT uid, pack_id, pack_version, pack_sha256, language, title, "
	    "province, commune, village, start_date, days, facilitators, phase, created_at, "
	    "closed_at FROM sessions WHERE id = ?", &st, err) != 0)
		return NULL;
	db_bind_int(st, 1, x->sid);
	int r = db_step(st, err);
	if (r <= 0) {
		db_finalize(st);
		if (r == 0)
			kolb_err_set(err, _("there is no session %lld"), x->sid);
		return NULL;
	}
	json_t *facs = json_loads(db_col_text(st, 11), JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_array(facs)) {
		json_decref(facs);
		facs = json_array();
	}
	json_t *s = json_object();
	json_object_set_new(s, "uid", export_jstr(x, db_col_text(st, 0)));
	json_object_set_new(s, "language", export_jstr(x, db_col_text(st, 4)));
	json_object_set_new(s, "title", export_jtext(x, db_col_text(st, 5)));
	json_object_set_new(s, "province", export_jstr(x, db_col_text(st, 6)));
	json_object_set_new(s, "commune", export_jstr(x, db_col_text(st, 7)));
	json_object_set_new(s, "village", export_jstr(x, db_col_text(st, 8)));
	json_object_set_new(s, "start_date", export_jstr(x, db_col_text(st, 9)));
	json_object_set_new(s, "days", json_integer(db_col_int(st, 10)));
	json_object_set_new(s, "facilitators", facs);
	json_object_set_new(s, "phase", export_jstr(x, db_col_text(st, 12)));
	json_object_set_new(s, "created_at", export_jstr(x, db_col_text(st, 13)));
	json_object_set_new(s, "closed_at", export_jcol(x, st, 14, false));
	*pack = json_object();
	json_object_set_new(*pack, "id", export_jstr(x, db_col_text(st, 1)));
	json_object_set_new(*pack, "version", export_jstr(x, db_col_text(st, 2)));
	json_object_set_new(*pack, "sha256", export_jstr(x, db_col_text(st, 3)));
	*start_date = db_col_dup(st, 9);
	db_finalize(st);
	return s;
}

static json_t *
export_participants(struct export_ctx *x, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(x->db, "SELECT uid, name, gender, age_group, ethnicity, role, is_minor, "
	    "consent, consent_by, share_name, created_at, updated_at FROM participants "
	    "WHERE session_id = ? ORDER BY uid", &st, err) != 0)
		return NULL;
	db_bind_int(st, 1, x->sid);
	json_t *arr = json_array();
	int r;
	while ((r = db_step(st, err)) == 1) {
		struct export_person *p = export_person_find(x, db_col_text(st, 0));
		const char *consent_by = db_col_text(st, 8);
		json_t *o = json_object();
		json_object_set_new(o, "uid", export_jstr(x, db_col_text(st, 0)));
		json_object_set_new(o, "name", x->red && p ? json_string(p->pseudonym) :
		    export_jstr(x, db_col_text(st, 1)));
		json_object_set_new(o, "gender", export_jstr(x, db_col_text(st, 2)));
		json_object_set_new(o, "age_group", export_jstr(x, db_col_text(st, 3)));
		json_object_set_new(o, "ethnicity", export_jtext(x, db_col_text(st, 4)));
		json_object_set_new(o, "role", export_jstr(x, db_col_text(st, 5)));
		json_object_set_new(o, "is_minor", json_boolean(db_col_int(st, 6)));
		json_object_set_new(o, "consent", export_jstr(x, db_col_text(st, 7)));
		json_object_set_new(o, "consent_by", x->red && p && export_is_guardian(consent_by) ?
		    json_string(p->guardian) : export_jstr(x, consent_by));
		json_object_set_new(o, "share_name", json_boolean(db_col_int(st, 9)));
		json_object_set_new(o, "created_at", export_jstr(x, db_col_text(st, 10)));
		json_object_set_new(o, "updated_at", export_jstr(x, db_col_text(st, 11)));
		json_array_append_new(arr, o);
	}
	db_finalize(st);
	if (r < 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* Rows of a query bound to the session id as objects: keys[i] names column i; kinds[i]
 * is 's' text, 't' free text (redacted), 'i' integer, 'b' boolean, 'n' nullable text,
 * 'N' nullable free text. */
static json_t *
export_rows(struct export_ctx *x, const char *sql, const char *const *keys, const char *kinds,
    struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(x->db, sql, &st, err) != 0)
		return NULL;
	db_bind_int(st, 1, x->sid);
	json_t *arr = json_array();
	int r;
	while ((r = db_step(st, err)) == 1) {
		json_t *o = json_object();
		for (int i = 0; keys[i]; i++) {
			json_t *v;
			switch (kinds[i]) {
			case 'i': v = json_integer(db_col_int(st, i)); break;
			case 'b': v = json_boolean(db_col_int(st, i)); break;
			case 't': v = export_jtext(x, db_col_text(st, i)); break;
			case 'n': v = export_jcol(x, st, i, false); break;
			case 'N': v = export_jcol(x, st, i, true); break;
			default: v = export_jstr(x, db_col_text(st, i)); break;
			}
			json_object_set_new(o, keys[i], v);
		}
		json_array_append_new(arr, o);
	}
	db_finalize(st);
	if (r < 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

static json_t *
export_credentials(struct export_ctx *x, struct kolb_err *err)
{
	static const char *const keys[] = {"participant", "id", "issued_at", "revoked_at",
	    "revoke_reason", "document", NULL};
	/* A redacted archive has no documents: a signed record carries the name and
	 * cannot be changed without breaking its signature. */
	return export_rows(x, x->red ?
	    "SELECT p.uid, c.uid, c.issued_at, c.revoked_at, c.revoke_reason, NULL FROM credentials c "
	    "JOIN participants p ON p.id = c.participant_id WHERE p.session_id = ? "
	    "ORDER BY p.uid, c.uid" :
	    "SELECT p.uid, c.uid, c.issued_at, c.revoked_at, c.revoke_reason, c.document FROM "
	    "credentials c JOIN participants p ON p.id = c.participant_id WHERE p.session_id = ? "
	    "ORDER BY p.uid, c.uid", keys, "sssnNn", err);
}

/* One audit value, redacted: names of people are replaced whole by their pseudonyms. */
static json_t *
export_audit_value(struct export_ctx *x, const struct export_audit *a, const char *v)
{
	if (v == NULL || x->red == NULL)
		return export_jstr(x, v);
	struct export_person *p = NULL;
	if (strcmp(a->entity, "participant") == 0)
		p = export_person_find(x, a->ref);
	else if (strcmp(a->entity, "credential") == 0 && strcmp(a->field, "issued") == 0)
		p = export_cred_person(x, a->entity_id);
	bool is_name = strcmp(a->entity, "participant") == 0 &&
	    (strcmp(a->field, "name") == 0 || strcmp(a->field, "added") == 0);
	is_name = is_name || (strcmp(a->entity, "credential") == 0 &&
	    strcmp(a->field, "issued") == 0);
	if (is_name)
		return json_string(p ? p->pseudonym : REDACT_MARK);
	if (strcmp(a->entity, "participant") == 0 && strcmp(a->field, "consent_by") == 0 &&
	    export_is_guardian(v))
		return json_string(p ? p->guardian : REDACT_MARK);
	return export_jtext(x, v);
}

/* PARTICIPANT|KIND|PROMPT|VERSION|GROUP with the group redacted. */
static json_t *
export_entry_key(struct export_ctx *x, const char *key)
{
	const char *g = key;
	for (int i = 0; i < 4 && g != NULL; i++) {
		g = strchr(g, '|');
		if (g != NULL)
			g++;
	}
	if (g == NULL)
		return export_jtext(x, key);
	char *group;
	struct kolb_err e;
	if (redact_text(x->red, g, &group, &e) != 0) {
		if (!x->failed)
			*x->err = e;
		x->failed = 1;
		return json_null();
	}
	char *id = kolb_xasprintf("%.*s%s", (int)(g - key), key, group);
	json_t *j = export_jstr(x, id);
	free(id);
	free(group);
	return j;
}

static json_t *
export_audit_arr(struct export_ctx *x)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < x->naudit; i++) {
		const struct export_audit *a = &x->audit[i];
		json_t *o = json_object();
		json_object_set_new(o, "wall_time", export_jstr(x, a->wall_time));
		json_object_set_new(o, "elapsed_ms", json_integer(a->elapsed_ms));
		json_object_set_new(o, "entity", export_jstr(x, a->entity));
		json_object_set_new(o, "field", export_jstr(x, a->field));
		if (a->entry) {
			/* PARTICIPANT|KIND|PROMPT|VERSION|GROUP: the group name (free text) last. */
			char *group = NULL;
			struct kolb_err e;
			if (x->red && redact_text(x->red, a->e_group, &group, &e) != 0) {
				if (!x->failed)
					*x->err = e;
				x->failed = 1;
			}
			char *id = kolb_xasprintf("%s|%s|%s|%lld|%s", a->e_puid, a->e_kind, a->e_prompt,
			    a->e_version, group ? group : a->e_group);
			json_object_set_new(o, "entity_id", export_jstr(x, id));
			free(id);
			free(group);
		} else if (a->ref != NULL) {
			json_object_set_new(o, "entity_id", export_jstr(x, a->ref));
		} else if (strcmp(a->entity, "entry") == 0 && !a->local && x->red != NULL) {
			/* An imported entry's key: its group name is free text. */
			json_object_set_new(o, "entity_id", export_entry_key(x, a->entity_id));
		} else if (a->local && (strcmp(a->entity, "session") == 0 ||
		    strcmp(a->entity, "participant") == 0 || strcmp(a->entity, "attendance") == 0 ||
		    strcmp(a->entity, "assessment") == 0 || strcmp(a->entity, "entry") == 0)) {
			/* The row is gone: keep the local number, marked as such. */
			char *id = kolb_xasprintf("#%s", a->entity_id);
			json_object_set_new(o, "entity_id", export_jstr(x, id));
			free(id);
		} else {
			json_object_set_new(o, "entity_id", export_jstr(x, a->entity_id));
		}
		json_object_set_new(o, "old", export_audit_value(x, a, a->old_value));
		json_object_set_new(o, "new", export_audit_value(x, a, a->new_value));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* Build session.json's object; *start_date receives the session's first day. */
static json_t *
export_build(struct export_ctx *x, char **start_date, struct kolb_err *err)
{
	json_t *pack = NULL;
	json_t *session = export_session_obj(x, &pack, start_date, err);
	if (session == NULL)
		return NULL;
	json_t *root = json_object();
	json_object_set_new(root, "format", json_integer(EXPORT_FORMAT));
	json_object_set_new(root, "redacted", json_boolean(x->red != NULL));
	json_object_set_new(root, "session", session);
	json_object_set_new(root, "pack", pack);
	/* The session's last change, not the time of export: the same data, the same bytes. */
	const char *last = json_string_value(json_object_get(session, "created_at"));
	for (size_t i = 0; i < x->naudit; i++)
		if (last == NULL || strcmp(x->audit[i].wall_time, last) > 0)
			last = x->audit[i].wall_time;
	json_object_set_new(root, "exported_at", export_jstr(x, last ? last : ""));

	static const char *const att_keys[] = {"participant", "day", "present", "recorded_at", NULL};
	static const char *const act_keys[] = {"activity", "status", "timer_ms", NULL};
	static const char *const ent_keys[] = {"participant", "kind", "prompt", "group", "version",
	    "body", "follow_up", "created_at", "elapsed_ms", NULL};
	static const char *const ass_keys[] = {"participant", "outcome", "status", "assessed_at",
	    NULL};
	json_t *parts = export_participants(x, err);
	json_t *att = parts ? export_rows(x, "SELECT p.uid, a.day, a.present, a.recorded_at FROM "
	    "attendance a JOIN participants p ON p.id = a.participant_id WHERE p.session_id = ? "
	    "ORDER BY p.uid, a.day", att_keys, "sibs", err) : NULL;
	json_t *act = att ? export_rows(x, "SELECT activity_id, status, timer_ms FROM activities "
	    "WHERE session_id = ? ORDER BY activity_id", act_keys, "ssi", err) : NULL;
	/* Every version of every entry, by (participant, kind, prompt, group, version). */
	json_t *ent = act ? export_rows(x, "SELECT p.uid, e.kind, e.prompt_id, e.group_name, "
	    "e.version, e.body, e.follow_up, e.created_at, e.elapsed_ms FROM entries e LEFT JOIN "
	    "participants p ON p.id = e.participant_id WHERE e.session_id = ? ORDER BY "
	    "coalesce(p.uid, ''), e.kind, e.prompt_id, e.group_name, e.version, e.id", ent_keys,
	    "nsstitnsi", err) : NULL;
	json_t *ass = ent ? export_rows(x, "SELECT p.uid, a.outcome_id, a.status, a.assessed_at "
	    "FROM assessments a JOIN participants p ON p.id = a.participant_id WHERE "
	    "p.session_id = ? ORDER BY p.uid, a.outcome_id", ass_keys, "ssss", err) : NULL;
	json_t *cred = ass ? export_credentials(x, err) : NULL;
	json_object_set_new(root, "participants", parts ? parts : json_null());
	json_object_set_new(root, "attendance", att ? att : json_null());
	json_object_set_new(root, "activities", act ? act : json_null());
	json_object_set_new(root, "entries", ent ? ent : json_null());
	json_object_set_new(root, "assessments", ass ? ass : json_null());
	json_object_set_new(root, "credentials", cred ? cred : json_null());
	json_object_set_new(root, "audit", export_audit_arr(x));
	if (cred == NULL || x->failed) {
		json_decref(root);
		return NULL;
	}
	return root;
}

/* ---- the archive's files, in memory ---- */

/* One file (or the credentials/ folder: name ends with '/', no data). */
struct export_member {
	char *name;
	char *data;
	size_t len;
	char sha256[65];
};

struct export_set {
	struct export_member *m;
	size_t n;
};

/* Add a file; data (may be NULL when len is 0) is taken over. */
static void
export_add(struct export_set *s, const char *name, char *data, size_t len)
{
	s->m = kolb_xrealloc(s->m, (s->n + 1) * sizeof *s->m);
	struct export_member *m = &s->m[s->n++];
	memset(m, 0, sizeof *m);
	m->name = kolb_xstrdup(name);
	m->data = data;
	m->len = len;
}

static void
export_set_free(struct export_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->m[i].name);
		/* participants' words: do not leave them in freed memory */
		if (s->m[i].data != NULL)
			sodium_memzero(s->m[i].data, s->m[i].len);
		free(s->m[i].data);
	}
	free(s->m);
	memset(s, 0, sizeof *s);
}

static int
export_member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct export_member *)a)->name,
	    ((const struct export_member *)b)->name);
}

/* Bytewise by name, as packbuild_scan sorts a folder. */
static void
export_set_sort(struct export_set *s)
{
	if (s->n > 1)
		qsort(s->m, s->n, sizeof *s->m, export_member_cmp);
}

static void
export_add_csv(struct export_set *s, const char *name, struct export_csv *c)
{
	export_add(s, name, c->p, c->len);
	memset(c, 0, sizeof *c);
}

static const char *
export_s(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void
export_csv_int(struct export_csv *c, json_t *o, const char *k)
{
	char buf[32];
	json_t *v = json_object_get(o, k);
	snprintf(buf, sizeof buf, "%lld", json_is_boolean(v) ? (long long)json_is_true(v) :
	    (long long)json_integer_value(v));
	export_csv_field(c, buf, false);
}

/* The participant uid and name columns that begin most rows. */
static void
export_csv_who(struct export_ctx *x, struct export_csv *c, json_t *o)
{
	const char *uid = export_s(o, "participant");
	export_csv_field(c, uid, true);
	export_csv_field(c, export_person_name(x, export_person_find(x, uid)), false);
}

/* participants, attendance, reflections, action_plans, assessments, credentials. */
static void
export_csvs(struct export_ctx *x, json_t *root, struct export_set *set)
{
	static const char *const pcols[] = {"uid", "name", "gender", "age_group", "ethnicity",
	    "role", "is_minor", "consent", "consent_by", "share_name", "created_at", "updated_at",
	    NULL};
	static const char *const acols[] = {"participant", "name", "day", "present",
	    "recorded_at", NULL};
	static const char *const rcols[] = {"participant", "name", "group", "prompt", "version",
	    "text", "created_at", NULL};
	static const char *const apcols[] = {"participant", "name", "group", "prompt", "version",
	    "text", "follow_up", "created_at", NULL};
	static const char *const scols[] = {"participant", "name", "outcome", "status",
	    "assessed_at", NULL};
	static const char *const ccols[] = {"participant", "name", "id", "issued_at", "revoked_at",
	    "revoke_reason", NULL};
	struct export_csv c;
	size_t i;
	json_t *o;

	export_csv_begin(&c, pcols);
	json_array_foreach(json_object_get(root, "participants"), i, o) {
		for (size_t k = 0; pcols[k]; k++) {
			if (strcmp(pcols[k], "is_minor") == 0 || strcmp(pcols[k], "share_name") == 0)
				export_csv_int(&c, o, pcols[k]);
			else
				export_csv_field(&c, export_s(o, pcols[k]), k == 0);
		}
		export_csv_end(&c);
	}
	export_add_csv(set, "participants.csv", &c);

	export_csv_begin(&c, acols);
	json_array_foreach(json_object_get(root, "attendance"), i, o) {
		export_csv_who(x, &c, o);
		export_csv_int(&c, o, "day");
		export_csv_int(&c, o, "present");
		export_csv_field(&c, export_s(o, "recorded_at"), false);
		export_csv_end(&c);
	}
	export_add_csv(set, "attendance.csv", &c);

	/* The current version of each entry is the last of its key in the sorted array. */
	struct export_csv refl, plans;
	export_csv_begin(&refl, rcols);
	export_csv_begin(&plans, apcols);
	json_t *entries = json_object_get(root, "entries");
	size_t n = json_array_size(entries);
	for (i = 0; i < n; i++) {
		o = json_array_get(entries, i);
		json_t *next = i + 1 < n ? json_array_get(entries, i + 1) : NULL;
		if (next != NULL && strcmp(export_s(o, "participant"), export_s(next, "participant")) == 0 &&
		    strcmp(export_s(o, "kind"), export_s(next, "kind")) == 0 &&
		    strcmp(export_s(o, "prompt"), export_s(next, "prompt")) == 0 &&
		    strcmp(export_s(o, "group"), export_s(next, "group")) == 0)
			continue;
		bool plan = strcmp(export_s(o, "kind"), "action_plan") == 0;
		if (!plan && strcmp(export_s(o, "kind"), "reflection") != 0)
			continue;
		struct export_csv *t = plan ? &plans : &refl;
		export_csv_who(x, t, o);
		export_csv_field(t, export_s(o, "group"), false);
		export_csv_field(t, export_s(o, "prompt"), false);
		export_csv_int(t, o, "version");
		export_csv_field(t, export_s(o, "body"), false);
		if (plan)
			export_csv_field(t, export_s(o, "follow_up"), false);
		export_csv_field(t, export_s(o, "created_at"), false);
		export_csv_end(t);
	}
	export_add_csv(set, "reflections.csv", &refl);
	export_add_csv(set, "action_plans.csv", &plans);

	export_csv_begin(&c, scols);
	json_array_foreach(json_object_get(root, "assessments"), i, o) {
		export_csv_who(x, &c, o);
		export_csv_field(&c, export_s(o, "outcome"), false);
		export_csv_field(&c, export_s(o, "status"), false);
		export_csv_field(&c, export_s(o, "assessed_at"), false);
		export_csv_end(&c);
	}
	export_add_csv(set, "assessments.csv", &c);

	export_csv_begin(&c, ccols);
	json_array_foreach(json_object_get(root, "credentials"), i, o) {
		export_csv_who(x, &c, o);
		export_csv_field(&c, export_s(o, "id"), false);
		export_csv_field(&c, export_s(o, "issued_at"), false);
		export_csv_field(&c, export_s(o, "revoked_at"), false);
		export_csv_field(&c, export_s(o, "revoke_reason"), false);
		export_csv_end(&c);
	}
	export_add_csv(set, "credentials.csv", &c);
}

/* credentials/UUID.json: each stored document and a newline, as `kolb records` writes. */
static int
export_credential_files(json_t *root, struct export_set *set, struct kolb_err *err)
{
	size_t i;
	json_t *o;
	bool folder = false;
	json_array_foreach(json_object_get(root, "credentials"), i, o) {
		const char *doc = json_string_value(json_object_get(o, "document"));
		if (doc == NULL)
			continue;
		const char *id = export_s(o, "id");
		const char *u = strncmp(id, "urn:uuid:", 9) == 0 ? id + 9 : "";
		bool ok = strlen(u) == 36;
		for (const char *p = u; ok && *p; p++)
			ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || *p == '-';
		if (!ok)
			return kolb_err_set(err, _("a stored record's id is not a urn:uuid: %s"), id);
		if (!folder) {
			export_add(set, "credentials/", NULL, 0);
			folder = true;
		}
		char *name = kolb_xasprintf("credentials/%s.json", u);
		char *text = kolb_xasprintf("%s\n", doc);
		export_add(set, name, text, strlen(text));
		free(name);
	}
	return 0;
}

/* Hash every file; add SHA256SUMS (every file so far, by name) and, when there is an
 * issuer key, its signature. The set ends sorted by name. */
static void
export_sums(struct export_set *set, const struct issuer *is)
{
	export_set_sort(set);
	struct export_csv sums = {0}; /* just a growable text */
	for (size_t i = 0; i < set->n; i++) {
		struct export_member *m = &set->m[i];
		if (m->name[strlen(m->name) - 1] == '/')
			continue;
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const unsigned char *)(m->data ? m->data : ""), m->len);
		fs_hex(h, sizeof h, m->sha256);
		char *line = kolb_xasprintf("%s  %s\n", m->sha256, m->name);
		export_csv_add(&sums, line, strlen(line));
		free(line);
	}
	if (sums.p == NULL)
		export_csv_add(&sums, "", 0);
	if (is != NULL) {
		unsigned char sig[crypto_sign_BYTES];
		char hex[2 * crypto_sign_BYTES + 1];
		crypto_sign_detached(sig, NULL, (const unsigned char *)sums.p, sums.len, is->sk);
		fs_hex(sig, sizeof sig, hex);
		char *line = kolb_xasprintf("%s\n", hex);
		export_add(set, "SHA256SUMS.sig", line, strlen(line));
	}
	export_add(set, "SHA256SUMS", sums.p, sums.len);
	for (size_t i = 0; i < set->n; i++) {
		struct export_member *m = &set->m[i];
		if (m->sha256[0] == '\0' && m->name[strlen(m->name) - 1] != '/') {
			unsigned char h[crypto_hash_sha256_BYTES];
			crypto_hash_sha256(h, (const unsigned char *)m->data, m->len);
			fs_hex(h, sizeof h, m->sha256);
		}
	}
	export_set_sort(set);
}

/* libarchive's output, appended to a growable buffer. */
static la_ssize_t
export_tar_out(struct archive *a, void *client, const void *buf, size_t len)
{
	(void)a;
	export_csv_add(client, buf, len);
	return (la_ssize_t)len;
}

/* The gzip-compressed POSIX tar of the set, exactly as packbuild_write writes a folder
 * holding these files: pax restricted, sorted, 0:0, 0644/0755, every mtime the same,
 * gzip level 9 without a time stamp. */
static int
export_tar(const struct export_set *set, time_t mtime, struct export_csv *out,
    struct kolb_err *err)
{
	memset(out, 0, sizeof *out);
	struct archive *a = archive_write_new();
	int rc = 0;
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_set_filter_option(a, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "gzip", "compression-level", "9") != ARCHIVE_OK ||
	    archive_write_open2(a, out, NULL, export_tar_out, NULL, NULL) != ARCHIVE_OK) {
		rc = kolb_err_set(err, "gzip: %s", archive_error_string(a));
		goto done;
	}
	for (size_t i = 0; i < set->n && rc == 0; i++) {
		const struct export_member *m = &set->m[i];
		size_t nl = strlen(m->name);
		bool dir = m->name[nl - 1] == '/';
		char *name = kolb_xstrdup(m->name);
		if (dir)
			name[nl - 1] = '\0';
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname_utf8(e, name);
		archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
		archive_entry_set_perm(e, dir ? 0755 : 0644);
		archive_entry_set_uid(e, 0);
		archive_entry_set_gid(e, 0);
		archive_entry_set_mtime(e, mtime, 0);
		archive_entry_set_size(e, dir ? 0 : (la_int64_t)m->len);
		if (archive_write_header(a, e) != ARCHIVE_OK ||
		    (!dir && m->len > 0 && archive_write_data(a, m->data, m->len) != (la_ssize_t)m->len))
			rc = kolb_err_set(err, "%s: %s", name, archive_error_string(a));
		archive_entry_free(e);
		free(name);
	}
	if (archive_write_close(a) != ARCHIVE_OK && rc == 0)
		rc = kolb_err_set(err, _("cannot write the archive: %s"), archive_error_string(a));
done:
	archive_write_free(a);
	if (rc != 0) {
		free(out->p);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

/* The issuer key when the data folder has one: 1 loaded, 0 none (unsigned), -1 error. */
static int
export_issuer(struct db *db, const char *datadir, struct issuer *is, struct kolb_err *err)
{
	char *path = kolb_xasprintf("%s/issuer.key", datadir);
	struct stat st;
	int present = lstat(path, &st) == 0;
	free(path);
	if (!present)
		return 0;
	if (issuer_load(db, datadir, true, is, err) != 0)
		return kolb_err_prefix(err, _("signing the archive"));
	return 1;
}

void
export_report_clear(struct export_report *rep)
{
	if (rep == NULL)
		return;
	for (size_t i = 0; i < rep->nfiles; i++)
		free(rep->files[i].name);
	free(rep->files);
	memset(rep, 0, sizeof *rep);
}

/* Encrypt the archive for recipient into out_path, through a private folder
 * DATA/tmp/export-XXXXXX that is removed whatever happens. */
static int
export_encrypt(const char *datadir, const struct export_csv *tar, const char *recipient,
    const char *out_path, struct kolb_err *err)
{
	char *tmp = kolb_xasprintf("%s/tmp", datadir);
	if (mkdir(tmp, 0700) != 0 && errno != EEXIST) {
		kolb_err_set(err, _("cannot create %s: %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	char *dir = kolb_xasprintf("%s/export-XXXXXX", tmp);
	free(tmp);
	if (mkdtemp(dir) == NULL) {
		kolb_err_set(err, _("cannot create a temporary folder: %s"), strerror(errno));
		free(dir);
		return -1;
	}
	char *plain = kolb_xasprintf("%s/archive.tar.gz", dir);
	int fd = open(plain, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	int rc = 0;
	if (fd < 0) {
		rc = kolb_err_set(err, _("cannot write %s: %s"), plain, strerror(errno));
	} else {
		const char *p = tar->p;
		size_t left = tar->len;
		while (rc == 0 && left > 0) {
			ssize_t w = write(fd, p, left);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				rc = kolb_err_set(err, _("cannot write %s: %s"), plain, strerror(errno));
			else {
				p += w;
				left -= (size_t)w;
			}
		}
		if (close(fd) != 0 && rc == 0)
			rc = kolb_err_set(err, _("cannot write %s: %s"), plain, strerror(errno));
	}
	if (rc == 0)
		rc = age_encrypt_file(plain, out_path, recipient, err);
	fs_rm_rf(dir, NULL);
	free(plain);
	free(dir);
	return rc;
}

/* Read everything in one snapshot; build session.json's object. */
static json_t *
export_read(struct export_ctx *x, const char *datadir, const struct export_opts *o,
    char **start_date, struct kolb_err *err)
{
	if (db_begin_read(x->db, err) != 0)
		return NULL;
	json_t *root = NULL;
	if (export_load_people(x, err) == 0 && export_load_audit(x, err) == 0 &&
	    export_load_creds(x, err) == 0 && (!o->redact || export_redaction(x, datadir, err) == 0))
		root = export_build(x, start_date, err);
	db_end_read(x->db);
	return root;
}

int
export_session_report(struct db *db, const char *datadir, long long session_id,
    const struct export_opts *o, const char *out_path, struct export_report *rep,
    struct kolb_err *err)
{
	static const struct export_opts none = {0};
	if (o == NULL)
		o = &none;
	if (rep != NULL)
		memset(rep, 0, sizeof *rep);
	if (o->encrypt_to != NULL && strncmp(o->encrypt_to, "age1", 4) != 0)
		return kolb_err_set(err, _("\"%s\" is not an age recipient (age1...)"), o->encrypt_to);
	struct export_ctx x = {.db = db, .sid = session_id, .err = err};
	struct issuer is;
	memset(&is, 0, sizeof is);
	struct export_set set = {0};
	struct export_csv tar = {0};
	char *start_date = NULL;
	int rc = -1;
	json_t *root = export_read(&x, datadir, o, &start_date, err);
	if (root == NULL)
		goto out;
	time_t mtime;
	if (start_date == NULL || !clock_parse(start_date, &mtime)) {
		kolb_err_set(err, _("the session's start date is not a date: %s"),
		    start_date ? start_date : "");
		goto out;
	}
	int signing = export_issuer(db, datadir, &is, err);
	if (signing < 0)
		goto out;
	char *json = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	if (json == NULL) {
		kolb_err_set(err, _("cannot write session.json"));
		goto out;
	}
	size_t jl = strlen(json);
	json = kolb_xrealloc(json, jl + 2);
	memcpy(json + jl, "\n", 2);
	export_add(&set, "session.json", json, jl + 1);
	export_csvs(&x, root, &set);
	if (export_credential_files(root, &set, err) != 0)
		goto out;
	if (signing) {
		json_t *ij = json_pack("{s:s, s:s}", "did", is.did, "name", is.name);
		char *s = ij ? json_dumps(ij, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		json_decref(ij);
		if (s == NULL) {
			kolb_err_set(err, _("the issuer's name is not valid UTF-8"));
			goto out;
		}
		char *line = kolb_xasprintf("%s\n", s);
		free(s);
		export_add(&set, "issuer.json", line, strlen(line));
	}
	export_sums(&set, signing ? &is : NULL);
	if (export_tar(&set, mtime, &tar, err) != 0)
		goto out;
	if (o->encrypt_to != NULL) {
		if (export_encrypt(datadir, &tar, o->encrypt_to, out_path, err) != 0)
			goto out;
	} else if (fs_write_atomic(out_path, tar.p, tar.len, 0600, err) != 0) {
		goto out;
	}
	if (rep != NULL) {
		json_t *s = json_object_get(root, "session");
		snprintf(rep->session_uid, sizeof rep->session_uid, "%s", export_s(s, "uid"));
		snprintf(rep->title, sizeof rep->title, "%s", export_s(s, "title"));
		rep->participants = (int)json_array_size(json_object_get(root, "participants"));
		rep->entries = (int)json_array_size(json_object_get(root, "entries"));
		rep->credentials = (int)json_array_size(json_object_get(root, "credentials"));
		rep->audit = (int)json_array_size(json_object_get(root, "audit"));
		rep->signed_archive = signing == 1;
		if (signing) {
			snprintf(rep->issuer_did, sizeof rep->issuer_did, "%s", is.did);
			snprintf(rep->issuer_name, sizeof rep->issuer_name, "%s", is.name);
		}
		rep->redacted = o->redact;
		rep->encrypted = o->encrypt_to != NULL;
		struct stat st;
		if (stat(out_path, &st) == 0)
			rep->archive_bytes = (unsigned long long)st.st_size;
		for (size_t i = 0; i < set.n; i++) {
			if (set.m[i].name[strlen(set.m[i].name) - 1] == '/')
				continue;
			rep->files = kolb_xrealloc(rep->files, (rep->nfiles + 1) * sizeof *rep->files);
			struct export_file *f = &rep->files[rep->nfiles++];
			f->name = kolb_xstrdup(set.m[i].name);
			f->bytes = set.m[i].len;
			memcpy(f->sha256, set.m[i].sha256, 65);
		}
	}
	rc = 0;
out:
	issuer_clear(&is);
	export_set_free(&set);
	free(tar.p);
	free(start_date);
	json_decref(root);
	export_ctx_clear(&x);
	return rc;
}

int
export_session(struct db *db, const char *datadir, long long session_id,
    const struct export_opts *o, const char *out_path, struct kolb_err *err)
{
	return export_session_report(db, datadir, session_id, o, out_path, NULL, err);
}
