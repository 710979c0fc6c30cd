/* Unit tests: opening, migrating, refusing newer or foreign databases, locking. */
#include "db.h"
#include "fsutil.h"
#include "testutil.h"

#include <sqlite3.h>

struct fx {
	char *tmp, *path;
};

static int
setup(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	f->tmp = tu_tmpdir();
	f->path = kolb_xasprintf("%s/kolb.db", f->tmp);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f->path);
	free(f);
	return 0;
}

/* Run a query on a raw connection and return the first column as text. Caller frees. */
static char *
raw_query(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		out = kolb_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

static void
test_fresh_database(void **state)
{
	struct fx *f = *state;
	struct db *db;
	struct kolb_err err;
	if (db_open(f->path, &db, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(db_user_version(db), DB_SCHEMA_VERSION);
	db_close(db);
	char *s = raw_query(f->path, "PRAGMA journal_mode");
	assert_string_equal(s, "wal");
	free(s);
	s = raw_query(f->path, "SELECT group_concat(name, ',') FROM (SELECT name FROM "
	    "sqlite_master WHERE type = 'table' ORDER BY name)");
	assert_string_equal(s, "activities,assessments,attendance,audit,credentials,entries,packs,"
	    "participants,search_state,sessions,settings,trust");
	free(s);
	s = raw_query(f->path, "PRAGMA application_id");
	assert_int_equal(atoi(s), DB_APPLICATION_ID);
	free(s);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* reopening is a no-op */
	assert_int_equal(db_open(f->path, &db, &err), 0);
	assert_int_equal(db_user_version(db), DB_SCHEMA_VERSION);
	db_close(db);
}

static void
test_pragmas_and_constraints(void **state)
{
	struct fx *f = *state;
	struct db *db;
	struct kolb_err err;
	assert_int_equal(db_open(f->path, &db, &err), 0);
	/* foreign keys are enforced: a participant needs a session */
	assert_int_not_equal(db_exec(db, "INSERT INTO participants (session_id, uid, name, "
	    "created_at, updated_at) VALUES (99, 'p', 'Lò Thị Tiên', 'x', 'x')", &err), 0);
	/* checks hold: no fourth day */
	assert_int_equal(db_exec(db, "INSERT INTO sessions (uid, pack_id, pack_version, pack_sha256, "
	    "language, title, start_date, days, created_at) VALUES ('s', 'p', '1.0.0', '', 'vi', "
	    "'t', '2026-11-29', 3, 'x')", &err), 0);
	assert_int_not_equal(db_exec(db, "UPDATE sessions SET days = 4", &err), 0);
	assert_int_not_equal(db_exec(db, "UPDATE sessions SET phase = 'lunch'", &err), 0);
	db_close(db);
}

static const struct db_migration test_m1[] = {
	{1, "CREATE TABLE a (x INTEGER);"},
};
static const struct db_migration test_m2[] = {
	{1, "CREATE TABLE a (x INTEGER);"},
	{2, "ALTER TABLE a ADD COLUMN y TEXT NOT NULL DEFAULT 'new'; CREATE TABLE b (z);"},
};
static const struct db_migration test_m2_broken[] = {
	{1, "CREATE TABLE a (x INTEGER);"},
	{2, "CREATE TABLE b (z); CREATE TABLE a (oops);"},
};

static void
test_migrations_upgrade(void **state)
{
	struct fx *f = *state;
	struct db *db;
	struct kolb_err err;
	assert_int_equal(db_open_with(f->path, test_m1, 1, &db, &err), 0);
	assert_int_equal(db_exec(db, "INSERT INTO a VALUES (7)", &err), 0);
	assert_int_equal(db_user_version(db), 1);
	db_close(db);
	assert_int_equal(db_open_with(f->path, test_m2, 2, &db, &err), 0);
	assert_int_equal(db_user_version(db), 2);
	db_close(db);
	char *s = raw_query(f->path, "SELECT x || y FROM a");
	assert_string_equal(s, "7new");
	free(s);
}

static void
test_failed_migration_rolls_back(void **state)
{
	struct fx *f = *state;
	struct db *db;
	struct kolb_err err;
	assert_int_equal(db_open_with(f->path, test_m1, 1, &db, &err), 0);
	db_close(db);
	assert_int_not_equal(db_open_with(f->path, test_m2_broken, 2, &db, &err), 0);
	assert_non_null(strstr(err.msg, "upgrading the database to version 2"));
	char *s = raw_query(f->path, "PRAGMA user_version");
	assert_string_equal(s, "1");
	free(s);
	s = raw_query(f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'b'");
	assert_string_equal(s, "0");
	free(s);
}

/* Every credentials row, every column, in hex or quoted: compares byte for byte. */
#define CRED_ROWS "SELECT group_concat(r, ';') FROM (SELECT quote(id) || ',' || " \
	"quote(participant_id) || ',' || hex(uid) || ',' || hex(issued_at) || ',' || " \
	"hex(document) || ',' || quote(typeof(revoked_at)) || hex(revoked_at) || ',' || " \
	"quote(typeof(revoke_reason)) || hex(revoke_reason) AS r FROM credentials ORDER BY id)"
/* The credentials table and its indexes as SQLite reports them (not their SQL text). */
#define CRED_SHAPE "SELECT (SELECT group_concat(name || ' ' || type || ' ' || \"notnull\" || ' ' " \
	"|| coalesce(dflt_value, '-') || ' ' || pk, '; ') FROM pragma_table_info('credentials')) " \
	"|| ' | ' || (SELECT group_concat(\"table\" || '.' || \"from\" || '->' || \"to\" || ' ' || " \
	"on_delete, '; ') FROM pragma_foreign_key_list('credentials'))"

/* A version-4 database holding records (revoked and not, Vietnamese text) moves to
 * version 5 with every row kept byte for byte, every other constraint as it was, and
 * at most one unrevoked record per participant. */
static void
test_migration_v5_records(void **state)
{
	struct fx *f = *state;
	size_t nm;
	const struct db_migration *m = db_migrations_all(&nm);
	assert_int_equal(nm, DB_SCHEMA_VERSION);
	assert_int_equal(m[nm - 1].version, 5);
	struct db *db;
	struct kolb_err err;
	assert_int_equal(db_open_with(f->path, m, 4, &db, &err), 0);
	assert_int_equal(db_user_version(db), 4);
	if (db_exec(db, "INSERT INTO sessions (id, uid, pack_id, pack_version, pack_sha256, language, "
	    "title, start_date, days, created_at) VALUES (1, 's1', 'p', '1.0.0', '', 'vi', "
	    "'Lớp cha mẹ, Tả Van', '2026-11-29', 2, '2026-11-29T01:00:00Z');"
	    "INSERT INTO participants (id, session_id, uid, name, created_at, updated_at) VALUES "
	    "(7, 1, 'pa', 'Giàng Thị Su', 'x', 'x'), (8, 1, 'pb', 'Vàng Thị Mỷ', 'x', 'x'), "
	    "(9, 1, 'pc', 'Lò Thị Tiên', 'x', 'x'), (10, 1, 'pd', 'Hờ A Tủa', 'x', 'x');"
	    "INSERT INTO credentials (id, participant_id, uid, issued_at, document, revoked_at, "
	    "revoke_reason) VALUES (3, 7, 'urn:uuid:a', '2026-11-30T09:00:00Z', "
	    "'{\"name\":\"Hoàn thành: Rửa tay\"}', NULL, NULL), (5, 8, 'urn:uuid:b', "
	    "'2026-11-30T09:00:01Z', '{\"x\":\"Vàng Thị Mỷ 𡨸\"}', '2026-11-30T10:00:00Z', "
	    "'Cấp nhầm: trùng tên'), (11, 9, 'urn:uuid:c', '2026-11-30T09:00:02Z', '{}', "
	    "'2026-12-01T08:00:00Z', '');", &err) != 0)
		fail_msg("%s", err.msg);
	/* version 4: one record per participant, revoked or not */
	assert_int_not_equal(db_exec(db, "INSERT INTO credentials (participant_id, uid, issued_at, "
	    "document) VALUES (8, 'urn:uuid:b2', 'x', '{}')", &err), 0);
	assert_non_null(strstr(err.msg, "UNIQUE"));
	db_close(db);
	char *before = raw_query(f->path, CRED_ROWS);
	char *shape = raw_query(f->path, CRED_SHAPE);
	assert_non_null(before);
	assert_non_null(strstr(before, "'null'"));
	assert_non_null(strstr(before, "'text'"));

	if (db_open(f->path, &db, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(db_user_version(db), 5);
	char *after = raw_query(f->path, CRED_ROWS);
	assert_string_equal(after, before);
	char *shape2 = raw_query(f->path, CRED_SHAPE);
	assert_string_equal(shape2, shape);
	assert_non_null(strstr(shape2, "participant_id INTEGER 1 - 0"));
	assert_non_null(strstr(shape2, "participants.participant_id->id CASCADE"));
	char *s = raw_query(f->path, "SELECT group_concat(name, ',') FROM (SELECT name FROM "
	    "sqlite_master WHERE tbl_name = 'credentials' AND type = 'index' AND sql IS NOT NULL "
	    "ORDER BY name)");
	assert_string_equal(s, "credentials_current,credentials_participant,credentials_uid");
	free(s);
	s = raw_query(f->path, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%v5%'");
	assert_string_equal(s, "0");
	free(s);
	s = raw_query(f->path, "SELECT sql FROM sqlite_master WHERE name = 'credentials_current'");
	assert_non_null(strstr(s, "UNIQUE INDEX"));
	assert_non_null(strstr(s, "WHERE revoked_at IS NULL"));
	free(s);
	s = raw_query(f->path, "PRAGMA integrity_check");
	assert_string_equal(s, "ok");
	free(s);

	/* a participant whose record is revoked may get a new one, but only one */
	if (db_exec(db, "INSERT INTO credentials (participant_id, uid, issued_at, document) VALUES "
	    "(8, 'urn:uuid:b2', '2026-12-01T09:00:00Z', '{}')", &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_not_equal(db_exec(db, "INSERT INTO credentials (participant_id, uid, issued_at, "
	    "document) VALUES (8, 'urn:uuid:b3', 'x', '{}')", &err), 0);
	assert_non_null(strstr(err.msg, "UNIQUE"));
	/* nor a second unrevoked one beside a record never revoked */
	assert_int_not_equal(db_exec(db, "INSERT INTO credentials (participant_id, uid, issued_at, "
	    "document) VALUES (7, 'urn:uuid:a2', 'x', '{}')", &err), 0);
	/* ... nor by un-revoking an old one */
	assert_int_not_equal(db_exec(db, "UPDATE credentials SET revoked_at = NULL WHERE uid = "
	    "'urn:uuid:b'", &err), 0);
	/* revoked records may pile up */
	assert_int_equal(db_exec(db, "INSERT INTO credentials (participant_id, uid, issued_at, "
	    "document, revoked_at, revoke_reason) VALUES (7, 'urn:uuid:a3', 'x', '{}', 'y', 'z'), "
	    "(7, 'urn:uuid:a4', 'x', '{}', 'y', 'z')", &err), 0);
	/* every other constraint holds as before */
	assert_int_not_equal(db_exec(db, "INSERT INTO credentials (participant_id, uid, issued_at, "
	    "document) VALUES (10, 'urn:uuid:a', 'x', '{}')", &err), 0);
	assert_int_not_equal(db_exec(db, "INSERT INTO credentials (participant_id, uid, issued_at, "
	    "document) VALUES (99, 'urn:uuid:z', 'x', '{}')", &err), 0);
	assert_int_not_equal(db_exec(db, "INSERT INTO credentials (participant_id, uid, issued_at, "
	    "document) VALUES (10, 'urn:uuid:d', 'x', NULL)", &err), 0);
	assert_int_not_equal(db_exec(db, "INSERT INTO credentials (participant_id, uid, issued_at, "
	    "document) VALUES (NULL, 'urn:uuid:d', 'x', '{}')", &err), 0);
	assert_int_equal(db_exec(db, "DELETE FROM participants WHERE id = 7", &err), 0);
	db_close(db);
	s = raw_query(f->path, "SELECT count(*) || ',' || sum(participant_id = 7) || ',' || "
	    "sum(participant_id = 8) FROM credentials");
	assert_string_equal(s, "3,0,2");
	free(s);
	/* a new database has the same table as a migrated one */
	char *fresh = kolb_xasprintf("%s/fresh.db", f->tmp);
	assert_int_equal(db_open(fresh, &db, &err), 0);
	db_close(db);
	char *q = "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master WHERE tbl_name = "
	    "'credentials' ORDER BY name)";
	char *s1 = raw_query(f->path, q), *s2 = raw_query(fresh, q);
	assert_string_equal(s1, s2);
	free(s1);
	free(s2);
	free(fresh);
	free(before);
	free(after);
	free(shape);
	free(shape2);
}

static void
test_newer_database_refused_untouched(void **state)
{
	struct fx *f = *state;
	struct db *db;
	struct kolb_err err;
	assert_int_equal(db_open(f->path, &db, &err), 0);
	assert_int_equal(db_exec(db, "PRAGMA user_version = 99", &err), 0);
	db_close(db);
	/* a rollback-journal database from the future: WAL would rewrite its header */
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	char before[65], after[65];
	assert_int_equal(fs_sha256_file(f->path, before, &err), 0);
	assert_int_not_equal(db_open(f->path, &db, &err), 0);
	assert_non_null(strstr(err.msg, "newer kolb (schema 99"));
	assert_int_equal(fs_sha256_file(f->path, after, &err), 0);
	assert_string_equal(before, after);
}

static void
test_foreign_database_refused(void **state)
{
	struct fx *f = *state;
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE t (x); PRAGMA user_version = 1", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(h);
	struct db *db;
	struct kolb_err err;
	assert_int_not_equal(db_open(f->path, &db, &err), 0);
	assert_non_null(strstr(err.msg, "not a kolb database"));
	char *garbage = kolb_xasprintf("%s/garbage.db", f->tmp);
	tu_write(garbage, "This is not an SQLite file; it is a shopping list: rice, salt, soap.\n"
	    "......................................................................\n");
	assert_int_not_equal(db_open(garbage, &db, &err), 0);
	assert_non_null(strstr(err.msg, "not a kolb database"));
	free(garbage);
}

static void
test_second_writer_gets_clear_message(void **state)
{
	struct fx *f = *state;
	struct db *a, *b;
	struct kolb_err err;
	assert_int_equal(db_open(f->path, &a, &err), 0);
	assert_int_equal(db_open(f->path, &b, &err), 0);
	db_set_busy_timeout(b, 100);
	assert_int_equal(db_begin(a, &err), 0);
	assert_int_equal(db_exec(a, "INSERT INTO settings VALUES ('k', 'a')", &err), 0);
	assert_int_not_equal(db_begin(b, &err), 0);
	assert_non_null(strstr(err.msg, "in use by another kolb"));
	assert_int_equal(db_commit(a, &err), 0);
	/* once the first writer is done, the second proceeds and sees its data */
	assert_int_equal(db_begin(b, &err), 0);
	assert_int_equal(db_exec(b, "UPDATE settings SET value = 'b' WHERE key = 'k'", &err), 0);
	assert_int_equal(db_commit(b, &err), 0);
	db_close(a);
	db_close(b);
	char *s = raw_query(f->path, "SELECT value FROM settings");
	assert_string_equal(s, "b");
	free(s);
}

static void
test_rollback_discards(void **state)
{
	struct fx *f = *state;
	struct db *db;
	struct kolb_err err;
	assert_int_equal(db_open(f->path, &db, &err), 0);
	assert_int_equal(db_begin(db, &err), 0);
	assert_int_equal(db_exec(db, "INSERT INTO settings VALUES ('k', 'v')", &err), 0);
	db_rollback(db);
	db_close(db);
	char *s = raw_query(f->path, "SELECT count(*) FROM settings");
	assert_string_equal(s, "0");
	free(s);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_fresh_database),
		T(test_pragmas_and_constraints),
		T(test_migrations_upgrade),
		T(test_failed_migration_rolls_back),
		T(test_migration_v5_records),
		T(test_newer_database_refused_untouched),
		T(test_foreign_database_refused),
		T(test_second_writer_gets_clear_message),
		T(test_rollback_discards),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
