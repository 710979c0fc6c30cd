/*
 * The TUI's entry point and main loop: terminal set-up, the status line and
 * key-help line, help, switching screens, resuming where the facilitator was,
 * and autosaving. The loop never sleeps: it waits for a key at most 250 ms,
 * so timers tick through the input timeout.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <jansson.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>

#include "app.h"
#include "cli.h"
#include "clock.h"
#include "kolb.h"
#include "l10n.h"
#include "textedit.h"
#include "tui.h"

static const struct tui_view *const views[SCR_COUNT] = {
	[SCR_HOME] = &view_home,
	[SCR_NEW] = &view_new,
	[SCR_PEOPLE] = &view_people,
	[SCR_EXPERIENCE] = &view_experience,
	[SCR_REFLECTION] = &view_reflection,
	[SCR_APPLICATION] = &view_application,
	[SCR_ASSESSMENT] = &view_assessment,
	[SCR_CLOSE] = &view_close,
	[SCR_SETTINGS] = &view_settings,
};

/* The phase each session screen stands for. */
static const int screen_phase[SCR_COUNT] = {
	[SCR_HOME] = -1, [SCR_NEW] = -1, [SCR_PEOPLE] = PHASE_SETUP,
	[SCR_EXPERIENCE] = PHASE_EXPERIENCE, [SCR_REFLECTION] = PHASE_REFLECTION,
	[SCR_APPLICATION] = PHASE_APPLICATION, [SCR_ASSESSMENT] = PHASE_ASSESSMENT,
	[SCR_CLOSE] = -1, [SCR_SETTINGS] = -1,
};

/* Set by SIGHUP/SIGTERM: leave the loop, saving what is typed, and exit. */
static volatile sig_atomic_t tui_stop;

static void
tui_on_signal(int sig)
{
	(void)sig;
	tui_stop = 1;
}

static void
tui_restore(void)
{
	if (!isendwin())
		endwin();
}

void
app_msg(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

void
app_load_people(struct app *a)
{
	participant_free_list(a->people, a->npeople);
	a->people = NULL;
	a->npeople = 0;
	struct kolb_err err;
	if (a->live && participant_list(a->db, a->live->session.id, &a->people, &a->npeople,
	    &err) != 0)
		app_msg(a, true, "%s", err.msg);
}

void
app_save_place(struct app *a)
{
	if (a->live == NULL)
		return;
	json_t *o = json_pack("{s:s, s:i, s:i, s:I, s:I}", "screen", views[a->screen]->name,
	    "sel", a->sel, "scroll", a->scroll, "item", (json_int_t)a->item,
	    "person", (json_int_t)a->person);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	struct kolb_err err;
	if (session_save_ui(a->db, a->live->session.id, s, &err) != 0)
		app_msg(a, true, "%s", err.msg);
	free(s);
}

void
app_go(struct app *a, enum tui_screen s)
{
	if (a->screen_entered && views[a->screen]->leave)
		views[a->screen]->leave(a);
	field_close(a);
	curs_set(0);
	a->screen = s;
	a->sel = a->scroll = 0;
	a->item = a->person = 0;
	a->passmode = false;
	a->confirm = false;
	a->screen_entered = false;
	if (a->live && screen_phase[s] >= 0 && a->live->session.phase != PHASE_CLOSED &&
	    (int)a->live->session.phase != screen_phase[s]) {
		struct kolb_err err;
		if (live_set_phase(a->live, (enum session_phase)screen_phase[s], &err) != 0)
			app_msg(a, true, "%s", err.msg);
	}
	if (views[s]->enter)
		views[s]->enter(a);
	a->screen_entered = true;
	app_save_place(a);
}

/* Remember (or forget) the session to reopen at start. */
static void
app_set_last(struct app *a, long long id)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", id);
	db_setting_set(a->db, "last_session", id > 0 ? buf : NULL, NULL);
}

