/* kolb attend SESSION --day N [--absent] PARTICIPANT_ID... */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "live.h"
#include "participant.h"

static int
cmd_attend_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"day", required_argument, NULL, 'd'},
		{"absent", no_argument, NULL, 'a'},
		{"present", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	const char *day_arg = NULL;
	bool present = true;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': day_arg = optarg; break;
		case 'a': present = false; break;
		case 'p': present = true; break;
		default: return cli_bad_option(&cli_cmd_attend, NULL, argv);
		}
	}
	if (argc - optind < 2)
		return cli_usage(&cli_cmd_attend, _("attend needs a session id and participant ids"));
	if (day_arg == NULL)
		return cli_usage(&cli_cmd_attend, _("attend needs --day N"));
	if (strlen(day_arg) != 1 || day_arg[0] < '1' || day_arg[0] > '3')
		return cli_usage(&cli_cmd_attend, _("--day must be 1, 2 or 3, not \"%s\""), day_arg);
	int day = day_arg[0] - '0';
	long long sid;
	if (cli_id_arg(&cli_cmd_attend, _("the session id"), argv[optind], &sid) != CLI_OK)
		return CLI_USAGE;
	int first = optind + 1, n = argc - first;
	long long *ids = kolb_xcalloc((size_t)n, sizeof *ids);
	for (int i = 0; i < n; i++)
		if (cli_id_arg(&cli_cmd_attend, _("a participant id"), argv[first + i], &ids[i]) !=
		    CLI_OK) {
			free(ids);
			return CLI_USAGE;
		}
	struct live *l;
	if (cli_live(ctx, sid, &l) != CLI_OK) {
		free(ids);
		return CLI_ERR;
	}
	int rc = CLI_OK;
	struct kolb_err err;
	char **names = kolb_xcalloc((size_t)n, sizeof *names);
	if (day > l->session.days) {
		rc = cli_error(ngettext("day %d is not a day of session %lld (it lasts %d day)",
		    "day %d is not a day of session %lld (it lasts %d days)",
		    (unsigned long)l->session.days), day, sid, l->session.days);
		goto out;
	}
	/* Check every id first so that a typo changes nothing. */
	for (int i = 0; i < n; i++) {
		struct participant p;
		if (cli_participant_in(ctx, sid, ids[i], &p) != CLI_OK) {
			rc = CLI_ERR;
			goto out;
		}
		names[i] = kolb_xstrdup(p.name);
		participant_clear(&p);
	}
	for (int i = 0; i < n; i++) {
		if (attendance_set(ctx->db, ids[i], day, present, live_elapsed(l), &err) != 0) {
			rc = cli_error(_("participant %lld: %s"), ids[i], err.msg);
			goto out;
		}
		printf(_("day %d: %s (%lld) %s\n"), day, names[i], ids[i],
		    present ? _("present") : _("absent"));
	}
out:
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ids);
	live_close(l);
	return rc;
}

const struct cli_cmd cli_cmd_attend = {
	.name = "attend",
	.usage = N_("SESSION --day N [--absent] PARTICIPANT_ID..."),
	.summary = N_("record who was present on a day"),
	.help = N_(
	    "Marks the participants present on day N (1 to the session's number of days), or\n"
	    "absent with --absent. Every id is checked before anything is recorded: an id\n"
	    "that is not a participant of the session changes nothing.\n"
	    "\nExample: kolb attend 3 --day 1 12 13 14\n"),
	.run = cmd_attend_run,
};
