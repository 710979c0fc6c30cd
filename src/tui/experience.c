/* Experience: the pack's activities in order, instructions, materials, timer, notes. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "entry.h"
#include "mdtext.h"
#include "textedit.h"

struct experience {
	struct md_line *lines; /* the current activity's instructions, rendered */
	size_t nlines;
	size_t for_item;
	int for_width;
	bool noting;           /* the note field is open */
	bool confirm_reset;
};

static void
exp_render(struct app *a, struct experience *e, int width)
{
	if (e->lines && e->for_item == a->item && e->for_width == width)
		return;
	mdtext_free(e->lines, e->nlines);
	e->lines = NULL;
	e->nlines = 0;
	char *md;
	struct kolb_err err;
	if (live_activity_instructions(a->live, a->item, &md, &err) != 0) {
		app_msg(a, true, "%s", err.msg);
		return;
	}
	/* The safeguarding note is shown in full at the end of the instructions too: the
	 * two lines at the bottom of the screen cannot hold a long one. */
	const struct live *l = a->live;
	char *full = kolb_xasprintf("%s\n\n## %s\n\n%s\n", md, _("Safeguarding"),
	    l->pack->activities[a->item].safeguarding[l->lang]);
	free(md);
	if (mdtext_render(full, strlen(full), width, &e->lines, &e->nlines, &err) != 0)
		app_msg(a, true, "%s", err.msg);
	free(full);
	e->for_item = a->item;
	e->for_width = width;
}

/* The facilitator's note for the current activity. */
static void
exp_note_key(struct app *a, struct entry_key *k)
{
	*k = (struct entry_key){.session_id = a->live->session.id, .kind = ENTRY_NOTE,
	    .prompt_id = a->live->pack->activities[a->item].id, .group_name = ""};
}

static void
exp_save(struct app *a)
{
	struct experience *e = a->screen_data;
	if (e == NULL || !e->noting || a->edit == NULL || !textedit_dirty(a->edit))
		return;
	struct entry_key k;
	exp_note_key(a, &k);
	struct kolb_err err;
	if (entry_save(a->db, &k, textedit_text(a->edit), NULL, live_elapsed(a->live), NULL,
	    &err) != 0)
		app_msg(a, true, "%s", err.msg);
	else
		textedit_mark_saved(a->edit);
	a->edit_saved_ms = timer_now_ms();
}

static void
exp_enter(struct app *a)
{
	a->screen_data = kolb_xcalloc(1, sizeof(struct experience));
	if (a->item >= a->live->pack->nactivities)
		a->item = 0;
}

static void
exp_leave(struct app *a)
{
	struct experience *e = a->screen_data;
	if (e == NULL)
		return;
	exp_save(a);
	mdtext_free(e->lines, e->nlines);
	free(e);
	a->screen_data = NULL;
}

static void
exp_draw_line(int y, int x, int w, const struct md_line *ln)
{
	int base = x + ln->indent;
	if (ln->heading)
		attron(A_BOLD);
	tui_putn(y, base, w - ln->indent, ln->text, ln->len);
	for (size_t s = 0; s < ln->nspans; s++) {
		const struct md_span *sp = &ln->spans[s];
		attr_t at = 0;
		if (sp->attr & MD_ATTR_BOLD)
			at |= A_BOLD;
		if (sp->attr & (MD_ATTR_ITALIC | MD_ATTR_LINK))
			at |= A_UNDERLINE;
		if (sp->attr & MD_ATTR_CODE)
			at |= A_DIM;
		if (at == 0)
			continue;
		int col = textedit_cols(ln->text, sp->start);
		attron(at);
		tui_putn(y, base + col, w - ln->indent - col, ln->text + sp->start, sp->len);
		attroff(at);
	}
	if (ln->heading)
		attroff(A_BOLD);
}

static void
exp_draw(struct app *a, int top, int rows, int cols)
{
	struct experience *e = a->screen_data;
	const struct live *l = a->live;
	const struct pack_activity *act = &l->pack->activities[a->item];
	const struct live_activity *st = &l->activities[a->item];
	size_t li = l->lang;
	static const char *const marks[] = {"[ ]", "[✓]", "[–]"};
	char line[600], t[16];
	snprintf(line, sizeof line, "%s %zu/%zu  %s", marks[st->status], a->item + 1,
	    l->pack->nactivities, act->title[li]);
	attron(A_BOLD);
	tui_put(top, 1, cols - 2, line);
	attroff(A_BOLD);
	long long now = timer_now_ms(), rem = timer_remaining(&st->timer, now);
	timer_format(rem, t);
	snprintf(line, sizeof line, "⏱ %s  %s  (%d %s)%s", t,
	    st->timer.running ? _("running") : _("paused"), act->minutes, _("min"),
	    rem < 0 ? _("  OVER TIME") : "");
	if (rem < 0)
		attron(A_BOLD | A_BLINK);
	tui_put(top + 1, 1, cols - 2, line);
	if (rem < 0)
		attroff(A_BOLD | A_BLINK);
	/* Materials, joined on one wrapped paragraph. */
	char mats[1200];
	snprintf(mats, sizeof mats, "%s ", _("Materials:"));
	const struct kolb_strlist *ml = &act->materials[li];
	for (size_t i = 0; i < ml->len; i++) {
		size_t n = strlen(mats);
		snprintf(mats + n, sizeof mats - n, "%s%s", i ? "; " : "", ml->items[i]);
	}
	int y = top + 2;
	y += tui_wrap(y, 1, 2, cols - 2, mats, 0, NULL, 0);
	tui_hline(y++, 0, cols);
	/* Bottom: the safeguarding note, or the facilitator's note being typed. */
	int bottom_rows = e->noting ? 3 : 2;
	int area = top + rows - y - bottom_rows - 1;
	exp_render(a, e, cols - 2);
	if (a->scroll > (int)e->nlines - area)
		a->scroll = (int)e->nlines - area > 0 ? (int)e->nlines - area : 0;
	if (a->scroll < 0)
		a->scroll = 0;
	for (int r = 0; r < area && (size_t)(a->scroll + r) < e->nlines; r++)
		exp_draw_line(y + r, 1, cols - 2, &e->lines[a->scroll + r]);
	if ((size_t)(a->scroll + area) < e->nlines)
		tui_put(y + area - 1, cols - 3, 2, "↓");
	int by = top + rows - bottom_rows;
	tui_hline(by - 1, 0, cols);
	if (e->confirm_reset) {
		attron(A_BOLD);
		tui_put(by, 1, cols - 2, _("Reset this activity's timer to the start? y/n"));
		attroff(A_BOLD);
	} else if (e->noting) {
		tui_put(by, 1, cols - 2, _("Facilitator's note (saved as you type; Enter closes):"));
		field_draw(a, by + 1, 1, bottom_rows - 1, cols - 2);
	} else {
		char sg[1200];
		snprintf(sg, sizeof sg, "%s %s", _("Safeguarding:"), act->safeguarding[li]);
		int need = tui_wrap_rows(sg, cols - 2);
		tui_wrap(by, 1, bottom_rows, cols - 2, sg, 0, NULL, 0);
		if (need > bottom_rows)
			tui_put(by + bottom_rows - 1, cols - 2, 1, "…");
	}
}

