/*
 * Sessions (workshops): rows of the sessions table and the phase state machine.
 *
 * A session runs one pack version in one language over 1-3 days and moves
 * through Kolb's cycle: setup (roster) -> experience -> reflection ->
 * application -> assessment -> closed. Any phase before closed may be revisited
 * (a facilitator goes back to add a late reflection); closed is final and
 * reached only through session_close(), which locks the entries.
 */
#ifndef KOLB_SESSION_H
#define KOLB_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"

enum session_phase {
	PHASE_SETUP,
	PHASE_EXPERIENCE,
	PHASE_REFLECTION,
	PHASE_APPLICATION,
	PHASE_ASSESSMENT,
	PHASE_CLOSED,
};
#define PHASE_COUNT 6

/* Database name ("setup", ...). */
const char *session_phase_name(enum session_phase p);
/* Translated label for people ("Experience", ...). */
const char *session_phase_label(enum session_phase p);
/* Parse a database name; false if unknown. */
bool session_phase_parse(const char *s, enum session_phase *out);
/* Whether a session may move from one phase to another with session_set_phase. */
bool session_phase_allowed(enum session_phase from, enum session_phase to);

struct session {
	long long id;
	char *uid;          /* random 128-bit hex, stable across export/import */
	char *pack_id, *pack_version, *pack_sha256;
	char *language;
	char *title, *province, *commune, *village;
	char *start_date;   /* YYYY-MM-DD */
	int days;           /* 1..3 */
	char *facilitators; /* JSON array text */
	enum session_phase phase;
	char *created_at, *closed_at; /* closed_at "" while open */
	char *ui_state;     /* JSON object text, the TUI's place */
	int participants;   /* how many (counted when loaded) */
};

struct session_new {
	const char *pack_id;
	const char *pack_version; /* NULL: the current installed version */
	const char *language;     /* NULL: the pack's default language */
	const char *title;
	const char *province, *commune, *village; /* may be NULL */
	const char *start_date;   /* YYYY-MM-DD */
	int days;
	const char *const *facilitators;
	size_t nfacilitators;
};

/* Create a session after checking the pack is installed and the fields valid. */
int session_create(struct db *db, const struct session_new *in, long long *id,
    struct kolb_err *err);

/* Load one session. Caller session_clear()s. */
int session_get(struct db *db, long long id, struct session *out, struct kolb_err *err);

/* Every session: in progress first (most recent start first), then closed ones.
 * Caller frees with session_free_list. */
int session_list(struct db *db, struct session **out, size_t *n, struct kolb_err *err);

/* Move to another phase (not to or from closed). Audited. */
int session_set_phase(struct db *db, long long id, enum session_phase to, long long elapsed_ms,
    struct kolb_err *err);

/* Close the session: its entries become read-only (corrections become versions). */
int session_close(struct db *db, long long id, long long elapsed_ms, struct kolb_err *err);

/* Remember the TUI's place (screen, activity, scroll, ...) as JSON text. Not audited. */
int session_save_ui(struct db *db, long long id, const char *json, struct kolb_err *err);

void session_clear(struct session *s);
void session_free_list(struct session *list, size_t n);

#endif
