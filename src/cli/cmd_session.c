/* kolb session new|list|show|phase|close, and the helpers the session commands share. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli.h"
#include "l10n.h"
#include "textedit.h"
#include "completion.h"
#include "entry.h"
#include "live.h"
#include "manifest.h"
#include "pack.h"
#include "participant.h"
#include "session.h"
#include "text.h"

bool
cli_parse_id(const char *s, long long *out)
{
	if (s == NULL || *s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return false;
	*out = v;
	return true;
}

int
cli_id_arg(const struct cli_cmd *cmd, const char *what, const char *s, long long *out)
{
	if (!cli_parse_id(s, out))
		return cli_usage(cmd, _("%s must be a number such as 12, not \"%s\""), what, s);
	return CLI_OK;
}

int
cli_session_arg(struct cli_ctx *ctx, const struct cli_cmd *cmd, const char *arg,
    struct session *out)
{
	long long sid;
	if (cli_id_arg(cmd, _("the session id"), arg, &sid) != CLI_OK)
		return CLI_USAGE;
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct kolb_err err;
	if (session_get(ctx->db, sid, out, &err) != 0)
		return cli_error("%s", err.msg);
	return CLI_OK;
}

int
cli_live(struct cli_ctx *ctx, long long session_id, struct live **out)
{
	struct kolb_err err;
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	if (live_open(ctx->db, ctx->datadir, session_id, out, &err) != 0)
		return cli_error("%s", err.msg);
	return CLI_OK;
}

int
cli_read_all(FILE *f, size_t max, char **out, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = kolb_xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap)
			buf = kolb_xrealloc(buf, cap *= 2);
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (n > max) {
			free(buf);
			return 1;
		}
		if (r == 0) {
			if (ferror(f)) {
				free(buf);
				return -1;
			}
			break;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

void
cli_print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s != NULL)
		puts(s);
	free(s);
	json_decref(j);
}

void
cli_print_padded(const char *s, int width)
{
	fputs(s, stdout);
	for (int i = textedit_cols(s, strlen(s)); i < width; i++)
		putchar(' ');
	putchar(' ');
}

void
cli_print_label(const char *label)
{
	/* TRANSLATORS: the width, in columns, of the labels of `kolb session show` and
	 * `kolb pack show` ("Title:", "Date:"...): at least your longest label's. */
	int width = atoi(C_("label column width", "14"));
	if (width < 8 || width > 40)
		width = 14;
	fputs(label, stdout);
	for (int i = textedit_cols(label, strlen(label)); i < width; i++)
		putchar(' ');
}

int
cli_bad_option(const struct cli_cmd *cmd, const char *sub, char **argv)
{
	const char *opt = optind > 0 ? argv[optind - 1] : "?";
	if (sub != NULL)
		return cli_usage(cmd, _("%s %s: unknown option or missing value: %s"), cmd->name, sub,
		    opt);
	return cli_usage(cmd, _("%s: unknown option or missing value: %s"), cmd->name, opt);
}

/* --- JSON views --- */

static json_t *
session_json(const struct session *s)
{
	json_t *fac = json_loads(s->facilitators ? s->facilitators : "[]", 0, NULL);
	if (!json_is_array(fac)) {
		json_decref(fac);
		fac = json_array();
	}
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "uid", json_string(s->uid));
	json_object_set_new(o, "title", json_string(s->title));
	json_object_set_new(o, "pack_id", json_string(s->pack_id));
	json_object_set_new(o, "pack_version", json_string(s->pack_version));
	json_object_set_new(o, "pack_sha256", json_string(s->pack_sha256));
	json_object_set_new(o, "language", json_string(s->language));
	json_object_set_new(o, "province", json_string(s->province));
	json_object_set_new(o, "commune", json_string(s->commune));
	json_object_set_new(o, "village", json_string(s->village));
	json_object_set_new(o, "start_date", json_string(s->start_date));
	json_object_set_new(o, "days", json_integer(s->days));
	json_object_set_new(o, "facilitators", fac);
	json_object_set_new(o, "phase", json_string(session_phase_name(s->phase)));
	json_object_set_new(o, "phase_label", json_string(session_phase_label(s->phase)));
	json_object_set_new(o, "created_at", json_string(s->created_at));
	json_object_set_new(o, "closed_at",
	    s->closed_at && *s->closed_at ? json_string(s->closed_at) : json_null());
	return o;
}