bool
app_open_session(struct app *a, long long id)
{
	struct kolb_err err;
	struct live *l;
	if (live_open(a->db, a->datadir, id, &l, &err) != 0) {
		app_msg(a, true, "%s", err.msg);
		return false;
	}
	a->live = l;
	app_set_last(a, id);
	app_load_people(a);
	/* Go back exactly where the facilitator was. */
	json_t *ui = json_loads(l->session.ui_state, 0, NULL);
	const char *name = json_string_value(json_object_get(ui, "screen"));
	enum tui_screen s = l->session.phase == PHASE_CLOSED ? SCR_CLOSE : SCR_PEOPLE;
	for (int i = SCR_PEOPLE; name && i <= SCR_CLOSE; i++)
		if (strcmp(views[i]->name, name) == 0)
			s = (enum tui_screen)i;
	size_t item = (size_t)json_integer_value(json_object_get(ui, "item"));
	size_t person = (size_t)json_integer_value(json_object_get(ui, "person"));
	int sel = (int)json_integer_value(json_object_get(ui, "sel"));
	int scroll = (int)json_integer_value(json_object_get(ui, "scroll"));
	json_decref(ui);
	a->item = item;
	a->person = person;
	app_go(a, s);
	a->item = item;
	a->person = person;
	a->sel = sel;
	a->scroll = scroll;
	if (views[s]->enter) {
		/* enter again with the restored place so fields load the right entry */
		if (views[s]->leave)
			views[s]->leave(a);
		views[s]->enter(a);
		a->item = item;
		a->person = person;
		a->sel = sel;
		a->scroll = scroll;
	}
	return true;
}

void
app_close_session(struct app *a)
{
	app_go(a, SCR_HOME);
	app_set_last(a, 0);
	live_close(a->live);
	a->live = NULL;
	participant_free_list(a->people, a->npeople);
	a->people = NULL;
	a->npeople = 0;
	app_go(a, SCR_HOME);
}

static void
draw_status(struct app *a)
{
	char left[400], right[64];
	time_t now = clock_wall();
	struct tm tm;
	localtime_r(&now, &tm);
	char clock[16];
	strftime(clock, sizeof clock, "%H:%M", &tm);
	if (a->edit != NULL)
		/* TRANSLATORS: the typing mode in the status line; %s is Telex, VNI or "plain". */
		snprintf(right, sizeof right, _("^T %s │ %s"), vnkey_mode_label(a->typing.mode), clock);
	else
		snprintf(right, sizeof right, "%s", clock);
	if (a->live == NULL) {
		snprintf(left, sizeof left, "kolb │ %s", _(views[a->screen]->title));
	} else {
		const struct live *l = a->live;
		char timer[64] = "";
		for (size_t i = 0; i < l->pack->nactivities; i++)
			if (l->activities[i].timer.running) {
				char t[16];
				timer_format(timer_remaining(&l->activities[i].timer, timer_now_ms()), t);
				snprintf(timer, sizeof timer, " │ ⏱ %s %s", t,
				    l->pack->activities[i].id);
			}
		const char *phase = session_phase_label(l->session.phase);
		const char *screen = _(views[a->screen]->title);
		snprintf(left, sizeof left, "%s │ %s%s%s", l->session.title, phase,
		    strcmp(phase, screen) ? " │ " : "", strcmp(phase, screen) ? screen : "");
		size_t n = strlen(left);
		snprintf(left + n, sizeof left - n, "%s", timer);
	}
	tui_bar(0, left, right);
}

static void
draw_keys(struct app *a)
{
	int y = LINES - 1;
	move(LINES - 2, 0);
	clrtoeol();
	if (a->msg[0]) {
		if (a->msg_error)
			attron(A_BOLD);
		tui_put(LINES - 2, 1, COLS - 2, a->msg);
		if (a->msg_error)
			attroff(A_BOLD);
	}
	char keys[400];
	if (a->passmode)
		snprintf(keys, sizeof keys, "%s", _("F9 give the netbook back to the facilitator"));
	else {
		/* The screen's own keys first; the global ones as long as they fit. */
		const char *own = _(views[a->screen]->keys), *global = _("F1 help  Esc back");
		if (textedit_cols(own, strlen(own)) + 5 + textedit_cols(global, strlen(global)) > COLS - 2)
			global = "F1";
		snprintf(keys, sizeof keys, "%s  │ %s", own, global);
	}
	tui_bar(y, keys, NULL);
}

