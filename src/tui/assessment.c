/* Assessment: per participant and learning outcome, met or not yet, with the pack's
 * evidence patterns highlighting matching words in that participant's entries. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "assess.h"
#include "entry.h"
#include "evidence.h"

struct assess_view {
	struct evidence *ev;
	struct entry *entries; /* the current participant's */
	size_t nentries;
	long long for_person;  /* participant id the entries are for */
};

static void
as_load(struct app *a, struct assess_view *v)
{
	if (a->person >= a->npeople) {
		entry_free_list(v->entries, v->nentries);
		v->entries = NULL;
		v->nentries = 0;
		v->for_person = 0;
		return;
	}
	long long id = a->people[a->person].id;
	if (v->for_person == id)
		return;
	entry_free_list(v->entries, v->nentries);
	v->entries = NULL;
	v->nentries = 0;
	struct kolb_err err;
	if (entry_list(a->db, a->live->session.id, -1, id, &v->entries, &v->nentries, &err) != 0)
		app_msg(a, true, "%s", err.msg);
	v->for_person = id;
}

static void
as_enter(struct app *a)
{
	struct assess_view *v = kolb_xcalloc(1, sizeof *v);
	struct kolb_err err;
	if (evidence_new(a->live->pack, &v->ev, &err) != 0)
		app_msg(a, true, "%s", err.msg);
	a->screen_data = v;
	app_load_people(a);
	if (a->person >= a->npeople)
		a->person = 0;
	if (a->item >= a->live->pack->noutcomes)
		a->item = 0;
}

static void
as_leave(struct app *a)
{
	struct assess_view *v = a->screen_data;
	if (v == NULL)
		return;
	evidence_free(v->ev);
	entry_free_list(v->entries, v->nentries);
	free(v);
	a->screen_data = NULL;
}

/* Whether any of the participant's entries holds evidence for outcome o. */
static bool
as_suggested(const struct assess_view *v, size_t o)
{
	for (size_t i = 0; v->ev && i < v->nentries; i++)
		if (v->entries[i].kind != ENTRY_NOTE && evidence_outcome_matches(v->ev, o,
		    v->entries[i].body) == 1)
			return true;
	return false;
}

static void
as_draw(struct app *a, int top, int rows, int cols)
{
	struct assess_view *v = a->screen_data;
	const struct pack_manifest *m = a->live->pack;
	size_t li = a->live->lang;
	if (a->npeople == 0) {
		tui_put(top + 1, 2, cols - 4, _("There are no participants to assess."));
		return;
	}
	as_load(a, v);
	const struct participant *p = &a->people[a->person];
	char head[300];
	snprintf(head, sizeof head, "%s  (%zu/%zu)", p->name, a->person + 1, a->npeople);
	attron(A_BOLD);
	tui_put(top, 1, cols - 2, head);
	attroff(A_BOLD);
	int y = top + 1;
	for (size_t o = 0; o < m->noutcomes && y < top + rows / 2; o++, y++) {
		enum assess_status st = assess_get(a->db, p->id, m->outcomes[o].id);
		const char *mark = st == ASSESS_MET ? _("[met]    ") :
		    st == ASSESS_NOT_YET ? _("[not yet]") : "[       ]";
		char line[900];
		snprintf(line, sizeof line, "%s %s %s", mark, as_suggested(v, o) ? "★" : " ",
		    m->outcomes[o].text[li]);
		if (o == a->item)
			attron(A_REVERSE);
		mvhline(y, 1, ' ', cols - 2);
		tui_put(y, 1, cols - 2, line);
		if (o == a->item)
			attroff(A_REVERSE);
	}
	tui_put(y++, 1, cols - 2, _("★ = the pack's evidence patterns match this person's words "
	    "(a suggestion; you decide)"));
	tui_hline(y++, 0, cols);
	/* The participant's words, with the selected outcome's evidence highlighted. */
	int skip = a->scroll, avail = top + rows - y;
	for (size_t i = 0; i < v->nentries && avail > 0; i++) {
		const struct entry *e = &v->entries[i];
		if (e->kind == ENTRY_NOTE || e->body[0] == '\0')
			continue;
		struct evidence_hit *hits = NULL;
		size_t nh = 0;
		if (v->ev)
			evidence_scan(v->ev, e->body, &hits, &nh);
		size_t *hl = kolb_xcalloc(2 * nh + 1, sizeof *hl), k = 0;
		for (size_t h = 0; h < nh; h++)
			if (hits[h].outcome == a->item) {
				hl[2 * k] = hits[h].start;
				hl[2 * k + 1] = hits[h].end;
				k++;
			}
		char label[200];
		snprintf(label, sizeof label, "%s %s:", e->kind == ENTRY_REFLECTION ? _("Reflection") :
		    _("Plan"), e->prompt_id);
		int textrows = tui_wrap_rows(e->body, cols - 4) + 1;
		if (skip >= textrows) {
			skip -= textrows;
		} else {
			if (skip == 0) {
				attron(A_DIM);
				tui_put(y++, 1, cols - 2, label);
				attroff(A_DIM);
				avail--;
			}
			int d = tui_wrap(y, 3, avail, cols - 4, e->body, (size_t)(skip > 0 ? skip - 1 : 0),
			    hl, k);
			y += d;
			avail -= d;
			skip = 0;
		}
		free(hl);
		free(hits);
	}
}

