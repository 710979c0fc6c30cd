/* kolb issuer init|show: the organisation that signs completion records, and its key. */
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "issuer.h"
#include "multibase.h"

static int
issuer_init_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{"url", required_argument, NULL, 'u'},
		{"country", required_argument, NULL, 'c'},
		{"force", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *name = NULL, *url = NULL, *country = NULL;
	bool force = false;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'u': url = optarg; break;
		case 'c': country = optarg; break;
		case 'f': force = true; break;
		default: return cli_bad_option(&cli_cmd_issuer, argv[0], argv);
		}
	}
	if (optind != argc)
		return cli_usage(&cli_cmd_issuer, _("issuer init takes options only, not \"%s\""),
		    argv[optind]);
	if (name == NULL || country == NULL)
		return cli_usage(&cli_cmd_issuer, _("issuer init needs --name and --country"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct issuer is;
	struct kolb_err err;
	if (issuer_init(ctx->db, ctx->datadir, name, url, country, force, &is, &err) != 0)
		return cli_error("%s", err.msg);
	printf(_("issuer created: %s (%s)\n"), is.name, is.country);
	printf("%s\n", is.did);
	printf(_("The private key is in %s/issuer.key (mode 0600). Back it up somewhere safe, "
	    "offline; never share it, send it or copy it into an archive. Publish the did:key "
	    "above (`kolb issuer show`) so that offices can trust your records.\n"), ctx->datadir);
	if (force)
		printf(_("Records signed with an earlier key stay verifiable on this computer: its "
		    "did:key stays in the trust list.\n"));
	issuer_clear(&is);
	return CLI_OK;
}

static int
issuer_show_cmd(struct cli_ctx *ctx, int argc, char **argv)
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
			return cli_bad_option(&cli_cmd_issuer, argv[0], argv);
		json = true;
	}
	if (optind != argc)
		return cli_usage(&cli_cmd_issuer, _("issuer show takes no arguments"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct issuer is;
	struct kolb_err err;
	if (issuer_load(ctx->db, ctx->datadir, false, &is, &err) != 0)
		return cli_error("%s", err.msg);
	unsigned char pk[MULTIBASE_ED25519_PK_BYTES];
	size_t pklen = 0;
	if (sodium_hex2bin(pk, sizeof pk, is.public_hex, strlen(is.public_hex), NULL, &pklen,
	    NULL) != 0 || pklen != sizeof pk)
		return cli_error(_("the issuer's public key in the database is damaged"));
	char *mb = multibase_pubkey_encode(pk);
	char *keypath = kolb_xasprintf("%s/issuer.key", ctx->datadir);
	struct stat st;
	bool has_key = lstat(keypath, &st) == 0;
	char *logo = issuer_logo_path(ctx->datadir);
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(is.name));
		json_object_set_new(o, "url", json_string(is.url));
		json_object_set_new(o, "country", json_string(is.country));
		json_object_set_new(o, "did", json_string(is.did));
		json_object_set_new(o, "verificationMethod", json_string(is.vm));
		json_object_set_new(o, "publicKeyMultibase", json_string(mb));
		json_object_set_new(o, "publicKeyHex", json_string(is.public_hex));
		json_object_set_new(o, "key_file", json_string(keypath));
		json_object_set_new(o, "key_present", json_boolean(has_key));
		json_object_set_new(o, "logo", logo ? json_string(logo) : json_null());
		cli_print_json(o);
	} else {
		printf("%-20s %s\n", _("Organisation:"), is.name);
		printf("%-20s %s\n", _("URL:"), is.url[0] ? is.url : "—");
		printf("%-20s %s\n", _("Country:"), is.country);
		printf("%-20s %s\n", "did:key:", is.did);
		printf("%-20s %s\n", "publicKeyMultibase:", mb);
		printf("%-20s %s\n", _("Public key (hex):"), is.public_hex);
		printf("%-20s %s%s\n", _("Private key:"), keypath,
		    has_key ? _(" (keep it secret; back it up)") : _(" — MISSING: records cannot be "
		    "signed on this computer"));
		printf("%-20s %s\n", _("Logo:"), logo ? logo : "—");
	}
	free(logo);
	free(keypath);
	free(mb);
	return CLI_OK;
}

static int
issuer_logo_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"remove", no_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	bool remove = false;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r')
			return cli_bad_option(&cli_cmd_issuer, argv[0], argv);
		remove = true;
	}
	if (remove ? optind != argc : optind + 1 != argc)
		return cli_usage(&cli_cmd_issuer, _("issuer logo needs one PNG file, or --remove"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct issuer is;
	struct kolb_err err;
	if (issuer_load(ctx->db, ctx->datadir, false, &is, &err) != 0)
		return cli_error("%s", err.msg);
	if (remove) {
		int r = issuer_logo_remove(ctx->datadir, &err);
		if (r < 0)
			return cli_error("%s", err.msg);
		printf("%s\n", r ? _("the logo is removed; certificates are printed without one") :
		    _("there was no logo"));
		return CLI_OK;
	}
	int w, h;
	if (issuer_logo_set(ctx->datadir, argv[optind], &w, &h, &err) != 0)
		return cli_error("%s", err.msg);
	printf(_("logo saved (%d x %d pixels) in %s/%s; printed certificates show it\n"), w, h,
	    ctx->datadir, ISSUER_LOGO_FILE);
	return CLI_OK;
}

static int
cmd_issuer_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"init", issuer_init_cmd},
		{"show", issuer_show_cmd},
		{"logo", issuer_logo_cmd},
	};
	return cli_dispatch(ctx, &cli_cmd_issuer, subs, sizeof subs / sizeof subs[0], argc, argv,
	    _("issuer needs a subcommand"), _("unknown issuer subcommand \"%s\""));
}

const struct cli_cmd cli_cmd_issuer = {
	.name = "issuer",
	.usage = N_("init|show|logo ..."),
	.summary = N_("the organisation that signs completion records, and its key"),
	.help = N_(
	    "  kolb issuer init --name ORGANISATION [--url https://...] --country VN [--force]\n"
	    "                          create the organisation's profile and a new Ed25519\n"
	    "                          signing key; prints its did:key. The key is kept in\n"
	    "                          DATA/issuer.key (mode 0600), never in the database or\n"
	    "                          an archive: back it up, never share it. --force makes a\n"
	    "                          new key; the old did:key stays trusted here.\n"
	    "  kolb issuer show [--json]\n"
	    "                          the profile, the did:key, publicKeyMultibase and the\n"
	    "                          raw public key in hex, for the office to publish\n"
	    "  kolb issuer logo FILE.png | --remove\n"
	    "                          the organisation's logo on printed certificates: a\n"
	    "                          PNG of at most 2 MiB and 4096 x 4096 pixels, copied\n"
	    "                          to DATA/issuer-logo.png\n"
	    "\nSee docs/credentials.md.\n"),
	.run = cmd_issuer_run,
};
