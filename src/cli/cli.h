/*
 * The command-line front end: one file per subcommand, each exporting a
 * declarative struct cli_cmd that main.c lists in its table. Commands print
 * results on stdout and one-line errors on stderr ("kolb: ..."), and return
 * the process exit status.
 */
#ifndef KOLB_CLI_H
#define KOLB_CLI_H

#include <stdbool.h>
#include <stdio.h>
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

/* A subcommand of a command ("pack install", "records issue"). */
struct cli_sub {
	const char *name;
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

/* Run the subcommand argv[1] of cmd from subs, with argv shifted so that the
 * subcommand's name is its argv[0]; a missing or unknown one is a usage error
 * (need: the message for none; unknown: a format with %s for the name). */
int cli_dispatch(struct cli_ctx *ctx, const struct cli_cmd *cmd, const struct cli_sub *subs,
    size_t n, int argc, char **argv, const char *need, const char *unknown);

/* Print a label ("Title:") padded to the label column of `show` outputs, which
 * the catalogue sets for its language (display columns, not bytes). */
void cli_print_label(const char *label);

/* Print each problem on stderr, indented. */
void cli_print_problems(const struct kolb_strlist *problems);

/* Start the TUI on the data folder (src/tui). */
int tui_main(struct cli_ctx *ctx);

extern const struct cli_cmd cli_cmd_pack;
extern const struct cli_cmd cli_cmd_session;
extern const struct cli_cmd cli_cmd_participant;
extern const struct cli_cmd cli_cmd_attend;
extern const struct cli_cmd cli_cmd_entry;
extern const struct cli_cmd cli_cmd_assess;
extern const struct cli_cmd cli_cmd_activity;
extern const struct cli_cmd cli_cmd_issuer;
extern const struct cli_cmd cli_cmd_trust;
extern const struct cli_cmd cli_cmd_records;
extern const struct cli_cmd cli_cmd_verify;
extern const struct cli_cmd cli_cmd_export;
extern const struct cli_cmd cli_cmd_import;
extern const struct cli_cmd cli_cmd_review;
extern const struct cli_cmd cli_cmd_search;
extern const struct cli_cmd cli_cmd_keygen_office;
extern const struct cli_cmd cli_cmd_type;
extern const struct cli_cmd cli_cmd_help;

/*
 * Helpers shared by the session commands (session, participant, attend, entry,
 * assess, activity); defined in cmd_session.c and cmd_participant.c.
 */
struct json_t;
struct live;
struct participant;

/* Parse a positive decimal id ("12"); false for anything else. */
bool cli_parse_id(const char *s, long long *out);

/* Parse getopt's current option argument as an id, or print the usage error. */
int cli_id_arg(const struct cli_cmd *cmd, const char *what, const char *s, long long *out);

/* Open the database and the session for changing it (takes its lock). Prints the
 * error itself and returns CLI_ERR; on success *out is live_close()d by the caller. */
int cli_live(struct cli_ctx *ctx, long long session_id, struct live **out);

/* Parse arg as a session id, open the database and load the session (read only).
 * Returns CLI_OK, or CLI_USAGE / CLI_ERR after printing the message. The caller
 * session_clear()s *out on CLI_OK. */
struct session;
int cli_session_arg(struct cli_ctx *ctx, const struct cli_cmd *cmd, const char *arg,
    struct session *out);

/* Read all of f (at most max bytes) into a NUL-terminated buffer the caller frees.
 * 0 ok, -1 read error (errno set), 1 larger than max. */
int cli_read_all(FILE *f, size_t max, char **out, size_t *len);

/* Print a JSON value (indented, UTF-8) on stdout with a newline, and release it. */
void cli_print_json(struct json_t *j);

/* Print s left-aligned in width terminal columns (wcswidth), then one space. */
void cli_print_padded(const char *s, int width);

/* Report a getopt mistake (unknown option or missing argument) for cmd's sub. */
int cli_bad_option(const struct cli_cmd *cmd, const char *sub, char **argv);

/* Load participant id and check it belongs to session_id. Prints the error and
 * returns CLI_ERR; on success the caller participant_clear()s *out. */
int cli_participant_in(struct cli_ctx *ctx, long long session_id, long long id,
    struct participant *out);

/* A participant as a JSON object (stable keys), with attendance for days 1..days. */
struct json_t *cli_participant_json(struct db *db, const struct participant *p, int days);

#endif
