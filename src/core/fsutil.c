/* File-system helpers and the data-folder location rules. */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
fs_mkdir_p(const char *path, unsigned mode, struct kolb_err *err)
{
	char *p = kolb_xstrdup(path);
	int rc = 0;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			rc = kolb_err_set(err, _("cannot create folder %s: %s"), p, strerror(errno));
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (rc == 0) {
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			rc = kolb_err_set(err, _("%s is not a folder"), path);
	}
	free(p);
	return rc;
}

static int
fs_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

int
fs_rm_rf(const char *path, struct kolb_err *err)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : kolb_err_set(err, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) != 0)
			return kolb_err_set(err, _("cannot remove %s: %s"), path, strerror(errno));
		return 0;
	}
	if (nftw(path, fs_rm_one, 32, FTW_DEPTH | FTW_PHYS) != 0)
		return kolb_err_set(err, _("cannot remove %s: %s"), path, strerror(errno));
	return 0;
}

int
fs_read_file(const char *path, size_t max, char **out, size_t *len, struct kolb_err *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return kolb_err_set(err, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return kolb_err_set(err, _("%s: not a regular file"), path);
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return kolb_err_set(err, _("%s: larger than %zu bytes"), path, max);
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = kolb_xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max + 1) {
				free(buf);
				close(fd);
				return kolb_err_set(err, _("%s: larger than %zu bytes"), path, max);
			}
			cap *= 2;
			buf = kolb_xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			close(fd);
			return kolb_err_set(err, "%s: %s", path, strerror(errno));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		free(buf);
		return kolb_err_set(err, _("%s: larger than %zu bytes"), path, max);
	}
	buf[n] = '\0';
	*out = buf;
	if (len != NULL)
		*len = n;
	return 0;
}

int
fs_fsync_dir(const char *path, struct kolb_err *err)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return kolb_err_set(err, "%s: %s", path, strerror(errno));
	int rc = fsync(fd);
	close(fd);
	if (rc != 0)
		return kolb_err_set(err, "%s: %s", path, strerror(errno));
	return 0;
}

int
fs_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
    struct kolb_err *err)
{
	char *tmp = kolb_xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0) {
		kolb_err_set(err, _("cannot write %s: %s"), path, strerror(errno));
		free(tmp);
		return -1;
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	char *dir = kolb_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		fs_fsync_dir(slash == dir ? "/" : dir, NULL);
	}
	free(dir);
	return 0;
fail:
	kolb_err_set(err, _("cannot write %s: %s"), path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

void
fs_hex(const unsigned char *bin, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bin[i] >> 4];
		out[2 * i + 1] = digits[bin[i] & 15];
	}
	out[2 * len] = '\0';
}

int
fs_sha256_file(const char *path, char hex[65], struct kolb_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kolb_err_set(err, "%s: %s", path, strerror(errno));
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	unsigned char buf[65536];
	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return kolb_err_set(err, "%s: %s", path, strerror(errno));
		}
		if (r == 0)
			break;
		crypto_hash_sha256_update(&st, buf, (unsigned long long)r);
	}
	close(fd);
	unsigned char out[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, out);
	fs_hex(out, sizeof out, hex);
	return 0;
}

int
fs_data_dir(const char *flag, char **out, struct kolb_err *err)
{
	char *dir;
	const char *env;
	if (flag != NULL && *flag != '\0')
		dir = kolb_xstrdup(flag);
	else if ((env = getenv("KOLB_HOME")) != NULL && *env != '\0')
		dir = kolb_xstrdup(env);
	else if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/')
		dir = kolb_xasprintf("%s/kolb", env);
	else if ((env = getenv("HOME")) != NULL && *env != '\0')
		dir = kolb_xasprintf("%s/.local/share/kolb", env);
	else
		return kolb_err_set(err, _("no data folder: set --data-dir, KOLB_HOME or HOME"));
	struct stat st;
	if (stat(dir, &st) != 0) {
		/* Parents get the usual 0755; the data folder itself is private. */
		char *parent = kolb_xstrdup(dir);
		char *slash = strrchr(parent, '/');
		if (slash != NULL && slash != parent) {
			*slash = '\0';
			if (fs_mkdir_p(parent, 0755, err) != 0) {
				free(parent);
				free(dir);
				return -1;
			}
		}
		free(parent);
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			kolb_err_set(err, _("cannot create data folder %s: %s"), dir, strerror(errno));
			free(dir);
			return -1;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		kolb_err_set(err, _("data folder %s is not a folder"), dir);
		free(dir);
		return -1;
	}
	*out = dir;
	return 0;
}