static void
draw_help(struct app *a)
{
	erase();
	char title[200];
	snprintf(title, sizeof title, _("Help: %s"), _(views[a->screen]->title));
	tui_bar(0, title, NULL);
	const char *h = _(views[a->screen]->help);
	int y = 2;
	const char *line = h;
	while (*line && y < LINES - 2) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		char *one = kolb_xasprintf("%.*s", (int)n, line);
		/* "key     what it does": wrap the description under itself. */
		char *gap = strstr(one, "  ");
		size_t d = gap ? (size_t)(gap - one) + strspn(gap, " ") : 0;
		int indent = gap && one[d] ? textedit_cols(one, d) : 0;
		int r;
		if (indent > 0 && indent < COLS / 2) {
			tui_putn(y, 2, indent, one, d);
			r = tui_wrap(y, 2 + indent, LINES - 2 - y, COLS - 4 - indent, one + d, 0, NULL, 0);
		} else {
			r = tui_wrap(y, 2, LINES - 2 - y, COLS - 4, one, 0, NULL, 0);
		}
		free(one);
		y += r > 0 ? r : 1;
		line += n + (nl ? 1 : 0);
	}
	y++;
	const char *global = _("Everywhere: F1 help, Esc back, F2 participants, F3 experience, "
	    "F4 reflection, F5 application, F6 assessment, F7 close, Ctrl-T typing "
	    "(plain, Telex, VNI), Ctrl-Q quit.");
	tui_wrap(y, 2, LINES - y - 2, COLS - 4, global, 0, NULL, 0);
	tui_bar(LINES - 1, _("Press any key to go back"), NULL);
}

static void
app_draw(struct app *a)
{
	erase();
	curs_set(0);
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		char msg[160];
		snprintf(msg, sizeof msg, _("Window too small (%dx%d); kolb needs %dx%d."), COLS,
		    LINES, TUI_MIN_COLS, TUI_MIN_LINES);
		tui_wrap(0, 0, LINES, COLS, msg, 0, NULL, 0);
		refresh();
		return;
	}
	if (a->help) {
		draw_help(a);
		refresh();
		return;
	}
	draw_status(a);
	draw_keys(a);
	/* The screen draws last so that the field can place the cursor. */
	views[a->screen]->draw(a, 1, LINES - 3, COLS);
	refresh();
}

/* Keys that work on every session screen. Returns true if used. */
static bool
app_global_key(struct app *a, const struct tui_key *k)
{
	if (!k->is_code) {
		if (k->wch == 17) { /* Ctrl-Q */
			a->quit = true;
			return true;
		}
		if (k->wch == 20) { /* Ctrl-T: typing mode, in every field */
			app_cycle_typing(a);
			return true;
		}
		if (k->wch == '?' && !(views[a->screen]->typing && views[a->screen]->typing(a))) {
			a->help = true;
			return true;
		}
		return false;
	}
	if (k->code == KEY_F(1)) {
		a->help = true;
		return true;
	}
	if (a->passmode)
		return false;
	static const struct {
		int key;
		enum tui_screen s;
	} jumps[] = {{KEY_F(2), SCR_PEOPLE}, {KEY_F(3), SCR_EXPERIENCE}, {KEY_F(4), SCR_REFLECTION},
	    {KEY_F(5), SCR_APPLICATION}, {KEY_F(6), SCR_ASSESSMENT}, {KEY_F(7), SCR_CLOSE}};
	for (size_t i = 0; a->live && i < sizeof jumps / sizeof jumps[0]; i++)
		if (k->code == jumps[i].key) {
			if (a->screen != jumps[i].s)
				app_go(a, jumps[i].s);
			return true;
		}
	return false;
}

