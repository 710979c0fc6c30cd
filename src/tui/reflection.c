/*
 * Reflection and Application: each prompt in turn; the facilitator records each
 * participant's words (or a group's) as they speak, sees who has not spoken,
 * and moves between participants with one key. "Pass the netbook" shows a
 * participant only the prompt and their own field. Application adds an
 * optional follow-up date to each action plan.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "l10n.h"
#include "entry.h"
#include "text.h"
#include "textedit.h"

#define REFL_GROUPS 6
#define REFL_LIST_W 26

struct refl {
	enum entry_kind kind;
	bool dating;              /* the follow-up date field is open (application) */
	char follow_up[16];
};

static const struct pack_prompt *
refl_prompts(const struct app *a, const struct refl *r, size_t *n)
{
	const struct pack_manifest *m = a->live->pack;
	*n = r->kind == ENTRY_REFLECTION ? m->nreflection : m->napplication;
	return r->kind == ENTRY_REFLECTION ? m->reflection : m->application;
}

static bool
refl_group_mode(const struct app *a, const struct refl *r)
{
	size_t n;
	const struct pack_prompt *p = refl_prompts(a, r, &n);
	return r->kind == ENTRY_REFLECTION && a->item < n && strcmp(p[a->item].mode, "group") == 0;
}

/* How many rows the list has: participants, or groups for a group prompt. */
static size_t
refl_rows(const struct app *a, const struct refl *r)
{
	return refl_group_mode(a, r) ? REFL_GROUPS : a->npeople;
}

/* A group's name, which is also the key its entries are stored under: in the
 * session's language, so that changing the interface language never splits a
 * group's words between "Group 1" and "Nhóm 1". */
static void
refl_group_name(const struct app *a, size_t i, char *out, size_t outsz)
{
	const char *lang = a->live ? a->live->session.language : NULL;
	snprintf(out, outsz, l10n_in(lang, N_("Group %zu")), i + 1);
}

static bool
refl_key_for(const struct app *a, const struct refl *r, size_t who, struct entry_key *k,
    char *group, size_t gsz)
{
	size_t n;
	const struct pack_prompt *p = refl_prompts(a, r, &n);
	if (a->item >= n || who >= refl_rows(a, r))
		return false;
	*k = (struct entry_key){.session_id = a->live->session.id, .kind = r->kind,
	    .prompt_id = p[a->item].id, .group_name = ""};
	if (refl_group_mode(a, r)) {
		refl_group_name(a, who, group, gsz);
		k->group_name = group;
	} else {
		k->participant_id = a->people[who].id;
	}
	return true;
}

/* Save the field for the current participant and prompt. */
static void
refl_save(struct app *a)
{
	struct refl *r = a->screen_data;
	if (r == NULL || a->edit == NULL || !textedit_dirty(a->edit))
		return;
	struct entry_key k;
	char group[64];
	if (!refl_key_for(a, r, a->person, &k, group, sizeof group))
		return;
	struct kolb_err err;
	bool changed;
	if (entry_save(a->db, &k, textedit_text(a->edit), NULL, live_elapsed(a->live), &changed,
	    &err) != 0) {
		app_msg(a, true, "%s", err.msg);
		return;
	}
	textedit_mark_saved(a->edit);
	a->edit_saved_ms = timer_now_ms();
	if (changed && a->live->session.phase == PHASE_CLOSED)
		app_msg(a, false, "%s", _("The session is closed: saved as a correction (a new version)."));
}

/* Load the current participant's words into the field. */
static void
refl_load(struct app *a)
{
	struct refl *r = a->screen_data;
	struct entry_key k;
	char group[64];
	r->follow_up[0] = '\0';
	r->dating = false;
	if (!refl_key_for(a, r, a->person, &k, group, sizeof group)) {
		field_close(a);
		return;
	}
	struct entry cur;
	struct kolb_err err;
	if (entry_current(a->db, &k, &cur, &err) == 1) {
		field_open(a, cur.body, 16 * 1024, true);
		snprintf(r->follow_up, sizeof r->follow_up, "%s", cur.follow_up);
		entry_clear(&cur);
	} else {
		field_open(a, "", 16 * 1024, true);
	}
}

