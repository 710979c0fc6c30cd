/*
 * The TUI's state and the screens' interface. One struct app for the whole
 * program; each screen (one file each) draws from it and the core state it
 * points at, and turns keys into core actions. Only src/tui includes curses.
 */
#ifndef KOLB_APP_H
#define KOLB_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "db.h"
#include "live.h"
#include "participant.h"
#include "vnkey.h"

struct textedit;

enum tui_screen {
	SCR_HOME,
	SCR_NEW,
	SCR_PEOPLE,
	SCR_EXPERIENCE,
	SCR_REFLECTION,
	SCR_APPLICATION,
	SCR_ASSESSMENT,
	SCR_CLOSE,
	SCR_SETTINGS,
	SCR_COUNT,
};

/* A key: either a typed character (wch) or a curses key code (code). */
struct tui_key {
	bool is_code;
	int code;
	wint_t wch;
};

struct app {
	struct db *db;           /* borrowed from the CLI context */
	const char *datadir;
	struct live *live;       /* the session being run; NULL on home and new */
	enum tui_screen screen;
	bool screen_entered;     /* the screen's enter() has run */

	/* Places on the screens, saved with the session so kolb reopens there. */
	int sel;                 /* selected row of the current list */
	int scroll;              /* first visible row of the current scroll area */
	size_t item;             /* activity or prompt index */
	size_t person;           /* participant (or group) index */

	struct participant *people; /* the session's participants (reloaded on change) */
	size_t npeople;

	struct textedit *edit;   /* the text field being typed in, or NULL */
	size_t edit_top;         /* its first visible row */
	long long edit_saved_ms; /* monotonic time of its last save */

	char msg[600];           /* one-line message in the status area */
	bool msg_error;
	bool help;               /* the help overlay is open */
	bool confirm;            /* waiting for y/n */
	bool passmode;           /* "pass the netbook": only the participant's own field */
	bool quit;
	bool colour;
	struct vnkey typing;     /* Vietnamese typing in every field (Ctrl-T cycles) */
	char ui_language[8];     /* the data folder's interface language ("" = environment) */
	enum tui_screen settings_from; /* where Esc on the settings screen returns */
	void *screen_data;       /* private state of the current screen */
};

struct tui_view {
	const char *name;        /* saved in ui_state */
	const char *title;       /* N_() */
	const char *keys;        /* N_() key-help line */
	const char *help;        /* N_() help text, lines separated by \n */
	void (*enter)(struct app *a);
	void (*leave)(struct app *a);   /* save what is typed, free screen data */
	void (*draw)(struct app *a, int top, int rows, int cols);
	void (*key)(struct app *a, const struct tui_key *k);
	bool (*typing)(const struct app *a); /* letters go to a field (no hotkeys) */
	void (*save)(struct app *a);         /* save the field now (autosave), may be NULL */
};

extern const struct tui_view view_home, view_new, view_people, view_experience,
    view_reflection, view_application, view_assessment, view_close, view_settings;

/* Apply the data folder's settings (interface language, typing mode and style). */
void app_load_settings(struct app *a);
/* Cycle the typing mode (off → Telex → VNI) and keep it in the settings. */
void app_cycle_typing(struct app *a);

/* Switch screens: leaves the current one (saving), enters the new one, and for a
 * session screen records the phase and the place. */
void app_go(struct app *a, enum tui_screen s);
/* Open session id for running (NULL message on success). Goes to where it was left. */
bool app_open_session(struct app *a, long long id);
/* Close the running session's view and return home. */
void app_close_session(struct app *a);
/* Remember the current screen and place in the session's ui_state. */
void app_save_place(struct app *a);
/* Reload the participants list. */
void app_load_people(struct app *a);
/* Set the status message (printf format). */
void app_msg(struct app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A small form of labelled fields (form.c), for the new-session and participant
 * screens. Text fields are edited in the app's text field; choices cycle with
 * Left/Right or Space. */
enum form_type { FORM_TEXT, FORM_CHOICE, FORM_BOOL };

struct form_field {
	const char *label;             /* N_() */
	enum form_type type;
	const char *const *choices;    /* FORM_CHOICE: values, NULL-terminated */
	char value[256];               /* current value (FORM_BOOL: "1" or "") */
};

struct form {
	struct form_field *fields;
	size_t n;
	size_t cur;                    /* field with the focus; n = the submit button */
	const char *submit;            /* N_() label of the button */
	char error[520];
};

enum form_result { FORM_NONE, FORM_SUBMIT, FORM_CANCEL };

void form_focus(struct app *a, struct form *f, size_t i);
void form_draw(struct app *a, struct form *f, int top, int rows, int cols);
enum form_result form_key(struct app *a, struct form *f, const struct tui_key *k);
/* Copy the field being edited back into its value. */
void form_commit(struct app *a, struct form *f);

/* Drawing helpers (draw.c). */
int tui_put(int y, int x, int width, const char *utf8);
int tui_putn(int y, int x, int width, const char *s, size_t len);
/* Draw text wrapped into the box (y, x, h, w) starting at wrapped row skip; spans of
 * [hl_start, hl_end) pairs (n of them) are drawn highlighted. Returns rows of text. */
int tui_wrap(int y, int x, int h, int w, const char *text, size_t skip, const size_t *hl,
    size_t nhl);
/* Number of wrapped rows text takes at width w. */
int tui_wrap_rows(const char *text, int w);
void tui_hline(int y, int x, int w);
void tui_bar(int y, const char *left, const char *right);

/* The text field (field.c): draw the app's edit box, and apply a key to it.
 * Returns true if the key was a field key. */
void field_draw(struct app *a, int y, int x, int h, int w);
bool field_key(struct app *a, const struct tui_key *k, int width);
/* Make a fresh field holding text. */
void field_open(struct app *a, const char *text, size_t max, bool multiline);
void field_close(struct app *a);

#endif
