/* Installed content packs: validate, build, install, remove (see pack.h). */
#include "pack.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "fault.h"
#include "fsutil.h"
#include "packbuild.h"
#include "text.h"

/* The folder holding pack.json in an extracted archive: the top, or its only folder.
 * Caller frees. */
static char *
pack_find_root(const char *staging, struct kolb_err *err)
{
	char *p = kolb_xasprintf("%s/pack.json", staging);
	struct stat st;
	bool top = lstat(p, &st) == 0;
	free(p);
	if (top)
		return kolb_xstrdup(staging);
	DIR *d = opendir(staging);
	if (d == NULL) {
		kolb_err_set(err, "%s: %s", staging, strerror(errno));
		return NULL;
	}
	struct dirent *de;
	char *only = NULL;
	int count = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (count++ == 0)
			only = kolb_xasprintf("%s/%s", staging, de->d_name);
	}
	closedir(d);
	if (count == 1) {
		p = kolb_xasprintf("%s/pack.json", only);
		bool found = lstat(only, &st) == 0 && S_ISDIR(st.st_mode) && lstat(p, &st) == 0;
		free(p);
		if (found)
			return only;
	}
	free(only);
	kolb_err_set(err, _("the archive has no pack.json at its top or in its only folder"));
	return NULL;
}

/* Validate a folder, or an archive extracted to a private temporary folder. */
int
pack_validate(const char *path, struct kolb_strlist *problems, struct pack_manifest **out,
    struct kolb_err *err)
{
	struct stat st;
	struct pack_manifest *m = NULL;
	if (out != NULL)
		*out = NULL;
	if (stat(path, &st) != 0)
		return kolb_err_set(err, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		if (manifest_load(path, &m, problems, err) != 0)
			return -1;
	} else {
		const char *tmpdir = getenv("TMPDIR");
		char *staging = kolb_xasprintf("%s/kolb-validate-XXXXXX",
		    tmpdir && *tmpdir ? tmpdir : "/tmp");
		if (mkdtemp(staging) == NULL) {
			kolb_err_set(err, _("cannot create a temporary folder: %s"), strerror(errno));
			free(staging);
			return -1;
		}
		struct extract_result res;
		int rc = extract_archive(path, staging, NULL, &res, err);
		char *root = rc == 0 ? pack_find_root(staging, err) : NULL;
		if (rc == 0 && root == NULL)
			rc = -1;
		if (rc != 0 && problems != NULL)
			kolb_strlist_add(problems, err->msg);
		if (rc == 0)
			rc = manifest_load(root, &m, problems, err);
		free(root);
		fs_rm_rf(staging, NULL);
		free(staging);
		if (rc != 0)
			return -1;
	}
	if (out != NULL)
		*out = m;
	else
		manifest_free(m);
	return 0;
}

int
pack_build(const char *dir, const char *out_path, struct kolb_strlist *problems,
    struct kolb_err *err)
{
	struct pack_manifest *m;
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return kolb_err_set(err, _("%s is not a folder"), dir);
	if (manifest_load(dir, &m, problems, err) != 0)
		return -1;
	time_t mtime = 0;
	clock_parse(m->released, &mtime);
	manifest_free(m);
	struct kolb_strlist files = {0};
	uint64_t bytes;
	if (packbuild_scan(dir, &files, &bytes, err) != 0)
		return -1;
	int rc = 0;
	if (files.len > EXTRACT_MAX_ENTRIES)
		rc = kolb_err_set(err, _("the pack has %zu files and folders; at most %d can be "
		    "installed"), files.len, EXTRACT_MAX_ENTRIES);
	else if (bytes > EXTRACT_MAX_BYTES)
		rc = kolb_err_set(err, _("the pack holds %llu bytes; at most %llu can be installed"),
		    (unsigned long long)bytes, (unsigned long long)EXTRACT_MAX_BYTES);
	else
		rc = packbuild_write(dir, &files, mtime, out_path, err);
	kolb_strlist_clear(&files);
	return rc;
}

/* Take the data folder's install lock (released when fd is closed). */
static int
pack_lock(const char *datadir, struct kolb_err *err)
{
	char *p = kolb_xasprintf("%s/.install.lock", datadir);
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(p);
	if (fd < 0)
		return kolb_err_set(err, _("cannot lock the data folder: %s"), strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return kolb_err_set(err, _("another kolb is installing or removing a pack in this "
		    "data folder; try again when it has finished"));
	}
	return fd;
}

/* Remove leftovers of interrupted installs: staging folders, and pack folders
 * that never got their database row. Called with the install lock held. */
