/*
 * Session archives (docs/archive-format.md): one workshop written as a
 * reproducible tar.gz for the office. session.json (everything, every version
 * of every entry, the audit trail), CSV files for spreadsheets, the signed
 * credentials, SHA256SUMS and, when the data folder has an issuer key, its
 * Ed25519 signature. Optionally redacted (redact.h) and encrypted for the
 * office (age.h).
 *
 * Exporting only reads the database, in one read transaction, so it works while
 * the session is open in the TUI. The same data gives the same bytes: nothing in
 * the archive depends on the time or place of the export.
 */
#ifndef KOLB_EXPORT_H
#define KOLB_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"

/* The archive format this kolb writes (session.json "format"). */
#define EXPORT_FORMAT 1

struct export_opts {
	bool redact;            /* pseudonyms for names; contacts masked; no credential documents */
	const char *encrypt_to; /* an age X25519 recipient "age1...", or NULL */
};

/* One file inside the archive. */
struct export_file {
	char *name;             /* e.g. "session.json", "credentials/UUID.json" */
	unsigned long long bytes;
	char sha256[65];
};

/* What an export wrote, for the caller to show. */
struct export_report {
	char session_uid[64];
	char title[256];                /* as in the archive (redacted when redacting) */
	struct export_file *files;      /* sorted by name, SHA256SUMS* included */
	size_t nfiles;
	unsigned long long archive_bytes; /* of out_path */
	int participants, entries, credentials, audit;
	bool signed_archive;
	char issuer_did[128], issuer_name[256];
	bool redacted, encrypted;
};

/* Write session_id's archive to out_path (atomically, mode 0600). The files are built
 * in memory (the same bytes packbuild_write would make of them in a folder); only an
 * archive to encrypt goes through a private folder under DATA/tmp, removed whatever
 * happens. */
int export_session(struct db *db, const char *datadir, long long session_id,
    const struct export_opts *o, const char *out_path, struct kolb_err *err);

/* The same, filling rep (may be NULL; clear it with export_report_clear). */
int export_session_report(struct db *db, const char *datadir, long long session_id,
    const struct export_opts *o, const char *out_path, struct export_report *rep,
    struct kolb_err *err);

/* Free the report's file list; the struct is left empty. */
void export_report_clear(struct export_report *rep);

/* A CSV text being built (UTF-8, CRLF line ends). */
struct export_csv {
	char *p; /* NUL-terminated; caller frees */
	size_t len, cap;
};

/* Append one field (RFC 4180: quoted when it holds a comma, a quote, CR or LF, quotes
 * doubled), preceded by a comma unless it is the first of its row. */
void export_csv_field(struct export_csv *c, const char *s, bool first);

/* End the row with CRLF. */
void export_csv_end(struct export_csv *c);

#endif
