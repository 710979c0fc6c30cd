/* New session: pack and language, title, place, dates, facilitators. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "l10n.h"
#include "clock.h"
#include "pack.h"
#include "session.h"

enum { NS_PACK, NS_LANG, NS_TITLE, NS_PROVINCE, NS_COMMUNE, NS_VILLAGE, NS_DATE, NS_DAYS,
	NS_FACILITATORS, NS_COUNT };

struct newsession {
	struct form form;
	struct form_field fields[NS_COUNT];
	struct kolb_strlist packs, langs;
	const char **pack_choices, **lang_choices;
	char lang_for[256]; /* pack the language list was made for */
};

static const char *const ns_days[] = {"1", "2", "3", NULL};

/* Refresh the language choices when the pack changes. */
static void
ns_langs(struct app *a, struct newsession *ns)
{
	const char *pack = ns->fields[NS_PACK].value;
	if (strcmp(ns->lang_for, pack) == 0)
		return;
	snprintf(ns->lang_for, sizeof ns->lang_for, "%s", pack);
	kolb_strlist_clear(&ns->langs);
	struct db_pack p;
	if (pack_find(a->db, pack, NULL, &p, NULL) == 1) {
		json_t *l = json_loads(p.languages, 0, NULL);
		size_t i;
		json_t *v;
		json_array_foreach(l, i, v)
			kolb_strlist_add(&ns->langs, json_string_value(v));
		json_decref(l);
		db_pack_clear(&p);
	}
	free(ns->lang_choices);
	ns->lang_choices = kolb_xcalloc(ns->langs.len + 1, sizeof *ns->lang_choices);
	for (size_t i = 0; i < ns->langs.len; i++)
		ns->lang_choices[i] = ns->langs.items[i];
	ns->fields[NS_LANG].choices = ns->lang_choices;
	snprintf(ns->fields[NS_LANG].value, sizeof ns->fields[NS_LANG].value, "%s",
	    ns->langs.len ? ns->langs.items[0] : "");
}

static void
ns_enter(struct app *a)
{
	struct newsession *ns = kolb_xcalloc(1, sizeof *ns);
	struct db_pack *rows;
	size_t n;
	struct kolb_err err;
	if (db_pack_list(a->db, NULL, &rows, &n, &err) == 0) {
		for (size_t i = 0; i < n; i++)
			if (i + 1 == n || strcmp(rows[i + 1].id, rows[i].id) != 0)
				kolb_strlist_add(&ns->packs, rows[i].id);
		db_pack_free_list(rows, n);
	}
	ns->pack_choices = kolb_xcalloc(ns->packs.len + 1, sizeof *ns->pack_choices);
	for (size_t i = 0; i < ns->packs.len; i++)
		ns->pack_choices[i] = ns->packs.items[i];
	static const char *const labels[NS_COUNT] = {N_("Pack"), N_("Language"), N_("Title"),
	    N_("Province"), N_("Commune"), N_("Village"), N_("Start date"), N_("Days"),
	    N_("Facilitators")};
	for (int i = 0; i < NS_COUNT; i++) {
		ns->fields[i].label = labels[i];
		ns->fields[i].type = FORM_TEXT;
	}
	ns->fields[NS_PACK].type = FORM_CHOICE;
	ns->fields[NS_PACK].choices = ns->pack_choices;
	snprintf(ns->fields[NS_PACK].value, sizeof ns->fields[NS_PACK].value, "%s",
	    ns->packs.len ? ns->packs.items[0] : "");
	ns->fields[NS_LANG].type = FORM_CHOICE;
	ns->fields[NS_DAYS].type = FORM_CHOICE;
	ns->fields[NS_DAYS].choices = ns_days;
	snprintf(ns->fields[NS_DAYS].value, sizeof ns->fields[NS_DAYS].value, "1");
	char today[21], shown[32];
	clock_iso(clock_wall(), today);
	today[10] = '\0';
	snprintf(ns->fields[NS_DATE].value, sizeof ns->fields[NS_DATE].value, "%s",
	    l10n_date(today, shown, sizeof shown));
	ns->form.fields = ns->fields;
	ns->form.n = NS_COUNT;
	ns->form.submit = N_("Create the session");
	a->screen_data = ns;
	ns_langs(a, ns);
	form_focus(a, &ns->form, NS_TITLE);
}

