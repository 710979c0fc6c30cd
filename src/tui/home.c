/* The home screen: installed packs (sessions arrive with the session screens). */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "kolb.h"
#include "tui.h"

struct home {
	struct db_pack *packs;
	size_t npacks;
	size_t sel, top;
	char error[512];
};

static void
home_load(struct home *h, struct cli_ctx *ctx)
{
	struct kolb_err err;
	db_pack_free_list(h->packs, h->npacks);
	h->packs = NULL;
	h->npacks = 0;
	h->error[0] = '\0';
	if (db_pack_list(ctx->db, NULL, &h->packs, &h->npacks, &err) != 0)
		snprintf(h->error, sizeof h->error, "%s", err.msg);
}

/* The title in the pack's first language. */
static void
home_title(const struct db_pack *p, char *out, size_t outsz)
{
	json_t *t = json_loads(p->title, 0, NULL), *l = json_loads(p->languages, 0, NULL);
	const char *s = json_string_value(json_object_get(t,
	    json_string_value(json_array_get(l, 0))));
	snprintf(out, outsz, "%s", s ? s : p->id);
	json_decref(t);
	json_decref(l);
}

static void
home_draw(const struct home *h)
{
	erase();
	int rows = LINES, cols = COLS;
	if (cols < TUI_MIN_COLS || rows < TUI_MIN_LINES) {
		char msg[128];
		snprintf(msg, sizeof msg, _("Window too small (%dx%d); kolb needs %dx%d."), cols, rows,
		    TUI_MIN_COLS, TUI_MIN_LINES);
		tui_put(0, 0, cols, msg);
		refresh();
		return;
	}
	attron(A_REVERSE);
	mvhline(0, 0, ' ', cols);
	tui_put(0, 1, cols - 2, _("kolb: home"));
	attroff(A_REVERSE);

	attron(A_BOLD);
	tui_put(2, 2, cols - 4, _("Installed packs"));
	attroff(A_BOLD);
	int y = 3, list_rows = rows - 6;
	if (h->error[0] != '\0') {
		tui_put(y, 4, cols - 6, h->error);
	} else if (h->npacks == 0) {
		tui_put(y, 4, cols - 6, _("No packs installed. Install one with: kolb pack install FILE"));
	}
	for (size_t i = h->top; i < h->npacks && y < 3 + list_rows; i++, y++) {
		char title[256], line[512];
		home_title(&h->packs[i], title, sizeof title);
		snprintf(line, sizeof line, "%-28s %-8s %s", h->packs[i].id, h->packs[i].version,
		    title);
		if (i == h->sel)
			attron(A_REVERSE);
		mvhline(y, 2, ' ', cols - 4);
		tui_put(y, 3, cols - 6, line);
		if (i == h->sel)
			attroff(A_REVERSE);
	}
	attron(A_REVERSE);
	mvhline(rows - 1, 0, ' ', cols);
	tui_put(rows - 1, 1, cols - 2, _("↑/↓ move   q quit   ? help"));
	attroff(A_REVERSE);
	refresh();
}

static void
home_help(void)
{
	erase();
	tui_put(1, 2, COLS - 4, _("kolb: help for the home screen"));
	tui_put(3, 4, COLS - 6, _("↑ ↓ / k j   move between packs"));
	tui_put(4, 4, COLS - 6, _("q           quit kolb"));
	tui_put(6, 2, COLS - 4, _("Press any key to go back."));
	refresh();
	getch();
}

int
home_run(struct cli_ctx *ctx)
{
	struct home h = {0};
	home_load(&h, ctx);
	for (;;) {
		home_draw(&h);
		int ch = getch();
		int list_rows = LINES - 6;
		switch (ch) {
		case 'q':
		case 'Q':
			db_pack_free_list(h.packs, h.npacks);
			return CLI_OK;
		case KEY_UP:
		case 'k':
			if (h.sel > 0)
				h.sel--;
			break;
		case KEY_DOWN:
		case 'j':
			if (h.sel + 1 < h.npacks)
				h.sel++;
			break;
		case '?':
		case KEY_F(1):
			home_help();
			break;
		case KEY_RESIZE:
		default:
			break;
		}
		if (h.sel < h.top)
			h.top = h.sel;
		if (list_rows > 0 && h.sel >= h.top + (size_t)list_rows)
			h.top = h.sel - (size_t)list_rows + 1;
	}
}