static bool
refl_spoken(const struct app *a, const struct refl *r, size_t who)
{
	struct entry_key k;
	char group[64];
	struct entry cur;
	if (!refl_key_for(a, r, who, &k, group, sizeof group))
		return false;
	bool spoken = entry_current(a->db, &k, &cur, NULL) == 1 && cur.body[0] != '\0';
	if (spoken)
		entry_clear(&cur);
	return spoken;
}

static void
refl_move(struct app *a, size_t person, size_t item)
{
	refl_save(a);
	a->person = person;
	a->item = item;
	refl_load(a);
	app_save_place(a);
}

static void
refl_enter_kind(struct app *a, enum entry_kind kind)
{
	struct refl *r = kolb_xcalloc(1, sizeof *r);
	r->kind = kind;
	a->screen_data = r;
	app_load_people(a);
	size_t n;
	refl_prompts(a, r, &n);
	if (a->item >= n)
		a->item = 0;
	if (a->person >= refl_rows(a, r))
		a->person = 0;
	refl_load(a);
}

static void
refl_enter(struct app *a)
{
	refl_enter_kind(a, ENTRY_REFLECTION);
}

static void
appl_enter(struct app *a)
{
	refl_enter_kind(a, ENTRY_ACTION_PLAN);
}

static void
refl_leave(struct app *a)
{
	if (a->screen_data == NULL)
		return;
	refl_save(a);
	field_close(a);
	free(a->screen_data);
	a->screen_data = NULL;
}

static void
refl_draw(struct app *a, int top, int rows, int cols)
{
	struct refl *r = a->screen_data;
	size_t np;
	const struct pack_prompt *p = refl_prompts(a, r, &np);
	size_t li = a->live->lang;
	size_t nrows = refl_rows(a, r);
	if (np == 0)
		return;
	char head[1200];
	if (r->kind == ENTRY_REFLECTION)
		snprintf(head, sizeof head, "%zu/%zu · %s: %s", a->item + 1, np,
		    strcmp(p[a->item].mode, "group") == 0 ? _("group") : _("each person"),
		    p[a->item].text[li]);
	else
		snprintf(head, sizeof head, "%zu/%zu: %s", a->item + 1, np, p[a->item].text[li]);
	attron(A_BOLD);
	int hy = tui_wrap(top, 1, 3, cols - 2, head, 0, NULL, 0);
	attroff(A_BOLD);
	int y = top + hy + 1;
	char name[200] = "";
	if (a->person < nrows) {
		if (refl_group_mode(a, r))
			refl_group_name(a, a->person, name, sizeof name);
		else
			snprintf(name, sizeof name, "%s", a->people[a->person].name);
	}
	int foot = r->kind == ENTRY_ACTION_PLAN ? 2 : 1;
	if (a->passmode) {
		/* Only the prompt, the participant's name and their own words. */
		attron(A_BOLD);
		tui_put(y, 1, cols - 2, name);
		attroff(A_BOLD);
		field_draw(a, y + 2, 2, top + rows - y - 3, cols - 4);
		return;
	}
	if (nrows == 0) {
		tui_wrap(y, 2, 3, cols - 4, _("There are no participants yet: add them on the "
		    "participants screen (F2)."), 0, NULL, 0);
		return;
	}
	/* Left: who has spoken (✓) and who not yet (·). */
	int list_h = top + rows - y;
	int spoken = 0;
	int first = (int)a->person - list_h + 1 > 0 ? (int)a->person - list_h + 1 : 0;
	for (size_t i = 0; i < nrows; i++) {
		bool s = refl_spoken(a, r, i);
		spoken += s;
		if ((int)i < first || (int)i >= first + list_h)
			continue;
		char line[200], g[64];
		if (refl_group_mode(a, r))
			refl_group_name(a, i, g, sizeof g);
		snprintf(line, sizeof line, "%s %s", s ? "✓" : "·",
		    refl_group_mode(a, r) ? g : a->people[i].name);
		if (i == a->person)
			attron(A_REVERSE);
		mvhline(y + (int)i - first, 1, ' ', REFL_LIST_W);
		tui_put(y + (int)i - first, 1, REFL_LIST_W, line);
		if (i == a->person)
			attroff(A_REVERSE);
	}
	mvvline(y, REFL_LIST_W + 2, ACS_VLINE, list_h);
	int fx = REFL_LIST_W + 4, fw = cols - fx - 1;
	char who[300];
	snprintf(who, sizeof who, "%s  (%d/%zu %s)", name, spoken, nrows,
	    r->kind == ENTRY_REFLECTION ? _("have spoken") : _("have a plan"));
	attron(A_BOLD);
	tui_put(y, fx, fw, who);
	attroff(A_BOLD);
	if (r->kind == ENTRY_ACTION_PLAN) {
		char fu[200], date[32];
		snprintf(fu, sizeof fu, "%s %s", _("Follow-up date:"),
		    r->follow_up[0] ? l10n_date(r->follow_up, date, sizeof date) :
		    _("none (F10 to set)"));
		tui_put(top + rows - 1, fx, fw, fu);
		if (r->dating) {
			attron(A_UNDERLINE);
			mvhline(top + rows - 1, fx + 16, ' ', 12);
			field_draw(a, top + rows - 1, fx + 16, 1, 12);
			attroff(A_UNDERLINE);
			return;
		}
	}
	field_draw(a, y + 1, fx, top + rows - y - 1 - foot, fw);
}

