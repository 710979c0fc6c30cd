/* Opening the database, migrations and transactions. */
#include "db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_internal.h"

static const struct db_migration db_migrations[] = {
	{1,
	    "CREATE TABLE settings (\n"
	    "  key TEXT PRIMARY KEY,\n"
	    "  value TEXT NOT NULL);\n"
	    "CREATE TABLE packs (\n"
	    "  id TEXT NOT NULL,\n"
	    "  version TEXT NOT NULL,\n"
	    "  released TEXT NOT NULL,\n"
	    "  languages TEXT NOT NULL,\n"
	    "  title TEXT NOT NULL,\n"
	    "  sha256 TEXT NOT NULL,\n"
	    "  path TEXT NOT NULL,\n"
	    "  installed_at TEXT NOT NULL,\n"
	    "  PRIMARY KEY (id, version));\n"
	    "CREATE TABLE sessions (\n"
	    "  id INTEGER PRIMARY KEY,\n"
	    "  uid TEXT NOT NULL UNIQUE,\n"
	    "  pack_id TEXT NOT NULL,\n"
	    "  pack_version TEXT NOT NULL,\n"
	    "  pack_sha256 TEXT NOT NULL,\n"
	    "  language TEXT NOT NULL,\n"
	    "  title TEXT NOT NULL,\n"
	    "  province TEXT NOT NULL DEFAULT '',\n"
	    "  commune TEXT NOT NULL DEFAULT '',\n"
	    "  village TEXT NOT NULL DEFAULT '',\n"
	    "  start_date TEXT NOT NULL,\n"
	    "  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3),\n"
	    "  facilitators TEXT NOT NULL DEFAULT '[]',\n"
	    "  phase TEXT NOT NULL DEFAULT 'setup' CHECK (phase IN\n"
	    "    ('setup','experience','reflection','application','assessment','closed')),\n"
	    "  created_at TEXT NOT NULL,\n"
	    "  closed_at TEXT,\n"
	    "  ui_state TEXT NOT NULL DEFAULT '{}');\n"
	    "CREATE INDEX sessions_pack ON sessions(pack_id, pack_version);\n"
	    "CREATE TABLE participants (\n"
	    "  id INTEGER PRIMARY KEY,\n"
	    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n"
	    "  uid TEXT NOT NULL UNIQUE,\n"
	    "  name TEXT NOT NULL,\n"
	    "  gender TEXT NOT NULL DEFAULT '',\n"
	    "  age_group TEXT NOT NULL DEFAULT '',\n"
	    "  ethnicity TEXT NOT NULL DEFAULT '',\n"
	    "  role TEXT NOT NULL DEFAULT '',\n"
	    "  is_minor INTEGER NOT NULL DEFAULT 0 CHECK (is_minor IN (0,1)),\n"
	    "  consent TEXT NOT NULL DEFAULT 'unknown'\n"
	    "    CHECK (consent IN ('unknown','given','refused')),\n"
	    "  consent_by TEXT NOT NULL DEFAULT '',\n"
	    "  share_name INTEGER NOT NULL DEFAULT 0 CHECK (share_name IN (0,1)),\n"
	    "  created_at TEXT NOT NULL,\n"
	    "  updated_at TEXT NOT NULL);\n"
	    "CREATE INDEX participants_session ON participants(session_id);\n"
	    "CREATE TABLE attendance (\n"
	    "  participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,\n"
	    "  day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 3),\n"
	    "  present INTEGER NOT NULL CHECK (present IN (0,1)),\n"
	    "  recorded_at TEXT NOT NULL,\n"
	    "  PRIMARY KEY (participant_id, day));\n"
	    "CREATE TABLE entries (\n"
	    "  id INTEGER PRIMARY KEY,\n"
	    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n"
	    "  participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,\n"
	    "  kind TEXT NOT NULL CHECK (kind IN ('reflection','action_plan','note')),\n"
	    "  prompt_id TEXT NOT NULL DEFAULT '',\n"
	    "  body TEXT NOT NULL,\n"
	    "  follow_up TEXT,\n"
	    "  version INTEGER NOT NULL DEFAULT 1,\n"
	    "  supersedes INTEGER REFERENCES entries(id),\n"
	    "  created_at TEXT NOT NULL,\n"
	    "  elapsed_ms INTEGER NOT NULL DEFAULT 0);\n"
	    "CREATE INDEX entries_session ON entries(session_id, kind, prompt_id);\n"
	    "CREATE INDEX entries_participant ON entries(participant_id);\n"
	    "CREATE TABLE assessments (\n"
	    "  participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,\n"
	    "  outcome_id TEXT NOT NULL,\n"
	    "  status TEXT NOT NULL CHECK (status IN ('met','not_yet')),\n"
	    "  assessed_at TEXT NOT NULL,\n"
	    "  PRIMARY KEY (participant_id, outcome_id));\n"
	    "CREATE TABLE credentials (\n"
	    "  id INTEGER PRIMARY KEY,\n"
	    "  participant_id INTEGER NOT NULL UNIQUE\n"
	    "    REFERENCES participants(id) ON DELETE CASCADE,\n"
	    "  uid TEXT NOT NULL UNIQUE,\n"
	    "  issued_at TEXT NOT NULL,\n"
	    "  document TEXT NOT NULL,\n"
	    "  revoked_at TEXT,\n"
	    "  revoke_reason TEXT);\n"
	    "CREATE TABLE audit (\n"
	    "  id INTEGER PRIMARY KEY,\n"
	    "  session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,\n"
	    "  wall_time TEXT NOT NULL,\n"
	    "  elapsed_ms INTEGER NOT NULL,\n"
	    "  entity TEXT NOT NULL,\n"
	    "  entity_id TEXT NOT NULL,\n"
	    "  field TEXT NOT NULL,\n"
	    "  old_value TEXT,\n"
	    "  new_value TEXT);\n"
	    "CREATE INDEX audit_session ON audit(session_id, id);\n"},
	{2,
	    "CREATE TABLE activities (\n"
	    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n"
	    "  activity_id TEXT NOT NULL,\n"
	    "  status TEXT NOT NULL DEFAULT 'pending'\n"
	    "    CHECK (status IN ('pending','done','skipped')),\n"
	    "  timer_ms INTEGER NOT NULL DEFAULT 0,\n"
	    "  timer_running INTEGER NOT NULL DEFAULT 0 CHECK (timer_running IN (0,1)),\n"
	    "  timer_wall_ms INTEGER NOT NULL DEFAULT 0,\n"
	    "  PRIMARY KEY (session_id, activity_id));\n"
	    "ALTER TABLE entries ADD COLUMN group_name TEXT NOT NULL DEFAULT '';\n"
	    "CREATE INDEX entries_current ON entries(session_id, participant_id, kind, prompt_id,\n"
	    "  group_name, version);\n"
	    "CREATE INDEX entries_supersedes ON entries(supersedes);\n"},
	{3,
	    "CREATE TABLE trust (\n"
	    "  did TEXT PRIMARY KEY,\n"
	    "  name TEXT NOT NULL DEFAULT '',\n"
	    "  added_at TEXT NOT NULL);\n"
	    "CREATE INDEX credentials_uid ON credentials(uid);\n"},
	/* A token that changes with every change to what search reads from entries
	 * (search.c keeps a flat copy of the current texts next to the database and
	 * rebuilds it when the token differs). Random rather than a counter: a
	 * database restored from a backup, or a transaction rolled back, never
	 * brings back a token an older copy was written for. */
	{4,
	    "CREATE TABLE search_state (\n"
	    "  generation TEXT NOT NULL);\n"
	    "INSERT INTO search_state (generation) VALUES (lower(hex(randomblob(8))));\n"
	    "CREATE TRIGGER entries_generation_insert AFTER INSERT ON entries BEGIN\n"
	    "  UPDATE search_state SET generation = lower(hex(randomblob(8)));\n"
	    "END;\n"
	    "CREATE TRIGGER entries_generation_update AFTER UPDATE OF id, body, supersedes\n"
	    "  ON entries BEGIN\n"
	    "  UPDATE search_state SET generation = lower(hex(randomblob(8)));\n"
	    "END;\n"
	    "CREATE TRIGGER entries_generation_delete AFTER DELETE ON entries BEGIN\n"
	    "  UPDATE search_state SET generation = lower(hex(randomblob(8)));\n"
	    "END;\n"},
	/* A revoked record can be replaced: a participant may have several records, at
	 * most one of them not revoked. SQLite cannot drop a constraint, so the table is
	 * built again without the UNIQUE on participant_id, every row copied as it is
	 * (ids included); nothing refers to credentials, so the swap breaks no key. */
	{5,
	    "CREATE TABLE credentials_v5 (\n"
	    "  id INTEGER PRIMARY KEY,\n"
	    "  participant_id INTEGER NOT NULL\n"
	    "    REFERENCES participants(id) ON DELETE CASCADE,\n"
	    "  uid TEXT NOT NULL UNIQUE,\n"
	    "  issued_at TEXT NOT NULL,\n"
	    "  document TEXT NOT NULL,\n"
	    "  revoked_at TEXT,\n"
	    "  revoke_reason TEXT);\n"
	    "INSERT INTO credentials_v5 (id, participant_id, uid, issued_at, document, revoked_at,\n"
	    "  revoke_reason) SELECT id, participant_id, uid, issued_at, document, revoked_at,\n"
	    "  revoke_reason FROM credentials ORDER BY id;\n"
	    "DROP TABLE credentials;\n"
	    "ALTER TABLE credentials_v5 RENAME TO credentials;\n"
	    "CREATE INDEX credentials_uid ON credentials(uid);\n"
	    "CREATE INDEX credentials_participant ON credentials(participant_id);\n"
	    "CREATE UNIQUE INDEX credentials_current ON credentials(participant_id)\n"
	    "  WHERE revoked_at IS NULL;\n"},
};

