/* kolb records issue|list|revoke|show: a session's signed completion records. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certprint.h"
#include "cli.h"
#include "clock.h"
#include "cred.h"
#include "fsutil.h"
#include "issuer.h"
#include "live.h"
#include "participant.h"
#include "session.h"
#include "text.h"

#define RECORDS_MAX_REPLACE 256

struct records_args {
	bool json, class_list;
	const char *date, *out, *reason, *size, *participant;
	long long replace[RECORDS_MAX_REPLACE]; /* --replace PARTICIPANT... */
	size_t nreplace;
	int first;
};

static int
records_parse(int argc, char **argv, const char *allowed, struct records_args *a)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"date", required_argument, NULL, 'd'},
		{"output", required_argument, NULL, 'o'},
		{"reason", required_argument, NULL, 'r'},
		{"size", required_argument, NULL, 's'},
		{"participant", required_argument, NULL, 'p'},
		{"class-list", no_argument, NULL, 'c'},
		{"replace", required_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == '?' || c == ':' || strchr(allowed, c) == NULL) {
			cli_bad_option(&cli_cmd_records, argv[0], argv);
			return -1;
		}
		switch (c) {
		case 'j': a->json = true; break;
		case 'd': a->date = optarg; break;
		case 'o': a->out = optarg; break;
		case 'r': a->reason = optarg; break;
		case 's': a->size = optarg; break;
		case 'p': a->participant = optarg; break;
		case 'c': a->class_list = true; break;
		case 'R':
			if (a->nreplace == RECORDS_MAX_REPLACE) {
				cli_usage(&cli_cmd_records, _("too many --replace options"));
				return -1;
			}
			if (cli_id_arg(&cli_cmd_records, _("the participant id"), optarg,
			    &a->replace[a->nreplace]) != CLI_OK)
				return -1;
			a->nreplace++;
			break;
		}
	}
	a->first = optind;
	return 0;
}

/* The file name of a record: "record-" + the uuid of its urn:uuid id, never the
 * learner's name (minors' names must not leak into folder listings). Caller frees. */
static char *
records_file_name(const char *uid)
{
	const char *u = strrchr(uid, ':');
	u = u ? u + 1 : uid;
	char *name = kolb_xasprintf("record-%s.json", u);
	for (char *p = name + 7; *p && strcmp(p, ".json") != 0; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || *p == '-'))
			*p = '_';
	return name;
}

/* Write each issued record to dir as its stored, signed bytes plus a newline. */
static int
records_write(const char *dir, const struct cred_batch *b, char **files, struct kolb_err *err)
{
	if (b->nissued == 0)
		return 0; /* no empty folder for a session where nobody completed */
	if (fs_mkdir_p(dir, 0700, err) != 0)
		return -1;
	for (size_t i = 0; i < b->nissued; i++) {
		char *name = records_file_name(b->issued[i].uid);
		char *path = kolb_xasprintf("%s/%s", dir, name);
		free(name);
		char *text = kolb_xasprintf("%s\n", b->issued[i].document);
		int rc = fs_write_atomic(path, text, strlen(text), 0600, err);
		free(text);
		if (rc != 0) {
			free(path);
			return -1;
		}
		files[i] = path;
	}
	return 0;
}

static char *
records_join(const struct kolb_strlist *l)
{
	size_t total = 1;
	for (size_t i = 0; i < l->len; i++)
		total += strlen(l->items[i]) + 2;
	char *s = kolb_xmalloc(total);
	s[0] = '\0';
	for (size_t i = 0; i < l->len; i++) {
		if (i)
			strcat(s, "; ");
		strcat(s, l->items[i]);
	}
	return s;
}

