/* kolb's entry point: global options, the command table, and the TUI by default. */
#include <getopt.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fsutil.h"
#include "l10n.h"

#ifndef KOLB_LOCALEDIR
#define KOLB_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef KOLB_BUILD_LOCALEDIR
#define KOLB_BUILD_LOCALEDIR "build/locale"
#endif

static const struct cli_cmd *const cli_table[] = {
	&cli_cmd_pack,
	&cli_cmd_session,
	&cli_cmd_participant,
	&cli_cmd_attend,
	&cli_cmd_entry,
	&cli_cmd_assess,
	&cli_cmd_activity,
	&cli_cmd_issuer,
	&cli_cmd_trust,
	&cli_cmd_records,
	&cli_cmd_verify,
	&cli_cmd_export,
	&cli_cmd_import,
	&cli_cmd_review,
	&cli_cmd_search,
	&cli_cmd_keygen_office,
	&cli_cmd_type,
	&cli_cmd_help,
	NULL,
};

int
cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("kolb: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return CLI_ERR;
}

int
cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("kolb: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fprintf(stderr, _("usage: kolb %s %s\n"), cmd->name, _(cmd->usage));
	return CLI_USAGE;
}

int
cli_dispatch(struct cli_ctx *ctx, const struct cli_cmd *cmd, const struct cli_sub *subs,
    size_t n, int argc, char **argv, const char *need, const char *unknown)
{
	if (argc < 2)
		return cli_usage(cmd, "%s", need);
	for (size_t i = 0; i < n; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(ctx, argc - 1, argv + 1);
	return cli_usage(cmd, unknown, argv[1]);
}

void
cli_print_problems(const struct kolb_strlist *problems)
{
	for (size_t i = 0; i < problems->len; i++)
		fprintf(stderr, "  %s\n", problems->items[i]);
}

int
cli_open(struct cli_ctx *ctx)
{
	struct kolb_err err;
	if (ctx->db != NULL)
		return 0;
	if (ctx->datadir == NULL && fs_data_dir(ctx->data_flag, &ctx->datadir, &err) != 0)
		return cli_error("%s", err.msg);
	char *path = kolb_xasprintf("%s/kolb.db", ctx->datadir);
	int rc = db_open(path, &ctx->db, &err);
	free(path);
	if (rc != 0)
		return cli_error("%s", err.msg);
	return 0;
}

static const struct cli_cmd *
cli_find(const char *name)
{
	for (const struct cli_cmd *const *c = cli_table; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

static void
cli_print_help(FILE *f)
{
	fprintf(f, _("kolb %s: run Kolb-cycle workshops, record them, issue completion "
	    "records.\n\n"), KOLB_VERSION);
	fputs(_("usage: kolb [--data-dir DIR] [COMMAND [ARGS...]]\n\n"
	    "Without a command kolb opens the facilitator's screens.\n\n"
	    "Commands:\n"), f);
	for (const struct cli_cmd *const *c = cli_table; *c; c++)
		fprintf(f, "  %-14s %s\n", (*c)->name, _((*c)->summary));
	fputs(_("\nOptions:\n"
	    "  --data-dir DIR  the data folder (default: $KOLB_HOME or $XDG_DATA_HOME/kolb)\n"
	    "  -h, --help      this help; `kolb help COMMAND` explains one command\n"
	    "  -V, --version   kolb's version\n"), f);
}

static int
cmd_help_run(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc < 2) {
		cli_print_help(stdout);
		return CLI_OK;
	}
	const struct cli_cmd *c = cli_find(argv[1]);
	if (c == NULL)
		return cli_error(_("no command \"%s\"; `kolb --help` lists them"), argv[1]);
	printf(_("usage: kolb %s %s\n\n%s"), c->name, _(c->usage), _(c->help));
	return CLI_OK;
}

const struct cli_cmd cli_cmd_help = {
	.name = "help",
	.usage = N_("[COMMAND]"),
	.summary = N_("explain kolb or one of its commands"),
	.help = N_("Prints the list of commands, or the full help of one command.\n"),
	.run = cmd_help_run,
};

int
main(int argc, char **argv)
{
	l10n_init_locale();
	/* The catalogues: $KOLB_LOCALEDIR, else the checkout's build/locale next to a
	 * ./kolb run from the checkout, else the installed ones. */
	char localedir[4096];
	bindtextdomain("kolb", l10n_localedir(KOLB_BUILD_LOCALEDIR, KOLB_LOCALEDIR, localedir,
	    sizeof localedir));
	bind_textdomain_codeset("kolb", "UTF-8");
	textdomain("kolb");
	if (sodium_init() < 0)
		return cli_error(_("cannot initialise the cryptography library"));

	static const struct option opts[] = {
		{"data-dir", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct cli_ctx ctx = {0};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx.data_flag = optarg;
			break;
		case 'h':
			cli_print_help(stdout);
			return CLI_OK;
		case 'V':
			printf("kolb %s\n", KOLB_VERSION);
			return CLI_OK;
		default:
			cli_error(_("unknown option %s"), argv[optind - 1]);
			cli_print_help(stderr);
			return CLI_USAGE;
		}
	}
	int rc;
	if (optind >= argc) {
		rc = cli_open(&ctx) ? CLI_ERR : tui_main(&ctx);
	} else {
		const struct cli_cmd *cmd = cli_find(argv[optind]);
		if (cmd == NULL) {
			cli_error(_("no command \"%s\"; `kolb --help` lists them"), argv[optind]);
			return CLI_USAGE;
		}
		optind++;
		/* Each command parses its own options from its own argv[0]. */
		rc = cmd->run(&ctx, argc - optind + 1, argv + optind - 1);
	}
	db_close(ctx.db);
	free(ctx.datadir);
	return rc;
}
