/* Settings: the interface language and Vietnamese typing, kept in the data folder. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "l10n.h"
#include "textedit.h"

enum { SET_LANGUAGE, SET_TYPING, SET_STYLE, SET_TRY, SET_COUNT };

/* The interface language choices, in the order Left/Right cycle through them. */
static const char *const set_lang_values[] = {"", "vi", "en"};

static const char *
set_label(int row)
{
	switch (row) {
	case SET_LANGUAGE: return _("Interface language");
	case SET_TYPING: return _("Vietnamese typing");
	case SET_STYLE: return _("Tone placement");
	default: return _("Try typing here");
	}
}

/* The shown value of a setting row (from the app's state: no query per draw). */
static const char *
set_value(const struct app *a, int row, char *buf, size_t bufsz)
{
	switch (row) {
	case SET_LANGUAGE:
		if (strcmp(a->ui_language, "vi") == 0)
			return "Tiếng Việt";
		if (strcmp(a->ui_language, "en") == 0)
			return "English";
		snprintf(buf, bufsz, _("as the system says (now: %s)"),
		    strcmp(l10n_code(), "vi") == 0 ? "Tiếng Việt" : "English");
		return buf;
	case SET_TYPING:
		return a->typing.mode == VNKEY_OFF ? _("plain (the keyboard's own)") :
		    vnkey_mode_label(a->typing.mode);
	case SET_STYLE:
		return a->typing.style == VNKEY_MODERN ? _("modern: hoà, thuỷ") :
		    _("traditional: hòa, thủy");
	}
	return "";
}

/* Move setting row one step (dir +1 or -1), save it and apply it. */
static void
set_change(struct app *a, int row, int dir)
{
	struct kolb_err err;
	int rc = 0;
	if (row == SET_LANGUAGE) {
		int i = strcmp(a->ui_language, "vi") == 0 ? 1 : strcmp(a->ui_language, "en") == 0 ? 2 : 0;
		i = (i + 3 + dir) % 3;
		rc = db_setting_set(a->db, L10N_SETTING_LANGUAGE, set_lang_values[i], &err);
		if (rc == 0)
			l10n_apply_setting(a->db, a->ui_language);
	} else {
		struct vnkey k = a->typing;
		if (row == SET_TYPING)
			k.mode = (enum vnkey_mode)(((int)k.mode + 3 + dir) % 3);
		else if (row == SET_STYLE)
			k.style = k.style == VNKEY_MODERN ? VNKEY_TRADITIONAL : VNKEY_MODERN;
		rc = l10n_typing_save(a->db, &k, &err);
		if (rc == 0)
			a->typing = k;
	}
	if (rc != 0)
		app_msg(a, true, "%s", err.msg);
	else
		app_msg(a, false, "%s", _("Saved."));
}

static void
set_enter(struct app *a)
{
	a->sel = 0;
}

static void
set_leave(struct app *a)
{
	field_close(a);
}

static void
set_draw(struct app *a, int top, int rows, int cols)
{
	int y = top + 1;
	attron(A_BOLD);
	tui_put(y, 2, cols - 4, _("Settings of this netbook (kept in the data folder)"));
	attroff(A_BOLD);
	y += 2;
	int lw = 0;
	for (int r = 0; r < SET_COUNT; r++) {
		int w = textedit_cols(set_label(r), strlen(set_label(r)));
		if (w > lw)
			lw = w;
	}
	for (int r = 0; r < SET_TRY && y < top + rows; r++, y++) {
		char buf[200], line[400];
		snprintf(line, sizeof line, "‹ %s ›", set_value(a, r, buf, sizeof buf));
		if (a->sel == r)
			attron(A_REVERSE);
		tui_put(y, 2, lw + 1, set_label(r));
		tui_put(y, 4 + lw, cols - 6 - lw, line);
		if (a->sel == r)
			attroff(A_REVERSE);
	}
	y++;
	if (y + 5 < top + rows) {
		y += tui_wrap(y, 2, 3, cols - 4, _("Ctrl-T changes the typing in any field. Telex: aa â, aw ă, "
		    "ee ê, oo ô, ow ơ, uw ư, dd đ; s f r x j tones, z clears. VNI: 1–5 tones, 0 clears, "
		    "6 ^, 7 horn, 8 breve, 9 đ."), 0, NULL, 0) + 1;
	}
	if (y + 1 < top + rows) {
		if (a->sel == SET_TRY)
			attron(A_BOLD);
		tui_put(y++, 2, cols - 4, set_label(SET_TRY));
		if (a->sel == SET_TRY)
			attroff(A_BOLD);
		if (a->sel == SET_TRY && a->edit != NULL)
			field_draw(a, y, 4, 1, cols - 8);
	}
}

static void
set_key(struct app *a, const struct tui_key *k)
{
	if (a->sel == SET_TRY) {
		if (k->is_code && k->code == KEY_UP) {
			field_close(a);
			a->sel = SET_TRY - 1;
			return;
		}
		if (!k->is_code && k->wch == 27) {
			app_go(a, a->settings_from);
			return;
		}
		field_key(a, k, COLS - 8);
		return;
	}
	if (k->is_code) {
		if (k->code == KEY_UP && a->sel > 0)
			a->sel--;
		else if (k->code == KEY_DOWN)
			a->sel++;
		else if (k->code == KEY_LEFT)
			set_change(a, a->sel, -1);
		else if (k->code == KEY_RIGHT || k->code == KEY_ENTER)
			set_change(a, a->sel, +1);
	} else {
		switch (k->wch) {
		case ' ':
		case '\r':
		case '\n':
			set_change(a, a->sel, +1);
			break;
		case '\t':
			a->sel++;
			break;
		case 'q':
		case 27:
			app_go(a, a->settings_from);
			return;
		}
	}
	if (a->sel == SET_TRY && a->edit == NULL)
		field_open(a, "", 500, false);
}

static bool
set_typing(const struct app *a)
{
	return a->sel == SET_TRY;
}

const struct tui_view view_settings = {
	.name = "settings",
	.title = N_("Settings"),
	.keys = N_("↑↓ choose  ←→ Space change"),
	.help = N_("Settings of this netbook, kept in its data folder and used every time kolb starts.\n"
	    "\n"
	    "Interface language  the language of kolb's screens: as the system says (LANGUAGE, LC_ALL, LANG), Vietnamese or English. A session's content is always in the language chosen for the session.\n"
	    "Vietnamese typing   plain (the keyboard's own input method), Telex or VNI: kolb turns the keys into Vietnamese letters itself, on a bare console too. Ctrl-T changes it in any field.\n"
	    "Tone placement      modern (hoà, thuỷ) or traditional (hòa, thủy).\n"
	    "Try typing here     a field to try the typing; nothing typed there is kept.\n"
	    "\n"
	    "↑ ↓ choose, ← → Space or Enter change (saved at once), Esc back."),
	.enter = set_enter,
	.leave = set_leave,
	.draw = set_draw,
	.key = set_key,
	.typing = set_typing,
};