static void
records_issue_print(const struct cred_batch *b, char **files, const char *dir, bool json,
    long long sid)
{
	if (json) {
		json_t *issued = json_array(), *refused = json_array();
		for (size_t i = 0; i < b->nissued; i++)
			json_array_append_new(issued, json_pack("{s:I, s:s, s:s, s:b, s:s}",
			    "participant_id", (json_int_t)b->issued[i].participant_id, "name",
			    b->issued[i].name, "uid", b->issued[i].uid, "new", b->issued[i].new_record,
			    "file", files[i]));
		for (size_t i = 0; i < b->nrefused; i++) {
			json_t *missing = json_array();
			for (size_t k = 0; k < b->refused[i].missing.len; k++)
				json_array_append_new(missing, json_string(b->refused[i].missing.items[k]));
			json_array_append_new(refused, json_pack("{s:I, s:s, s:o}", "participant_id",
			    (json_int_t)b->refused[i].participant_id, "name", b->refused[i].name,
			    "missing", missing));
		}
		cli_print_json(json_pack("{s:I, s:s, s:o, s:o}", "session_id", (json_int_t)sid,
		    "directory", dir, "issued", issued, "not_issued", refused));
		return;
	}
	size_t fresh = 0;
	for (size_t i = 0; i < b->nissued; i++) {
		fresh += b->issued[i].new_record;
		printf("%5lld  ", b->issued[i].participant_id);
		cli_print_padded(b->issued[i].name, 24);
		printf("%s: %s\n", b->issued[i].new_record ? _("issued (new)") : _("already issued"),
		    b->issued[i].uid);
	}
	for (size_t i = 0; i < b->nrefused; i++) {
		char *why = records_join(&b->refused[i].missing);
		printf("%5lld  ", b->refused[i].participant_id);
		cli_print_padded(b->refused[i].name, 24);
		printf(_("not issued: %s\n"), why);
		free(why);
	}
	if (b->nissued == 0)
		printf(_("no record issued: nobody has completed the workshop yet (%zu not issued)\n"),
		    b->nrefused);
	else
		printf(ngettext("%zu record (%zu new), %zu not issued; files in %s\n",
		    "%zu records (%zu new), %zu not issued; files in %s\n",
		    (unsigned long)b->nissued), b->nissued, fresh, b->nrefused, dir);
}

static int
records_issue_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct records_args a;
	if (records_parse(argc, argv, "jdoR", &a) != 0)
		return CLI_USAGE;
	if (argc - a.first != 1)
		return cli_usage(&cli_cmd_records, _("records issue needs one session id"));
	long long sid;
	if (cli_id_arg(&cli_cmd_records, _("the session id"), argv[a.first], &sid) != CLI_OK)
		return CLI_USAGE;
	if (a.date != NULL && !text_date_valid(a.date))
		return cli_usage(&cli_cmd_records, _("--date must be a date written YYYY-MM-DD, not "
		    "\"%s\""), a.date);
	if (a.out != NULL && *a.out == '\0')
		return cli_usage(&cli_cmd_records, _("-o needs a folder"));
	/* The session's lock: the TUI cannot issue or change it meanwhile. */
	struct live *l;
	if (cli_live(ctx, sid, &l) != CLI_OK)
		return CLI_ERR;
	struct kolb_err err;
	time_t now = clock_wall();
	if (cred_check_clock(ctx->db, now, a.date, NULL, &err) != 0) {
		live_close(l);
		return cli_error("%s", err.msg);
	}
	struct issuer is;
	if (issuer_load(ctx->db, ctx->datadir, true, &is, &err) != 0) {
		live_close(l);
		return cli_error("%s", err.msg);
	}
	struct cred_batch b;
	int rc = cred_issue_session(ctx->db, ctx->datadir, sid, &is, now, a.replace, a.nreplace, &b,
	    &err);
	issuer_clear(&is);
	if (rc != 0) {
		live_close(l);
		return cli_error(_("session %lld: %s"), sid, err.msg);
	}
	char *dir = a.out ? kolb_xstrdup(a.out) :
	    kolb_xasprintf("%s/records/%s", ctx->datadir, l->session.uid);
	live_close(l);
	char **files = kolb_xcalloc(b.nissued + 1, sizeof *files);
	if (records_write(dir, &b, files, &err) != 0)
		rc = cli_error(_("the records are signed and saved in the database, but a file "
		    "could not be written: %s"), err.msg);
	else
		records_issue_print(&b, files, dir, a.json, sid);
	for (size_t i = 0; i < b.nissued; i++)
		free(files[i]);
	free(files);
	free(dir);
	cred_batch_free(&b);
	return rc == 0 ? CLI_OK : CLI_ERR;
}