/* Next participant without words for this prompt, after the current one. */
static size_t
refl_next_silent(const struct app *a, const struct refl *r)
{
	size_t n = refl_rows(a, r);
	for (size_t k = 1; k <= n; k++) {
		size_t i = (a->person + k) % n;
		if (!refl_spoken(a, r, i))
			return i;
	}
	return a->person;
}

static void
refl_key(struct app *a, const struct tui_key *k)
{
	struct refl *r = a->screen_data;
	size_t np;
	refl_prompts(a, r, &np);
	size_t nrows = refl_rows(a, r);
	int fw = COLS - REFL_LIST_W - 5;
	if (k->is_code && k->code == KEY_F(9)) {
		refl_save(a);
		a->passmode = !a->passmode;
		app_msg(a, false, "%s", a->passmode ?
		    _("Pass the netbook: the participant sees only the prompt and their own words.") :
		    _("Back to the facilitator."));
		return;
	}
	if (r->dating) {
		if (!k->is_code && (k->wch == '\r' || k->wch == '\n')) {
			char d[11] = "";
			const char *typed = textedit_text(a->edit);
			if (*typed && l10n_parse_date(typed, d) != 0) {
				app_msg(a, true, "%s", _("Write the date as dd/mm/yyyy (or YYYY-MM-DD)."));
				return;
			}
			struct entry_key ek;
			char group[64];
			struct kolb_err err;
			if (refl_key_for(a, r, a->person, &ek, group, sizeof group)) {
				struct entry cur;
				char *body = NULL;
				if (entry_current(a->db, &ek, &cur, &err) == 1) {
					body = kolb_xstrdup(cur.body);
					entry_clear(&cur);
				}
				if (entry_save(a->db, &ek, body ? body : "", d, live_elapsed(a->live), NULL,
				    &err) != 0)
					app_msg(a, true, "%s", err.msg);
				free(body);
			}
			refl_load(a);
		} else if (!k->is_code && k->wch == 27) {
			refl_load(a);
		} else {
			field_key(a, k, 12);
		}
		return;
	}
	if (!a->passmode && k->is_code) {
		switch (k->code) {
		case KEY_NPAGE:
			if (a->item + 1 < np)
				refl_move(a, a->person < refl_rows(a, r) ? a->person : 0, a->item + 1);
			if (a->person >= refl_rows(a, r))
				refl_move(a, 0, a->item);
			return;
		case KEY_PPAGE:
			if (a->item > 0)
				refl_move(a, a->person, a->item - 1);
			if (a->person >= refl_rows(a, r))
				refl_move(a, 0, a->item);
			return;
		case KEY_BTAB:
			if (nrows)
				refl_move(a, (a->person + nrows - 1) % nrows, a->item);
			return;
		case KEY_F(8):
			if (nrows)
				refl_move(a, refl_next_silent(a, r), a->item);
			return;
		case KEY_F(10):
			if (r->kind == ENTRY_ACTION_PLAN && nrows) {
				refl_save(a);
				char date[32];
				field_open(a, r->follow_up[0] ? l10n_date(r->follow_up, date, sizeof date) :
				    "", 10, false);
				r->dating = true;
			}
			return;
		}
	}
	if (!k->is_code && k->wch == '\t' && !a->passmode) {
		if (nrows)
			refl_move(a, (a->person + 1) % nrows, a->item);
		return;
	}
	if (!k->is_code && k->wch == 27) {
		if (!a->passmode) {
			refl_save(a);
			app_close_session(a);
		}
		return;
	}
	if (!k->is_code && (k->wch == '\r' || k->wch == '\n')) {
		if (a->edit)
			textedit_insert(a->edit, "\n", 1);
		return;
	}
	if (field_key(a, k, fw))
		return;
	/* Up/Down past the field's edges move between participants. */
	if (k->is_code && k->code == KEY_UP && a->person > 0 && !a->passmode)
		refl_move(a, a->person - 1, a->item);
	else if (k->is_code && k->code == KEY_DOWN && a->person + 1 < nrows && !a->passmode)
		refl_move(a, a->person + 1, a->item);
}