/* --- option parsing --- */

struct session_args {
	bool json, yes;
	const char *pack, *pack_version, *lang, *title, *province, *commune, *village, *date;
	const char *days;
	const char **facilitators;
	size_t nfacilitators;
	int first;
};

static int
session_parse(int argc, char **argv, const char *allowed, struct session_args *a)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"yes", no_argument, NULL, 'y'},
		{"pack", required_argument, NULL, 'p'},
		{"pack-version", required_argument, NULL, 'v'},
		{"lang", required_argument, NULL, 'l'},
		{"title", required_argument, NULL, 't'},
		{"province", required_argument, NULL, 'P'},
		{"commune", required_argument, NULL, 'C'},
		{"village", required_argument, NULL, 'V'},
		{"date", required_argument, NULL, 'd'},
		{"days", required_argument, NULL, 'n'},
		{"facilitator", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	a->facilitators = kolb_xcalloc((size_t)argc + 1, sizeof *a->facilitators);
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == '?' || c == ':' || strchr(allowed, c) == NULL) {
			cli_bad_option(&cli_cmd_session, argv[0], argv);
			return -1;
		}
		switch (c) {
		case 'j': a->json = true; break;
		case 'y': a->yes = true; break;
		case 'p': a->pack = optarg; break;
		case 'v': a->pack_version = optarg; break;
		case 'l': a->lang = optarg; break;
		case 't': a->title = optarg; break;
		case 'P': a->province = optarg; break;
		case 'C': a->commune = optarg; break;
		case 'V': a->village = optarg; break;
		case 'd': a->date = optarg; break;
		case 'n': a->days = optarg; break;
		case 'f': a->facilitators[a->nfacilitators++] = optarg; break;
		}
	}
	a->first = optind;
	return 0;
}

/* One session id as the only positional argument (plus extra when given). */
static int
session_id_pos(struct session_args *a, int argc, char **argv, int extra, const char *what,
    long long *id)
{
	if (argc - a->first != 1 + extra)
		return cli_usage(&cli_cmd_session, "%s", what);
	return cli_id_arg(&cli_cmd_session, _("the session id"), argv[a->first], id);
}

/* --- subcommands --- */

static int
session_new_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct session_args a;
	int rc = CLI_USAGE;
	if (session_parse(argc, argv, "jpvltPCVdnf", &a) != 0)
		goto out;
	if (a.first != argc) {
		cli_usage(&cli_cmd_session, _("session new takes options only, not \"%s\""),
		    argv[a.first]);
		goto out;
	}
	if (a.pack == NULL || a.title == NULL || a.date == NULL) {
		cli_usage(&cli_cmd_session, _("session new needs --pack, --title and --date"));
		goto out;
	}
	if (!text_date_valid(a.date)) {
		cli_usage(&cli_cmd_session, _("--date must be a date written YYYY-MM-DD, not \"%s\""),
		    a.date);
		goto out;
	}
	int days = 1;
	if (a.days != NULL) {
		if (strlen(a.days) != 1 || a.days[0] < '1' || a.days[0] > '3') {
			cli_usage(&cli_cmd_session, _("--days must be 1, 2 or 3, not \"%s\""), a.days);
			goto out;
		}
		days = a.days[0] - '0';
	}
	rc = CLI_ERR;
	if (cli_open(ctx) != 0)
		goto out;
	struct session_new in = {
		.pack_id = a.pack, .pack_version = a.pack_version, .language = a.lang,
		.title = a.title, .province = a.province, .commune = a.commune,
		.village = a.village, .start_date = a.date, .days = days,
		.facilitators = a.facilitators, .nfacilitators = a.nfacilitators,
	};
	struct kolb_err err;
	long long id;
	if (session_create(ctx->db, &in, &id, &err) != 0) {
		cli_error("%s", err.msg);
		goto out;
	}
	if (a.json) {
		struct session s;
		if (session_get(ctx->db, id, &s, &err) != 0) {
			cli_error("%s", err.msg);
			goto out;
		}
		cli_print_json(session_json(&s));
		session_clear(&s);
	} else {
		printf("%lld\n", id);
	}
	rc = CLI_OK;
