/* kolb activity SESSION ACTIVITY_ID done|skipped|pending */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "live.h"

static int
cmd_activity_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{NULL, 0, NULL, 0}};
	optind = 0;
	opterr = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return cli_bad_option(&cli_cmd_activity, NULL, argv);
	if (argc - optind != 3)
		return cli_usage(&cli_cmd_activity, _("activity needs a session id, an activity id and "
		    "done, skipped or pending"));
	char **pos = argv + optind;
	long long sid;
	if (cli_id_arg(&cli_cmd_activity, _("the session id"), pos[0], &sid) != CLI_OK)
		return CLI_USAGE;
	static const enum activity_status all[] = {ACTIVITY_PENDING, ACTIVITY_DONE,
	    ACTIVITY_SKIPPED};
	int st = -1;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcmp(pos[2], activity_status_name(all[i])) == 0)
			st = (int)all[i];
	if (st < 0)
		return cli_usage(&cli_cmd_activity, _("the status must be done, skipped or pending, "
		    "not \"%s\""), pos[2]);
	struct live *l;
	if (cli_live(ctx, sid, &l) != CLI_OK)
		return CLI_ERR;
	int rc = CLI_OK;
	size_t idx = l->pack->nactivities;
	char ids[1024] = "";
	for (size_t i = 0; i < l->pack->nactivities; i++) {
		if (strcmp(l->pack->activities[i].id, pos[1]) == 0)
			idx = i;
		if (i > 0)
			strncat(ids, ", ", sizeof ids - strlen(ids) - 1);
		strncat(ids, l->pack->activities[i].id, sizeof ids - strlen(ids) - 1);
	}
	struct kolb_err err;
	if (idx == l->pack->nactivities)
		rc = cli_error(_("\"%s\" is not an activity of pack %s (%s)"), pos[1], l->pack->id, ids);
	else if (live_activity_status(l, idx, (enum activity_status)st, &err) != 0)
		rc = cli_error("%s", err.msg);
	else
		printf(_("%s: %s\n"), l->pack->activities[idx].title[l->lang],
		    st == ACTIVITY_DONE ? _("done") : st == ACTIVITY_SKIPPED ? _("skipped") :
		    _("pending"));
	live_close(l);
	return rc;
}

const struct cli_cmd cli_cmd_activity = {
	.name = "activity",
	.usage = N_("SESSION ACTIVITY_ID done|skipped|pending"),
	.summary = N_("mark an Experience activity done, skipped or pending"),
	.help = N_(
	    "Marks one Experience activity of the session's pack as done, skipped, or pending\n"
	    "again. A running timer stops when the activity is done or skipped. `kolb pack\n"
	    "show ID` lists the activities; `kolb session show` shows their status.\n"
	    "\nExample: kolb activity 3 germ-glitter done\n"),
	.run = cmd_activity_run,
};