static int
records_list_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct records_args a;
	if (records_parse(argc, argv, "j", &a) != 0)
		return CLI_USAGE;
	if (argc - a.first != 1)
		return cli_usage(&cli_cmd_records, _("records list needs one session id"));
	struct session s;
	int rc0 = cli_session_arg(ctx, &cli_cmd_records, argv[a.first], &s);
	if (rc0 != CLI_OK)
		return rc0;
	long long sid = s.id;
	session_clear(&s);
	struct kolb_err err;
	struct db_stmt *st;
	if (db_prepare(ctx->db, "SELECT c.participant_id, p.name, c.uid, c.issued_at, "
	    "c.revoked_at, coalesce(c.revoke_reason, '') FROM credentials c JOIN participants p "
	    "ON p.id = c.participant_id WHERE p.session_id = ? ORDER BY p.id, c.issued_at, c.id",
	    &st, &err) != 0)
		return cli_error("%s", err.msg);
	db_bind_int(st, 1, sid);
	json_t *out = a.json ? json_array() : NULL;
	size_t n = 0;
	int r;
	while ((r = db_step(st, &err)) == 1) {
		n++;
		long long pid = db_col_int(st, 0);
		bool revoked = !db_col_is_null(st, 4);
		if (a.json) {
			json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:b}", "participant_id",
			    (json_int_t)pid, "name", db_col_text(st, 1), "uid", db_col_text(st, 2),
			    "issued_at", db_col_text(st, 3), "revoked", revoked);
			json_object_set_new(o, "revoked_at", revoked ? json_string(db_col_text(st, 4)) :
			    json_null());
			json_object_set_new(o, "revoke_reason", revoked ?
			    json_string(db_col_text(st, 5)) : json_null());
			json_array_append_new(out, o);
			continue;
		}
		printf("%5lld  ", pid);
		cli_print_padded(db_col_text(st, 1), 24);
		printf("%s  %s", db_col_text(st, 2), db_col_text(st, 3));
		if (revoked)
			printf(_("  REVOKED on %s: %s"), db_col_text(st, 4), db_col_text(st, 5));
		putchar('\n');
	}
	db_finalize(st);
	if (r < 0) {
		json_decref(out);
		return cli_error("%s", err.msg);
	}
	if (a.json)
		cli_print_json(out);
	else if (n == 0)
		printf(_("no records for session %lld yet; `kolb records issue %lld --date "
		    "YYYY-MM-DD` signs them\n"), sid, sid);
	return CLI_OK;
}

static int
records_revoke_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct records_args a;
	if (records_parse(argc, argv, "r", &a) != 0)
		return CLI_USAGE;
	if (argc - a.first != 2)
		return cli_usage(&cli_cmd_records, _("records revoke needs a session id and a "
		    "participant id"));
	long long sid, pid;
	if (cli_id_arg(&cli_cmd_records, _("the session id"), argv[a.first], &sid) != CLI_OK ||
	    cli_id_arg(&cli_cmd_records, _("the participant id"), argv[a.first + 1], &pid) != CLI_OK)
		return CLI_USAGE;
	if (a.reason == NULL || *a.reason == '\0')
		return cli_usage(&cli_cmd_records, _("records revoke needs --reason TEXT"));
	struct live *l;
	if (cli_live(ctx, sid, &l) != CLI_OK)
		return CLI_ERR;
	struct participant p;
	if (cli_participant_in(ctx, sid, pid, &p) != CLI_OK) {
		live_close(l);
		return CLI_ERR;
	}
	struct kolb_err err;
	int rc = CLI_OK;
	if (cred_revoke(ctx->db, sid, pid, a.reason, &err) != 0)
		rc = cli_error("%s", err.msg);
	else
		printf(_("the record of %s (%lld) is revoked: %s\n"
		    "It stays withdrawn. To sign a new one instead (with the name as it is now), if "
		    "the completion rules are still met: kolb records issue %lld --replace %lld "
		    "--date YYYY-MM-DD\n"), p.name, pid, a.reason, sid, pid);
	participant_clear(&p);
	live_close(l);
	return rc;
}