_Static_assert(sizeof db_migrations / sizeof db_migrations[0] == DB_SCHEMA_VERSION,
    "DB_SCHEMA_VERSION must be the number of the last migration");

const struct db_migration *
db_migrations_all(size_t *n)
{
	*n = sizeof db_migrations / sizeof db_migrations[0];
	return db_migrations;
}

struct db_stmt {
	struct db *db;
	sqlite3_stmt *st;
	const char *sql;
};

int
db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct kolb_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err, _("preparing a query"));
	struct db_stmt *s = kolb_xmalloc(sizeof *s);
	s->db = db;
	s->st = st;
	s->sql = sql;
	*out = s;
	return 0;
}

void
db_bind_text(struct db_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st->st, i);
	else
		sqlite3_bind_text(st->st, i, s, -1, SQLITE_TRANSIENT);
}

void
db_bind_int(struct db_stmt *st, int i, long long v)
{
	sqlite3_bind_int64(st->st, i, v);
}

int
db_step(struct db_stmt *st, struct kolb_err *err)
{
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	int code = sqlite3_extended_errcode(st->db->h) & 0xff;
	if (code == SQLITE_CONSTRAINT)
		return kolb_err_set(err, _("refused by the database: %s"), sqlite3_errmsg(st->db->h));
	return db_fail(st->db, err, _("reading or writing"));
}

