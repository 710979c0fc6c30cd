/*
 * Writing reproducible archives: a folder's files, sorted by name, with fixed
 * owners (0:0), modes (0644/0755) and modification times, as a gzip-compressed
 * POSIX tar. The same folder and time give the same bytes. Used by
 * `kolb pack build`; session export uses the same writer.
 */
#ifndef KOLB_PACKBUILD_H
#define KOLB_PACKBUILD_H

#include <stdint.h>
#include <time.h>
#include "kolb.h"

/* List dir's regular files and folders recursively, skipping names that begin with
 * '.', as sorted relative paths (folders end with '/'). Symbolic links and other
 * special files are an error. Caller clears *out. */
int packbuild_scan(const char *dir, struct kolb_strlist *out, uint64_t *bytes,
    struct kolb_err *err);

/* Write the files of dir listed in files (from packbuild_scan) to out_path as
 * .tar.gz, every mtime set to mtime. Written to a temporary file and renamed. */
int packbuild_write(const char *dir, const struct kolb_strlist *files, time_t mtime,
    const char *out_path, struct kolb_err *err);

#endif
