/*
 * The command-line front end: one file per subcommand, each exporting a
 * declarative struct cli_cmd that main.c lists in its table. Commands print
 * results on stdout and one-line errors on stderr ("kolb: ..."), and return
 * the process exit status.
 */
#ifndef KOLB_CLI_H
#define KOLB_CLI_H

#include <stdbool.h>
#include "db.h"
#include "kolb.h"

#define CLI_OK 0
#define CLI_ERR 1
#define CLI_USAGE 2

struct cli_ctx {
	const char *data_flag; /* --data-dir, or NULL */
	char *datadir;         /* resolved on first use; owned */
	struct db *db;         /* opened on first use; owned */
};

struct cli_cmd {
	const char *name;
	const char *usage;   /* after "kolb NAME " */
	const char *summary; /* one line for `kolb --help` (translated at print time) */
	const char *help;    /* the full text for `kolb help NAME` */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

/* Resolve the data folder and open its database, once. Prints the error itself. */
int cli_open(struct cli_ctx *ctx);

/* Print "kolb: msg" on stderr; returns CLI_ERR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a usage error and the command's usage line; returns CLI_USAGE. */
int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print each problem on stderr, indented. */
void cli_print_problems(const struct kolb_strlist *problems);

/* Start the TUI on the data folder (src/tui). */
int tui_main(struct cli_ctx *ctx);

extern const struct cli_cmd cli_cmd_pack;
extern const struct cli_cmd cli_cmd_help;

#endif