static bool
refl_typing(const struct app *a)
{
	(void)a;
	return true;
}

const struct tui_view view_reflection = {
	.name = "reflection",
	.title = N_("Reflection"),
	.keys = N_("type their words  Tab next person  F8 next silent  PgDn prompt  F9 pass"),
	.help = N_("Each reflection prompt in turn (what happened, how it felt, what you noticed, why it happens). Type each participant's words as they speak; a group prompt records a group's words. ✓ marks who has spoken; · who has not yet.\n"
	    "\n"
	    "Tab / Shift-Tab   next / previous participant (or group)\n"
	    "F8                next participant who has not spoken yet\n"
	    "PgDn / PgUp       next / previous prompt\n"
	    "F9                pass the netbook: the participant types their own words and sees nobody else's; F9 again gives it back\n"
	    "Everything is saved when you move on, and every few seconds while you type."),
	.enter = refl_enter,
	.leave = refl_leave,
	.draw = refl_draw,
	.key = refl_key,
	.typing = refl_typing,
	.save = refl_save,
};

const struct tui_view view_application = {
	.name = "application",
	.title = N_("Application"),
	.keys = N_("type the plan  Tab next person  PgDn prompt  F10 follow-up date  F9 pass"),
	.help = N_("Each participant's action plan: what I will do and by when, who can help, how I will know it worked. Type their words for each application prompt.\n"
	    "\n"
	    "Tab / Shift-Tab   next / previous participant\n"
	    "F8                next participant without a plan yet\n"
	    "PgDn / PgUp       next / previous prompt\n"
	    "F10               set an optional follow-up date (YYYY-MM-DD)\n"
	    "F9                pass the netbook to the participant, and back"),
	.enter = appl_enter,
	.leave = refl_leave,
	.draw = refl_draw,
	.key = refl_key,
	.typing = refl_typing,
	.save = refl_save,
};
