/*
 * The data folder's SQLite database: opening it safely, numbered schema
 * migrations (PRAGMA user_version), transactions, and the rows of each table.
 *
 * Only the db*.c files include <sqlite3.h>. Every connection runs in WAL mode
 * with synchronous=FULL and foreign keys on, waits up to five seconds for a
 * lock held by another kolb process, and turns SQLite errors into one-line
 * messages. A database written by a newer kolb is refused before anything in
 * it is changed.
 */
#ifndef KOLB_DB_H
#define KOLB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include "kolb.h"

/* The schema version this kolb writes. */
#define DB_SCHEMA_VERSION 5
/* 'KOLB' in PRAGMA application_id marks our databases. */
#define DB_APPLICATION_ID 0x4b4f4c42

struct db;

struct db_migration {
	int version;     /* user_version after this step */
	const char *sql; /* one or more statements */
};

/* Open (creating if missing) and migrate to DB_SCHEMA_VERSION. path may be ":memory:".
 * *out is owned by the caller: db_close() it. */
int db_open(const char *path, struct db **out, struct kolb_err *err);

/* kolb's own migrations, oldest first; *n receives how many. Static, nothing to free:
 * tests build a database of an older schema with the first k of them (db_open_with). */
const struct db_migration *db_migrations_all(size_t *n);

/* Open and apply the given migrations instead of kolb's own (tests). */
int db_open_with(const char *path, const struct db_migration *m, size_t n,
    struct db **out, struct kolb_err *err);

/* Close; NULL is fine. */
void db_close(struct db *db);

/* How long to wait for another process's lock (default 5000 ms). */
void db_set_busy_timeout(struct db *db, int ms);

/* The path the database was opened with (":memory:" for none), borrowed from db. */
const char *db_path(const struct db *db);

/* The schema version stored in the file. */
int db_user_version(struct db *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Calls nest: an inner begin/commit pair joins
 * the outer transaction; a rollback anywhere abandons all of it. */
int db_begin(struct db *db, struct kolb_err *err);
int db_commit(struct db *db, struct kolb_err *err);
void db_rollback(struct db *db);

/* BEGIN (deferred) / COMMIT for a consistent read of several tables: the first query
 * fixes a snapshot that other processes' writes do not change (WAL readers take no
 * write lock). Only for reads. Inside an open transaction both just join it. */
int db_begin_read(struct db *db, struct kolb_err *err);
void db_end_read(struct db *db);

/* Run SQL that returns no rows (tests and maintenance). */
int db_exec(struct db *db, const char *sql, struct kolb_err *err);

/*
 * Prepared statements for the core modules (session, participant, entry...),
 * so that only db.c sees <sqlite3.h>. Parameters are numbered from 1,
 * columns from 0. Text returned by db_col_text is borrowed until the next
 * db_step or db_finalize.
 */
struct db_stmt;

int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct kolb_err *err);
void db_bind_text(struct db_stmt *st, int i, const char *s); /* NULL binds NULL */
void db_bind_int(struct db_stmt *st, int i, long long v);
/* 1: a row is ready, 0: done, -1: error (err set, naming what). */
int db_step(struct db_stmt *st, struct kolb_err *err);
const char *db_col_text(struct db_stmt *st, int i); /* "" for NULL */
long long db_col_int(struct db_stmt *st, int i);
int db_col_is_null(struct db_stmt *st, int i);
/* Caller frees result. */
char *db_col_dup(struct db_stmt *st, int i);
void db_reset(struct db_stmt *st);
void db_finalize(struct db_stmt *st);
long long db_last_id(struct db *db);
int db_changes(struct db *db);
/* Run one statement with text parameters (NULL-terminated list), no rows. */
int db_run(struct db *db, struct kolb_err *err, const char *sql, ...);

/* The settings table (key/value text): the issuer profile, the interface language,
 * typing, the session to reopen. db_setting_get copies the value into out ("" when
 * unset; 0 ok, -1 on a database error). db_setting_set stores value, or deletes the
 * key when value is NULL. */
int db_setting_get(struct db *db, const char *key, char *out, size_t outsz);
int db_setting_set(struct db *db, const char *key, const char *value, struct kolb_err *err);
/* True while a transaction is open. */
bool db_in_transaction(struct db *db);

/* An installed pack version as stored in the packs table. */
struct db_pack {
	char *id, *version, *released;
	char *languages;  /* JSON array text, e.g. ["vi","en"] */
	char *title;      /* JSON object text, one title per language */
	char *sha256;     /* of the archive it was installed from */
	char *path;       /* folder, relative to the data folder */
	char *installed_at;
};

/* Free the strings of one record (not the struct itself). */
void db_pack_clear(struct db_pack *p);
/* Free an array from db_pack_list. */
void db_pack_free_list(struct db_pack *list, size_t n);

/* Insert a pack version. Must be called inside a transaction. */
int db_pack_insert(struct db *db, const struct db_pack *p, struct kolb_err *err);

/* Delete one version, or every version when version is NULL. */
int db_pack_delete(struct db *db, const char *id, const char *version, struct kolb_err *err);

/* Every installed version ordered by id; id NULL lists all packs, else one pack's
 * versions. Caller frees with db_pack_free_list. */
int db_pack_list(struct db *db, const char *id, struct db_pack **out, size_t *n,
    struct kolb_err *err);

/* Number of sessions run with pack id (any version when version is NULL); -1 on error. */
long db_pack_session_count(struct db *db, const char *id, const char *version,
    struct kolb_err *err);

#endif
