/* kolb trust add|list|remove: the issuers whose completion records this computer accepts. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "issuer.h"

static int
trust_add_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	const char *name = NULL;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'n')
			return cli_bad_option(&cli_cmd_trust, argv[0], argv);
		name = optarg;
	}
	if (argc - optind != 1)
		return cli_usage(&cli_cmd_trust, _("trust add needs one did:key"));
	const char *did = argv[optind];
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct kolb_err err;
	if (trust_add(ctx->db, did, name, &err) != 0)
		return cli_error("%s", err.msg);
	if (name && *name)
		printf(_("trusted %s (%s)\n"), did, name);
	else
		printf(_("trusted %s\n"), did);
	return CLI_OK;
}

static int
trust_remove_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(&cli_cmd_trust, _("trust remove needs one did:key"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct kolb_err err;
	int r = trust_remove(ctx->db, argv[1], &err);
	if (r < 0)
		return cli_error("%s", err.msg);
	if (r == 0)
		return cli_error(_("%s is not in the trust list"), argv[1]);
	printf(_("no longer trusted: %s\n"), argv[1]);
	return CLI_OK;
}

static int
trust_list_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'j')
			return cli_bad_option(&cli_cmd_trust, argv[0], argv);
		json = true;
	}
	if (optind != argc)
		return cli_usage(&cli_cmd_trust, _("trust list takes no arguments"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct trust_entry *list;
	size_t n;
	struct kolb_err err;
	if (trust_list(ctx->db, &list, &n, &err) != 0)
		return cli_error("%s", err.msg);
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "did", list[i].did,
			    "name", list[i].name, "added_at", list[i].added_at));
		cli_print_json(a);
	} else if (n == 0) {
		printf(_("no trusted issuers yet; `kolb issuer init` trusts this computer's own, "
		    "`kolb trust add DID` another's\n"));
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%s  %s  %s\n", list[i].did, list[i].added_at,
			    list[i].name[0] ? list[i].name : "—");
	}
	trust_free(list, n);
	return CLI_OK;
}

static int
cmd_trust_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"add", trust_add_cmd},
		{"list", trust_list_cmd},
		{"remove", trust_remove_cmd},
	};
	return cli_dispatch(ctx, &cli_cmd_trust, subs, sizeof subs / sizeof subs[0], argc, argv,
	    _("trust needs a subcommand"), _("unknown trust subcommand \"%s\""));
}

const struct cli_cmd cli_cmd_trust = {
	.name = "trust",
	.usage = N_("add|list|remove ..."),
	.summary = N_("the issuers whose completion records this computer accepts"),
	.help = N_(
	    "  kolb trust add DID [--name NAME]\n"
	    "                          trust an issuer's Ed25519 did:key (as `kolb issuer\n"
	    "                          show` prints it on the issuer's computer); adding it\n"
	    "                          again changes its name\n"
	    "  kolb trust list [--json]\n"
	    "                          the trusted issuers: did:key, when added, name\n"
	    "  kolb trust remove DID   stop trusting an issuer (for example a lost or leaked\n"
	    "                          key); its records then verify as from an unknown issuer\n"
	    "\nThis computer's own issuer is trusted when `kolb issuer init` creates it.\n"
	    "`kolb verify` says \"trusted\" only for records signed by an issuer listed here.\n"
	    "Check a did:key with its owner (in person, by telephone, from their letterhead)\n"
	    "before trusting it.\n"),
	.run = cmd_trust_run,
};
