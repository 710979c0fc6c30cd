/* Participants: the roster, fast add and edit, attendance per day, CSV import. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "fsutil.h"
#include "roster.h"
#include "textedit.h"

enum people_mode { PEOPLE_LIST, PEOPLE_FORM, PEOPLE_IMPORT_PATH, PEOPLE_IMPORT_PREVIEW };

enum { PF_NAME, PF_GENDER, PF_AGE, PF_ETHNICITY, PF_ROLE, PF_MINOR, PF_CONSENT, PF_CONSENT_BY,
	PF_SHARE, PF_COUNT };

struct people {
	enum people_mode mode;
	long long editing;          /* participant id, 0 when adding */
	struct form form;
	struct form_field fields[PF_COUNT];
	struct roster roster;       /* import preview */
	char path[512];
};

static const char *const pf_genders[] = {"", "female", "male", "other", NULL};
static const char *const pf_ages[] = {"", "child", "youth", "adult", "elder", NULL};
static const char *const pf_roles[] = {"", "student", "caregiver", "parent", "teacher",
    "official", "other", NULL};

static void
people_enter(struct app *a)
{
	struct people *p = kolb_xcalloc(1, sizeof *p);
	a->screen_data = p;
	app_load_people(a);
	if (a->sel >= (int)a->npeople)
		a->sel = a->npeople ? (int)a->npeople - 1 : 0;
}

static void
people_leave(struct app *a)
{
	struct people *p = a->screen_data;
	if (p == NULL)
		return;
	roster_free(&p->roster);
	free(p);
	a->screen_data = NULL;
}

/* Open the form, filled from participant pp (NULL: a new one). */
static void
people_form(struct app *a, struct people *p, const struct participant *pp)
{
	static const char *const labels[PF_COUNT] = {N_("Name"), N_("Gender"), N_("Age group"),
	    N_("Ethnicity (optional)"), N_("Role"), N_("Under 16"), N_("Consent"),
	    N_("Consent given by"), N_("Name on the record")};
	memset(p->fields, 0, sizeof p->fields);
	for (int i = 0; i < PF_COUNT; i++) {
		p->fields[i].label = labels[i];
		p->fields[i].type = FORM_TEXT;
	}
	p->fields[PF_GENDER].type = FORM_CHOICE;
	p->fields[PF_GENDER].choices = participant_genders;
	p->fields[PF_AGE].type = FORM_CHOICE;
	p->fields[PF_AGE].choices = participant_age_groups;
	p->fields[PF_ROLE].type = FORM_CHOICE;
	p->fields[PF_ROLE].choices = participant_roles;
	p->fields[PF_CONSENT].type = FORM_CHOICE;
	p->fields[PF_CONSENT].choices = participant_consents;
	p->fields[PF_MINOR].type = FORM_BOOL;
	p->fields[PF_SHARE].type = FORM_BOOL;
	/* Empty is a valid choice for these three. */
	p->fields[PF_GENDER].choices = pf_genders;
	p->fields[PF_AGE].choices = pf_ages;
	p->fields[PF_ROLE].choices = pf_roles;
	snprintf(p->fields[PF_CONSENT].value, sizeof p->fields[PF_CONSENT].value, "unknown");
	p->editing = pp ? pp->id : 0;
	if (pp) {
		snprintf(p->fields[PF_NAME].value, 256, "%s", pp->name);
		snprintf(p->fields[PF_GENDER].value, 256, "%s", pp->gender);
		snprintf(p->fields[PF_AGE].value, 256, "%s", pp->age_group);
		snprintf(p->fields[PF_ETHNICITY].value, 256, "%s", pp->ethnicity);
		snprintf(p->fields[PF_ROLE].value, 256, "%s", pp->role);
		snprintf(p->fields[PF_MINOR].value, 256, "%s", pp->is_minor ? "1" : "");
		snprintf(p->fields[PF_CONSENT].value, 256, "%s", pp->consent);
		snprintf(p->fields[PF_CONSENT_BY].value, 256, "%s", pp->consent_by);
		snprintf(p->fields[PF_SHARE].value, 256, "%s", pp->share_name ? "1" : "");
	}
	p->form.fields = p->fields;
	p->form.n = PF_COUNT;
	p->form.submit = pp ? N_("Save") : N_("Add");
	p->form.error[0] = '\0';
	p->mode = PEOPLE_FORM;
	form_focus(a, &p->form, PF_NAME);
}

