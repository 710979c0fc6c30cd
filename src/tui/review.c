/*
 * Review at the office: a read-only browser over the imported database, or over
 * one archive opened without importing (kolb review FILE): sessions, then a
 * session's participants, their reflections and action plans, and the records.
 * Nothing here writes.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "entry.h"
#include "participant.h"
#include "review.h"
#include "search.h"
#include "session.h"
#include "l10n.h"
#include "textedit.h"
#include "vnkey.h"
#include "tui.h"

enum review_tab { TAB_PEOPLE, TAB_WORDS, TAB_RECORDS, TAB_COUNT };

struct review {
	struct db *db;
	const char *source;        /* shown in the title bar */
	struct session *sessions;
	size_t nsessions;
	int sel, scroll;
	bool in_session;
	enum review_tab tab;
	struct participant *people;
	size_t npeople;
	struct entry *entries;
	size_t nentries;
	char **records;            /* one display line per record */
	size_t nrecords;
	char msg[600];
	/* Search ("/"): the pattern being typed, then the results. */
	struct textedit *pattern;  /* non-NULL while typing a pattern */
	bool fold;                 /* ignore diacritics */
	struct vnkey typing;       /* Vietnamese typing in the pattern (Ctrl-T) */
	bool in_results;
	struct review_result *results;
	size_t nresults;
	int rscroll;
};

/* One search result, copied out of the search callback. */
struct review_result {
	char *head;                /* date · session · who · kind prompt */
	char *body;
	size_t *hl;                /* [start, end) pairs of the matches */
	size_t nhl;
};

static void
review_free_results(struct review *r)
{
	for (size_t i = 0; i < r->nresults; i++) {
		free(r->results[i].head);
		free(r->results[i].body);
		free(r->results[i].hl);
	}
	free(r->results);
	r->results = NULL;
	r->nresults = 0;
}

static int
review_collect(const struct search_hit *h, void *arg)
{
	struct review *r = arg;
	r->results = kolb_xrealloc(r->results, (r->nresults + 1) * sizeof *r->results);
	struct review_result *x = &r->results[r->nresults++];
	char date[32];
	x->head = kolb_xasprintf("%s · %s · %s · %s %s", l10n_date(h->session_date, date,
	    sizeof date), h->session_title,
	    h->who[0] ? h->who : _("(facilitator's note)"), h->kind == ENTRY_REFLECTION ?
	    _("reflection") : h->kind == ENTRY_ACTION_PLAN ? _("plan") : _("note"), h->prompt_id);
	x->body = kolb_xasprintf("%.*s", (int)h->body_len, h->body);
	x->nhl = h->nspans;
	x->hl = kolb_xcalloc(2 * h->nspans, sizeof *x->hl);
	for (size_t i = 0; i < h->nspans; i++) {
		x->hl[2 * i] = h->spans[i].start;
		x->hl[2 * i + 1] = h->spans[i].end;
	}
	return r->nresults >= 2000; /* enough to read on a screen */
}

static void
review_search(struct review *r)
{
	struct kolb_err err;
	review_free_results(r);
	struct search *s = search_new(textedit_text(r->pattern), r->fold, &err);
	if (s == NULL) {
		snprintf(r->msg, sizeof r->msg, "%s", err.msg);
		return;
	}
	if (search_run(r->db, s, review_collect, r, &err) != 0)
		snprintf(r->msg, sizeof r->msg, "%s", err.msg);
	else
		snprintf(r->msg, sizeof r->msg, _("%zu entries match \"%s\"%s"), r->nresults,
		    textedit_text(r->pattern), r->fold ? _(" (ignoring diacritics)") : "");
	search_free(s);
	textedit_free(r->pattern);
	r->pattern = NULL;
	r->in_results = true;
	r->rscroll = 0;
}

static void
review_draw_results(struct review *r, int top, int rows, int cols)
{
	int y = top, skip = r->rscroll;
	if (r->nresults == 0)
		tui_put(top, 2, cols - 4, _("Nothing matches."));
	for (size_t i = 0; i < r->nresults && y < top + rows; i++) {
		const struct review_result *x = &r->results[i];
		int nr = 1 + tui_wrap_rows(x->body, cols - 4);
		if (skip >= nr) {
			skip -= nr;
			continue;
		}
		if (skip == 0) {
			attron(A_BOLD);
			tui_put(y++, 1, cols - 2, x->head);
			attroff(A_BOLD);
		}
		y += tui_wrap(y, 3, top + rows - y, cols - 4, x->body, (size_t)(skip > 0 ? skip - 1 : 0),
		    x->hl, x->nhl);
		skip = 0;
	}
}

