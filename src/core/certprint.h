/*
 * Printable completion certificates and the class list, as PDF (cairo's PDF
 * surface, text shaped by Pango with Noto Serif and Noto Sans so that Vietnamese
 * diacritics come out right).
 *
 * A certificate is one page per issued, unrevoked record, in the session's
 * language (not the interface's): the organisation (and its logo), the learner's
 * name from the participant row, the credential's title and description as signed,
 * the pack's learning outcomes and workload, place and dates, facilitators, the
 * issue date, the record number, room for two signatures and a stamp, and a QR code
 * holding the whole signed record in its compact form (compact.h) at error
 * correction M, so that `zbarimg --raw page.png | kolb verify -` checks the paper
 * with no network and no database. The class list is one A4 page (more only when
 * the participants do not fit) with every participant, attendance per day, and
 * their status: completed (the number of the unrevoked record, and the one it replaces
 * when it was issued again after a revocation), not yet (what is missing), revoked
 * (when every record of the participant is).
 *
 * A PDF is written to a temporary file in the target's folder, synced and renamed
 * over the target, so the target is never a half-written PDF; on any failure the
 * temporary file is removed. Files are mode 0600: they carry minors' names.
 */
#ifndef KOLB_CERTPRINT_H
#define KOLB_CERTPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"

enum certprint_size {
	CERTPRINT_A4,
	CERTPRINT_A5,
};

struct certprint_opts {
	const char *output;        /* the PDF to write; its folder must exist */
	enum certprint_size size;  /* paper of the certificates (the class list is A4) */
	long long participant_id;  /* > 0: only this participant's certificate */
};

struct certprint_result {
	size_t pages;          /* pages in the PDF */
	size_t printed;        /* certificates printed */
	size_t revoked;        /* participants left out because all their records are
	                        * revoked (one who was issued a new record is printed) */
	size_t name_changed;   /* left out: the participant's name was changed after the
	                        * record was issued, so the paper would not match its QR */
	long long renamed_participant; /* the first of those (0: none), to name in a hint */
	size_t without_record; /* participants without a record (not on a certificate) */
	int qr_version;        /* the largest QR version used (1..40); 0 for a class list */
	bool logo_unreadable;  /* DATA/issuer-logo.png exists but could not be read: no logo */
};

/* Width and height of a paper size in PostScript points (1/72 inch), portrait. */
void certprint_paper(enum certprint_size size, double *width, double *height);

/* Parse "A4" or "A5" (either case). False for anything else. */
bool certprint_parse_size(const char *s, enum certprint_size *out);

/* The record number printed large on a certificate: the first 8 hex digits of the
 * record's uuid (urn:uuid:... or a bare uuid) in upper case, into out[9]. "" when
 * uid does not start with 8 hex digits. */
void certprint_record_number(const char *uid, char out[9]);

/* The smallest QR version (1..40) holding text at error correction M, into *version.
 * -1 with err set when it does not fit in version 40 (nothing is lowered). */
int certprint_qr_version(const char *text, int *version, struct kolb_err *err);

/* Print the certificates of a session to o->output: each participant's unrevoked
 * record. Refused (-1, nothing written) when the session does not exist, has no
 * record to print (none issued, all revoked, or none for o->participant_id; a record
 * whose participant was renamed after it was issued is left out and counted, since
 * `kolb verify --name` with the printed name would refuse it: the message says to
 * revoke it and issue it again), when a record is too large for a QR code, or when
 * the file cannot be written. res may be NULL. */
int certprint_session(struct db *db, const char *datadir, long long session_id,
    const struct certprint_opts *o, struct certprint_result *res, struct kolb_err *err);

/* Print the class list of a session to o->output (A4; o->size and o->participant_id
 * are ignored). Works for a session without records too. res may be NULL. */
int certprint_class_list(struct db *db, const char *datadir, long long session_id,
    const struct certprint_opts *o, struct certprint_result *res, struct kolb_err *err);

/* Give back what cairo and fontconfig keep for the whole process (font caches, the
 * font configuration), so that leak checkers report none. Only when no PDF is being
 * written and nothing else holds cairo, Pango or fontconfig objects (kolb prints,
 * then calls this); the next print loads them again. */
void certprint_release(void);

/* Where the TUI and the CLI print by default: DATA/print/session-ID-KIND.pdf, KIND
 * "certificates" or "class-list"; creates DATA/print (0700). *out: caller frees. */
int certprint_default_path(const char *datadir, long long session_id, const char *kind,
    char **out, struct kolb_err *err);

#endif
