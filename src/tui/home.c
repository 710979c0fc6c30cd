/* The home screen: sessions (in progress first), installed packs, new session, quit. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "l10n.h"
#include "session.h"

struct home {
	struct session *sessions;
	size_t nsessions;
	struct db_pack *packs;
	size_t npacks;
};

static void
home_enter(struct app *a)
{
	struct home *h = kolb_xcalloc(1, sizeof *h);
	struct kolb_err err;
	if (session_list(a->db, &h->sessions, &h->nsessions, &err) != 0 ||
	    db_pack_list(a->db, NULL, &h->packs, &h->npacks, &err) != 0)
		app_msg(a, true, "%s", err.msg);
	a->screen_data = h;
}

static void
home_leave(struct app *a)
{
	struct home *h = a->screen_data;
	if (h == NULL)
		return;
	session_free_list(h->sessions, h->nsessions);
	db_pack_free_list(h->packs, h->npacks);
	free(h);
	a->screen_data = NULL;
}

/* The pack's title in its first language. */
static void
home_pack_title(const struct db_pack *p, char *out, size_t outsz)
{
	json_t *t = json_loads(p->title, 0, NULL), *l = json_loads(p->languages, 0, NULL);
	const char *s = json_string_value(json_object_get(t,
	    json_string_value(json_array_get(l, 0))));
	snprintf(out, outsz, "%s", s ? s : p->id);
	json_decref(t);
	json_decref(l);
}

static void
home_draw(struct app *a, int top, int rows, int cols)
{
	struct home *h = a->screen_data;
	int y = top + 1;
	attron(A_BOLD);
	tui_put(y++, 2, cols - 4, _("Sessions"));
	attroff(A_BOLD);
	/* Sessions take what the packs leave, at least half the screen. */
	int packs_rows = (int)h->npacks + 2;
	int list_rows = rows - 4 - (packs_rows < rows / 2 ? packs_rows : rows / 2);
	if (list_rows < 3)
		list_rows = 3;
	if (h->nsessions == 0)
		tui_put(y++, 4, cols - 6, _("No sessions yet. Press n to start one."));
	if (a->sel < a->scroll)
		a->scroll = a->sel;
	if (a->sel >= a->scroll + list_rows)
		a->scroll = a->sel - list_rows + 1;
	for (size_t i = (size_t)a->scroll; i < h->nsessions && y < top + 2 + list_rows; i++, y++) {
		const struct session *s = &h->sessions[i];
		char line[600], date[32];
		snprintf(line, sizeof line, "%s %s  %-11s %s", s->phase == PHASE_CLOSED ? "✓" : "●",
		    l10n_date(s->start_date, date, sizeof date), session_phase_label(s->phase),
		    s->title);
		if ((int)i == a->sel)
			attron(A_REVERSE);
		mvhline(y, 2, ' ', cols - 4);
		tui_put(y, 3, cols - 6, line);
		if ((int)i == a->sel)
			attroff(A_REVERSE);
	}
	y = top + 3 + list_rows;
	attron(A_BOLD);
	tui_put(y++, 2, cols - 4, _("Installed packs"));
	attroff(A_BOLD);
	if (h->npacks == 0)
		tui_put(y++, 4, cols - 6, _("No packs installed. Install one with: kolb pack install FILE"));
	for (size_t i = 0; i < h->npacks && y < top + rows; i++) {
		bool current = i + 1 == h->npacks || strcmp(h->packs[i + 1].id, h->packs[i].id) != 0;
		if (!current)
			continue;
		char title[256], line[512];
		home_pack_title(&h->packs[i], title, sizeof title);
		snprintf(line, sizeof line, "%-26s %-7s %s", h->packs[i].id, h->packs[i].version, title);
		tui_put(y++, 3, cols - 6, line);
	}
}

static void
home_key(struct app *a, const struct tui_key *k)
{
	struct home *h = a->screen_data;
	int n = (int)h->nsessions;
	if (k->is_code) {
		if (k->code == KEY_UP && a->sel > 0)
			a->sel--;
		else if (k->code == KEY_DOWN && a->sel + 1 < n)
			a->sel++;
		else if (k->code == KEY_ENTER && a->sel < n)
			app_open_session(a, h->sessions[a->sel].id);
		return;
	}
	switch (k->wch) {
	case 'k':
		if (a->sel > 0)
			a->sel--;
		break;
	case 'j':
		if (a->sel + 1 < n)
			a->sel++;
		break;
	case '\r':
	case '\n':
		if (a->sel < n)
			app_open_session(a, h->sessions[a->sel].id);
		break;
	case 'n':
		if (h->npacks == 0)
			app_msg(a, true, "%s", _("Install a pack first: kolb pack install FILE"));
		else
			app_go(a, SCR_NEW);
		break;
	case 's':
		a->settings_from = SCR_HOME;
		app_go(a, SCR_SETTINGS);
		break;
	case 'q':
	case 27:
		a->quit = true;
		break;
	}
}

const struct tui_view view_home = {
	.name = "home",
	.title = N_("Home"),
	.keys = N_("↑↓ choose  Enter open  n new session  s settings  q quit"),
	.help = N_("The sessions on this netbook: those in progress first (●), then closed ones (✓), with their date and phase, and the installed content packs.\n"
	    "\n"
	    "↑ ↓ (or k j)  choose a session\n"
	    "Enter         open it where you left it\n"
	    "n             start a new session\n"
	    "s             settings: interface language, Vietnamese typing (Telex, VNI)\n"
	    "q             quit kolb (everything is already saved)"),
	.enter = home_enter,
	.leave = home_leave,
	.draw = home_draw,
	.key = home_key,
};