static const char *
review_person(const struct review *r, long long id)
{
	for (size_t i = 0; i < r->npeople; i++)
		if (r->people[i].id == id)
			return r->people[i].name;
	return "";
}

static void
review_free_session(struct review *r)
{
	participant_free_list(r->people, r->npeople);
	entry_free_list(r->entries, r->nentries);
	for (size_t i = 0; i < r->nrecords; i++)
		free(r->records[i]);
	free(r->records);
	r->people = NULL;
	r->entries = NULL;
	r->records = NULL;
	r->npeople = r->nentries = r->nrecords = 0;
}

static void
review_open(struct review *r, const struct session *s)
{
	struct kolb_err err;
	review_free_session(r);
	if (participant_list(r->db, s->id, &r->people, &r->npeople, &err) != 0 ||
	    entry_list(r->db, s->id, -1, -1, &r->entries, &r->nentries, &err) != 0)
		snprintf(r->msg, sizeof r->msg, "%s", err.msg);
	struct db_stmt *st;
	if (db_prepare(r->db, "SELECT p.name, c.issued_at, coalesce(c.revoked_at, ''), "
	    "coalesce(c.revoke_reason, ''), c.uid FROM credentials c JOIN participants p ON "
	    "p.id = c.participant_id WHERE p.session_id = ? ORDER BY p.id, c.issued_at, c.id", &st,
	    NULL) == 0) {
		db_bind_int(st, 1, s->id);
		while (db_step(st, NULL) == 1) {
			r->records = kolb_xrealloc(r->records, (r->nrecords + 1) * sizeof *r->records);
			const char *revoked = db_col_text(st, 2);
			char issued_d[32], revoked_d[32];
			l10n_date(db_col_text(st, 1), issued_d, sizeof issued_d);
			l10n_date(revoked, revoked_d, sizeof revoked_d);
			r->records[r->nrecords++] = *revoked ?
			    kolb_xasprintf(_("%s — issued %s — REVOKED %s: %s — %s"), db_col_text(st, 0),
			    issued_d, revoked_d, db_col_text(st, 3), db_col_text(st, 4)) :
			    kolb_xasprintf(_("%s — issued %s — %s"), db_col_text(st, 0), issued_d,
			    db_col_text(st, 4));
		}
		db_finalize(st);
	}
	r->in_session = true;
	r->tab = TAB_PEOPLE;
	r->scroll = 0;
}

/* The session's words as one long text per entry, drawn wrapped. */
static void
review_draw_words(struct review *r, int top, int rows, int cols)
{
	int y = top, skip = r->scroll;
	for (size_t i = 0; i < r->nentries && y < top + rows; i++) {
		const struct entry *e = &r->entries[i];
		if (e->kind == ENTRY_NOTE && e->body[0] == '\0')
			continue;
		const char *who = e->participant_id ? review_person(r, e->participant_id) :
		    e->group_name[0] ? e->group_name : _("(facilitator's note)");
		char *head = kolb_xasprintf("%s · %s %s%s%s", who, e->kind == ENTRY_REFLECTION ?
		    _("reflection") : e->kind == ENTRY_ACTION_PLAN ? _("plan") : _("note"), e->prompt_id,
		    e->version > 1 ? _(" (corrected)") : "", e->follow_up[0] ? " →" : "");
		if (e->follow_up[0]) {
			char *h2 = kolb_xasprintf("%s %s", head, e->follow_up);
			free(head);
			head = h2;
		}
		int nr = 1 + tui_wrap_rows(e->body, cols - 4);
		if (skip >= nr) {
			skip -= nr;
			free(head);
			continue;
		}
		if (skip == 0) {
			attron(A_BOLD);
			tui_put(y++, 1, cols - 2, head);
			attroff(A_BOLD);
		}
		y += tui_wrap(y, 3, top + rows - y, cols - 4, e->body, (size_t)(skip > 0 ? skip - 1 : 0),
		    NULL, 0);
		skip = 0;
		free(head);
	}
}

