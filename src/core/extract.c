/* Safe extraction of untrusted archives (see extract.h). */
#include "extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"
#include "fsutil.h"
#include "text.h"

#define EXTRACT_BUF (128 * 1024)

/*
 * The archive file, read through a callback that hands each block both to
 * libarchive and to a hashing thread, so that SHA-256 (libsodium's portable
 * code, about as slow as unpacking) runs on the second core while this one
 * decompresses and writes. Blocks live in a ring: a slot is reused only once
 * the hasher is done with it and libarchive has asked for the next block
 * (libarchive keeps a block only until its next read call).
 */
#define SRC_SLOTS 8

struct src {
	int fd;
	crypto_hash_sha256_state sha;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned long long produced, hashed; /* block counts */
	bool done;
	size_t len[SRC_SLOTS];
	unsigned char buf[SRC_SLOTS][EXTRACT_BUF];
};

static void *
src_hasher(void *arg)
{
	struct src *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (s->hashed == s->produced && !s->done)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->hashed == s->produced)
			break;
		size_t slot = s->hashed % SRC_SLOTS;
		pthread_mutex_unlock(&s->mu);
		crypto_hash_sha256_update(&s->sha, s->buf[slot], s->len[slot]);
		pthread_mutex_lock(&s->mu);
		s->hashed++;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* Read the next block into a free slot and queue it for hashing. */
static ssize_t
src_next(struct src *s, const void **out)
{
	pthread_mutex_lock(&s->mu);
	/* The slot is free once the hasher has passed it (the one libarchive holds is
	 * always the newest, so keeping one slot spare protects it). */
	while (s->produced - s->hashed >= SRC_SLOTS - 1)
		pthread_cond_wait(&s->cv, &s->mu);
	size_t slot = s->produced % SRC_SLOTS;
	pthread_mutex_unlock(&s->mu);
	ssize_t n;
	do
		n = read(s->fd, s->buf[slot], EXTRACT_BUF);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n;
	pthread_mutex_lock(&s->mu);
	s->len[slot] = (size_t)n;
	s->produced++;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	*out = s->buf[slot];
	return n;
}

static la_ssize_t
src_read(struct archive *a, void *data, const void **buf)
{
	ssize_t n = src_next(data, buf);
	if (n < 0)
		archive_set_error(a, errno, "%s", strerror(errno));
	return n;
}

static void
src_start(struct src *s)
{
	crypto_hash_sha256_init(&s->sha);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->produced = s->hashed = 0;
	s->done = false;
	if (pthread_create(&s->thread, NULL, src_hasher, s) != 0)
		abort(); /* only fails for want of resources, like an allocation */
}

/* Hash whatever libarchive did not read (end-of-archive padding), wait for the
 * hasher and write the digest; hex may be NULL when the result is not wanted. */
static int
src_finish(struct src *s, bool drain, char hex[65])
{
	int rc = 0;
	const void *unused;
	ssize_t n;
	while (drain && (n = src_next(s, &unused)) != 0)
		if (n < 0) {
			rc = -1;
			break;
		}
	pthread_mutex_lock(&s->mu);
	s->done = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&s->sha, h);
	if (hex != NULL)
		fs_hex(h, sizeof h, hex);
	return rc;
}

/* A small open-addressing set of entry names, to refuse duplicates. */
struct nameset {
	char **slots;
	size_t cap, len;
};

static uint64_t
name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Insert; false if already present. */
static bool
nameset_add(struct nameset *set, const char *name)
{
	if (set->len * 2 >= set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 256;
		char **nslots = kolb_xcalloc(ncap, sizeof *nslots);
		for (size_t i = 0; i < set->cap; i++) {
			if (set->slots[i] == NULL)
				continue;
			size_t j = name_hash(set->slots[i]) & (ncap - 1);
			while (nslots[j] != NULL)
				j = (j + 1) & (ncap - 1);
			nslots[j] = set->slots[i];
		}
		free(set->slots);
		set->slots = nslots;
		set->cap = ncap;
	}
	size_t j = name_hash(name) & (set->cap - 1);
	while (set->slots[j] != NULL) {
		if (strcmp(set->slots[j], name) == 0)
			return false;
		j = (j + 1) & (set->cap - 1);
	}
	set->slots[j] = kolb_xstrdup(name);
	set->len++;
	return true;
}

static void
nameset_free(struct nameset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
}

