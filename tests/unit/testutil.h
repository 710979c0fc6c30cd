/*
 * Helpers shared by the unit tests: temporary folders, files, copies of the
 * sample pack, and archives (including hostile ones) built with libarchive's
 * writer. Header-only; each test program includes it once.
 */
#ifndef KOLB_TESTUTIL_H
#define KOLB_TESTUTIL_H

#include <archive.h>
#include <archive_entry.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <locale.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "kolb.h"

#define SAMPLE_PACK "content-packs/sample-handwashing"

/* A new empty folder under $TMPDIR. Caller frees. */
static inline char *
tu_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char *p = kolb_xasprintf("%s/kolb-unit-XXXXXX", t && *t ? t : "/tmp");
	assert_non_null(mkdtemp(p));
	return p;
}

static inline int
tu_rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static inline void
tu_rmrf(const char *path)
{
	nftw(path, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void
tu_write(const char *path, const char *content)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

/* Copy the sample pack folder to dest (which must not exist). */
static inline void
tu_copy_sample(const char *dest)
{
	char *cmd = kolb_xasprintf("cp -r '%s' '%s'", SAMPLE_PACK, dest);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Replace the first occurrence of from with to in a file. */
static inline void
tu_replace(const char *path, const char *from, const char *to)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = kolb_xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	char *at = strstr(buf, from);
	assert_non_null(at);
	f = fopen(path, "wb");
	fwrite(buf, 1, (size_t)(at - buf), f);
	fputs(to, f);
	fputs(at + strlen(from), f);
	fclose(f);
	free(buf);
}

/* True if any problem contains needle. */
static inline int
tu_has(const struct kolb_strlist *l, const char *needle)
{
	for (size_t i = 0; i < l->len; i++)
		if (strstr(l->items[i], needle) != NULL)
			return 1;
	return 0;
}

static inline void
tu_print(const struct kolb_strlist *l)
{
	for (size_t i = 0; i < l->len; i++)
		print_message("  problem: %s\n", l->items[i]);
}

/* One entry of an archive a test builds. */
struct tu_entry {
	const char *name;
	unsigned type;     /* AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFCHR, AE_IFIFO ... */
	const char *data;  /* regular files; NULL = empty */
	const char *link;  /* symlink target, or hardlink target when hardlink != 0 */
	int hardlink;
	uint64_t zeros;    /* instead of data: this many zero bytes */
};

/* Write an archive. kind: "tar", "tar.gz", "tar.xz", "tar.zst", "zip". */
static inline void
tu_archive(const char *path, const char *kind, const struct tu_entry *e, size_t n)
{
	struct archive *a = archive_write_new();
	if (strcmp(kind, "zip") == 0) {
		archive_write_set_format_zip(a);
	} else {
		archive_write_set_format_pax_restricted(a);
		if (strcmp(kind, "tar.gz") == 0)
			archive_write_add_filter_gzip(a);
		else if (strcmp(kind, "tar.xz") == 0)
			archive_write_add_filter_xz(a);
		else if (strcmp(kind, "tar.zst") == 0)
			archive_write_add_filter_zstd(a);
	}
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	static char zeros[65536];
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		archive_entry_copy_pathname(ae, e[i].name);
		unsigned type = e[i].type ? e[i].type : AE_IFREG;
		archive_entry_set_filetype(ae, type);
		archive_entry_set_perm(ae, type == AE_IFDIR ? 0755 : 0644);
		archive_entry_set_mtime(ae, 1700000000, 0);
		if (e[i].hardlink)
			archive_entry_copy_hardlink(ae, e[i].link);
		else if (e[i].link)
			archive_entry_copy_symlink(ae, e[i].link);
		uint64_t size = 0;
		if (type == AE_IFREG && !e[i].hardlink)
			size = e[i].zeros ? e[i].zeros : (e[i].data ? strlen(e[i].data) : 0);
		archive_entry_set_size(ae, (la_int64_t)size);
		if (type == AE_IFCHR)
			archive_entry_set_rdev(ae, 0x0101);
		/* WARN: a name that is not valid in the locale, written as it is. */
		assert_true(archive_write_header(a, ae) >= ARCHIVE_WARN);
		if (e[i].zeros) {
			for (uint64_t left = e[i].zeros; left > 0;) {
				size_t k = left > sizeof zeros ? sizeof zeros : (size_t)left;
				assert_int_equal(archive_write_data(a, zeros, k), (la_ssize_t)k);
				left -= k;
			}
		} else if (size > 0) {
			archive_write_data(a, e[i].data, size);
		}
		archive_entry_free(ae);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

/* Bytes in regular files under dir. */
static uint64_t tu_du_total;
static inline int
tu_du_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)p;
	(void)ftw;
	if (flag == FTW_F && S_ISREG(st->st_mode))
		tu_du_total += (uint64_t)st->st_size;
	return 0;
}

static inline uint64_t
tu_du(const char *dir)
{
	tu_du_total = 0;
	nftw(dir, tu_du_one, 16, FTW_PHYS);
	return tu_du_total;
}

/* Number of entries in a folder (0 if it does not exist). */
static inline int
tu_count(const char *dir)
{
	char *cmd = kolb_xasprintf("ls -A '%s' 2>/dev/null | wc -l", dir);
	FILE *p = popen(cmd, "r");
	int n = 0;
	if (fscanf(p, "%d", &n) != 1)
		n = -1;
	pclose(p);
	free(cmd);
	return n;
}

#endif