static void
ns_leave(struct app *a)
{
	struct newsession *ns = a->screen_data;
	if (ns == NULL)
		return;
	kolb_strlist_clear(&ns->packs);
	kolb_strlist_clear(&ns->langs);
	free(ns->pack_choices);
	free(ns->lang_choices);
	free(ns);
	a->screen_data = NULL;
}

static void
ns_draw(struct app *a, int top, int rows, int cols)
{
	struct newsession *ns = a->screen_data;
	ns_langs(a, ns);
	form_draw(a, &ns->form, top, rows, cols);
}

static void
ns_create(struct app *a, struct newsession *ns)
{
	form_commit(a, &ns->form);
	/* Facilitators: names separated by commas. */
	struct kolb_strlist facs = {0};
	char *copy = kolb_xstrdup(ns->fields[NS_FACILITATORS].value);
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		size_t n = strlen(t);
		while (n > 0 && t[n - 1] == ' ')
			t[--n] = '\0';
		if (*t)
			kolb_strlist_add(&facs, t);
	}
	free(copy);
	struct session_new sn = {.pack_id = ns->fields[NS_PACK].value,
	    .language = ns->fields[NS_LANG].value, .title = ns->fields[NS_TITLE].value,
	    .province = ns->fields[NS_PROVINCE].value, .commune = ns->fields[NS_COMMUNE].value,
	    .village = ns->fields[NS_VILLAGE].value, .start_date = ns->fields[NS_DATE].value,
	    .days = atoi(ns->fields[NS_DAYS].value), .facilitators = (const char *const *)facs.items,
	    .nfacilitators = facs.len};
	long long id;
	struct kolb_err err;
	char date[11];
	if (l10n_parse_date(ns->fields[NS_DATE].value, date) != 0) {
		kolb_strlist_clear(&facs);
		snprintf(ns->form.error, sizeof ns->form.error, "%s",
		    _("Write the start date as dd/mm/yyyy (or YYYY-MM-DD)."));
		return;
	}
	sn.start_date = date;
	int rc = session_create(a->db, &sn, &id, &err);
	kolb_strlist_clear(&facs);
	if (rc != 0) {
		snprintf(ns->form.error, sizeof ns->form.error, "%s", err.msg);
		return;
	}
	app_go(a, SCR_HOME);
	if (app_open_session(a, id))
		app_msg(a, false, _("Session created. Add the participants (a) or import a roster (i)."));
}

static void
ns_key(struct app *a, const struct tui_key *k)
{
	struct newsession *ns = a->screen_data;
	ns->form.error[0] = '\0';
	switch (form_key(a, &ns->form, k)) {
	case FORM_SUBMIT:
		ns_create(a, ns);
		break;
	case FORM_CANCEL:
		app_go(a, SCR_HOME);
		break;
	case FORM_NONE:
		break;
	}
}

static bool
ns_typing(const struct app *a)
{
	return a->edit != NULL;
}

const struct tui_view view_new = {
	.name = "new",
	.title = N_("New session"),
	.keys = N_("↑↓ Tab field  ←→ choose  Enter next/create  F10 create"),
	.help = N_("Start a session: choose the pack and the language it will be run in, give it a title, the place (province, commune, village), the first day and the number of days (1 to 3), and the facilitators' names separated by commas.\n"
	    "\n"
	    "Tab, Enter or ↓  next field      Shift-Tab or ↑  previous field\n"
	    "← → or Space     change a choice (pack, language, days)\n"
	    "Enter on [Create the session], or F10, creates it; Esc goes back without saving."),
	.enter = ns_enter,
	.leave = ns_leave,
	.draw = ns_draw,
	.key = ns_key,
	.typing = ns_typing,
};
