/* kolb review [--identity FILE] [ARCHIVE]: read-only browsing at the office. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "fsutil.h"
#include "import.h"
#include "review.h"

static int
cmd_review_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"identity", required_argument, NULL, 'i'},
		{NULL, 0, NULL, 0},
	};
	const char *identity = NULL;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "i:", opts, NULL)) != -1) {
		if (c != 'i')
			return cli_usage(&cli_cmd_review, _("unknown or incomplete option %s"),
			    argv[optind - 1]);
		identity = optarg;
	}
	if (argc - optind > 1)
		return cli_usage(&cli_cmd_review, _("review takes at most one archive"));
	if (optind == argc) {
		if (cli_open(ctx) != 0)
			return CLI_ERR;
		return review_main(ctx->db, ctx->datadir);
	}
	/* An archive is opened in a private scratch database, never in the data folder. */
	const char *archive = argv[optind];
	const char *tmpdir = getenv("TMPDIR");
	char *scratch = kolb_xasprintf("%s/kolb-review-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (mkdtemp(scratch) == NULL) {
		free(scratch);
		return cli_error(_("cannot create a temporary folder"));
	}
	char *dbpath = kolb_xasprintf("%s/kolb.db", scratch);
	struct db *db = NULL;
	struct kolb_err err;
	struct import_report rep;
	int rc;
	if (db_open(dbpath, &db, &err) != 0 ||
	    import_archive(db, scratch, archive, identity, &rep, &err) != 0)
		rc = cli_error(_("%s: %s"), archive, err.msg);
	else
		rc = review_main(db, archive);
	db_close(db);
	fs_rm_rf(scratch, NULL);
	free(dbpath);
	free(scratch);
	return rc;
}

const struct cli_cmd cli_cmd_review = {
	.name = "review",
	.usage = N_("[--identity FILE] [ARCHIVE]"),
	.summary = N_("browse sessions read-only: the data folder or an archive"),
	.help = N_("Without an archive, browses the sessions of the data folder. With one, checks "
	    "it as `kolb import` does and browses it without importing anything (it is unpacked "
	    "into a private temporary folder that is removed afterwards).\n\n"
	    "Enter opens a session; Tab switches between its participants, their reflections and "
	    "action plans, and its completion records; Esc goes back; q quits.\n"),
	.run = cmd_review_run,
};
