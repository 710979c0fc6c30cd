/*
 * Entries: what participants said and planned, and the facilitator's notes.
 *
 * An entry is identified by its key (participant or none, kind, prompt id,
 * group name). While the session is open, saving replaces the text of the
 * current version in place (each save audited); once the session is closed,
 * a save is a correction and becomes a new version that supersedes the old,
 * with its own time: nothing written after closing overwrites anything.
 */
#ifndef KOLB_ENTRY_H
#define KOLB_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"

enum entry_kind {
	ENTRY_REFLECTION,
	ENTRY_ACTION_PLAN,
	ENTRY_NOTE,
};

const char *entry_kind_name(enum entry_kind k); /* "reflection", "action_plan", "note" */
bool entry_kind_parse(const char *s, enum entry_kind *out);

struct entry_key {
	long long session_id;
	long long participant_id; /* 0: none (a group's words, or a note) */
	enum entry_kind kind;
	const char *prompt_id;    /* reflection/application prompt id, or activity id for notes */
	const char *group_name;   /* "" unless a group answered */
};

struct entry {
	long long id, session_id, participant_id;
	enum entry_kind kind;
	char *prompt_id, *group_name, *body;
	char *follow_up; /* YYYY-MM-DD or "" (action plans) */
	int version;
	long long supersedes; /* 0 for the first version */
	char *created_at;
	long long elapsed_ms;
};

/* Save body (and follow_up, may be NULL) under key; see the header comment for
 * open vs closed sessions. An unchanged text writes nothing. *changed (may be
 * NULL) tells whether anything was written. */
int entry_save(struct db *db, const struct entry_key *key, const char *body,
    const char *follow_up, long long elapsed_ms, bool *changed, struct kolb_err *err);

/* The current (newest) version under key: 1 found, 0 none, -1 error. Caller
 * entry_clear()s. */
int entry_current(struct db *db, const struct entry_key *key, struct entry *out,
    struct kolb_err *err);

/* Current versions of a session's entries, optionally only one kind (kind < 0: all)
 * and one participant (participant_id < 0: all). Ordered by prompt, then
 * participant. Caller frees with entry_free_list. */
int entry_list(struct db *db, long long session_id, int kind, long long participant_id,
    struct entry **out, size_t *n, struct kolb_err *err);

/* Every version, oldest first, of the entry whose current version is id. */
int entry_history(struct db *db, long long id, struct entry **out, size_t *n,
    struct kolb_err *err);

void entry_clear(struct entry *e);
void entry_free_list(struct entry *list, size_t n);

#endif
