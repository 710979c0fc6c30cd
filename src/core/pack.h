/*
 * Content packs in a data folder: validating a folder or archive, building a
 * reproducible archive, installing (safely, atomically), listing, showing and
 * removing installed packs.
 *
 * Installed packs live in DATA/packs/ID/VERSION/ with a row in the packs table;
 * an install is staged in DATA/tmp/ and renamed into place only once the whole
 * archive has passed every check, so a refused or interrupted install leaves
 * nothing behind (stale staging folders are swept on the next install).
 */
#ifndef KOLB_PACK_H
#define KOLB_PACK_H

#include <stdbool.h>
#include "db.h"
#include "extract.h"
#include "kolb.h"
#include "manifest.h"

/* Validate a pack folder or archive. Problems are appended to problems; returns 0
 * when valid. When out is not NULL it receives the manifest (caller frees). */
int pack_validate(const char *path, struct kolb_strlist *problems,
    struct pack_manifest **out, struct kolb_err *err);

/* Validate dir, then write a reproducible .tar.gz to out_path. */
int pack_build(const char *dir, const char *out_path, struct kolb_strlist *problems,
    struct kolb_err *err);

enum pack_install_status {
	PACK_INSTALLED,    /* first version of this pack */
	PACK_UPGRADED,     /* newer than the installed version */
	PACK_UNCHANGED,    /* this exact version was already installed */
	PACK_REINSTALLED,  /* same version, different content, with force */
	PACK_DOWNGRADED,   /* older than the installed version, with force */
};

struct pack_install_opts {
	bool force;
	struct extract_limits limits;
};

struct pack_install_info {
	enum pack_install_status status;
	char id[65];
	char version[64];
	char previous[64]; /* highest version installed before, "" if none */
	char sha256[65];
};

/* Install an archive into the data folder datadir whose database is db. */
int pack_install(struct db *db, const char *datadir, const char *archive,
    const struct pack_install_opts *opts, struct pack_install_info *info,
    struct kolb_strlist *problems, struct kolb_err *err);

/* Remove every installed version of id; refused while a session uses it unless force. */
int pack_remove(struct db *db, const char *datadir, const char *id, bool force,
    struct kolb_err *err);

/* The installed record of id at version, or its highest version when version is NULL.
 * Returns 1 found, 0 not installed, -1 error. Caller db_pack_clear()s *out. */
int pack_find(struct db *db, const char *id, const char *version, struct db_pack *out,
    struct kolb_err *err);

/* Load an installed pack's manifest. *dir_out (may be NULL) receives its folder.
 * Caller frees both. */
int pack_load(struct db *db, const char *datadir, const char *id, const char *version,
    struct pack_manifest **out, char **dir_out, struct kolb_err *err);

#endif