static int
records_show_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct records_args a;
	if (records_parse(argc, argv, "", &a) != 0)
		return CLI_USAGE;
	if (argc - a.first != 1)
		return cli_usage(&cli_cmd_records, _("records show needs one record id"));
	const char *arg = argv[a.first];
	/* Accept the urn:uuid:..., the bare uuid, or the file name record-UUID.json. */
	char *uid;
	size_t alen = strlen(arg);
	if (strncmp(arg, "urn:", 4) == 0)
		uid = kolb_xstrdup(arg);
	else if (strncmp(arg, "record-", 7) == 0 && alen > 12 && strcmp(arg + alen - 5, ".json") == 0)
		uid = kolb_xasprintf("urn:uuid:%.*s", (int)(alen - 12), arg + 7);
	else
		uid = kolb_xasprintf("urn:uuid:%s", arg);
	if (cli_open(ctx) != 0) {
		free(uid);
		return CLI_ERR;
	}
	struct kolb_err err;
	struct db_stmt *st;
	if (db_prepare(ctx->db, "SELECT document FROM credentials WHERE uid = ?", &st, &err) != 0) {
		free(uid);
		return cli_error("%s", err.msg);
	}
	db_bind_text(st, 1, uid);
	int r = db_step(st, &err);
	int rc = CLI_OK;
	if (r == 1)
		printf("%s\n", db_col_text(st, 0));
	else if (r == 0)
		rc = cli_error(_("there is no record %s on this computer"), uid);
	else
		rc = cli_error("%s", err.msg);
	db_finalize(st);
	free(uid);
	return rc;
}

static int
records_print_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct records_args a;
	if (records_parse(argc, argv, "ospc", &a) != 0)
		return CLI_USAGE;
	if (argc - a.first != 1)
		return cli_usage(&cli_cmd_records, _("records print needs one session id"));
	struct certprint_opts o = {.size = CERTPRINT_A4};
	if (a.size != NULL && !certprint_parse_size(a.size, &o.size))
		return cli_usage(&cli_cmd_records, _("--size must be A4 or A5, not \"%s\""), a.size);
	if (a.participant != NULL && cli_id_arg(&cli_cmd_records, _("the participant id"),
	    a.participant, &o.participant_id) != CLI_OK)
		return CLI_USAGE;
	if (a.class_list && (a.size != NULL || a.participant != NULL))
		return cli_usage(&cli_cmd_records, _("--class-list prints every participant on A4: "
		    "it takes neither --size nor --participant"));
	if (a.out != NULL && *a.out == '\0')
		return cli_usage(&cli_cmd_records, _("-o needs a file name"));
	struct session s;
	int rc0 = cli_session_arg(ctx, &cli_cmd_records, argv[a.first], &s);
	if (rc0 != CLI_OK)
		return rc0;
	long long sid = s.id;
	session_clear(&s);
	struct kolb_err err;
	char *path = NULL;
	if (a.out != NULL)
		path = kolb_xstrdup(a.out);
	else if (certprint_default_path(ctx->datadir, sid, a.class_list ? "class-list" :
	    "certificates", &path, &err) != 0)
		return cli_error("%s", err.msg);
	o.output = path;
	struct certprint_result r;
	int rc = a.class_list ? certprint_class_list(ctx->db, ctx->datadir, sid, &o, &r, &err) :
	    certprint_session(ctx->db, ctx->datadir, sid, &o, &r, &err);
	certprint_release();
	if (rc != 0) {
		free(path);
		return cli_error("%s", err.msg);
	}
	if (r.logo_unreadable)
		fprintf(stderr, _("kolb: warning: the logo %s/%s cannot be read; printed without it\n"),
		    ctx->datadir, ISSUER_LOGO_FILE);
	if (a.class_list)
		printf(ngettext("class list of session %lld (%zu page): %s\n",
		    "class list of session %lld (%zu pages): %s\n", (unsigned long)r.pages), sid,
		    r.pages, path);
	else
		printf(ngettext("%zu certificate printed: %s\n", "%zu certificates printed: %s\n",
		    (unsigned long)r.printed), r.printed, path);
	if (!a.class_list && r.revoked > 0)
		printf(ngettext("%zu revoked record is not printed\n",
		    "%zu revoked records are not printed\n", (unsigned long)r.revoked), r.revoked);
	if (!a.class_list && r.name_changed == 1)
		fprintf(stderr, _("kolb: warning: 1 certificate is not printed: the participant's "
		    "name was changed after the record was issued, and the paper would not match its "
		    "QR code; revoke the record (`kolb records revoke %lld %lld --reason ...`), then "
		    "`kolb records issue %lld --replace %lld --date YYYY-MM-DD`\n"), sid,
		    r.renamed_participant, sid, r.renamed_participant);
	else if (!a.class_list && r.name_changed > 1)
		fprintf(stderr, ngettext("kolb: warning: %zu certificate is not printed: the "
		    "participants' names were changed after the records were issued, and the papers "
		    "would not match their QR codes; revoke each record (`kolb records revoke %lld "
		    "PARTICIPANT --reason ...`), then `kolb records issue %lld --replace PARTICIPANT...`\n", "kolb: warning: %zu "
		    "certificates are not printed: the participants' names were changed after the "
		    "records were issued, and the papers would not match their QR codes; revoke each "
		    "record (`kolb records revoke %lld PARTICIPANT --reason ...`), then `kolb records "
		    "issue %lld --replace PARTICIPANT...`\n", (unsigned long)r.name_changed),
		    r.name_changed, sid, sid);
	if (!a.class_list && r.without_record > 0)
		printf(ngettext("%zu participant has no record (see the class list: "
		    "kolb records print %lld --class-list)\n", "%zu participants have no record (see "
		    "the class list: kolb records print %lld --class-list)\n",
		    (unsigned long)r.without_record), r.without_record, sid);
	free(path);
	return CLI_OK;
}

