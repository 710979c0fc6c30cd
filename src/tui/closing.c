/* Close: who meets the completion rules, exactly what the others miss, and closing. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "certprint.h"
#include "clock.h"
#include "completion.h"
#include "cred.h"
#include "fsutil.h"
#include "l10n.h"

struct closing {
	struct completion_row *rows;
	size_t n;
	bool confirm;         /* closing the session? y/n */
	bool confirm_records; /* is today's date right? y/n */
	char today[16];       /* YYYY-MM-DD, local, as the clock says */
	char today_shown[32]; /* the date and time in the interface convention */
};

/* Whether participant id has an unrevoked record (for the ✓ marks). */
static bool
close_has_record(struct app *a, long long id)
{
	struct db_stmt *st;
	bool has = false;
	if (db_prepare(a->db, "SELECT 1 FROM credentials WHERE participant_id = ? AND "
	    "revoked_at IS NULL", &st, NULL) == 0) {
		db_bind_int(st, 1, id);
		has = db_step(st, NULL) == 1;
		db_finalize(st);
	}
	return has;
}

/* Sign the records of everyone who completed, and write them as files under
 * DATA/records/SESSION-UID/. */
static void
close_issue(struct app *a, struct closing *c)
{
	struct kolb_err err;
	struct issuer is;
	time_t now = clock_wall();
	if (cred_check_clock(a->db, now, c->today, NULL, &err) != 0 ||
	    issuer_load(a->db, a->datadir, true, &is, &err) != 0) {
		app_msg(a, true, "%s", err.msg);
		return;
	}
	struct cred_batch b;
	int rc = cred_issue_session(a->db, a->datadir, a->live->session.id, &is, now, NULL, 0, &b,
	    &err);
	issuer_clear(&is);
	if (rc != 0) {
		app_msg(a, true, "%s", err.msg);
		return;
	}
	char *dir = kolb_xasprintf("%s/records/%s", a->datadir, a->live->session.uid);
	size_t fresh = 0;
	rc = fs_mkdir_p(dir, 0700, &err);
	for (size_t i = 0; rc == 0 && i < b.nissued; i++) {
		fresh += b.issued[i].new_record;
		/* The file is named by the record's id, never by the learner's name. */
		const char *u = strrchr(b.issued[i].uid, ':');
		char *path = kolb_xasprintf("%s/record-%s.json", dir, u ? u + 1 : b.issued[i].uid);
		char *text = kolb_xasprintf("%s\n", b.issued[i].document);
		rc = fs_write_atomic(path, text, strlen(text), 0600, &err);
		free(text);
		free(path);
	}
	if (rc != 0)
		app_msg(a, true, "%s", err.msg);
	else
		app_msg(a, false, _("%zu records (%zu new) signed and saved in %s; %zu not issued."),
		    b.nissued, fresh, dir, b.nrefused);
	free(dir);
	cred_batch_free(&b);
}

/* Print the class list and the certificates (A4) to DATA/print/ and say where. */
static void
close_print(struct app *a)
{
	struct kolb_err err;
	long long sid = a->live->session.id;
	char *list = NULL, *certs = NULL;
	struct certprint_result lr, cr;
	struct certprint_opts o = {.size = CERTPRINT_A4};
	if (certprint_default_path(a->datadir, sid, "class-list", &list, &err) != 0 ||
	    certprint_default_path(a->datadir, sid, "certificates", &certs, &err) != 0) {
		app_msg(a, true, "%s", err.msg);
		goto out;
	}
	o.output = list;
	if (certprint_class_list(a->db, a->datadir, sid, &o, &lr, &err) != 0) {
		app_msg(a, true, "%s", err.msg);
		goto out;
	}
	o.output = certs;
	if (certprint_session(a->db, a->datadir, sid, &o, &cr, &err) != 0)
		app_msg(a, true, _("Class list printed to %s; no certificates: %s"), list, err.msg);
	else if (cr.name_changed > 0)
		app_msg(a, true, ngettext("%zu certificates and the class list printed in %s/print; "
		    "%zu left out: the name was changed after the record was issued (kolb records "
		    "revoke, then kolb records issue --replace)", "%zu certificates and the class list "
		    "printed in %s/print; %zu left out: the names were changed after the records were "
		    "issued (kolb records revoke, then kolb records issue --replace)",
		    (unsigned long)cr.name_changed), cr.printed, a->datadir, cr.name_changed);
	else
		app_msg(a, false, ngettext("%zu certificate and the class list printed in %s/print",
		    "%zu certificates and the class list printed in %s/print",
		    (unsigned long)cr.printed), cr.printed, a->datadir);
out:
	certprint_release();
	free(list);
	free(certs);
}

