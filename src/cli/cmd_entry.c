/* kolb entry add: a reflection, an action plan or a facilitator's note. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "entry.h"
#include "live.h"
#include "participant.h"
#include "text.h"

#define ENTRY_CLI_MAX (64 * 1024)

/* Whether prompt is one of the ids the pack offers for kind; fills ids with them. */
static bool
entry_prompt_known(const struct pack_manifest *m, enum entry_kind kind, const char *prompt,
    char *ids, size_t idsz)
{
	bool found = false;
	size_t n = kind == ENTRY_REFLECTION ? m->nreflection :
	    kind == ENTRY_ACTION_PLAN ? m->napplication : m->nactivities;
	ids[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *id = kind == ENTRY_REFLECTION ? m->reflection[i].id :
		    kind == ENTRY_ACTION_PLAN ? m->application[i].id : m->activities[i].id;
		if (strcmp(id, prompt) == 0)
			found = true;
		if (i > 0)
			strncat(ids, ", ", idsz - strlen(ids) - 1);
		strncat(ids, id, idsz - strlen(ids) - 1);
	}
	return found;
}

/* The text argument, or standard input for "-" (trailing newlines dropped). */
static int
entry_read_text(const char *arg, char **out)
{
	if (strcmp(arg, "-") != 0) {
		*out = kolb_xstrdup(arg);
		return CLI_OK;
	}
	size_t len;
	int r = cli_read_all(stdin, ENTRY_CLI_MAX, out, &len);
	if (r > 0)
		return cli_error(_("the text on standard input is longer than %d KiB"),
		    ENTRY_CLI_MAX / 1024);
	if (r < 0)
		return cli_error(_("cannot read standard input: %s"), strerror(errno));
	if (strlen(*out) != len) {
		free(*out);
		return cli_error(_("the text on standard input contains a NUL byte"));
	}
	while (len > 0 && ((*out)[len - 1] == '\n' || (*out)[len - 1] == '\r'))
		(*out)[--len] = '\0';
	return CLI_OK;
}

