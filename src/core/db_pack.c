/* Rows of the packs table. */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

static char *
db_pack_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return kolb_xstrdup(s ? (const char *)s : "");
}

void
db_pack_clear(struct db_pack *p)
{
	free(p->id);
	free(p->version);
	free(p->released);
	free(p->languages);
	free(p->title);
	free(p->sha256);
	free(p->path);
	free(p->installed_at);
	memset(p, 0, sizeof *p);
}

void
db_pack_free_list(struct db_pack *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_pack_clear(&list[i]);
	free(list);
}

int
db_pack_insert(struct db *db, const struct db_pack *p, struct kolb_err *err)
{
	sqlite3_stmt *st;
	const char *sql = "INSERT INTO packs (id, version, released, languages, title, sha256, "
	    "path, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err, _("recording the pack"));
	const char *v[] = {p->id, p->version, p->released, p->languages, p->title, p->sha256,
	    p->path, p->installed_at};
	for (int i = 0; i < 8; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, _("recording the pack"));
	return 0;
}

int
db_pack_delete(struct db *db, const char *id, const char *version, struct kolb_err *err)
{
	sqlite3_stmt *st;
	const char *sql = version ? "DELETE FROM packs WHERE id = ? AND version = ?"
	                          : "DELETE FROM packs WHERE id = ?";
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err, _("removing the pack"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (version)
		sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, _("removing the pack"));
	return 0;
}

int
db_pack_list(struct db *db, const char *id, struct db_pack **out, size_t *n,
    struct kolb_err *err)
{
	sqlite3_stmt *st;
	const char *sql = id ?
	    "SELECT id, version, released, languages, title, sha256, path, installed_at "
	    "FROM packs WHERE id = ? ORDER BY id, rowid" :
	    "SELECT id, version, released, languages, title, sha256, path, installed_at "
	    "FROM packs ORDER BY id, rowid";
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err, _("listing packs"));
	if (id)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	struct db_pack *list = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			list = kolb_xrealloc(list, cap * sizeof *list);
		}
		struct db_pack *p = &list[len++];
		p->id = db_pack_col(st, 0);
		p->version = db_pack_col(st, 1);
		p->released = db_pack_col(st, 2);
		p->languages = db_pack_col(st, 3);
		p->title = db_pack_col(st, 4);
		p->sha256 = db_pack_col(st, 5);
		p->path = db_pack_col(st, 6);
		p->installed_at = db_pack_col(st, 7);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_pack_free_list(list, len);
		return db_fail(db, err, _("listing packs"));
	}
	*out = list;
	*n = len;
	return 0;
}

long
db_pack_session_count(struct db *db, const char *id, const char *version, struct kolb_err *err)
{
	sqlite3_stmt *st;
	const char *sql = version ?
	    "SELECT count(*) FROM sessions WHERE pack_id = ? AND pack_version = ?" :
	    "SELECT count(*) FROM sessions WHERE pack_id = ?";
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err, _("counting sessions"));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (version)
		sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
	long count = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		count = sqlite3_column_int64(st, 0);
	else
		db_fail(db, err, _("counting sessions"));
	sqlite3_finalize(st);
	return count;
}