static void
close_load(struct app *a, struct closing *c)
{
	completion_free(c->rows, c->n);
	c->rows = NULL;
	c->n = 0;
	struct kolb_err err;
	if (completion_session(a->db, a->live->session.id, a->live->pack, a->live->lang, &c->rows,
	    &c->n, &err) != 0)
		app_msg(a, true, "%s", err.msg);
}

static void
close_enter(struct app *a)
{
	struct closing *c = kolb_xcalloc(1, sizeof *c);
	a->screen_data = c;
	close_load(a, c);
}

static void
close_leave(struct app *a)
{
	struct closing *c = a->screen_data;
	if (c == NULL)
		return;
	completion_free(c->rows, c->n);
	free(c);
	a->screen_data = NULL;
}

static void
close_draw(struct app *a, int top, int rows, int cols)
{
	struct closing *c = a->screen_data;
	size_t done = 0;
	for (size_t i = 0; i < c->n; i++)
		done += c->rows[i].result.complete;
	char head[300];
	if (a->live->session.phase == PHASE_CLOSED) {
		char when[40];
		time_t t;
		if (clock_parse(a->live->session.closed_at, &t))
			l10n_datetime(t, when, sizeof when);
		else
			snprintf(when, sizeof when, "%s", a->live->session.closed_at);
		snprintf(head, sizeof head, _("Closed on %s. %zu of %zu completed. Entries are locked: "
		    "a correction is kept as a new version."), when, done, c->n);
	} else {
		snprintf(head, sizeof head, _("%zu of %zu participants meet the completion rules."),
		    done, c->n);
	}
	attron(A_BOLD);
	int y = top + tui_wrap(top, 1, 2, cols - 2, head, 0, NULL, 0) + 1;
	attroff(A_BOLD);
	int bottom = top + rows - (c->confirm || c->confirm_records ? 2 : 0);
	int skip = a->scroll;
	for (size_t i = 0; i < c->n && y < bottom; i++) {
		const struct completion_row *r = &c->rows[i];
		char line[2000];
		if (r->result.complete) {
			snprintf(line, sizeof line, "✓ %s — %s%s", r->name, _("completed"),
			    close_has_record(a, r->participant_id) ? _("; record issued") : "");
		} else {
			snprintf(line, sizeof line, "✗ %s — ", r->name);
			for (size_t k = 0; k < r->result.missing.len; k++) {
				size_t n = strlen(line);
				snprintf(line + n, sizeof line - n, "%s%s", k ? "; " : "",
				    r->result.missing.items[k]);
			}
		}
		int nr = tui_wrap_rows(line, cols - 4);
		if (skip >= nr) {
			skip -= nr;
			continue;
		}
		y += tui_wrap(y, 2, bottom - y, cols - 4, line, (size_t)skip, NULL, 0);
		skip = 0;
	}
	if (c->confirm_records) {
		char q[300];
		snprintf(q, sizeof q, _("Today is %s by this computer. Right? Sign now: y / n"),
		    c->today_shown);
		attron(A_BOLD | A_REVERSE);
		mvhline(top + rows - 1, 0, ' ', cols);
		tui_put(top + rows - 1, 1, cols - 2, q);
		attroff(A_BOLD | A_REVERSE);
	}
	if (c->confirm) {
		attron(A_BOLD | A_REVERSE);
		mvhline(top + rows - 1, 0, ' ', cols);
		tui_put(top + rows - 1, 1, cols - 2, _("Close the session? Entries will be locked "
		    "(later corrections become new versions). y / n"));
		attroff(A_BOLD | A_REVERSE);
	}
}

