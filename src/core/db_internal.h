/* Shared by the db*.c files only: the connection struct and error mapping. */
#ifndef KOLB_DB_INTERNAL_H
#define KOLB_DB_INTERNAL_H

#include <sqlite3.h>
#include <stdio.h>
#include "db.h"

struct db {
	sqlite3 *h;
	int depth; /* nesting of db_begin: only the outermost begins and commits */
	char *path; /* as given to db_open */
};

/* Fill err from the connection's last error, naming what we were doing. Returns -1. */
int db_fail(struct db *db, struct kolb_err *err, const char *what);

#endif
