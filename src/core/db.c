/* Opening the database, migrations and transactions. */
#include "db.h"

#include <sqlite3.h>
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
};

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
	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err, _("starting a transaction"));
	return 0;
}

int
db_commit(struct db *db, struct kolb_err *err)
{
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, err, _("saving"));
		db_rollback(db);
		return -1;
	}
	return 0;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
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
	free(db);
}
