/* Reproducible tar.gz writing (see packbuild.h). */
#include "packbuild.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"

static int
scan_dir(const char *root, const char *rel, struct kolb_strlist *out, uint64_t *bytes,
    int depth, struct kolb_err *err)
{
	if (depth > 32)
		return kolb_err_set(err, _("%s: folders nested too deeply"), rel);
	char *path = *rel ? kolb_xasprintf("%s/%s", root, rel) : kolb_xstrdup(root);
	DIR *d = opendir(path);
	if (d == NULL) {
		kolb_err_set(err, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *sub = *rel ? kolb_xasprintf("%s/%s", rel, de->d_name) : kolb_xstrdup(de->d_name);
		char *full = kolb_xasprintf("%s/%s", root, sub);
		struct stat st;
		char clean[4096];
		if (lstat(full, &st) != 0) {
			rc = kolb_err_set(err, "%s: %s", full, strerror(errno));
		} else if (extract_clean_name(sub, clean, sizeof clean, err) != 0) {
			rc = -1; /* a name install would refuse */
		} else if (S_ISDIR(st.st_mode)) {
			kolb_strlist_addf(out, "%s/", sub);
			rc = scan_dir(root, sub, out, bytes, depth + 1, err);
		} else if (S_ISREG(st.st_mode)) {
			kolb_strlist_add(out, sub);
			*bytes += (uint64_t)st.st_size;
		} else {
			rc = kolb_err_set(err, _("%s: only regular files and folders can be in a pack "
			    "(no links or special files)"), sub);
		}
		free(sub);
		free(full);
	}
	closedir(d);
	free(path);
	return rc;
}

int
packbuild_scan(const char *dir, struct kolb_strlist *out, uint64_t *bytes,
    struct kolb_err *err)
{
	*bytes = 0;
	if (scan_dir(dir, "", out, bytes, 0, err) != 0) {
		kolb_strlist_clear(out);
		return -1;
	}
	kolb_strlist_sort(out);
	return 0;
}

/* Append one file or folder entry with fixed metadata. */
static int
write_entry(struct archive *a, const char *dir, const char *rel, time_t mtime,
    struct kolb_err *err)
{
	size_t n = strlen(rel);
	int is_dir = n > 0 && rel[n - 1] == '/';
	char *name = kolb_xstrdup(rel);
	if (is_dir)
		name[n - 1] = '\0';
	char *full = kolb_xasprintf("%s/%s", dir, name);
	int rc = 0, fd = -1;
	struct stat st;
	struct archive_entry *e = archive_entry_new();
	if (!is_dir) {
		fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) != 0) {
			rc = kolb_err_set(err, "%s: %s", full, strerror(errno));
			goto out;
		}
	}
	archive_entry_set_pathname_utf8(e, name);
	archive_entry_set_filetype(e, is_dir ? AE_IFDIR : AE_IFREG);
	archive_entry_set_perm(e, is_dir ? 0755 : 0644);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, mtime, 0);
	archive_entry_set_size(e, is_dir ? 0 : st.st_size);
	if (archive_write_header(a, e) != ARCHIVE_OK) {
		rc = kolb_err_set(err, "%s: %s", name, archive_error_string(a));
		goto out;
	}
	if (!is_dir) {
		char buf[65536];
		la_int64_t left = st.st_size;
		while (left > 0) {
			ssize_t r = read(fd, buf, sizeof buf);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				rc = kolb_err_set(err, _("%s: changed while being read"), full);
				goto out;
			}
			if (r > left)
				r = (ssize_t)left;
			if (archive_write_data(a, buf, (size_t)r) != r) {
				rc = kolb_err_set(err, "%s: %s", name, archive_error_string(a));
				goto out;
			}
			left -= r;
		}
	}
out:
	if (fd >= 0)
		close(fd);
	archive_entry_free(e);
	free(full);
	free(name);
	return rc;
}

int
packbuild_write(const char *dir, const struct kolb_strlist *files, time_t mtime,
    const char *out_path, struct kolb_err *err)
{
	char *tmp = kolb_xasprintf("%s.tmp.%ld", out_path, (long)getpid());
	struct archive *a = archive_write_new();
	int rc = 0;
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	/* No time stamp in the gzip header: the same input gives the same bytes. */
	if (archive_write_set_filter_option(a, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "gzip", "compression-level", "9") != ARCHIVE_OK) {
		rc = kolb_err_set(err, "gzip: %s", archive_error_string(a));
		goto out;
	}
	if (archive_write_open_filename(a, tmp) != ARCHIVE_OK) {
		rc = kolb_err_set(err, _("cannot write %s: %s"), out_path, archive_error_string(a));
		goto out;
	}
	for (size_t i = 0; i < files->len && rc == 0; i++)
		rc = write_entry(a, dir, files->items[i], mtime, err);
	if (archive_write_close(a) != ARCHIVE_OK && rc == 0)
		rc = kolb_err_set(err, _("cannot write %s: %s"), out_path, archive_error_string(a));
	if (rc == 0 && rename(tmp, out_path) != 0)
		rc = kolb_err_set(err, _("cannot write %s: %s"), out_path, strerror(errno));
out:
	archive_write_free(a);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
