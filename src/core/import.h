/*
 * Importing session archives at the office (docs/archive-format.md): decrypt
 * (age), unpack with the same hostile-input checks as a pack install, verify
 * SHA256SUMS and the issuer's signature, then merge the session into the
 * database in one transaction. Importing the same archive twice changes
 * nothing; a newer export of the same session updates it and says what
 * changed; any failure refuses the archive whole.
 */
#ifndef KOLB_IMPORT_H
#define KOLB_IMPORT_H

#include <stdbool.h>
#include "db.h"
#include "kolb.h"

struct import_report {
	long long session_id;       /* in this database */
	char uid[64];
	char title[256];
	bool created;               /* the session was new here */
	bool redacted;
	bool signed_archive;        /* SHA256SUMS.sig present and valid */
	bool trusted;               /* ... by an issuer in the trust list */
	char issuer_did[128];
	char issuer_name[256];
	/* What the merge added or changed. */
	int session_fields, participants_added, participants_changed, attendance,
	    activities, entries_added, entries_changed, assessments, credentials, audit;
};

/* True when the report shows no change at all. */
bool import_unchanged(const struct import_report *r);

/* Import one archive file. identity_file (may be NULL) decrypts an age-encrypted
 * archive. */
int import_archive(struct db *db, const char *datadir, const char *path,
    const char *identity_file, struct import_report *rep, struct kolb_err *err);

#endif