const char *
db_col_text(struct db_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st->st, i);
	return s ? (const char *)s : "";
}

long long
db_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->st, i);
}

int
db_col_is_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

char *
db_col_dup(struct db_stmt *st, int i)
{
	return kolb_xstrdup(db_col_text(st, i));
}

void
db_reset(struct db_stmt *st)
{
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

void
db_finalize(struct db_stmt *st)
{
	if (st == NULL)
		return;
	sqlite3_finalize(st->st);
	free(st);
}

long long
db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int
db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

bool
db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->h);
}

int
db_run(struct db *db, struct kolb_err *err, const char *sql, ...)
{
	struct db_stmt *st;
	if (db_prepare(db, sql, &st, err) != 0)
		return -1;
	va_list ap;
	va_start(ap, sql);
	int n = sqlite3_bind_parameter_count(st->st);
	for (int i = 1; i <= n; i++)
		db_bind_text(st, i, va_arg(ap, const char *));
	va_end(ap);
	int rc = db_step(st, err);
	db_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
db_fail(struct db *db, struct kolb_err *err, const char *what)
{
	int code = sqlite3_extended_errcode(db->h) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return kolb_err_set(err, _("the data folder is in use by another kolb "
		    "(database locked while %s); close it and try again"), what);
	if (code == SQLITE_FULL)
		return kolb_err_set(err, _("the disk is full (while %s); nothing was saved"), what);
	if (code == SQLITE_READONLY)
		return kolb_err_set(err, _("the database is read-only (while %s)"), what);
	return kolb_err_set(err, _("database error while %s: %s"), what, sqlite3_errmsg(db->h));
}

int
db_exec(struct db *db, const char *sql, struct kolb_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int code = sqlite3_extended_errcode(db->h) & 0xff;
		if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_FULL) {
			sqlite3_free(msg);
			return db_fail(db, err, _("writing"));
		}
		kolb_err_set(err, _("database error: %s"), msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Read a single integer PRAGMA. */
static int
db_pragma_int(struct db *db, const char *sql, int *out, struct kolb_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err, _("reading the schema version"));
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, err, _("reading the schema version"));
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

void
db_set_busy_timeout(struct db *db, int ms)
{
	sqlite3_busy_timeout(db->h, ms);
}

const char *
db_path(const struct db *db)
{
	return db->path;
}

int
db_user_version(struct db *db)
{
	int v = -1;
	db_pragma_int(db, "PRAGMA user_version", &v, NULL);
	return v;
}

int
db_begin(struct db *db, struct kolb_err *err)
{
	if (db->depth > 0) {
		db->depth++;
		return 0;
	}
	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err, _("starting a transaction"));
	db->depth = 1;
	return 0;
}