static void
people_submit(struct app *a, struct people *p)
{
	form_commit(a, &p->form);
	struct participant_fields f = {
		.name = p->fields[PF_NAME].value, .gender = p->fields[PF_GENDER].value,
		.age_group = p->fields[PF_AGE].value, .ethnicity = p->fields[PF_ETHNICITY].value,
		.role = p->fields[PF_ROLE].value, .consent = p->fields[PF_CONSENT].value,
		.consent_by = p->fields[PF_CONSENT_BY].value,
		.is_minor = p->fields[PF_MINOR].value[0] != '\0',
		.share_name = p->fields[PF_SHARE].value[0] != '\0',
	};
	struct kolb_err err;
	long long id = p->editing;
	int rc = id ? participant_update(a->db, id, &f, live_elapsed(a->live), &err) :
	    participant_add(a->db, a->live->session.id, &f, live_elapsed(a->live), &id, &err);
	if (rc != 0) {
		snprintf(p->form.error, sizeof p->form.error, "%s", err.msg);
		return;
	}
	field_close(a);
	app_load_people(a);
	for (size_t i = 0; i < a->npeople; i++)
		if (a->people[i].id == id)
			a->sel = (int)i;
	app_msg(a, false, p->editing ? _("Saved %s.") : _("Added %s. Press a to add the next."),
	    f.name);
	p->mode = PEOPLE_LIST;
}

static void
people_draw_list(struct app *a, int top, int rows, int cols)
{
	const struct live *l = a->live;
	int y = top + 1;
	char head[200];
	snprintf(head, sizeof head, _("%zu participants"), a->npeople);
	attron(A_BOLD);
	tui_put(y, 2, cols - 4, head);
	char days[32] = "";
	for (int d = 1; d <= l->session.days; d++) {
		size_t n = strlen(days);
		snprintf(days + n, sizeof days - n, " %s%d", _("D"), d);
	}
	tui_put(y, cols - 2 - (int)strlen(days), (int)strlen(days), days);
	attroff(A_BOLD);
	y++;
	int list_rows = rows - 2;
	if (a->sel < a->scroll)
		a->scroll = a->sel;
	if (a->sel >= a->scroll + list_rows)
		a->scroll = a->sel - list_rows + 1;
	if (a->npeople == 0)
		tui_wrap(y + 1, 4, 3, cols - 8, _("Nobody yet. Press a to add a participant, or i to "
		    "import a roster from a CSV file."), 0, NULL, 0);
	for (size_t i = (size_t)a->scroll; i < a->npeople && y < top + rows; i++, y++) {
		const struct participant *pp = &a->people[i];
		bool selected = (int)i == a->sel;
		if (selected)
			attron(A_REVERSE);
		mvhline(y, 1, ' ', cols - 2);
		/* Columns placed by display position: names are UTF-8 of any byte length. */
		char num[32];
		snprintf(num, sizeof num, "%3zu.", i + 1);
		int right = cols - 2 - 4 * l->session.days;
		const char *consent = pp->is_minor && strcmp(pp->consent, "given") == 0 ?
		    _("guardian") : participant_label(pp->consent);
		const struct {
			int x, w;
			const char *s;
		} col[] = {{2, 4, num}, {7, 24, pp->name}, {32, 7, participant_label(pp->gender)},
		    {40, 9, participant_label(pp->age_group)}, {50, 10, participant_label(pp->role)},
		    {61, right - 61, consent}};
		for (size_t c = 0; c < sizeof col / sizeof col[0]; c++)
			if (col[c].x < right)
				tui_put(y, col[c].x, col[c].x + col[c].w < right ? col[c].w : right - col[c].x,
				    col[c].s);
		for (int d = 1; d <= l->session.days; d++)
			tui_put(y, cols - 2 - 4 * (l->session.days - d + 1) + 1, 3,
			    attendance_get(a->db, pp->id, d) ? "[x]" : "[ ]");
		if (selected)
			attroff(A_REVERSE);
	}
}

