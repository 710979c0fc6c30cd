/* kolb assess SESSION PARTICIPANT OUTCOME met|not_yet|none */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "live.h"
#include "participant.h"

static int
cmd_assess_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{NULL, 0, NULL, 0}};
	optind = 0;
	opterr = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return cli_bad_option(&cli_cmd_assess, NULL, argv);
	if (argc - optind != 4)
		return cli_usage(&cli_cmd_assess, _("assess needs a session id, a participant id, an "
		    "outcome id and met, not_yet or none"));
	char **pos = argv + optind;
	long long sid, pid;
	if (cli_id_arg(&cli_cmd_assess, _("the session id"), pos[0], &sid) != CLI_OK ||
	    cli_id_arg(&cli_cmd_assess, _("the participant id"), pos[1], &pid) != CLI_OK)
		return CLI_USAGE;
	const char *outcome = pos[2];
	enum assess_status st;
	if (*pos[3] == '\0' || !assess_status_parse(pos[3], &st))
		return cli_usage(&cli_cmd_assess, _("the assessment must be met, not_yet or none, not "
		    "\"%s\""), pos[3]);
	struct live *l;
	if (cli_live(ctx, sid, &l) != CLI_OK)
		return CLI_ERR;
	int rc = CLI_OK;
	struct participant p = {0};
	if (manifest_outcome(l->pack, outcome) == NULL) {
		char ids[1024] = "";
		for (size_t i = 0; i < l->pack->noutcomes; i++) {
			if (i > 0)
				strncat(ids, ", ", sizeof ids - strlen(ids) - 1);
			strncat(ids, l->pack->outcomes[i].id, sizeof ids - strlen(ids) - 1);
		}
		rc = cli_error(_("\"%s\" is not a learning outcome of pack %s (%s)"), outcome,
		    l->pack->id, ids);
		goto out;
	}
	if (cli_participant_in(ctx, sid, pid, &p) != CLI_OK) {
		rc = CLI_ERR;
		goto out;
	}
	struct kolb_err err;
	if (assess_set(ctx->db, sid, pid, outcome, st, live_elapsed(l), &err) != 0) {
		rc = cli_error("%s", err.msg);
		goto out;
	}
	printf(_("%s (%lld): %s %s\n"), p.name, pid, outcome,
	    st == ASSESS_MET ? _("met") : st == ASSESS_NOT_YET ? _("not yet") : _("not assessed"));
out:
	participant_clear(&p);
	live_close(l);
	return rc;
}

const struct cli_cmd cli_cmd_assess = {
	.name = "assess",
	.usage = N_("SESSION PARTICIPANT OUTCOME met|not_yet|none"),
	.summary = N_("record whether a participant met a learning outcome"),
	.help = N_(
	    "Records the facilitator's judgement of one learning outcome of the session's\n"
	    "pack for one participant: met, not_yet, or none to remove the assessment.\n"
	    "`kolb pack show ID` lists the outcomes. The completion rules of the pack use\n"
	    "these judgements (see `kolb session show`).\n"
	    "\nExample: kolb assess 3 12 six-steps met\n"),
	.run = cmd_assess_run,
};