out:
	free(a.facilitators);
	return rc;
}

static int
session_list_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct session_args a;
	if (session_parse(argc, argv, "j", &a) != 0) {
		free(a.facilitators);
		return CLI_USAGE;
	}
	free(a.facilitators);
	if (a.first != argc)
		return cli_usage(&cli_cmd_session, _("session list takes no arguments"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct session *list;
	size_t n;
	struct kolb_err err;
	if (session_list(ctx->db, &list, &n, &err) != 0)
		return cli_error("%s", err.msg);
	json_t *out = a.json ? json_array() : NULL;
	if (!a.json && n == 0)
		printf(_("no sessions yet; start one with `kolb session new`\n"));
	else if (!a.json) {
		printf("%5s  ", _("ID"));
		cli_print_padded(_("DATE"), 10);
		cli_print_padded(_("PHASE"), 12);
		cli_print_padded(_("PEOPLE"), 6);
		printf("%s\n", _("TITLE (PACK)"));
	}
	int rc = CLI_OK;
	for (size_t i = 0; i < n; i++) {
		size_t np = (size_t)list[i].participants;
		if (a.json) {
			json_t *o = json_object();
			json_object_set_new(o, "id", json_integer(list[i].id));
			json_object_set_new(o, "uid", json_string(list[i].uid));
			json_object_set_new(o, "start_date", json_string(list[i].start_date));
			json_object_set_new(o, "days", json_integer(list[i].days));
			json_object_set_new(o, "phase", json_string(session_phase_name(list[i].phase)));
			json_object_set_new(o, "phase_label",
			    json_string(session_phase_label(list[i].phase)));
			json_object_set_new(o, "title", json_string(list[i].title));
			json_object_set_new(o, "pack_id", json_string(list[i].pack_id));
			json_object_set_new(o, "pack_version", json_string(list[i].pack_version));
			json_object_set_new(o, "participants", json_integer((json_int_t)np));
			json_array_append_new(out, o);
		} else {
			char num[24], date[32];
			printf("%5lld  ", list[i].id);
			cli_print_padded(l10n_date(list[i].start_date, date, sizeof date), 10);
			cli_print_padded(session_phase_label(list[i].phase), 12);
			snprintf(num, sizeof num, "%6zu", np);
			cli_print_padded(num, 6);
			printf("%s (%s %s)\n", list[i].title, list[i].pack_id, list[i].pack_version);
		}
	}
	if (a.json) {
		if (rc == CLI_OK)
			cli_print_json(out);
		else
			json_decref(out);
	}
	session_free_list(list, n);
	return rc;
}

/* An activity's saved status, read without taking the session (the TUI may hold it). */
static const char *
session_activity_status(struct db *db, long long session_id, const char *activity_id)
{
	static char buf[16];
	struct db_stmt *st;
	snprintf(buf, sizeof buf, "%s", activity_status_name(ACTIVITY_PENDING));
	if (db_prepare(db, "SELECT status FROM activities WHERE session_id = ? AND activity_id = ?",
	    &st, NULL) != 0)
		return buf;
	db_bind_int(st, 1, session_id);
	db_bind_text(st, 2, activity_id);
	if (db_step(st, NULL) == 1)
		snprintf(buf, sizeof buf, "%s", db_col_text(st, 0));
	db_finalize(st);
	return buf;
}

static const char *
session_activity_label(const char *status)
{
	if (strcmp(status, "done") == 0)
		return _("done");
	if (strcmp(status, "skipped") == 0)
		return _("skipped");
	return _("pending");
}

/* Everything `session show` prints, gathered once for text and JSON. */
struct session_view {
	struct session s;
	struct participant *ps;
	size_t np;
	struct pack_manifest *m; /* NULL when the pack is no longer installed */
	size_t lang;
	int counts[3];           /* entries per kind (current versions) */
	struct completion_row *done;
	size_t ndone;
};

static void
session_view_free(struct session_view *v)
{
	session_clear(&v->s);
	participant_free_list(v->ps, v->np);
	manifest_free(v->m);
	completion_free(v->done, v->ndone);
}

static int
session_view_load(struct cli_ctx *ctx, long long id, struct session_view *v,
    struct kolb_err *err)
{
	memset(v, 0, sizeof *v);
	if (session_get(ctx->db, id, &v->s, err) != 0)
		return -1;
	if (participant_list(ctx->db, id, &v->ps, &v->np, err) != 0)
		return -1;
	struct entry *es;
	size_t ne;
	if (entry_list(ctx->db, id, -1, -1, &es, &ne, err) != 0)
		return -1;
	for (size_t i = 0; i < ne; i++)
		if ((unsigned)es[i].kind < 3 && es[i].body[0] != '\0')
			v->counts[es[i].kind]++;
	entry_free_list(es, ne);
	struct kolb_err perr;
	if (pack_load(ctx->db, ctx->datadir, v->s.pack_id, v->s.pack_version, &v->m, NULL,
	    &perr) != 0) {
		v->m = NULL;
		return 0;
	}
	v->lang = manifest_lang(v->m, v->s.language);
	return completion_session(ctx->db, id, v->m, v->lang, &v->done, &v->ndone, err);
}

static size_t
session_view_complete(const struct session_view *v)
{
	size_t k = 0;
	for (size_t i = 0; i < v->ndone; i++)
		k += v->done[i].result.complete;
	return k;
}

static void
session_show_json(struct cli_ctx *ctx, const struct session_view *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "session", session_json(&v->s));
	json_t *ps = json_array();
	for (size_t i = 0; i < v->np; i++)
		json_array_append_new(ps, cli_participant_json(ctx->db, &v->ps[i], v->s.days));
	json_object_set_new(o, "participants", ps);
	json_object_set_new(o, "pack_installed", json_boolean(v->m != NULL));
	json_t *acts = json_array();
	for (size_t i = 0; v->m && i < v->m->nactivities; i++) {
		const struct pack_activity *act = &v->m->activities[i];
		json_array_append_new(acts, json_pack("{s:s, s:s, s:s}", "id", act->id, "title",
		    act->title[v->lang], "status", session_activity_status(ctx->db, v->s.id, act->id)));
	}
	json_object_set_new(o, "activities", acts);
	json_object_set_new(o, "entries", json_pack("{s:i, s:i, s:i}", "reflection",
	    v->counts[ENTRY_REFLECTION], "action_plan", v->counts[ENTRY_ACTION_PLAN], "note",
	    v->counts[ENTRY_NOTE]));
	if (v->m != NULL) {
		json_t *rows = json_array();
		for (size_t i = 0; i < v->ndone; i++) {
			const struct completion_result *r = &v->done[i].result;
			json_t *missing = json_array();
			for (size_t k = 0; k < r->missing.len; k++)
				json_array_append_new(missing, json_string(r->missing.items[k]));
			json_array_append_new(rows, json_pack("{s:I, s:s, s:b, s:i, s:o}",
			    "participant_id", (json_int_t)v->done[i].participant_id, "name",
			    v->done[i].name, "complete", r->complete, "attendance_percent",
			    r->attendance_percent, "missing", missing));
		}
		json_object_set_new(o, "completion", json_pack("{s:I, s:I, s:o}", "complete",
		    (json_int_t)session_view_complete(v), "participants", (json_int_t)v->ndone,
		    "rows", rows));
	} else {
		json_object_set_new(o, "completion", json_null());
	}
	cli_print_json(o);
}