static void
people_draw(struct app *a, int top, int rows, int cols)
{
	struct people *p = a->screen_data;
	switch (p->mode) {
	case PEOPLE_LIST:
		people_draw_list(a, top, rows, cols);
		break;
	case PEOPLE_FORM:
		attron(A_BOLD);
		tui_put(top, 2, cols - 4, p->editing ? _("Edit participant") : _("New participant"));
		attroff(A_BOLD);
		form_draw(a, &p->form, top, rows, cols);
		break;
	case PEOPLE_IMPORT_PATH:
		tui_wrap(top + 1, 2, 3, cols - 4, _("Import a roster: type the path of a CSV file "
		    "(columns: name, gender, age_group, ethnicity, role, minor, consent, consent_by, "
		    "share_name; Vietnamese headers work too) and press Enter."), 0, NULL, 0);
		attron(A_UNDERLINE);
		mvhline(top + 5, 2, ' ', cols - 4);
		field_draw(a, top + 5, 2, 1, cols - 4);
		attroff(A_UNDERLINE);
		break;
	case PEOPLE_IMPORT_PREVIEW: {
		char head[300];
		snprintf(head, sizeof head, _("%s: %zu rows can be added, %zu refused. Enter adds "
		    "them, Esc cancels."), p->path, p->roster.accepted, p->roster.n - p->roster.accepted);
		attron(A_BOLD);
		tui_wrap(top, 2, 2, cols - 4, head, 0, NULL, 0);
		attroff(A_BOLD);
		int y = top + 2;
		if (a->scroll > (int)p->roster.n)
			a->scroll = 0;
		for (size_t i = (size_t)a->scroll; i < p->roster.n && y < top + rows; i++, y++) {
			const struct roster_row *r = &p->roster.rows[i];
			char line[600];
			if (r->ok)
				snprintf(line, sizeof line, "%4d  ✓ %s", r->line, r->name);
			else
				snprintf(line, sizeof line, "%4d  ✗ %s", r->line, r->error);
			tui_put(y, 2, cols - 4, line);
		}
		break;
	}
	}
}

static void
people_import_preview(struct app *a, struct people *p)
{
	char *buf;
	size_t len;
	struct kolb_err err;
	snprintf(p->path, sizeof p->path, "%s", textedit_text(a->edit));
	if (fs_read_file(p->path, 1 << 20, &buf, &len, &err) != 0) {
		app_msg(a, true, "%s", err.msg);
		return;
	}
	roster_free(&p->roster);
	memset(&p->roster, 0, sizeof p->roster);
	int rc = roster_parse(buf, len, &p->roster, &err);
	free(buf);
	if (rc != 0) {
		app_msg(a, true, "%s", err.msg);
		return;
	}
	field_close(a);
	a->scroll = 0;
	p->mode = PEOPLE_IMPORT_PREVIEW;
}

