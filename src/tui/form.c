/* Forms of labelled fields for the new-session and participant screens. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "participant.h"
#include "textedit.h"

#define FORM_LABEL_W 22

void
form_commit(struct app *a, struct form *f)
{
	if (a->edit == NULL || f->cur >= f->n || f->fields[f->cur].type != FORM_TEXT)
		return;
	snprintf(f->fields[f->cur].value, sizeof f->fields[f->cur].value, "%s",
	    textedit_text(a->edit));
}

void
form_focus(struct app *a, struct form *f, size_t i)
{
	form_commit(a, f);
	field_close(a);
	f->cur = i;
	if (i < f->n && f->fields[i].type == FORM_TEXT)
		field_open(a, f->fields[i].value, sizeof f->fields[i].value - 1, false);
}

/* Step a choice field's value forward or back. */
static void
form_cycle(struct form_field *fl, int dir)
{
	if (fl->type == FORM_BOOL) {
		snprintf(fl->value, sizeof fl->value, "%s", fl->value[0] ? "" : "1");
		return;
	}
	size_t n = 0, at = 0;
	while (fl->choices[n]) {
		if (strcmp(fl->choices[n], fl->value) == 0)
			at = n;
		n++;
	}
	if (n == 0)
		return;
	at = (at + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	snprintf(fl->value, sizeof fl->value, "%s", fl->choices[at]);
}

void
form_draw(struct app *a, struct form *f, int top, int rows, int cols)
{
	int y = top + 1;
	/* Keep the focused field in view on a small screen. */
	int first = 0;
	if ((int)f->cur >= rows - 4)
		first = (int)f->cur - (rows - 4) + 1;
	int cur_y = -1;
	for (size_t i = (size_t)first; i < f->n && y < top + rows - 3; i++, y++) {
		const struct form_field *fl = &f->fields[i];
		bool focus = i == f->cur;
		if (focus)
			attron(A_BOLD);
		tui_put(y, 2, FORM_LABEL_W, _(fl->label));
		if (focus)
			attroff(A_BOLD);
		int x = 2 + FORM_LABEL_W + 1, w = cols - x - 2;
		if (focus && fl->type == FORM_TEXT) {
			cur_y = y;
			continue;
		}
		char shown[300];
		if (fl->type == FORM_BOOL)
			snprintf(shown, sizeof shown, "[%s]", fl->value[0] ? "x" : " ");
		else if (fl->type == FORM_CHOICE)
			snprintf(shown, sizeof shown, "‹ %s ›", fl->choices == participant_genders ||
			    fl->choices == participant_age_groups || fl->choices == participant_roles ||
			    fl->choices == participant_consents ? participant_label(fl->value) : fl->value);
		else
			snprintf(shown, sizeof shown, "%s", fl->value);
		if (focus)
			attron(A_REVERSE);
		tui_put(y, x, w, shown);
		if (focus)
			attroff(A_REVERSE);
		if (!focus && fl->type == FORM_TEXT)
			mvhline(y, x + textedit_cols(fl->value, strlen(fl->value)), ' ', 0);
	}
	y++;
	char button[120];
	snprintf(button, sizeof button, "[ %s ]", _(f->submit));
	if (f->cur == f->n)
		attron(A_REVERSE);
	tui_put(y, 2 + FORM_LABEL_W + 1, cols - FORM_LABEL_W - 5, button);
	if (f->cur == f->n)
		attroff(A_REVERSE);
	if (f->error[0]) {
		attron(A_BOLD);
		tui_wrap(y + 2, 2, 2, cols - 4, f->error, 0, NULL, 0);
		attroff(A_BOLD);
	}
	if (cur_y >= 0) {
		int x = 2 + FORM_LABEL_W + 1;
		attron(A_UNDERLINE);
		mvhline(cur_y, x, ' ', cols - x - 2);
		field_draw(a, cur_y, x, 1, cols - x - 2);
		attroff(A_UNDERLINE);
	}
}

enum form_result
form_key(struct app *a, struct form *f, const struct tui_key *k)
{
	bool text = f->cur < f->n && f->fields[f->cur].type == FORM_TEXT;
	if (!k->is_code && k->wch == 27) {
		form_commit(a, f);
		return FORM_CANCEL;
	}
	if ((!k->is_code && (k->wch == '\r' || k->wch == '\n' || k->wch == '\t')) ||
	    (k->is_code && (k->code == KEY_DOWN || k->code == KEY_ENTER))) {
		if (f->cur == f->n && (!k->is_code || k->code == KEY_ENTER) && k->wch != '\t') {
			return FORM_SUBMIT;
		}
		form_focus(a, f, f->cur < f->n ? f->cur + 1 : 0);
		return FORM_NONE;
	}
	if ((k->is_code && (k->code == KEY_UP || k->code == KEY_BTAB))) {
		form_focus(a, f, f->cur > 0 ? f->cur - 1 : f->n);
		return FORM_NONE;
	}
	if (k->is_code && k->code == KEY_F(10)) {
		form_commit(a, f);
		return FORM_SUBMIT;
	}
	if (text)
		return field_key(a, k, 200) ? FORM_NONE : FORM_NONE;
	if (f->cur < f->n) {
		struct form_field *fl = &f->fields[f->cur];
		if (k->is_code && (k->code == KEY_RIGHT || k->code == KEY_LEFT))
			form_cycle(fl, k->code == KEY_RIGHT ? 1 : -1);
		else if (!k->is_code && k->wch == ' ')
			form_cycle(fl, 1);
	}
	return FORM_NONE;
}
