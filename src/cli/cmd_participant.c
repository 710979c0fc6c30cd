/* kolb participant add|edit|list|import */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "live.h"
#include "participant.h"
#include "roster.h"
#include "session.h"

/* A roster file is a few hundred lines; anything near this is not a roster. */
#define PARTICIPANT_CSV_MAX (8 * 1024 * 1024)

int
cli_participant_in(struct cli_ctx *ctx, long long session_id, long long id,
    struct participant *out)
{
	struct kolb_err err;
	if (participant_get(ctx->db, id, out, &err) != 0)
		return cli_error("%s", err.msg);
	if (out->session_id != session_id) {
		participant_clear(out);
		return cli_error(_("participant %lld is not in session %lld"), id, session_id);
	}
	return CLI_OK;
}

json_t *
cli_participant_json(struct db *db, const struct participant *p, int days)
{
	json_t *att = json_array();
	int present = 0;
	for (int d = 1; d <= days; d++) {
		bool here = attendance_get(db, p->id, d) == 1;
		present += here;
		json_array_append_new(att, json_boolean(here));
	}
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "uid", json_string(p->uid));
	json_object_set_new(o, "session_id", json_integer(p->session_id));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "gender", json_string(p->gender));
	json_object_set_new(o, "age_group", json_string(p->age_group));
	json_object_set_new(o, "ethnicity", json_string(p->ethnicity));
	json_object_set_new(o, "role", json_string(p->role));
	json_object_set_new(o, "minor", json_boolean(p->is_minor));
	json_object_set_new(o, "consent", json_string(p->consent));
	json_object_set_new(o, "consent_by", json_string(p->consent_by));
	json_object_set_new(o, "share_name", json_boolean(p->share_name));
	json_object_set_new(o, "attendance", att);
	json_object_set_new(o, "days_present", json_integer(present));
	return o;
}

struct participant_args {
	bool json, dry_run;
	struct participant_fields f;
	int nfields; /* how many field options were given */
	int first;
};

/* value must be one of list (or "" when allow_empty); else a usage error naming the
 * allowed values. */
static int
participant_enum(const char *opt, const char *value, const char *const *list, bool allow_empty)
{
	if (*value == '\0' && allow_empty)
		return 0;
	char allowed[200] = "";
	for (const char *const *l = list; *l; l++) {
		if (strcmp(*l, value) == 0)
			return 0;
		if (*allowed)
			strncat(allowed, "|", sizeof allowed - strlen(allowed) - 1);
		strncat(allowed, *l, sizeof allowed - strlen(allowed) - 1);
	}
	cli_usage(&cli_cmd_participant, _("%s must be %s, not \"%s\""), opt, allowed, value);
	return -1;
}

static int
participant_parse(int argc, char **argv, const char *allowed, struct participant_args *a)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"dry-run", no_argument, NULL, 'd'},
		{"name", required_argument, NULL, 'n'},
		{"gender", required_argument, NULL, 'g'},
		{"age-group", required_argument, NULL, 'a'},
		{"ethnicity", required_argument, NULL, 'e'},
		{"role", required_argument, NULL, 'r'},
		{"minor", no_argument, NULL, 'm'},
		{"no-minor", no_argument, NULL, 'M'},
		{"consent", required_argument, NULL, 'c'},
		{"consent-by", required_argument, NULL, 'b'},
		{"share-name", no_argument, NULL, 's'},
		{"no-share-name", no_argument, NULL, 'S'},
		{NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	a->f = (struct participant_fields)PARTICIPANT_FIELDS_UNCHANGED;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == '?' || c == ':' || strchr(allowed, c) == NULL) {
			cli_bad_option(&cli_cmd_participant, argv[0], argv);
			return -1;
		}
		if (c != 'j' && c != 'd')
			a->nfields++;
		switch (c) {
		case 'j': a->json = true; break;
		case 'd': a->dry_run = true; break;
		case 'n': a->f.name = optarg; break;
		case 'g':
			if (participant_enum("--gender", optarg, participant_genders, true) != 0)
				return -1;
			a->f.gender = optarg;
			break;
		case 'a':
			if (participant_enum("--age-group", optarg, participant_age_groups, true) != 0)
				return -1;
			a->f.age_group = optarg;
			break;
		case 'e': a->f.ethnicity = optarg; break;
		case 'r':
			if (participant_enum("--role", optarg, participant_roles, true) != 0)
				return -1;
			a->f.role = optarg;
			break;
		case 'm': a->f.is_minor = 1; break;
		case 'M': a->f.is_minor = 0; break;
		case 'c':
			if (participant_enum("--consent", optarg, participant_consents, false) != 0)
				return -1;
			a->f.consent = optarg;
			break;
		case 'b': a->f.consent_by = optarg; break;
		case 's': a->f.share_name = 1; break;
		case 'S': a->f.share_name = 0; break;
		}
	}
	a->first = optind;
	return 0;
}

