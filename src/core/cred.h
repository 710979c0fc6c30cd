/*
 * Completion records: Open Badges 3.0 OpenBadgeCredentials (W3C VC 2.0) for the
 * participants who met a pack's completion rules, signed with an embedded
 * eddsa-jcs-2022 Data Integrity proof by the issuer's did:key, stored in the
 * credentials table; their verification; and revocation.
 *
 * A record names the learner by name only when the participant agreed to share
 * it and is not a minor; otherwise it carries only a salted SHA-256 identity
 * hash, so it proves nothing to someone who does not already know the name.
 * docs/credentials.md maps each EU micro-credential element to its field.
 */
#ifndef KOLB_CRED_H
#define KOLB_CRED_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <jansson.h>
#include "db.h"
#include "issuer.h"
#include "kolb.h"

/*
 * The clock check before signing. kolb never signs with a clock it has reason to
 * doubt: the computer's time must not be earlier than the newest time it knows
 * (any date in its database, the pack's release date), and the facilitator must
 * confirm today's date (confirmed, YYYY-MM-DD) which must equal the clock's.
 * *newest receives the newest known time (for messages). Returns 0 if signing may go on.
 */
int cred_check_clock(struct db *db, time_t now, const char *confirmed, time_t *newest,
    struct kolb_err *err);

struct cred_issued {
	long long participant_id;
	char *name;      /* participant's name (for display; owned) */
	char *uid;       /* urn:uuid:... of the record (owned) */
	char *document;  /* the signed JSON, as stored (owned) */
	bool new_record; /* issued now, not found already */
};

struct cred_refused {
	long long participant_id;
	char *name;
	bool revoked;                /* her record was revoked (not replaced: see --replace) */
	struct kolb_strlist missing; /* what the completion rules lack */
};

struct cred_batch {
	struct cred_issued *issued;
	size_t nissued;
	struct cred_refused *refused;
	size_t nrefused;
};

/* Issue a record to every participant of the session who completed it; none for the
 * others (listed with what is missing). Idempotent: a participant who already has an
 * unrevoked record keeps it, byte for byte, whatever changed since. A revocation is
 * not undone by issuing again: a participant whose records are all revoked is listed
 * as not issued ("revoked"), unless her id is among replace[0..nreplace): then, if the
 * rules are met, a new record is signed (a new uid, now, with her current name, e.g.
 * after a name was corrected); the revoked ones stay revoked. The clock must have been
 * checked (cred_check_clock) by the caller; now is the time written as validFrom. is
 * must hold the key. */
int cred_issue_session(struct db *db, const char *datadir, long long session_id,
    const struct issuer *is, time_t now, const long long *replace, size_t nreplace,
    struct cred_batch *out, struct kolb_err *err);
void cred_batch_free(struct cred_batch *b);

/* Build the unsigned credential (for tests and for cred_issue_session). salt may be
 * NULL when the name is shown. Caller json_decref()s. */
json_t *cred_build(const char *uid, const struct issuer *is, const char *session_title,
    const char *province, const char *commune, const char *start_date, int days,
    const char *learner_name, bool show_name, const char *salt, const char *lang,
    const char *cred_name, const char *cred_description, const char *criteria,
    const char *const *outcomes, size_t noutcomes, double workload_hours,
    const char *prerequisites, time_t issued);

enum cred_verdict {
	CRED_VALID_TRUSTED,
	CRED_VALID_UNKNOWN_ISSUER,
	CRED_REVOKED,
	CRED_INVALID,
};

struct cred_check {
	enum cred_verdict verdict;
	char reason[512];    /* why invalid or revoked */
	char issuer_did[128];
	char issuer_name[256];
	char learner[256];   /* the name, or "(identified by a hash)" */
	char title[256];
};

/* Check one document's structure, proof, issuer trust and the local revocation list
 * (db may be NULL: no trust list, no revocations). Never fails on hostile input: the
 * verdict says invalid, with the reason. */
void cred_verify(struct db *db, const char *json, size_t len, struct cred_check *out);

/* Whether name is the learner of the record json (len bytes, read as cred_verify reads
 * it; the proof is NOT checked here: call cred_verify too). The record must identify its
 * learner by exactly one IdentityObject of identityType "name". Names are normalised
 * only by trimming ASCII white space and collapsing its runs to one space, never by
 * Unicode normalisation, so accents must be typed in the same form as the record's.
 * A hashed identity ("sha256$" + hex(SHA-256(name + salt))) is recomputed with the
 * record's salt from the normalised name and, if that differs, the name exactly as
 * given (names are stored as typed), and compared in constant time; a named one is
 * compared after normalising both sides. 1 match, 0 no match, -1 with err set when the
 * record is unreadable or has no such identity, or name is empty or not UTF-8. */
int cred_match_name(const char *json, size_t len, const char *name, struct kolb_err *err);

/* Mark a participant's current (unrevoked) record revoked with a reason. Refused when
 * the participant has no record in the session, or only revoked ones ("already revoked
 * on ..."). A revoked record can be replaced by issuing again (cred_issue_session). */
int cred_revoke(struct db *db, long long session_id, long long participant_id,
    const char *reason, struct kolb_err *err);

#endif
