/* kolb import [--identity FILE] ARCHIVE...: merge session archives at the office. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "import.h"

/* One line per kind of change, or "unchanged". */
static void
import_print(const char *file, const struct import_report *r)
{
	printf(_("%s: session %lld \"%s\"%s%s\n"), file, r->session_id, r->title,
	    r->created ? _(" (new here)") : "", r->redacted ? _(" (redacted)") : "");
	if (r->signed_archive)
		printf(r->trusted ? _("  signed by %s (%s, trusted)\n") :
		    _("  signed by %s (%s), an issuer NOT in the trust list\n"),
		    r->issuer_name[0] ? r->issuer_name : "?", r->issuer_did);
	else
		printf("%s\n", _("  WARNING: the archive is not signed; its origin cannot be checked"));
	if (import_unchanged(r)) {
		printf("%s\n", _("  unchanged: everything was already here"));
		return;
	}
	const struct {
		int n;
		const char *what;
	} parts[] = {
		{r->session_fields, N_("session details updated")},
		{r->participants_added, N_("participants added")},
		{r->participants_changed, N_("participants changed")},
		{r->attendance, N_("attendance records added or changed")},
		{r->activities, N_("activities updated")},
		{r->entries_added, N_("entries or new versions added")},
		{r->entries_changed, N_("entries changed")},
		{r->assessments, N_("assessments added or changed")},
		{r->credentials, N_("completion records added or revoked")},
		{r->audit, N_("audit records added")},
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (parts[i].n > 0)
			printf("  %d %s\n", parts[i].n, _(parts[i].what));
}

static int
cmd_import_run(struct cli_ctx *ctx, int argc, char **argv)
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
			return cli_usage(&cli_cmd_import, _("unknown or incomplete option %s"),
			    argv[optind - 1]);
		identity = optarg;
	}
	if (optind >= argc)
		return cli_usage(&cli_cmd_import, _("import needs at least one archive"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	int rc = CLI_OK;
	for (int i = optind; i < argc; i++) {
		struct import_report rep;
		struct kolb_err err;
		if (import_archive(ctx->db, ctx->datadir, argv[i], identity, &rep, &err) != 0) {
			rc = cli_error(_("%s refused: %s"), argv[i], err.msg);
			continue;
		}
		import_print(argv[i], &rep);
	}
	return rc;
}

const struct cli_cmd cli_cmd_import = {
	.name = "import",
	.usage = N_("[--identity FILE] ARCHIVE..."),
	.summary = N_("merge session archives from trainers into this data folder"),
	.help = N_("Checks each archive (the same safety checks as a pack install, every file "
	    "against SHA256SUMS, and the issuer's signature of SHA256SUMS), then merges the "
	    "session into this data folder in one step: a new session is added; a newer export "
	    "of a session already here updates it, and kolb says what changed; importing the "
	    "same archive again changes nothing. A changed, incomplete or hostile archive is "
	    "refused whole.\n\n"
	    "  --identity FILE   the office's age identity, to decrypt archives made with\n"
	    "                    `kolb export --encrypt-to` (see `kolb keygen-office`)\n\n"
	    "The format is described in docs/archive-format.md.\n"),
	.run = cmd_import_run,
};