void
app_load_settings(struct app *a)
{
	l10n_apply_setting(a->db, a->ui_language);
	l10n_typing_load(a->db, &a->typing);
}

void
app_cycle_typing(struct app *a)
{
	enum vnkey_mode m = vnkey_mode_next(a->typing.mode);
	vnkey_init(&a->typing, m, a->typing.style);
	struct kolb_err err;
	if (l10n_typing_save(a->db, &a->typing, &err) != 0)
		app_msg(a, true, "%s", err.msg);
	else if (m == VNKEY_TELEX)
		app_msg(a, false, "%s", _("Typing: Telex (aa â, aw ă, ow ơ, uw ư, dd đ; s f r x j tones, z "
		    "clears). Ctrl-T: VNI."));
	else if (m == VNKEY_VNI)
		app_msg(a, false, "%s", _("Typing: VNI (1–5 tones, 0 clears, 6 ^, 7 horn, 8 breve, 9 đ). "
		    "Ctrl-T: plain."));
	else
		app_msg(a, false, "%s", _("Typing: plain, as the keyboard sends it. Ctrl-T: Telex."));
}

/* Save a field every few seconds while typing: a dead battery loses seconds, not words. */
static void
app_autosave(struct app *a)
{
	if (a->edit == NULL || !textedit_dirty(a->edit))
		return;
	if (timer_now_ms() - a->edit_saved_ms < 3000)
		return;
	if (views[a->screen]->save != NULL)
		views[a->screen]->save(a);
}

int
tui_main(struct cli_ctx *ctx)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		return cli_error(_("the terminal's locale is not UTF-8, so Vietnamese cannot be "
		    "shown; run with LANG=C.UTF-8 (or vi_VN.UTF-8)"));
	if (initscr() == NULL)
		return cli_error(_("cannot start the terminal screen (is TERM set?)"));
	kolb_fatal_hook = tui_restore;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	timeout(250);
	curs_set(0);
	struct app a = {.db = ctx->db, .datadir = ctx->datadir, .screen = SCR_HOME};
	app_load_settings(&a);
	a.colour = has_colors() && getenv("NO_COLOR") == NULL;
	if (a.colour) {
		start_color();
		use_default_colors();
	}
	/* Reopen the session the facilitator was running, on the same screen. */
	char last[24];
	db_setting_get(a.db, "last_session", last, sizeof last);
	if (last[0] == '\0' || !app_open_session(&a, atoll(last)))
		app_go(&a, SCR_HOME);
	struct sigaction sa = {.sa_handler = tui_on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	int fast_errs = 0;
	while (!a.quit && !tui_stop) {
		app_autosave(&a);
		app_draw(&a);
		wint_t wch;
		long long before = timer_now_ms();
		int r = get_wch(&wch);
		if (r == ERR) {
			/* A timeout lets the timers tick. An error much sooner than the timeout,
			 * again and again, means the terminal is gone: save and leave rather
			 * than spin the netbook's battery away. */
			if (timer_now_ms() - before < 100) {
				if (++fast_errs >= 20)
					break;
			} else {
				fast_errs = 0;
			}
			continue;
		}
		fast_errs = 0;
		struct tui_key k = {.is_code = r == KEY_CODE_YES, .code = r == KEY_CODE_YES ? (int)wch : 0,
		    .wch = wch};
		if (k.is_code && k.code == KEY_RESIZE)
			continue;
		if (a.help) {
			a.help = false;
			continue;
		}
		a.msg[0] = '\0';
		if (app_global_key(&a, &k))
			continue;
		views[a.screen]->key(&a, &k);
	}
	if (views[a.screen]->leave)
		views[a.screen]->leave(&a);
	field_close(&a);
	if (a.live) {
		app_save_place(&a);
		live_close(a.live);
	}
	participant_free_list(a.people, a.npeople);
	tui_restore();
	kolb_fatal_hook = NULL;
	return CLI_OK;
}