static void
exp_set_status(struct app *a, enum activity_status s)
{
	struct kolb_err err;
	if (live_activity_status(a->live, a->item, s, &err) != 0)
		app_msg(a, true, "%s", err.msg);
	else if (s == ACTIVITY_DONE && a->item + 1 < a->live->pack->nactivities) {
		a->item++;
		a->scroll = 0;
		app_save_place(a);
	}
}

static void
exp_key(struct app *a, const struct tui_key *k)
{
	struct experience *e = a->screen_data;
	struct live *l = a->live;
	struct kolb_err err;
	if (e->confirm_reset) {
		if (!k->is_code && (k->wch == 'y' || k->wch == 'Y')) {
			timer_reset(&l->activities[a->item].timer);
			if (live_activity_timer(l, a->item, &err) != 0)
				app_msg(a, true, "%s", err.msg);
		}
		e->confirm_reset = false;
		return;
	}
	if (e->noting) {
		if (!k->is_code && (k->wch == '\r' || k->wch == '\n' || k->wch == 27)) {
			exp_save(a);
			field_close(a);
			e->noting = false;
			return;
		}
		field_key(a, k, COLS - 2);
		return;
	}
	if (k->is_code) {
		switch (k->code) {
		case KEY_LEFT:
			if (a->item > 0) {
				a->item--;
				a->scroll = 0;
				app_save_place(a);
			}
			break;
		case KEY_RIGHT:
			if (a->item + 1 < l->pack->nactivities) {
				a->item++;
				a->scroll = 0;
				app_save_place(a);
			}
			break;
		case KEY_UP:
			a->scroll--;
			break;
		case KEY_DOWN:
			a->scroll++;
			break;
		case KEY_PPAGE:
			a->scroll -= LINES / 2;
			break;
		case KEY_NPAGE:
			a->scroll += LINES / 2;
			break;
		}
		return;
	}
	struct entry_key nk;
	struct entry cur;
	switch (k->wch) {
	case ' ':
		timer_toggle(&l->activities[a->item].timer, timer_now_ms());
		if (live_activity_timer(l, a->item, &err) != 0)
			app_msg(a, true, "%s", err.msg);
		break;
	case 'r':
		e->confirm_reset = true;
		break;
	case 'd':
		exp_set_status(a, ACTIVITY_DONE);
		break;
	case 's':
		exp_set_status(a, ACTIVITY_SKIPPED);
		break;
	case 'p':
		exp_set_status(a, ACTIVITY_PENDING);
		break;
	case 'n':
		exp_note_key(a, &nk);
		if (entry_current(a->db, &nk, &cur, &err) == 1) {
			field_open(a, cur.body, 4096, false);
			entry_clear(&cur);
		} else {
			field_open(a, "", 4096, false);
		}
		e->noting = true;
		break;
	case 'j':
		a->scroll++;
		break;
	case 'k':
		a->scroll--;
		break;
	case 27:
		app_close_session(a);
		break;
	}
}

static bool
exp_typing(const struct app *a)
{
	return a->edit != NULL;
}

const struct tui_view view_experience = {
	.name = "experience",
	.title = N_("Experience"),
	.keys = N_("←→ activity  Space timer  d done  s skip  n note  ↑↓ scroll"),
	.help = N_("The pack's activities in order, with the instructions to follow, the materials and the safeguarding note. The timer counts down the activity's minutes and keeps running while you look at other screens; past zero it shows the overrun.\n"
	    "\n"
	    "← →          previous / next activity\n"
	    "Space        start or pause the timer      r  reset it (asks first)\n"
	    "d            mark done (and go to the next)  s  skip   p  back to not done\n"
	    "n            write a note about this activity (saved as you type)\n"
	    "↑ ↓ PgUp PgDn scroll the instructions"),
	.enter = exp_enter,
	.leave = exp_leave,
	.draw = exp_draw,
	.key = exp_key,
	.typing = exp_typing,
	.save = exp_save,
};