/* Print one participant as JSON, read back from the database. */
static int
participant_print_json(struct cli_ctx *ctx, long long id)
{
	struct participant p;
	struct session s;
	struct kolb_err err;
	if (participant_get(ctx->db, id, &p, &err) != 0)
		return cli_error("%s", err.msg);
	int days = 1;
	if (session_get(ctx->db, p.session_id, &s, &err) == 0) {
		days = s.days;
		session_clear(&s);
	}
	cli_print_json(cli_participant_json(ctx->db, &p, days));
	participant_clear(&p);
	return CLI_OK;
}

static int
participant_add_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct participant_args a;
	if (participant_parse(argc, argv, "jngaermcbs", &a) != 0)
		return CLI_USAGE;
	if (argc - a.first != 1)
		return cli_usage(&cli_cmd_participant, _("participant add needs one session id"));
	long long sid;
	if (cli_id_arg(&cli_cmd_participant, _("the session id"), argv[a.first], &sid) != CLI_OK)
		return CLI_USAGE;
	if (a.f.name == NULL)
		return cli_usage(&cli_cmd_participant, _("participant add needs --name"));
	/* Absent fields are empty on add. */
	if (a.f.is_minor < 0)
		a.f.is_minor = 0;
	if (a.f.share_name < 0)
		a.f.share_name = 0;
	struct kolb_err err;
	if (participant_check(&a.f, true, &err) != 0)
		return cli_error("%s", err.msg);
	struct live *l;
	if (cli_live(ctx, sid, &l) != CLI_OK)
		return CLI_ERR;
	long long id;
	int rc = CLI_OK;
	if (participant_add(ctx->db, sid, &a.f, live_elapsed(l), &id, &err) != 0)
		rc = cli_error("%s", err.msg);
	live_close(l);
	if (rc != CLI_OK)
		return rc;
	if (a.json)
		return participant_print_json(ctx, id);
	printf("%lld\n", id);
	return CLI_OK;
}

static int
participant_edit_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct participant_args a;
	if (participant_parse(argc, argv, "jngaermMcbsS", &a) != 0)
		return CLI_USAGE;
	if (argc - a.first != 1)
		return cli_usage(&cli_cmd_participant, _("participant edit needs one participant id"));
	long long id;
	if (cli_id_arg(&cli_cmd_participant, _("the participant id"), argv[a.first], &id) != CLI_OK)
		return CLI_USAGE;
	if (a.nfields == 0)
		return cli_usage(&cli_cmd_participant, _("participant edit needs something to change"));
	struct kolb_err err;
	if (participant_check(&a.f, false, &err) != 0)
		return cli_error("%s", err.msg);
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct participant p;
	if (participant_get(ctx->db, id, &p, &err) != 0)
		return cli_error("%s", err.msg);
	long long sid = p.session_id;
	participant_clear(&p);
	struct live *l;
	if (cli_live(ctx, sid, &l) != CLI_OK)
		return CLI_ERR;
	int rc = CLI_OK;
	if (participant_update(ctx->db, id, &a.f, live_elapsed(l), &err) != 0)
		rc = cli_error("%s", err.msg);
	live_close(l);
	if (rc != CLI_OK)
		return rc;
	if (a.json)
		return participant_print_json(ctx, id);
	printf(_("participant %lld updated\n"), id);
	return CLI_OK;
}