static void
session_show_text(struct cli_ctx *ctx, const struct session_view *v)
{
	const struct session *s = &v->s;
	cli_print_label(_("Session:"));
	printf(" %lld (%s)\n", s->id, s->uid);
	cli_print_label(_("Title:"));
	printf(" %s\n", s->title);
	cli_print_label(_("Pack:"));
	printf(" %s %s (%s)%s\n", s->pack_id, s->pack_version, s->language,
	    v->m ? "" : _(" — no longer installed"));
	if (*s->village || *s->commune || *s->province) {
		cli_print_label(_("Place:"));
		const char *parts[] = {s->village, s->commune, s->province};
		bool first = true;
		for (int i = 0; i < 3; i++)
			if (*parts[i]) {
				printf("%s%s", first ? " " : ", ", parts[i]);
				first = false;
			}
		putchar('\n');
	}
	char date[32];
	cli_print_label(_("Date:"));
	printf(" %s, ", l10n_date(s->start_date, date, sizeof date));
	printf(ngettext("%d day\n", "%d days\n", (unsigned long)s->days), s->days);
	json_t *fac = json_loads(s->facilitators, 0, NULL);
	if (json_array_size(fac) > 0) {
		cli_print_label(_("Facilitators:"));
		size_t k;
		json_t *f;
		json_array_foreach(fac, k, f)
			printf("%s%s", k ? ", " : " ", json_string_value(f) ? json_string_value(f) : "");
		putchar('\n');
	}
	json_decref(fac);
	cli_print_label(_("Phase:"));
	printf(" %s\n", session_phase_label(s->phase));
	cli_print_label(_("Created:"));
	printf(" %s\n", s->created_at);
	if (*s->closed_at) {
		cli_print_label(_("Closed:"));
		printf(" %s\n", s->closed_at);
	}

	printf("\n%s (%zu)\n", _("Participants"), v->np);
	for (size_t i = 0; i < v->np; i++) {
		const struct participant *p = &v->ps[i];
		printf("  %5lld  ", p->id);
		cli_print_padded(p->name, 24);
		for (int d = 1; d <= s->days; d++)
			printf(" %s %d: %s", _("day"), d,
			    attendance_get(ctx->db, p->id, d) == 1 ? _("present") : _("absent"));
		if (p->is_minor)
			printf("  (%s)", _("minor"));
		putchar('\n');
	}
	if (v->m != NULL) {
		printf("\n%s\n", _("Activities"));
		for (size_t i = 0; i < v->m->nactivities; i++) {
			const struct pack_activity *act = &v->m->activities[i];
			printf("  ");
			cli_print_padded(act->id, 20);
			cli_print_padded(session_activity_label(
			    session_activity_status(ctx->db, s->id, act->id)), 8);
			printf("%s\n", act->title[v->lang]);
		}
	}
	int nr = v->counts[ENTRY_REFLECTION], na = v->counts[ENTRY_ACTION_PLAN],
	    nn = v->counts[ENTRY_NOTE];
	putchar('\n');
	cli_print_label(_("Entries:"));
	putchar(' ');
	printf(ngettext("%d reflection", "%d reflections", (unsigned long)nr), nr);
	fputs(", ", stdout);
	printf(ngettext("%d action plan", "%d action plans", (unsigned long)na), na);
	fputs(", ", stdout);
	printf(ngettext("%d note", "%d notes", (unsigned long)nn), nn);
	putchar('\n');
	if (v->m == NULL) {
		printf("%s\n", _("Completion cannot be checked: the pack is not installed."));
		return;
	}
	printf("\n%s: %zu / %zu %s\n", _("Completion"), session_view_complete(v), v->ndone,
	    _("complete"));
	for (size_t i = 0; i < v->ndone; i++) {
		const struct completion_result *r = &v->done[i].result;
		printf("  %5lld  ", v->done[i].participant_id);
		cli_print_padded(v->done[i].name, 24);
		puts(r->complete ? _("complete") : _("not yet complete:"));
		for (size_t k = 0; k < r->missing.len; k++)
			printf("           - %s\n", r->missing.items[k]);
	}
}