static void
pack_sweep(struct db *db, const char *datadir)
{
	char *tmp = kolb_xasprintf("%s/tmp", datadir);
	DIR *d = opendir(tmp);
	struct dirent *de;
	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, "install-", 8) != 0 && strncmp(de->d_name, "old-", 4) != 0)
				continue;
			char *p = kolb_xasprintf("%s/%s", tmp, de->d_name);
			fs_rm_rf(p, NULL);
			free(p);
		}
		closedir(d);
	}
	free(tmp);

	struct db_pack *rows;
	size_t n;
	if (db_pack_list(db, NULL, &rows, &n, NULL) != 0)
		return;
	char *packs = kolb_xasprintf("%s/packs", datadir);
	d = opendir(packs);
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *idp = kolb_xasprintf("%s/%s", packs, de->d_name);
		DIR *vd = opendir(idp);
		struct dirent *ve;
		int kept = 0;
		while (vd != NULL && (ve = readdir(vd)) != NULL) {
			if (ve->d_name[0] == '.')
				continue;
			bool known = false;
			for (size_t i = 0; i < n && !known; i++)
				known = strcmp(rows[i].id, de->d_name) == 0 &&
				    strcmp(rows[i].version, ve->d_name) == 0;
			if (known) {
				kept++;
				continue;
			}
			char *vp = kolb_xasprintf("%s/%s", idp, ve->d_name);
			fs_rm_rf(vp, NULL);
			free(vp);
		}
		if (vd != NULL)
			closedir(vd);
		if (kept == 0)
			rmdir(idp);
		free(idp);
	}
	if (d != NULL)
		closedir(d);
	free(packs);
	db_pack_free_list(rows, n);
}

/* A fresh private folder DATA/tmp/PREFIX-XXXXXX. Caller frees. */
static char *
pack_tmpdir(const char *datadir, const char *prefix, struct kolb_err *err)
{
	char *tmp = kolb_xasprintf("%s/tmp", datadir);
	if (mkdir(tmp, 0700) != 0 && errno != EEXIST) {
		kolb_err_set(err, _("cannot create %s: %s"), tmp, strerror(errno));
		free(tmp);
		return NULL;
	}
	char *p = kolb_xasprintf("%s/%s-XXXXXX", tmp, prefix);
	free(tmp);
	if (mkdtemp(p) == NULL) {
		kolb_err_set(err, _("cannot create a temporary folder: %s"), strerror(errno));
		free(p);
		return NULL;
	}
	return p;
}

