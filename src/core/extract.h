/*
 * Safe extraction of untrusted archives (content packs, session archives)
 * from USB sticks, with libarchive. Only extract.c and packbuild.c include
 * <archive.h>.
 *
 * Every entry is checked before anything of it is written: names must be
 * relative, valid UTF-8 without control characters or `..`; only regular files
 * and folders are accepted (no links, devices, fifos, sockets); no path may
 * appear twice; the entry count and the decompressed byte count are limited
 * while streaming, so a decompression bomb is stopped at the limit. Files are
 * written with O_EXCL|O_NOFOLLOW and fixed modes (0644 files, 0755 folders).
 * The SHA-256 of the archive's bytes is computed in the same pass.
 */
#ifndef KOLB_EXTRACT_H
#define KOLB_EXTRACT_H

#include <stddef.h>
#include <stdint.h>
#include "kolb.h"

#define EXTRACT_MAX_ENTRIES 10000
#define EXTRACT_MAX_BYTES (512ull * 1024 * 1024)

struct extract_limits {
	size_t max_entries; /* 0 means EXTRACT_MAX_ENTRIES */
	uint64_t max_bytes; /* 0 means EXTRACT_MAX_BYTES */
};

struct extract_result {
	char sha256[65];  /* of the archive file */
	size_t entries;
	uint64_t bytes;   /* decompressed file bytes written */
};

/* Extract archive into dest, an existing empty folder. On failure dest may hold a
 * partial tree; the caller removes it (it is always a private staging folder). */
int extract_archive(const char *archive, const char *dest, const struct extract_limits *lim,
    struct extract_result *res, struct kolb_err *err);

/* Check one archive entry name and normalise it (strip "./" prefixes and a trailing
 * "/"). Returns 0 and writes the clean name into out (size outsz), or -1 with err. */
int extract_clean_name(const char *name, char *out, size_t outsz, struct kolb_err *err);

#endif
