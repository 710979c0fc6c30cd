/*
 * Participants of a session and their attendance.
 *
 * Every change is audited. A participant under 16 is a minor: their consent is
 * their guardian's (consent_by names the guardian). share_name says whether
 * the completion record may carry the name (else only a salted hash).
 */
#ifndef KOLB_PARTICIPANT_H
#define KOLB_PARTICIPANT_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"

/* Allowed values (database spelling); "" is allowed for gender/age_group/role. */
extern const char *const participant_genders[];    /* female, male, other, NULL */
extern const char *const participant_age_groups[]; /* child, youth, adult, elder, NULL */
extern const char *const participant_roles[];      /* student, caregiver, parent, teacher,
                                                      official, other, NULL */
extern const char *const participant_consents[];   /* unknown, given, refused, NULL */

/* Translated label of one of the values above ("" -> "—"). */
const char *participant_label(const char *value);

struct participant {
	long long id, session_id;
	char *uid;
	char *name, *gender, *age_group, *ethnicity, *role;
	bool is_minor;
	char *consent;    /* unknown | given | refused */
	char *consent_by; /* "self" or the guardian's name */
	bool share_name;
};

/* The fields a facilitator types; NULL leaves a field as it is on update and
 * empty ("" / false) on add. */
struct participant_fields {
	const char *name, *gender, *age_group, *ethnicity, *role, *consent, *consent_by;
	int is_minor;   /* -1 unchanged, 0, 1 */
	int share_name; /* -1 unchanged, 0, 1 */
};
#define PARTICIPANT_FIELDS_UNCHANGED {.is_minor = -1, .share_name = -1}

/* Check the fields (name required on add, values from the lists). */
int participant_check(const struct participant_fields *f, bool adding, struct kolb_err *err);

int participant_add(struct db *db, long long session_id, const struct participant_fields *f,
    long long elapsed_ms, long long *id, struct kolb_err *err);
int participant_update(struct db *db, long long id, const struct participant_fields *f,
    long long elapsed_ms, struct kolb_err *err);
int participant_get(struct db *db, long long id, struct participant *out, struct kolb_err *err);
/* In the order they were added. Caller frees with participant_free_list. */
int participant_list(struct db *db, long long session_id, struct participant **out, size_t *n,
    struct kolb_err *err);
void participant_clear(struct participant *p);
void participant_free_list(struct participant *list, size_t n);

/* Attendance for day 1..days. */
int attendance_set(struct db *db, long long participant_id, int day, bool present,
    long long elapsed_ms, struct kolb_err *err);
/* 1 present, 0 absent or not recorded. */
int attendance_get(struct db *db, long long participant_id, int day);
/* Days marked present. */
int attendance_days(struct db *db, long long participant_id);

#endif