static int
session_show_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct session_args a;
	int prc = session_parse(argc, argv, "j", &a);
	free(a.facilitators);
	if (prc != 0)
		return CLI_USAGE;
	long long id;
	int rc = session_id_pos(&a, argc, argv, 0, _("session show needs one session id"), &id);
	if (rc != CLI_OK)
		return rc;
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct session_view v;
	struct kolb_err err;
	if (session_view_load(ctx, id, &v, &err) != 0) {
		session_view_free(&v);
		return cli_error("%s", err.msg);
	}
	if (a.json)
		session_show_json(ctx, &v);
	else
		session_show_text(ctx, &v);
	session_view_free(&v);
	return CLI_OK;
}

static int
session_phase_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct session_args a;
	int prc = session_parse(argc, argv, "", &a);
	free(a.facilitators);
	if (prc != 0)
		return CLI_USAGE;
	long long id;
	int rc = session_id_pos(&a, argc, argv, 1, _("session phase needs a session id and a phase"),
	    &id);
	if (rc != CLI_OK)
		return rc;
	const char *name = argv[a.first + 1];
	enum session_phase to;
	if (strcmp(name, "closed") == 0)
		return cli_usage(&cli_cmd_session, _("close a session with `kolb session close ID "
		    "--yes`"));
	if (!session_phase_parse(name, &to))
		return cli_usage(&cli_cmd_session, _("unknown phase \"%s\"; use setup, experience, "
		    "reflection, application or assessment"), name);
	struct live *l;
	if (cli_live(ctx, id, &l) != CLI_OK)
		return CLI_ERR;
	struct kolb_err err;
	if (live_set_phase(l, to, &err) != 0)
		rc = cli_error(_("session %lld: %s"), id, err.msg);
	else
		printf(_("session %lld: %s\n"), id, session_phase_label(to));
	live_close(l);
	return rc;
}

