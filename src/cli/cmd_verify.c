/* kolb verify FILE...: check completion records offline, one verdict line per file. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cred.h"

/* A record is a few kilobytes; cred_verify refuses anything over 1 MiB. */
#define VERIFY_MAX (1024 * 1024)

/* A copy of s safe to print on a terminal: the texts come from the file, which may
 * be hostile, so C0/C1 control characters (escape sequences) become '?'. The input
 * is valid UTF-8 (jansson checked it). Caller frees. */
static char *
verify_printable(const char *s)
{
	char *out = kolb_xstrdup(s);
	unsigned char *p = (unsigned char *)out;
	for (size_t i = 0; p[i]; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			p[i] = '?';
		else if (p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			p[i] = p[i + 1] = '?';
	}
	return out;
}

/* Read FILE (or standard input for "-") into a NUL-terminated buffer. 0 ok; -1 with
 * the reason in why. */
static int
verify_read(const char *path, char **buf, size_t *len, char *why, size_t whysz)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL) {
		snprintf(why, whysz, "%s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(why, whysz, "%s", _("a folder, not a file"));
		if (f != stdin)
			fclose(f);
		return -1;
	}
	int r = cli_read_all(f, VERIFY_MAX, buf, len);
	int e = errno;
	if (f != stdin)
		fclose(f);
	if (r == 1) {
		snprintf(why, whysz, "%s", _("too large to be a record (over 1 MiB)"));
		return -1;
	}
	if (r != 0) {
		snprintf(why, whysz, "%s", strerror(e));
		return -1;
	}
	return 0;
}

/* s as a JSON string. The texts of a check are cut to fit their buffers, perhaps in
 * the middle of a UTF-8 sequence, which jansson refuses: drop the broken tail. */
static json_t *
verify_jstr(const char *s)
{
	size_t n = strlen(s);
	for (int cut = 0; cut <= 4 && cut <= (int)n; cut++) {
		json_t *j = json_stringn(s, n - (size_t)cut);
		if (j != NULL)
			return j;
	}
	return json_string("?");
}

static const char *
verify_verdict_name(enum cred_verdict v)
{
	switch (v) {
	case CRED_VALID_TRUSTED: return "valid";
	case CRED_VALID_UNKNOWN_ISSUER: return "unknown_issuer";
	case CRED_REVOKED: return "revoked";
	case CRED_INVALID: break;
	}
	return "invalid";
}

/* Print one verdict line (or add one JSON object); returns true if the file passes. */
static bool
verify_report(const char *file, const struct cred_check *c, json_t *arr)
{
	char *issuer = verify_printable(c->issuer_name), *did = verify_printable(c->issuer_did);
	char *learner = verify_printable(c->learner), *title = verify_printable(c->title);
	char *reason = verify_printable(c->reason);
	if (arr != NULL) {
		json_t *o = json_object();
		json_object_set_new(o, "file", verify_jstr(file));
		json_object_set_new(o, "verdict", json_string(verify_verdict_name(c->verdict)));
		json_object_set_new(o, "reason", c->reason[0] ? verify_jstr(c->reason) : json_null());
		if (c->verdict != CRED_INVALID) {
			json_object_set_new(o, "issuer", verify_jstr(c->issuer_did));
			json_object_set_new(o, "issuer_name", verify_jstr(c->issuer_name));
			json_object_set_new(o, "learner", verify_jstr(c->learner));
			json_object_set_new(o, "title", verify_jstr(c->title));
		}
		json_array_append_new(arr, o);
	} else {
		switch (c->verdict) {
		case CRED_VALID_TRUSTED:
			printf(_("%s: valid, issued by %s (trusted) to %s: %s\n"), file,
			    issuer[0] ? issuer : did, learner, title);
			break;
		case CRED_VALID_UNKNOWN_ISSUER:
			printf(_("%s: valid, but the issuer %s (\"%s\") is not in the trust list; "
			    "`kolb trust add DID` once you have checked it with them (%s: %s)\n"), file,
			    did, issuer, learner, title);
			break;
		case CRED_REVOKED:
			printf(_("%s: REVOKED: %s\n"), file, reason);
			break;
		case CRED_INVALID:
			printf(_("%s: INVALID: %s\n"), file, reason);
			break;
		}
	}
	free(issuer);
	free(did);
	free(learner);
	free(title);
	free(reason);
	return c->verdict == CRED_VALID_TRUSTED || c->verdict == CRED_VALID_UNKNOWN_ISSUER;
}

static int
cmd_verify_run(struct cli_ctx *ctx, int argc, char **argv)
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
			return cli_bad_option(&cli_cmd_verify, NULL, argv);
		json = true;
	}
	if (optind >= argc)
		return cli_usage(&cli_cmd_verify, _("verify needs at least one file (- reads standard "
		    "input)"));
	int nstdin = 0;
	for (int i = optind; i < argc; i++)
		nstdin += strcmp(argv[i], "-") == 0;
	if (nstdin > 1)
		return cli_usage(&cli_cmd_verify, _("standard input (-) can be read only once"));
	/* Without a database the signatures are still checked; nothing is trusted. */
	struct db *db = NULL;
	if (cli_open(ctx) == 0)
		db = ctx->db;
	else
		fprintf(stderr, _("kolb: checking signatures only: no trust list, no revocations\n"));
	json_t *arr = json ? json_array() : NULL;
	bool all_ok = true;
	for (int i = optind; i < argc; i++) {
		struct cred_check chk;
		char *buf = NULL;
		size_t len = 0;
		char why[256];
		if (verify_read(argv[i], &buf, &len, why, sizeof why) != 0) {
			memset(&chk, 0, sizeof chk);
			chk.verdict = CRED_INVALID;
			snprintf(chk.reason, sizeof chk.reason, _("cannot read it: %s"), why);
		} else {
			cred_verify(db, buf, len, &chk);
		}
		free(buf);
		all_ok &= verify_report(argv[i], &chk, arr);
	}
	if (arr != NULL)
		cli_print_json(arr);
	return all_ok ? CLI_OK : CLI_ERR;
}

const struct cli_cmd cli_cmd_verify = {
	.name = "verify",
	.usage = N_("[--json] FILE..."),
	.summary = N_("check completion records: signature, issuer, revocation"),
	.help = N_(
	    "Checks each completion record (an Open Badges 3.0 credential signed with an\n"
	    "eddsa-jcs-2022 proof by a did:key issuer), offline, and prints one line per file:\n"
	    "\n"
	    "  FILE: valid, issued by NAME (trusted) to LEARNER: TITLE\n"
	    "  FILE: valid, but the issuer DID (...) is not in the trust list\n"
	    "  FILE: REVOKED: why          (revoked on this computer)\n"
	    "  FILE: INVALID: why          (altered, not a record, unreadable...)\n"
	    "\n"
	    "FILE - reads standard input. The exit status is 1 when any file is invalid,\n"
	    "revoked or unreadable, else 0. Issuers are trusted with `kolb trust add`.\n"
	    "--json prints an array of {file, verdict, reason, issuer, issuer_name, learner,\n"
	    "title} instead, verdict being valid, unknown_issuer, revoked or invalid.\n"),
	.run = cmd_verify_run,
};