static void
people_key_list(struct app *a, struct people *p, const struct tui_key *k)
{
	int n = (int)a->npeople;
	struct kolb_err err;
	if (k->is_code) {
		if (k->code == KEY_UP && a->sel > 0)
			a->sel--;
		else if (k->code == KEY_DOWN && a->sel + 1 < n)
			a->sel++;
		else if (k->code == KEY_NPAGE)
			a->sel = a->sel + 10 < n ? a->sel + 10 : (n ? n - 1 : 0);
		else if (k->code == KEY_PPAGE)
			a->sel = a->sel > 10 ? a->sel - 10 : 0;
		else if (k->code == KEY_ENTER && a->sel < n)
			people_form(a, p, &a->people[a->sel]);
		return;
	}
	wint_t c = k->wch;
	if (c == 'a') {
		people_form(a, p, NULL);
	} else if ((c == 'e' || c == '\r' || c == '\n') && a->sel < n) {
		people_form(a, p, &a->people[a->sel]);
	} else if (c == 'i') {
		p->mode = PEOPLE_IMPORT_PATH;
		field_open(a, "", 500, false);
	} else if (c >= '1' && c <= '3' && a->sel < n) {
		int day = (int)(c - '0');
		long long id = a->people[a->sel].id;
		if (attendance_set(a->db, id, day, !attendance_get(a->db, id, day),
		    live_elapsed(a->live), &err) != 0)
			app_msg(a, true, "%s", err.msg);
	} else if (c == 'k' && a->sel > 0) {
		a->sel--;
	} else if (c == 'j' && a->sel + 1 < n) {
		a->sel++;
	} else if (c == 27) {
		app_close_session(a);
	}
}

static void
people_key(struct app *a, const struct tui_key *k)
{
	struct people *p = a->screen_data;
	switch (p->mode) {
	case PEOPLE_LIST:
		people_key_list(a, p, k);
		break;
	case PEOPLE_FORM:
		p->form.error[0] = '\0';
		switch (form_key(a, &p->form, k)) {
		case FORM_SUBMIT:
			people_submit(a, p);
			break;
		case FORM_CANCEL:
			field_close(a);
			p->mode = PEOPLE_LIST;
			app_msg(a, false, "%s", _("Not saved."));
			break;
		case FORM_NONE:
			break;
		}
		break;
	case PEOPLE_IMPORT_PATH:
		if (!k->is_code && (k->wch == '\r' || k->wch == '\n'))
			people_import_preview(a, p);
		else if (!k->is_code && k->wch == 27) {
			field_close(a);
			p->mode = PEOPLE_LIST;
		} else {
			field_key(a, k, COLS - 4);
		}
		break;
	case PEOPLE_IMPORT_PREVIEW:
		if (!k->is_code && (k->wch == '\r' || k->wch == '\n')) {
			size_t added;
			struct kolb_err err;
			if (roster_import(a->db, a->live->session.id, &p->roster, live_elapsed(a->live),
			    &added, &err) != 0) {
				app_msg(a, true, "%s", err.msg);
			} else {
				app_msg(a, false, _("Added %zu participants; %zu rows refused."), added,
				    p->roster.n - p->roster.accepted);
				app_load_people(a);
			}
			p->mode = PEOPLE_LIST;
		} else if (!k->is_code && k->wch == 27) {
			p->mode = PEOPLE_LIST;
		} else if (k->is_code && k->code == KEY_DOWN) {
			a->scroll++;
		} else if (k->is_code && k->code == KEY_UP && a->scroll > 0) {
			a->scroll--;
		}
		break;
	}
}

static bool
people_typing(const struct app *a)
{
	return a->edit != NULL;
}

const struct tui_view view_people = {
	.name = "people",
	.title = N_("Participants"),
	.keys = N_("a add  Enter edit  1-3 attendance  i import  F3 experience"),
	.help = N_("The participants of this session and their attendance.\n"
	    "\n"
	    "a          add a participant (name, gender, age group, ethnicity, role, consent)\n"
	    "Enter, e   edit the selected participant\n"
	    "1 2 3      mark the selected participant present or absent on day 1, 2 or 3\n"
	    "i          import a roster from a CSV file, with a preview of every row\n"
	    "↑ ↓        choose; PgUp PgDn by ten\n"
	    "\n"
	    "For a child under 16, consent is the guardian's: write the guardian's name in \"Consent given by\". \"Name on the record\" lets the completion record carry the name; without it the record identifies the learner only by a salted hash."),
	.enter = people_enter,
	.leave = people_leave,
	.draw = people_draw,
	.key = people_key,
	.typing = people_typing,
};