/* JSON text of a localised field, for the packs table. Caller frees. */
static char *
pack_json_ltext(const struct pack_manifest *m, char **text)
{
	json_t *o = json_object();
	for (size_t i = 0; i < m->nlang; i++)
		json_object_set_new(o, m->languages[i], json_string(text[i]));
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

static char *
pack_json_langs(const struct pack_manifest *m)
{
	json_t *a = json_array();
	for (size_t i = 0; i < m->nlang; i++)
		json_array_append_new(a, json_string(m->languages[i]));
	char *s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* Make everything written under dir durable before it is renamed into place. */
static int
pack_sync(const char *dir, struct kolb_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return kolb_err_set(err, "%s: %s", dir, strerror(errno));
	int rc = syncfs(fd);
	close(fd);
	if (rc != 0)
		return kolb_err_set(err, _("cannot save the pack to disk: %s"), strerror(errno));
	return 0;
}

/* Decide what installing version over the installed rows means. */
static int
pack_decide(const struct db_pack *rows, size_t n, const char *version, const char *sha,
    bool force, struct pack_install_info *info, struct kolb_err *err)
{
	const char *highest = NULL;
	const struct db_pack *same = NULL;
	for (size_t i = 0; i < n; i++) {
		if (highest == NULL || text_semver_cmp(rows[i].version, highest) > 0)
			highest = rows[i].version;
		if (strcmp(rows[i].version, version) == 0)
			same = &rows[i];
	}
	snprintf(info->previous, sizeof info->previous, "%s", highest ? highest : "");
	if (same != NULL && strcmp(same->sha256, sha) == 0) {
		info->status = PACK_UNCHANGED;
		return 0;
	}
	if (same != NULL) {
		if (!force)
			return kolb_err_set(err, _("version %s of %s is already installed with different "
			    "content; give the pack a new version, or use --force to replace it"),
			    version, info->id);
		info->status = PACK_REINSTALLED;
		return 0;
	}
	if (highest == NULL) {
		info->status = PACK_INSTALLED;
		return 0;
	}
	if (text_semver_cmp(version, highest) > 0) {
		info->status = PACK_UPGRADED;
		return 0;
	}
	if (!force)
		return kolb_err_set(err, _("%s %s is older than the installed %s; use --force to "
		    "downgrade"), info->id, version, highest);
	info->status = PACK_DOWNGRADED;
	return 0;
}

/* Record the new version and drop the rows of versions it replaces that no
 * session uses; their folders are listed in *obsolete for removal after commit. */
static int
pack_record(struct db *db, const struct pack_manifest *m, const struct pack_install_info *info,
    const struct db_pack *rows, size_t n, struct kolb_strlist *obsolete, struct kolb_err *err)
{
	char now[21];
	clock_iso(clock_wall(), now);
	char *path = kolb_xasprintf("packs/%s/%s", m->id, m->version);
	char *langs = pack_json_langs(m);
	char *title = pack_json_ltext(m, m->title);
	struct db_pack row = {.id = m->id, .version = m->version, .released = m->released,
	    .languages = langs, .title = title, .sha256 = (char *)info->sha256, .path = path,
	    .installed_at = now};
	int rc = 0;
	if (info->status == PACK_REINSTALLED)
		rc = db_pack_delete(db, m->id, m->version, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (strcmp(rows[i].version, m->version) == 0)
			continue;
		long used = db_pack_session_count(db, m->id, rows[i].version, err);
		if (used < 0) {
			rc = -1;
		} else if (used == 0) {
			rc = db_pack_delete(db, m->id, rows[i].version, err);
			kolb_strlist_add(obsolete, rows[i].path);
		}
	}
	if (rc == 0)
		rc = db_pack_insert(db, &row, err);
	free(path);
	free(langs);
	free(title);
	return rc;
}

int
pack_install(struct db *db, const char *datadir, const char *archive,
    const struct pack_install_opts *opts, struct pack_install_info *info,
    struct kolb_strlist *problems, struct kolb_err *err)
{
	struct pack_install_opts defaults = {0};
	if (opts == NULL)
		opts = &defaults;
	memset(info, 0, sizeof *info);
	int lock = pack_lock(datadir, err);
	if (lock < 0)
		return -1;
	pack_sweep(db, datadir);

	int rc = -1;
	char *staging = NULL, *root = NULL, *dest = NULL, *trash = NULL, *iddir = NULL;
	struct pack_manifest *m = NULL;
	struct db_pack *rows = NULL;
	size_t nrows = 0;
	struct kolb_strlist obsolete = {0};
	bool moved = false;
	struct extract_result res;

	if ((staging = pack_tmpdir(datadir, "install", err)) == NULL)
		goto out;
	if (extract_archive(archive, staging, &opts->limits, &res, err) != 0)
		goto out;
	if ((root = pack_find_root(staging, err)) == NULL)
		goto out;
	if (manifest_load(root, &m, problems, err) != 0)
		goto out;
	snprintf(info->id, sizeof info->id, "%s", m->id);
	snprintf(info->version, sizeof info->version, "%s", m->version);
	memcpy(info->sha256, res.sha256, sizeof info->sha256);
	if (db_pack_list(db, m->id, &rows, &nrows, err) != 0)
		goto out;
	if (pack_decide(rows, nrows, m->version, res.sha256, opts->force, info, err) != 0)
		goto out;
	if (info->status == PACK_UNCHANGED) {
		rc = 0;
		goto out;
	}

	iddir = kolb_xasprintf("%s/packs/%s", datadir, m->id);
	dest = kolb_xasprintf("%s/%s", iddir, m->version);
	if (fs_mkdir_p(iddir, 0755, err) != 0 || pack_sync(root, err) != 0)
		goto undo;
	if (fault_hit("install.before-rename")) {
		kolb_err_set(err, _("injected fault before moving the pack into place"));
		goto undo;
	}
	if (info->status == PACK_REINSTALLED) {
		if ((trash = pack_tmpdir(datadir, "old", err)) == NULL)
			goto undo;
		char *old = kolb_xasprintf("%s/pack", trash);
		int rc2 = rename(dest, old);
		free(old);
		if (rc2 != 0) {
			kolb_err_set(err, _("cannot replace %s: %s"), dest, strerror(errno));
			fs_rm_rf(trash, NULL);
			free(trash);
			trash = NULL;
			goto undo;
		}
	}
	if (rename(root, dest) != 0) {
		kolb_err_set(err, _("cannot move the pack into %s: %s"), dest, strerror(errno));
		goto undo;
	}
	moved = true;
	fs_fsync_dir(iddir, NULL);

	if (db_begin(db, err) != 0)
		goto undo;
	if (pack_record(db, m, info, rows, nrows, &obsolete, err) != 0) {
		db_rollback(db);
		goto undo;
	}
	if (fault_hit("install.before-commit")) {
		kolb_err_set(err, _("injected fault before saving the pack's record"));
		db_rollback(db);
		goto undo;
	}
	if (db_commit(db, err) != 0)
		goto undo;
	for (size_t i = 0; i < obsolete.len; i++) {
		char *p = kolb_xasprintf("%s/%s", datadir, obsolete.items[i]);
		fs_rm_rf(p, NULL);
		free(p);
	}
	rc = 0;
	goto out;

undo:
	/* Put everything back as it was: the new folder out, the old one back in. */
	if (moved && rename(dest, root) != 0)
		fs_rm_rf(dest, NULL);
	if (trash != NULL) {
		char *old = kolb_xasprintf("%s/pack", trash);
		rename(old, dest);
		free(old);
	}
	if (iddir != NULL)
		rmdir(iddir); /* only succeeds when no other version is there */
out:
	if (staging != NULL)
		fs_rm_rf(staging, NULL);
	if (trash != NULL)
		fs_rm_rf(trash, NULL);
	free(staging);
	free(trash);
	free(root);
	free(dest);
	free(iddir);
	manifest_free(m);
	db_pack_free_list(rows, nrows);
	kolb_strlist_clear(&obsolete);
	close(lock);
	return rc;
}

int
pack_find(struct db *db, const char *id, const char *version, struct db_pack *out,
    struct kolb_err *err)
{
	struct db_pack *rows;
	size_t n;
	memset(out, 0, sizeof *out);
	if (db_pack_list(db, id, &rows, &n, err) != 0)
		return -1;
	int found = 0;
	for (size_t i = n; i-- > 0;) {
		/* Rows come in install order: the last one is the current version. */
		if (version == NULL || strcmp(rows[i].version, version) == 0) {
			*out = rows[i];
			memset(&rows[i], 0, sizeof rows[i]);
			found = 1;
			break;
		}
	}
	db_pack_free_list(rows, n);
	return found;
}

int
pack_load(struct db *db, const char *datadir, const char *id, const char *version,
    struct pack_manifest **out, char **dir_out, struct kolb_err *err)
{
	struct db_pack row;
	int f = pack_find(db, id, version, &row, err);
	if (f < 0)
		return -1;
	if (f == 0)
		return version ? kolb_err_set(err, _("pack %s %s is not installed"), id, version)
		               : kolb_err_set(err, _("pack %s is not installed"), id);
	char *dir = kolb_xasprintf("%s/%s", datadir, row.path);
	db_pack_clear(&row);
	if (manifest_load(dir, out, NULL, err) != 0) {
		kolb_err_prefix(err, _("installed pack %s is damaged"), id);
		free(dir);
		return -1;
	}
	if (dir_out != NULL)
		*dir_out = dir;
	else
		free(dir);
	return 0;
}

int
pack_remove(struct db *db, const char *datadir, const char *id, bool force,
    struct kolb_err *err)
{
	struct db_pack row;
	int f = pack_find(db, id, NULL, &row, err);
	if (f < 0)
		return -1;
	if (f == 0)
		return kolb_err_set(err, _("pack %s is not installed"), id);
	db_pack_clear(&row);
	long used = db_pack_session_count(db, id, NULL, err);
	if (used < 0)
		return -1;
	if (used > 0 && !force)
		return kolb_err_set(err, ngettext("pack %s is used by %ld session; use --force to "
		    "remove it anyway", "pack %s is used by %ld sessions; use --force to remove it "
		    "anyway", (unsigned long)used), id, used);
	int lock = pack_lock(datadir, err);
	if (lock < 0)
		return -1;
	int rc = -1;
	char *iddir = kolb_xasprintf("%s/packs/%s", datadir, id);
	char *trash = pack_tmpdir(datadir, "old", err);
	char *moved = trash ? kolb_xasprintf("%s/pack", trash) : NULL;
	if (trash == NULL)
		goto out;
	if (rename(iddir, moved) != 0 && errno != ENOENT) {
		kolb_err_set(err, _("cannot remove %s: %s"), iddir, strerror(errno));
		goto out;
	}
	if (db_begin(db, err) != 0 || db_pack_delete(db, id, NULL, err) != 0 ||
	    db_commit(db, err) != 0) {
		db_rollback(db);
		rename(moved, iddir);
		goto out;
	}
	rc = 0;
out:
	if (trash != NULL)
		fs_rm_rf(trash, NULL);
	free(trash);
	free(moved);
	free(iddir);
	close(lock);
	return rc;
}