static int
session_close_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct session_args a;
	int prc = session_parse(argc, argv, "y", &a);
	free(a.facilitators);
	if (prc != 0)
		return CLI_USAGE;
	long long id;
	int rc = session_id_pos(&a, argc, argv, 0, _("session close needs one session id"), &id);
	if (rc != CLI_OK)
		return rc;
	if (!a.yes)
		return cli_usage(&cli_cmd_session, _("closing locks the entries; add --yes"));
	struct live *l;
	if (cli_live(ctx, id, &l) != CLI_OK)
		return CLI_ERR;
	struct kolb_err err;
	if (live_close_session(l, &err) != 0)
		rc = cli_error(_("session %lld: %s"), id, err.msg);
	else
		printf(_("session %lld closed; later changes to entries are kept as corrections\n"),
		    id);
	live_close(l);
	return rc;
}

static int
cmd_session_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"new", session_new_cmd},
		{"list", session_list_cmd},
		{"show", session_show_cmd},
		{"phase", session_phase_cmd},
		{"close", session_close_cmd},
	};
	return cli_dispatch(ctx, &cli_cmd_session, subs, sizeof subs / sizeof subs[0], argc, argv,
	    _("session needs a subcommand"), _("unknown session subcommand \"%s\""));
}

const struct cli_cmd cli_cmd_session = {
	.name = "session",
	.usage = N_("new|list|show|phase|close ..."),
	.summary = N_("start, list, show and close workshop sessions"),
	.help = N_(
	    "  kolb session new --pack ID [--pack-version V] [--lang L] --title TEXT\n"
	    "        [--province P] [--commune C] [--village V] --date YYYY-MM-DD\n"
	    "        [--days 1..3] [--facilitator NAME]... [--json]\n"
	    "                          start a session with an installed pack (its current\n"
	    "                          version and first language unless given); prints the\n"
	    "                          new session's id. --facilitator may be repeated.\n"
	    "  kolb session list [--json]\n"
	    "                          sessions in progress first, then closed ones: id, date,\n"
	    "                          phase, number of participants, title and pack\n"
	    "  kolb session show ID [--json]\n"
	    "                          every field, the participants with their attendance per\n"
	    "                          day, the activities, the number of entries, and who has\n"
	    "                          completed the workshop (and what is missing for the\n"
	    "                          others)\n"
	    "  kolb session phase ID setup|experience|reflection|application|assessment\n"
	    "                          move the session to a phase (any phase may be revisited\n"
	    "                          until the session is closed)\n"
	    "  kolb session close ID --yes\n"
	    "                          close the session: its entries are locked, and a later\n"
	    "                          change to an entry is kept as a new version\n"
	    "\nCommands that change a session refuse while the session is open in kolb's\n"
	    "screens on this computer. Every change is recorded in the audit trail.\n"),
	.run = cmd_session_run,
};