static void
as_set(struct app *a, enum assess_status st)
{
	struct kolb_err err;
	const struct pack_manifest *m = a->live->pack;
	if (a->person >= a->npeople || a->item >= m->noutcomes)
		return;
	if (assess_set(a->db, a->live->session.id, a->people[a->person].id, m->outcomes[a->item].id,
	    st, live_elapsed(a->live), &err) != 0)
		app_msg(a, true, "%s", err.msg);
}

static void
as_key(struct app *a, const struct tui_key *k)
{
	const struct pack_manifest *m = a->live->pack;
	size_t n = a->npeople;
	if (k->is_code) {
		switch (k->code) {
		case KEY_UP:
			if (a->item > 0)
				a->item--;
			break;
		case KEY_DOWN:
			if (a->item + 1 < m->noutcomes)
				a->item++;
			break;
		case KEY_BTAB:
			if (n) {
				a->person = (a->person + n - 1) % n;
				a->scroll = 0;
			}
			break;
		case KEY_NPAGE:
			a->scroll += 5;
			break;
		case KEY_PPAGE:
			a->scroll = a->scroll > 5 ? a->scroll - 5 : 0;
			break;
		}
		app_save_place(a);
		return;
	}
	switch (k->wch) {
	case '\t':
		if (n) {
			a->person = (a->person + 1) % n;
			a->scroll = 0;
			app_save_place(a);
		}
		break;
	case 'm':
		as_set(a, ASSESS_MET);
		break;
	case 'n':
		as_set(a, ASSESS_NOT_YET);
		break;
	case ' ': {
		if (a->person >= n || a->item >= m->noutcomes)
			break;
		enum assess_status st = assess_get(a->db, a->people[a->person].id,
		    m->outcomes[a->item].id);
		as_set(a, st == ASSESS_NONE ? ASSESS_MET : st == ASSESS_MET ? ASSESS_NOT_YET :
		    ASSESS_NONE);
		break;
	}
	case 'x':
		as_set(a, ASSESS_NONE);
		break;
	case 'k':
		if (a->item > 0)
			a->item--;
		break;
	case 'j':
		if (a->item + 1 < m->noutcomes)
			a->item++;
		break;
	case 27:
		app_close_session(a);
		break;
	}
}

const struct tui_view view_assessment = {
	.name = "assessment",
	.title = N_("Assessment"),
	.keys = N_("↑↓ outcome  m met  n not yet  x clear  Tab next person  PgDn scroll"),
	.help = N_("For each participant and learning outcome: met, or not yet. The pack's evidence patterns look for matching words in the participant's reflections and plans:\n"
	    "★ marks an outcome with evidence, and the words are highlighted below. kolb only suggests; you decide.\n"
	    "\n"
	    "↑ ↓              choose an outcome (its evidence is highlighted)\n"
	    "m / n / x        met / not yet / not assessed;  Space cycles\n"
	    "Tab / Shift-Tab  next / previous participant\n"
	    "PgDn / PgUp      scroll their words"),
	.enter = as_enter,
	.leave = as_leave,
	.draw = as_draw,
	.key = as_key,
};