int
extract_clean_name(const char *name, char *out, size_t outsz, struct kolb_err *err)
{
	if (name == NULL || *name == '\0')
		return kolb_err_set(err, _("an entry has no name"));
	if (!text_utf8_valid(name, strlen(name)))
		return kolb_err_set(err, _("entry name is not valid UTF-8"));
	if (text_has_control(name))
		return kolb_err_set(err, _("entry \"%s\" has control characters in its name"), name);
	if (name[0] == '/')
		return kolb_err_set(err, _("entry \"%s\" has an absolute path"), name);
	if (strchr(name, '\\') != NULL)
		return kolb_err_set(err, _("entry \"%s\" has a backslash in its name"), name);
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	size_t n = strlen(name);
	while (n > 0 && name[n - 1] == '/')
		n--;
	if (n == 0)
		return kolb_err_set(err, _("an entry names the archive's top folder itself"));
	if (n >= outsz)
		return kolb_err_set(err, _("entry \"%s\" has too long a name"), name);
	memcpy(out, name, n);
	out[n] = '\0';
	for (const char *s = out; *s;) {
		size_t seg = strcspn(s, "/");
		if (seg == 2 && s[0] == '.' && s[1] == '.')
			return kolb_err_set(err, _("entry \"%s\" has a \"..\" component"), name);
		if (seg == 0 || (seg == 1 && s[0] == '.'))
			return kolb_err_set(err, _("entry \"%s\" has an empty or \".\" component"), name);
		if (seg > 255)
			return kolb_err_set(err, _("entry \"%s\" has too long a name"), name);
		s += seg;
		if (*s == '/')
			s++;
	}
	return 0;
}

/* Create every parent folder of name under dirfd (names were cleaned: no "..", no links).
 * last remembers the previous entry's folder: archives list a folder's files together,
 * so most entries need no mkdir at all. */