static void
close_key(struct app *a, const struct tui_key *k)
{
	struct closing *c = a->screen_data;
	if (c->confirm_records) {
		c->confirm_records = false;
		if (!k->is_code && (k->wch == 'y' || k->wch == 'Y'))
			close_issue(a, c);
		else
			app_msg(a, false, "%s", _("Not signed. Set the computer's date and time, then "
			    "press r again."));
		close_load(a, c);
		return;
	}
	if (c->confirm) {
		c->confirm = false;
		if (!k->is_code && (k->wch == 'y' || k->wch == 'Y')) {
			struct kolb_err err;
			if (live_close_session(a->live, &err) != 0)
				app_msg(a, true, "%s", err.msg);
			else
				app_msg(a, false, "%s", _("The session is closed."));
			close_load(a, c);
		} else {
			app_msg(a, false, "%s", _("Not closed."));
		}
		return;
	}
	if (k->is_code) {
		if (k->code == KEY_DOWN || k->code == KEY_NPAGE)
			a->scroll += k->code == KEY_NPAGE ? 10 : 1;
		else if ((k->code == KEY_UP || k->code == KEY_PPAGE) && a->scroll > 0)
			a->scroll -= k->code == KEY_PPAGE && a->scroll >= 10 ? 10 : 1;
		return;
	}
	if (k->wch == 'r' || k->wch == 'R') {
		time_t now = clock_wall();
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(c->today, sizeof c->today, "%Y-%m-%d", &tm);
		l10n_datetime(now, c->today_shown, sizeof c->today_shown);
		/* No issuer, or a clock behind kolb's own records: say so before asking. */
		struct kolb_err err;
		struct issuer is;
		if (issuer_load(a->db, a->datadir, false, &is, &err) != 0 ||
		    cred_check_clock(a->db, now, c->today, NULL, &err) != 0)
			app_msg(a, true, "%s", err.msg);
		else
			c->confirm_records = true;
	} else if (k->wch == 'p' || k->wch == 'P') {
		close_print(a);
	} else if (k->wch == 'C' || k->wch == 'c') {
		if (a->live->session.phase == PHASE_CLOSED)
			app_msg(a, false, "%s", _("The session is already closed."));
		else
			c->confirm = true;
	} else if (k->wch == 27) {
		app_close_session(a);
	}
}

const struct tui_view view_close = {
	.name = "close",
	.title = N_("Close"),
	.keys = N_("↑↓ scroll  c close the session  r sign the completion records  p print"),
	.help = N_("Who meets the pack's completion rules and, for the others, exactly what is missing (attendance, a reflection, an action plan, an outcome not yet met).\n"
	    "\n"
	    "c     close the session (asks first). Closing locks the entries: a later correction is kept as a new version with its time, never an overwrite.\n"
	    "r     sign a completion record for everyone who completed. kolb first asks you to confirm today's date, and refuses a clock that is behind its own records. Records are kept in the database and as files in DATA/records/; signing again changes nothing, and a revoked record (kolb records revoke) stays revoked: `kolb records issue SESSION --replace PARTICIPANT` signs a new one, e.g. after a misspelt name was corrected.\n"
	    "p     print: the class list (every participant, attendance, completed / not yet / revoked) and one certificate per signed record, in the session's language, with a QR code that holds the signed record (kolb verify checks a scan offline). PDF files in DATA/print/, named by the session's number; revoked records are not printed.\n"
	    "↑ ↓   scroll (PgUp PgDn by ten)"),
	.enter = close_enter,
	.leave = close_leave,
	.draw = close_draw,
	.key = close_key,
};