int
db_commit(struct db *db, struct kolb_err *err)
{
	if (db->depth > 1) {
		db->depth--;
		return 0;
	}
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, err, _("saving"));
		db_rollback(db);
		return -1;
	}
	db->depth = 0;
	return 0;
}

void
db_rollback(struct db *db)
{
	/* A failure anywhere inside nested work abandons the whole transaction. */
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->depth = 0;
}

int
db_begin_read(struct db *db, struct kolb_err *err)
{
	if (db->depth > 0) {
		db->depth++;
		return 0;
	}
	if (sqlite3_exec(db->h, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err, _("starting to read"));
	db->depth = 1;
	return 0;
}

void
db_end_read(struct db *db)
{
	if (db->depth > 1) {
		db->depth--;
		return;
	}
	/* Nothing was written: ending a read cannot lose anything. */
	if (!sqlite3_get_autocommit(db->h) && sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) !=
	    SQLITE_OK)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->depth = 0;
}

/* Apply each migration above the stored version, each in its own transaction. */
static int
db_migrate(struct db *db, const struct db_migration *m, size_t n, struct kolb_err *err)
{
	int have;
	if (db_pragma_int(db, "PRAGMA user_version", &have, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (m[i].version <= have)
			continue;
		if (db_begin(db, err) != 0)
			return -1;
		/* Another process may have migrated while we waited for the lock. */
		int now;
		if (db_pragma_int(db, "PRAGMA user_version", &now, err) != 0) {
			db_rollback(db);
			return -1;
		}
		if (now >= m[i].version) {
			db_rollback(db);
			have = now;
			continue;
		}
		char pragma[96];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d; PRAGMA application_id = %d;",
		    m[i].version, DB_APPLICATION_ID);
		if (db_exec(db, m[i].sql, err) != 0 || db_exec(db, pragma, err) != 0) {
			db_rollback(db);
			return kolb_err_prefix(err, _("upgrading the database to version %d"),
			    m[i].version);
		}
		if (db_commit(db, err) != 0)
			return -1;
		have = m[i].version;
	}
	return 0;
}

int
db_open_with(const char *path, const struct db_migration *m, size_t n,
    struct db **out, struct kolb_err *err)
{
	struct db *db = kolb_xcalloc(1, sizeof *db);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		kolb_err_set(err, _("cannot open database %s: %s"), path,
		    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		db_close(db);
		return -1;
	}
	/* Participants' words are private: the database is for this user only. */
	if (strcmp(path, ":memory:") != 0)
		chmod(path, 0600);
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_extended_result_codes(db->h, 1);

	/* Look before touching: a newer or foreign database must stay byte for byte
	 * as it is, and switching to WAL already writes to the file header. */
	int version, appid;
	if (db_pragma_int(db, "PRAGMA user_version", &version, err) != 0 ||
	    db_pragma_int(db, "PRAGMA application_id", &appid, err) != 0) {
		if ((sqlite3_extended_errcode(db->h) & 0xff) == SQLITE_NOTADB)
			kolb_err_set(err, _("%s is not a kolb database (not SQLite)"), path);
		goto fail;
	}
	int newest = n > 0 ? m[n - 1].version : 0;
	if (version > newest) {
		kolb_err_set(err, _("%s was written by a newer kolb (schema %d; this kolb "
		    "knows %d): upgrade kolb, the database was not changed"), path, version, newest);
		goto fail;
	}
	if (version > 0 && appid != DB_APPLICATION_ID) {
		kolb_err_set(err, _("%s is not a kolb database; it was not changed"), path);
		goto fail;
	}
	if (db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON;", err) != 0)
		goto fail;
	if (db_migrate(db, m, n, err) != 0)
		goto fail;
	db->path = kolb_xstrdup(path);
	*out = db;
	return 0;
fail:
	db_close(db);
	return -1;
}

int
db_open(const char *path, struct db **out, struct kolb_err *err)
{
	return db_open_with(path, db_migrations, sizeof db_migrations / sizeof db_migrations[0],
	    out, err);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

int
db_setting_get(struct db *db, const char *key, char *out, size_t outsz)
{
	struct db_stmt *st;
	out[0] = '\0';
	if (db_prepare(db, "SELECT value FROM settings WHERE key = ?", &st, NULL) != 0)
		return -1;
	db_bind_text(st, 1, key);
	int r = db_step(st, NULL);
	if (r == 1)
		snprintf(out, outsz, "%s", db_col_text(st, 0));
	db_finalize(st);
	return r < 0 ? -1 : 0;
}

int
db_setting_set(struct db *db, const char *key, const char *value, struct kolb_err *err)
{
	if (value == NULL)
		return db_run(db, err, "DELETE FROM settings WHERE key = ?", key);
	return db_run(db, err, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
	    "DO UPDATE SET value = excluded.value", key, value);
}