static int
make_parents(int dirfd, char *name, char *last, struct kolb_err *err)
{
	char *slash = strrchr(name, '/');
	size_t plen = slash ? (size_t)(slash - name) : 0;
	if (plen == 0 || (strlen(last) == plen && strncmp(last, name, plen) == 0))
		return 0;
	for (char *s = strchr(name, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		int rc = mkdirat(dirfd, name, 0755);
		int e = errno;
		*s = '/';
		if (rc != 0 && e != EEXIST)
			return kolb_err_set(err, _("entry \"%s\": cannot create its folder: %s"), name,
			    strerror(e));
	}
	if (plen < 4096) {
		memcpy(last, name, plen);
		last[plen] = '\0';
	}
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Stream one regular file's data to disk, counting against the byte budget. */
static int
extract_file(struct archive *a, int dirfd, char *name, char *last, uint64_t *total,
    uint64_t max, struct kolb_err *err)
{
	if (make_parents(dirfd, name, last, err) != 0)
		return -1;
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return kolb_err_set(err, _("entry \"%s\": cannot create it: %s"), name,
		    strerror(errno));
	const void *buf;
	size_t size;
	la_int64_t offset, pos = 0;
	int r, rc = 0;
	while ((r = archive_read_data_block(a, &buf, &size, &offset)) == ARCHIVE_OK) {
		if (offset < pos || (uint64_t)offset > max) {
			rc = kolb_err_set(err, _("entry \"%s\": corrupt data offsets"), name);
			break;
		}
		/* Holes in sparse files count too: they become real bytes on disk. */
		*total += (uint64_t)(offset - pos) + size;
		if (*total > max) {
			rc = kolb_err_set(err, _("entry \"%s\": the archive unpacks to more than %llu "
			    "bytes (a decompression bomb?)"), name, (unsigned long long)max);
			break;
		}
		if (offset != pos && lseek(fd, offset, SEEK_SET) < 0) {
			rc = kolb_err_set(err, _("entry \"%s\": %s"), name, strerror(errno));
			break;
		}
		if (write_all(fd, buf, size) != 0) {
			rc = kolb_err_set(err, _("entry \"%s\": cannot write it: %s"), name,
			    strerror(errno));
			break;
		}
		pos = offset + (la_int64_t)size;
	}
	if (rc == 0 && r != ARCHIVE_EOF)
		rc = kolb_err_set(err, _("entry \"%s\": %s"), name, archive_error_string(a));
	if (rc == 0) {
		struct stat st;
		/* A sparse file ending in a hole needs its length set. */
		if (fstat(fd, &st) == 0 && st.st_size < pos && ftruncate(fd, pos) != 0)
			rc = kolb_err_set(err, _("entry \"%s\": %s"), name, strerror(errno));
	}
	if (close(fd) != 0 && rc == 0)
		rc = kolb_err_set(err, _("entry \"%s\": cannot write it: %s"), name, strerror(errno));
	return rc;
}

/* Refuse entry types other than regular files and folders. */
static int
check_type(struct archive_entry *e, const char *name, struct kolb_err *err)
{
	if (archive_entry_hardlink(e) != NULL)
		return kolb_err_set(err, _("entry \"%s\" is a hard link"), name);
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
	case AE_IFDIR:
		return 0;
	case AE_IFLNK:
		return kolb_err_set(err, _("entry \"%s\" is a symbolic link"), name);
	case AE_IFCHR:
	case AE_IFBLK:
		return kolb_err_set(err, _("entry \"%s\" is a device"), name);
	case AE_IFIFO:
		return kolb_err_set(err, _("entry \"%s\" is a fifo"), name);
	case AE_IFSOCK:
		return kolb_err_set(err, _("entry \"%s\" is a socket"), name);
	default:
		return kolb_err_set(err, _("entry \"%s\" is not a regular file or folder"), name);
	}
}

static bool
is_zip(int fd)
{
	unsigned char m[4];
	bool zip = pread(fd, m, 4, 0) == 4 && m[0] == 'P' && m[1] == 'K' &&
	    (m[2] == 3 || m[2] == 5) && (m[3] == 4 || m[3] == 6);
	return zip;
}

int
extract_archive(const char *path, const char *dest, const struct extract_limits *lim,
    struct extract_result *res, struct kolb_err *err)
{
	size_t max_entries = lim && lim->max_entries ? lim->max_entries : EXTRACT_MAX_ENTRIES;
	uint64_t max_bytes = lim && lim->max_bytes ? lim->max_bytes : EXTRACT_MAX_BYTES;
	memset(res, 0, sizeof *res);

	struct src *s = kolb_xmalloc(sizeof *s);
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0) {
		kolb_err_set(err, "%s: %s", path, strerror(errno));
		free(s);
		return -1;
	}
	struct stat st;
	if (fstat(s->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		kolb_err_set(err, _("%s: not a regular file"), path);
		close(s->fd);
		free(s);
		return -1;
	}
	int dirfd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		kolb_err_set(err, "%s: %s", dest, strerror(errno));
		close(s->fd);
		free(s);
		return -1;
	}
	struct archive *a = archive_read_new();
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	int r;
	bool zip = is_zip(s->fd);
	if (zip) {
		/* A zip is read through its central directory, which needs seeking; its
		 * hash is taken in a separate pass. */
		archive_read_support_format_zip_seekable(a);
		struct kolb_err e;
		if (fs_sha256_file(path, res->sha256, &e) != 0) {
			archive_read_free(a);
			close(dirfd);
			close(s->fd);
			free(s);
			return kolb_err_set(err, "%s", e.msg);
		}
		r = archive_read_open_filename(a, path, EXTRACT_BUF);
	} else {
		src_start(s);
		r = archive_read_open(a, s, NULL, src_read, NULL);
	}
	int rc = 0;
	if (r != ARCHIVE_OK) {
		rc = kolb_err_set(err, _("%s is not an archive kolb can read: %s"), path,
		    archive_error_string(a));
		if (!zip)
			src_finish(s, false, NULL);
		goto out;
	}

	struct nameset names = {0};
	struct archive_entry *e;
	char name[4096], last[4096] = "";
	uint64_t total = 0;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		if (++res->entries > max_entries) {
			rc = kolb_err_set(err, _("the archive has more than %zu entries"), max_entries);
			break;
		}
		/* The raw bytes as stored (pax names are UTF-8 whatever the locale); checked
		 * for UTF-8 validity by extract_clean_name. */
		const char *raw = archive_entry_pathname(e);
		if (raw == NULL)
			raw = archive_entry_pathname_utf8(e);
		if (extract_clean_name(raw, name, sizeof name, err) != 0 ||
		    check_type(e, name, err) != 0) {
			rc = -1;
			break;
		}
		if (!nameset_add(&names, name)) {
			rc = kolb_err_set(err, _("entry \"%s\" appears twice"), name);
			break;
		}
		if (archive_entry_size_is_set(e) && archive_entry_filetype(e) == AE_IFREG &&
		    archive_entry_size(e) > 0 &&
		    (uint64_t)archive_entry_size(e) > max_bytes - total) {
			rc = kolb_err_set(err, _("entry \"%s\": the archive unpacks to more than %llu "
			    "bytes (a decompression bomb?)"), name, (unsigned long long)max_bytes);
			break;
		}
		if (archive_entry_filetype(e) == AE_IFDIR) {
			if (make_parents(dirfd, name, last, err) != 0) {
				rc = -1;
				break;
			}
			if (mkdirat(dirfd, name, 0755) != 0 && errno != EEXIST) {
				rc = kolb_err_set(err, _("entry \"%s\": cannot create it: %s"), name,
				    strerror(errno));
				break;
			}
		} else if (extract_file(a, dirfd, name, last, &total, max_bytes, err) != 0) {
			rc = -1;
			break;
		}
		if (fault_hit("extract.entry")) {
			rc = kolb_err_set(err, _("entry \"%s\": injected fault"), name);
			break;
		}
	}
	if (rc == 0 && r != ARCHIVE_EOF)
		rc = kolb_err_set(err, _("%s is damaged or not an archive: %s"), path,
		    archive_error_string(a));
	if (rc == 0 && res->entries == 0)
		rc = kolb_err_set(err, _("%s is empty"), path);
	res->bytes = total;
	nameset_free(&names);
	if (!zip && src_finish(s, rc == 0, rc == 0 ? res->sha256 : NULL) != 0 && rc == 0)
		rc = kolb_err_set(err, "%s: %s", path, strerror(errno));
out:
	archive_read_free(a);
	close(dirfd);
	close(s->fd);
	free(s);
	return rc;
}