static void
review_draw(struct review *r)
{
	erase();
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		char m[120];
		snprintf(m, sizeof m, _("Window too small (%dx%d); kolb needs %dx%d."), COLS, LINES,
		    TUI_MIN_COLS, TUI_MIN_LINES);
		tui_wrap(0, 0, LINES, COLS, m, 0, NULL, 0);
		refresh();
		return;
	}
	char bar[600];
	int top = 2, rows = LINES - 4, cols = COLS;
	if (r->in_results) {
		snprintf(bar, sizeof bar, _("kolb review │ %s │ search"), r->source);
		tui_bar(0, bar, _("read-only"));
		review_draw_results(r, top, rows, cols);
		tui_bar(LINES - 1, _("↑↓ PgUp PgDn scroll  / new search  Esc back  q quit"), NULL);
	} else if (!r->in_session) {
		snprintf(bar, sizeof bar, _("kolb review │ %s │ read-only"), r->source);
		tui_bar(0, bar, NULL);
		if (r->nsessions == 0)
			tui_put(top, 2, cols - 4, _("No sessions."));
		if (r->sel < r->scroll)
			r->scroll = r->sel;
		if (r->sel >= r->scroll + rows)
			r->scroll = r->sel - rows + 1;
		for (int i = r->scroll; i < (int)r->nsessions && i - r->scroll < rows; i++) {
			const struct session *s = &r->sessions[i];
			char line[600], date[32];
			snprintf(line, sizeof line, "%s  %-11s %3d  %s · %s",
			    l10n_date(s->start_date, date, sizeof date),
			    session_phase_label(s->phase), s->participants, s->title, s->commune);
			if (i == r->sel)
				attron(A_REVERSE);
			mvhline(top + i - r->scroll, 1, ' ', cols - 2);
			tui_put(top + i - r->scroll, 2, cols - 4, line);
			if (i == r->sel)
				attroff(A_REVERSE);
		}
		tui_bar(LINES - 1, _("↑↓ choose  Enter open  / search all words  q quit"), NULL);
	} else {
		const struct session *s = &r->sessions[r->sel];
		static const char *const tabs[TAB_COUNT] = {N_("Participants"), N_("Reflections and "
		    "plans"), N_("Records")};
		char date[32];
		snprintf(bar, sizeof bar, "%s │ %s · %s │ %s", s->title,
		    l10n_date(s->start_date, date, sizeof date), s->commune, _(tabs[r->tab]));
		tui_bar(0, bar, _("read-only"));
		if (r->scroll < 0)
			r->scroll = 0;
		if (r->tab == TAB_PEOPLE) {
			for (int i = r->scroll; i < (int)r->npeople && i - r->scroll < rows; i++) {
				const struct participant *p = &r->people[i];
				char line[500];
				snprintf(line, sizeof line, "%3d. %s · %s · %s · %s · %s %d/%d", i + 1, p->name,
				    participant_label(p->gender), participant_label(p->age_group),
				    participant_label(p->role), _("days"), attendance_days(r->db, p->id), s->days);
				tui_put(top + i - r->scroll, 2, cols - 4, line);
			}
		} else if (r->tab == TAB_WORDS) {
			review_draw_words(r, top, rows, cols);
		} else {
			if (r->nrecords == 0)
				tui_put(top, 2, cols - 4, _("No completion records."));
			for (int i = r->scroll; i < (int)r->nrecords && i - r->scroll < rows; i++)
				tui_put(top + i - r->scroll, 2, cols - 4, r->records[i]);
		}
		tui_bar(LINES - 1, _("Tab next list  ↑↓ PgUp PgDn scroll  / search  Esc sessions  q quit"),
		    NULL);
	}
	if (r->msg[0])
		tui_put(LINES - 2, 1, cols - 2, r->msg);
	if (r->pattern) {
		char label[200];
		snprintf(label, sizeof label, "%s%s [^T %s]", _("Search"), r->fold ?
		    _(" (ignoring diacritics; F2: exact)") : _(" (exact; F2: ignore diacritics)"),
		    vnkey_mode_label(r->typing.mode));
		mvhline(LINES - 2, 0, ' ', cols);
		int w = tui_put(LINES - 2, 1, cols - 2, label);
		struct textedit_layout lay = {0};
		int fw = cols - w - 3;
		textedit_layout(r->pattern, fw, &lay);
		const char *t = textedit_text(r->pattern);
		size_t row = lay.cur_row;
		attron(A_UNDERLINE);
		mvhline(LINES - 2, w + 2, ' ', fw);
		tui_putn(LINES - 2, w + 2, fw, t + lay.rows[row].start,
		    lay.rows[row].end - lay.rows[row].start);
		attroff(A_UNDERLINE);
		move(LINES - 2, w + 2 + lay.cur_col);
		textedit_layout_free(&lay);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

int
review_main(struct db *db, const char *source)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		return cli_error(_("the terminal's locale is not UTF-8, so Vietnamese cannot be "
		    "shown; run with LANG=C.UTF-8 (or vi_VN.UTF-8)"));
	struct review r = {.db = db, .source = source};
	/* The data folder's settings (an archive's scratch database has none). */
	l10n_apply_setting(db, NULL);
	l10n_typing_load(db, &r.typing);
	struct kolb_err err;
	if (session_list(db, &r.sessions, &r.nsessions, &err) != 0)
		return cli_error("%s", err.msg);
	if (initscr() == NULL) {
		session_free_list(r.sessions, r.nsessions);
		return cli_error(_("cannot start the terminal screen (is TERM set?)"));
	}
	raw();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	bool quit = false;
	r.fold = true;
	while (!quit) {
		review_draw(&r);
		wint_t wch;
		int kr = get_wch(&wch);
		if (kr == ERR)
			continue;
		int ch = kr == KEY_CODE_YES ? (int)wch : (wch < 128 ? (int)wch : 0x10000);
		int page = LINES > 8 ? LINES - 6 : 1;
		if (r.pattern != NULL) {
			/* Typing a pattern: Enter searches, Esc cancels, F2 toggles folding. */
			if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
				if (textedit_len(r.pattern) > 0)
					review_search(&r);
			} else if (ch == 27) {
				textedit_free(r.pattern);
				r.pattern = NULL;
			} else if (ch == KEY_F(2)) {
				r.fold = !r.fold;
			} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
				textedit_backspace(r.pattern);
			} else if (ch == KEY_LEFT) {
				textedit_left(r.pattern);
			} else if (ch == KEY_RIGHT) {
				textedit_right(r.pattern);
			} else if (ch == 20) { /* Ctrl-T: plain, Telex, VNI */
				vnkey_init(&r.typing, vnkey_mode_next(r.typing.mode), r.typing.style);
			} else if (kr != KEY_CODE_YES && wch >= 32) {
				textedit_type(r.pattern, &r.typing, (unsigned int)wch);
			}
			continue;
		}
		r.msg[0] = '\0';
		if (ch == '/') {
			r.pattern = textedit_new(400, false);
			continue;
		}
		if (r.in_results) {
			if (ch == 27) {
				r.in_results = false;
				review_free_results(&r);
			} else if (ch == 'q' || ch == 17) {
				quit = true;
			} else if (ch == KEY_DOWN || ch == 'j') {
				r.rscroll++;
			} else if ((ch == KEY_UP || ch == 'k') && r.rscroll > 0) {
				r.rscroll--;
			} else if (ch == KEY_NPAGE) {
				r.rscroll += page;
			} else if (ch == KEY_PPAGE) {
				r.rscroll = r.rscroll > page ? r.rscroll - page : 0;
			}
			continue;
		}
		switch (ch) {
		case 'q':
		case 17: /* Ctrl-Q */
			quit = true;
			break;
		case 27:
			if (r.in_session) {
				r.in_session = false;
				r.scroll = 0;
				review_free_session(&r);
			} else {
				quit = true;
			}
			break;
		case '\n':
		case '\r':
		case KEY_ENTER:
			if (!r.in_session && r.sel < (int)r.nsessions)
				review_open(&r, &r.sessions[r.sel]);
			break;
		case '\t':
			if (r.in_session) {
				r.tab = (enum review_tab)((r.tab + 1) % TAB_COUNT);
				r.scroll = 0;
			}
			break;
		case KEY_UP:
		case 'k':
			if (r.in_session)
				r.scroll--;
			else if (r.sel > 0)
				r.sel--;
			break;
		case KEY_DOWN:
		case 'j':
			if (r.in_session)
				r.scroll++;
			else if (r.sel + 1 < (int)r.nsessions)
				r.sel++;
			break;
		case KEY_NPAGE:
			if (r.in_session)
				r.scroll += page;
			break;
		case KEY_PPAGE:
			if (r.in_session)
				r.scroll -= page;
			break;
		}
	}
	endwin();
	textedit_free(r.pattern);
	review_free_results(&r);
	review_free_session(&r);
	session_free_list(r.sessions, r.nsessions);
	return CLI_OK;
}