static int
participant_list_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct participant_args a;
	if (participant_parse(argc, argv, "j", &a) != 0)
		return CLI_USAGE;
	if (argc - a.first != 1)
		return cli_usage(&cli_cmd_participant, _("participant list needs one session id"));
	struct session s;
	int rc = cli_session_arg(ctx, &cli_cmd_participant, argv[a.first], &s);
	if (rc != CLI_OK)
		return rc;
	long long sid = s.id;
	struct kolb_err err;
	struct participant *ps;
	size_t n;
	if (participant_list(ctx->db, sid, &ps, &n, &err) != 0) {
		session_clear(&s);
		return cli_error("%s", err.msg);
	}
	if (a.json) {
		json_t *out = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(out, cli_participant_json(ctx->db, &ps[i], s.days));
		cli_print_json(out);
	} else if (n == 0) {
		printf(_("no participants yet; add them with `kolb participant add %lld --name NAME` "
		    "or `kolb participant import %lld FILE.csv`\n"), sid, sid);
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct participant *p = &ps[i];
			printf("%5lld  ", p->id);
			cli_print_padded(p->name, 24);
			cli_print_padded(participant_label(p->gender), 6);
			cli_print_padded(participant_label(p->age_group), 16);
			cli_print_padded(participant_label(p->role), 10);
			cli_print_padded(p->is_minor ? _("minor") : "", 5);
			printf("%s %s", _("consent:"), participant_label(p->consent));
			if (*p->consent_by)
				printf(" (%s)", p->consent_by);
			printf("  %s %d/%d\n", _("days:"), attendance_days(ctx->db, p->id), s.days);
		}
	}
	participant_free_list(ps, n);
	session_clear(&s);
	return CLI_OK;
}

static json_t *
participant_row_json(const struct roster_row *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "line", json_integer(r->line));
	json_object_set_new(o, "accepted", json_boolean(r->ok));
	if (!r->ok) {
		json_object_set_new(o, "error", json_string(r->error ? r->error : ""));
		if (r->name && *r->name)
			json_object_set_new(o, "name", json_string(r->name));
		return o;
	}
	json_object_set_new(o, "name", json_string(r->name));
	json_object_set_new(o, "gender", json_string(r->gender));
	json_object_set_new(o, "age_group", json_string(r->age_group));
	json_object_set_new(o, "ethnicity", json_string(r->ethnicity));
	json_object_set_new(o, "role", json_string(r->role));
	json_object_set_new(o, "minor", json_boolean(r->is_minor > 0));
	json_object_set_new(o, "consent", json_string(r->consent));
	json_object_set_new(o, "consent_by", json_string(r->consent_by));
	json_object_set_new(o, "share_name", json_boolean(r->share_name > 0));
	return o;
}

static void
participant_row_text(const struct roster_row *r)
{
	printf(_("line %d: "), r->line);
	if (!r->ok) {
		printf(_("refused: %s\n"), r->error ? r->error : "");
		return;
	}
	printf(_("accepted: %s"), r->name);
	const char *extra[] = {r->gender, r->age_group, r->role};
	for (int i = 0; i < 3; i++)
		if (extra[i] && *extra[i])
			printf(", %s", participant_label(extra[i]));
	if (r->is_minor > 0)
		printf(", %s", _("minor"));
	putchar('\n');
}