static int
cmd_records_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"issue", records_issue_cmd},
		{"list", records_list_cmd},
		{"revoke", records_revoke_cmd},
		{"show", records_show_cmd},
		{"print", records_print_cmd},
	};
	return cli_dispatch(ctx, &cli_cmd_records, subs, sizeof subs / sizeof subs[0], argc, argv,
	    _("records needs a subcommand"), _("unknown records subcommand \"%s\""));
}

const struct cli_cmd cli_cmd_records = {
	.name = "records",
	.usage = N_("issue|list|revoke|show|print ..."),
	.summary = N_("sign, list, revoke, show and print completion records"),
	.help = N_(
	    "  kolb records issue SESSION --date YYYY-MM-DD [--replace PARTICIPANT]...\n"
	    "                          [-o DIR] [--json]\n"
	    "                          sign an Open Badges 3.0 record for every participant\n"
	    "                          who met the pack's completion rules; for the others,\n"
	    "                          says exactly what is missing. --date confirms today's\n"
	    "                          date: kolb refuses to sign when it differs from the\n"
	    "                          clock, or when the clock is earlier than what kolb\n"
	    "                          already knows. Issuing again changes nothing: a\n"
	    "                          revoked record stays revoked, unless --replace names\n"
	    "                          the participant (e.g. after correcting a misspelt\n"
	    "                          name): then a new record is signed if she still\n"
	    "                          meets the rules. Each\n"
	    "                          record is written to DIR (default: DATA/records/ and\n"
	    "                          the session's uid) as record-UUID.json, mode 0600;\n"
	    "                          the file name never carries the learner's name.\n"
	    "  kolb records list SESSION [--json]\n"
	    "                          the session's records, every one (a revoked record\n"
	    "                          and the one issued after it; newest last):\n"
	    "                          participant, record id, when issued, whether revoked\n"
	    "  kolb records revoke SESSION PARTICIPANT --reason TEXT\n"
	    "                          revoke a participant's record; `kolb verify` on this\n"
	    "                          computer then reports it as revoked. `records issue\n"
	    "                          SESSION --replace PARTICIPANT` then signs a new one (a\n"
	    "                          new id, today's name) if the rules are still met\n"
	    "  kolb records show UID   print a record (the signed JSON) by its id\n"
	    "  kolb records print SESSION [-o FILE.pdf] [--size A4|A5] [--participant ID]\n"
	    "                          a PDF with one certificate per issued record, in the\n"
	    "                          session's language: the learner's name, the\n"
	    "                          credential, learning outcomes, workload, place and\n"
	    "                          dates, room for signatures and a stamp, and a QR code\n"
	    "                          holding the whole signed record (`zbarimg --raw\n"
	    "                          page.png | kolb verify -` checks it offline). Revoked\n"
	    "                          records are not printed. Default FILE:\n"
	    "                          DATA/print/session-SESSION-certificates.pdf (A4)\n"
	    "  kolb records print SESSION --class-list [-o FILE.pdf]\n"
	    "                          one A4 page listing every participant, attendance\n"
	    "                          per day and status: completed (record number), not\n"
	    "                          yet (what is missing), revoked\n"
	    "\nA record names the learner only when the participant is an adult who agreed\n"
	    "(participant --share-name); otherwise it carries a salted hash of the name.\n"
	    "Run `kolb issuer init` once before issuing (`kolb issuer logo FILE.png` adds the\n"
	    "organisation's logo to printed certificates). See docs/credentials.md and\n"
	    "docs/certificates.md.\n"),
	.run = cmd_records_run,
};
