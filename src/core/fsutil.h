/*
 * File-system helpers: folders, recursive removal, whole-file reads, SHA-256
 * of a file (libsodium), and the data-folder location rules.
 */
#ifndef KOLB_FSUTIL_H
#define KOLB_FSUTIL_H

#include <stddef.h>
#include "kolb.h"

/* mkdir -p with the given mode for every folder it creates. */
int fs_mkdir_p(const char *path, unsigned mode, struct kolb_err *err);

/* Remove a file or a folder tree without following symbolic links. Missing is fine. */
int fs_rm_rf(const char *path, struct kolb_err *err);

/* Read a regular file (not a symlink) of at most max bytes into a NUL-terminated
 * buffer. Caller frees *out. */
int fs_read_file(const char *path, size_t max, char **out, size_t *len, struct kolb_err *err);

/* Write a file atomically: temp file in the same folder, fsync, rename. */
int fs_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
    struct kolb_err *err);

/* fsync a folder so that renames inside it are durable. */
int fs_fsync_dir(const char *path, struct kolb_err *err);

/* Lower-case hex SHA-256 of a file's bytes into hex[65]. */
int fs_sha256_file(const char *path, char hex[65], struct kolb_err *err);

/* Lower-case hex of a binary buffer into out (2*len+1 bytes). */
void fs_hex(const unsigned char *bin, size_t len, char *out);

/* Resolve the data folder: --data-dir flag, else $KOLB_HOME, else $XDG_DATA_HOME/kolb,
 * else ~/.local/share/kolb. Creates it 0700 if missing. Caller frees *out. */
int fs_data_dir(const char *flag, char **out, struct kolb_err *err);

#endif