static int
participant_import_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct participant_args a;
	if (participant_parse(argc, argv, "jd", &a) != 0)
		return CLI_USAGE;
	if (argc - a.first != 2)
		return cli_usage(&cli_cmd_participant,
		    _("participant import needs a session id and a CSV file"));
	long long sid;
	if (cli_id_arg(&cli_cmd_participant, _("the session id"), argv[a.first], &sid) != CLI_OK)
		return CLI_USAGE;
	const char *path = argv[a.first + 1];
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct kolb_err err;
	struct session s;
	if (session_get(ctx->db, sid, &s, &err) != 0)
		return cli_error("%s", err.msg);
	session_clear(&s);

	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return cli_error("%s: %s", path, strerror(errno));
	char *text;
	size_t len;
	int r = cli_read_all(f, PARTICIPANT_CSV_MAX, &text, &len);
	int saved = errno;
	fclose(f);
	if (r > 0)
		return cli_error(_("%s: larger than %d MiB; this is not a roster"), path,
		    PARTICIPANT_CSV_MAX / (1024 * 1024));
	if (r < 0)
		return cli_error("%s: %s", path, strerror(saved));
	struct roster ro;
	int prc = roster_parse(text, len, &ro, &err);
	free(text);
	if (prc != 0)
		return cli_error("%s: %s", path, err.msg);
	size_t refused = ro.n - ro.accepted, added = 0;
	int rc = CLI_OK;
	if (ro.accepted == 0) {
		rc = CLI_ERR;
	} else if (!a.dry_run) {
		struct live *l;
		if (cli_live(ctx, sid, &l) != CLI_OK) {
			roster_free(&ro);
			return CLI_ERR;
		}
		if (roster_import(ctx->db, sid, &ro, live_elapsed(l), &added, &err) != 0)
			rc = cli_error("%s: %s", path, err.msg);
		live_close(l);
		if (rc != CLI_OK) {
			roster_free(&ro);
			return rc;
		}
	}
	if (a.json) {
		json_t *rows = json_array();
		for (size_t i = 0; i < ro.n; i++)
			json_array_append_new(rows, participant_row_json(&ro.rows[i]));
		cli_print_json(json_pack("{s:I, s:s, s:b, s:o, s:I, s:I, s:I}", "session_id",
		    (json_int_t)sid, "file", path, "dry_run", a.dry_run, "rows", rows, "accepted",
		    (json_int_t)ro.accepted, "refused", (json_int_t)refused, "added",
		    (json_int_t)added));
	} else {
		for (size_t i = 0; i < ro.n; i++)
			participant_row_text(&ro.rows[i]);
		if (a.dry_run)
			printf(_("%zu would be added, %zu refused (dry run: nothing was added)\n"),
			    ro.accepted, refused);
		else
			printf(_("%zu added, %zu refused\n"), added, refused);
		if (!a.dry_run && added > 0 && refused > 0)
			printf(_("the refused rows were not added: correct them and import only "
			    "those rows, or add them with `kolb participant add`\n"));
	}
	if (ro.accepted == 0)
		cli_error(_("%s: no row can be added (%zu refused)"), path, refused);
	roster_free(&ro);
	return rc;
}

static int
cmd_participant_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"add", participant_add_cmd},
		{"edit", participant_edit_cmd},
		{"list", participant_list_cmd},
		{"import", participant_import_cmd},
	};
	return cli_dispatch(ctx, &cli_cmd_participant, subs, sizeof subs / sizeof subs[0], argc,
	    argv, _("participant needs a subcommand"), _("unknown participant subcommand \"%s\""));
}

const struct cli_cmd cli_cmd_participant = {
	.name = "participant",
	.usage = N_("add|edit|list|import ..."),
	.summary = N_("add, edit, list and import a session's participants"),
	.help = N_(
	    "  kolb participant add SESSION --name NAME [--gender female|male|other]\n"
	    "        [--age-group child|youth|adult|elder] [--ethnicity E]\n"
	    "        [--role student|caregiver|parent|teacher|official|other] [--minor]\n"
	    "        [--consent given|refused|unknown] [--consent-by NAME] [--share-name]\n"
	    "        [--json]\n"
	    "                          add a participant; prints the new id\n"
	    "  kolb participant edit ID [the same options] [--no-minor] [--no-share-name]\n"
	    "                          change only the fields given\n"
	    "  kolb participant list SESSION [--json]\n"
	    "                          the participants, with consent and days present\n"
	    "  kolb participant import SESSION FILE.csv [--dry-run] [--json]\n"
	    "                          add participants from a CSV file (as Excel or LibreOffice\n"
	    "                          save it). The first row names the columns, in Vietnamese\n"
	    "                          or English: name/họ tên, gender/giới tính, age_group/nhóm\n"
	    "                          tuổi, ethnicity/dân tộc, role/vai trò, minor/trẻ em,\n"
	    "                          consent/đồng ý, consent_by/người đồng ý, share_name/ghi tên.\n"
	    "                          Every row is listed as accepted or refused (with its line\n"
	    "                          and the reason); the accepted rows are added together.\n"
	    "                          --dry-run only shows that report.\n"
	    "\nA minor's consent is given by a guardian: name them with --consent-by.\n"
	    "--share-name lets the completion record carry the name; without it the record\n"
	    "carries only a code. Exit status 1 when the file cannot be used or no row can be\n"
	    "added; 0 when some rows were refused but the others were added.\n"),
	.run = cmd_participant_run,
};