static int
entry_add_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"kind", required_argument, NULL, 'k'},
		{"prompt", required_argument, NULL, 'p'},
		{"participant", required_argument, NULL, 'P'},
		{"group", required_argument, NULL, 'g'},
		{"follow-up", required_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	const char *kind_arg = NULL, *prompt = NULL, *pid_arg = NULL, *group = NULL,
	    *follow = NULL;
	bool json = false;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kind_arg = optarg; break;
		case 'p': prompt = optarg; break;
		case 'P': pid_arg = optarg; break;
		case 'g': group = optarg; break;
		case 'f': follow = optarg; break;
		case 'j': json = true; break;
		default: return cli_bad_option(&cli_cmd_entry, "add", argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage(&cli_cmd_entry, _("entry add needs a session id and the text (\"-\" "
		    "reads it from standard input)"));
	enum entry_kind kind;
	if (kind_arg == NULL || prompt == NULL)
		return cli_usage(&cli_cmd_entry, _("entry add needs --kind and --prompt"));
	if (!entry_kind_parse(kind_arg, &kind))
		return cli_usage(&cli_cmd_entry, _("--kind must be reflection, action_plan or note, "
		    "not \"%s\""), kind_arg);
	long long sid, pid = 0;
	if (cli_id_arg(&cli_cmd_entry, _("the session id"), argv[optind], &sid) != CLI_OK)
		return CLI_USAGE;
	if (pid_arg != NULL && group != NULL)
		return cli_usage(&cli_cmd_entry, _("give --participant or --group, not both"));
	if (pid_arg != NULL &&
	    cli_id_arg(&cli_cmd_entry, _("the participant id"), pid_arg, &pid) != CLI_OK)
		return CLI_USAGE;
	if (group != NULL && (*group == '\0' || strlen(group) > 120 ||
	    !text_utf8_valid(group, strlen(group)) || text_has_control(group)))
		return cli_usage(&cli_cmd_entry, _("--group needs a group name (one line, at most "
		    "120 bytes)"));
	if (kind != ENTRY_NOTE && pid_arg == NULL && group == NULL)
		return cli_usage(&cli_cmd_entry, _("a %s belongs to a participant or a group: add "
		    "--participant ID or --group NAME"), kind_arg);
	if (follow != NULL && kind != ENTRY_ACTION_PLAN)
		return cli_usage(&cli_cmd_entry, _("--follow-up is for action plans only"));
	if (follow != NULL && *follow != '\0' && !text_date_valid(follow))
		return cli_usage(&cli_cmd_entry, _("--follow-up must be a date written YYYY-MM-DD, not "
		    "\"%s\""), follow);

	char *text;
	if (entry_read_text(argv[optind + 1], &text) != CLI_OK)
		return CLI_ERR;
	if (!text_utf8_valid(text, strlen(text))) {
		free(text);
		return cli_error(_("the text is not valid UTF-8"));
	}
	if (strlen(text) > ENTRY_CLI_MAX) {
		free(text);
		return cli_error(_("the text is longer than %d KiB"), ENTRY_CLI_MAX / 1024);
	}
	struct live *l;
	if (cli_live(ctx, sid, &l) != CLI_OK) {
		free(text);
		return CLI_ERR;
	}
	int rc = CLI_OK;
	char ids[1024];
	if (!entry_prompt_known(l->pack, kind, prompt, ids, sizeof ids)) {
		rc = cli_error(kind == ENTRY_NOTE ?
		    _("\"%s\" is not an activity of pack %s (%s)") :
		    kind == ENTRY_REFLECTION ? _("\"%s\" is not a reflection prompt of pack %s (%s)") :
		    _("\"%s\" is not an application prompt of pack %s (%s)"), prompt, l->pack->id, ids);
		goto out;
	}
	if (pid > 0) {
		struct participant p;
		if (cli_participant_in(ctx, sid, pid, &p) != CLI_OK) {
			rc = CLI_ERR;
			goto out;
		}
		participant_clear(&p);
	}
	struct entry_key key = {.session_id = sid, .participant_id = pid, .kind = kind,
	    .prompt_id = prompt, .group_name = group ? group : ""};
	struct kolb_err err;
	bool changed;
	if (entry_save(ctx->db, &key, text, follow, live_elapsed(l), &changed, &err) != 0) {
		rc = cli_error("%s", err.msg);
		goto out;
	}
	struct entry cur = {0};
	int have = entry_current(ctx->db, &key, &cur, &err);
	if (have < 0) {
		rc = cli_error("%s", err.msg);
		goto out;
	}
	bool closed = l->session.phase == PHASE_CLOSED;
	int version = have ? cur.version : 0;
	/* After closing, a change to an existing entry is a correction (a new version). */
	const char *status = !changed ? "unchanged" : closed && version > 1 ? "corrected" :
	    "saved";
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "status", json_string(status));
		json_object_set_new(o, "entry_id", have ? json_integer(cur.id) : json_null());
		json_object_set_new(o, "version", json_integer(version));
		json_object_set_new(o, "session_id", json_integer(sid));
		json_object_set_new(o, "participant_id", pid ? json_integer(pid) : json_null());
		json_object_set_new(o, "group", json_string(group ? group : ""));
		json_object_set_new(o, "kind", json_string(entry_kind_name(kind)));
		json_object_set_new(o, "prompt_id", json_string(prompt));
		json_object_set_new(o, "session_closed", json_boolean(closed));
		cli_print_json(o);
	} else if (!changed) {
		puts(_("unchanged"));
	} else if (closed && version > 1) {
		printf(_("saved as version %d (the session is closed)\n"), version);
	} else if (closed) {
		puts(_("saved (added after the session was closed)"));
	} else {
		puts(_("saved"));
	}
	if (have)
		entry_clear(&cur);
out:
	free(text);
	live_close(l);
	return rc;
}

static int
cmd_entry_run(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(&cli_cmd_entry, _("entry needs a subcommand"));
	if (strcmp(argv[1], "add") == 0)
		return entry_add_cmd(ctx, argc - 1, argv + 1);
	return cli_usage(&cli_cmd_entry, _("unknown entry subcommand \"%s\""), argv[1]);
}

const struct cli_cmd cli_cmd_entry = {
	.name = "entry",
	.usage = N_("add SESSION --kind KIND --prompt ID [--participant PID | --group NAME] "
	    "[OPTIONS] TEXT|-"),
	.summary = N_("record a reflection, an action plan or a note"),
	.help = N_(
	    "  kolb entry add SESSION --kind reflection|action_plan|note --prompt ID\n"
	    "        [--participant PID | --group NAME] [--follow-up YYYY-MM-DD] [--json] TEXT\n"
	    "\nSaves what a participant (or a group) said for one prompt of the session's pack:\n"
	    "  reflection   --prompt is a reflection prompt id\n"
	    "  action_plan  --prompt is an application prompt id; --follow-up is the date to\n"
	    "               check on the plan\n"
	    "  note         --prompt is an activity id: the facilitator's note on it\n"
	    "`kolb pack show ID` lists a pack's prompts and activities. TEXT \"-\" reads the\n"
	    "text from standard input (UTF-8, at most 64 KiB).\n"
	    "\nSaving the same prompt again replaces the text while the session is open and\n"
	    "prints \"saved\" (or \"unchanged\" when the text is the same). Once the session is\n"
	    "closed, a change is kept as a correction: a new version, the old one stays.\n"),
	.run = cmd_entry_run,
};
