/* kolb verify FILE...: check completion records offline, one verdict line per file; a
 * record may also come in its compact QR form ("KOLB1:...", see compact.h). */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "compact.h"
#include "cred.h"
#include "text.h"

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

/* Check a record given in its compact form (len bytes of text): decode it, then
 * cred_verify as for a file; a text that does not decode is invalid, with the reason.
 * *json receives the decoded record (caller frees; NULL if it did not decode). */
static void
verify_compact(struct db *db, const char *text, size_t len, struct cred_check *chk,
    char **json, size_t *jlen)
{
	struct kolb_err err;
	if (compact_decode(text, len, json, jlen, &err) != 0) {
		memset(chk, 0, sizeof *chk);
		chk->verdict = CRED_INVALID;
		snprintf(chk->reason, sizeof chk->reason, "%s", err.msg);
		return;
	}
	cred_verify(db, *json, *jlen, chk);
}

/* What --name found for one record. */
struct verify_name {
	const char *name; /* as given on the command line; NULL without --name */
	int match;        /* cred_match_name: 1, 0, -1 (why says why) */
	char why[512];
};

/* Check --name against a record that verified (valid, untrusted or revoked: the
 * signature is good); an invalid record's name is not checked (match 0, no reason). */
static void
verify_name_check(const char *json, size_t len, const struct cred_check *chk,
    struct verify_name *vn)
{
	vn->match = 0;
	vn->why[0] = '\0';
	if (vn->name == NULL || json == NULL || chk->verdict == CRED_INVALID)
		return;
	struct kolb_err err;
	vn->match = cred_match_name(json, len, vn->name, &err);
	if (vn->match < 0)
		snprintf(vn->why, sizeof vn->why, "%s", err.msg);
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

/* Print one verdict line, and the --name line if vn->name (or add one JSON object);
 * returns true if the file passes: a valid record, of the learner named if vn->name. */
static bool
verify_report(const char *file, const struct cred_check *c, const struct verify_name *vn,
    json_t *arr)
{
	bool ok = c->verdict == CRED_VALID_TRUSTED || c->verdict == CRED_VALID_UNKNOWN_ISSUER;
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
		if (vn->name != NULL)
			json_object_set_new(o, "name_matches", json_boolean(vn->match == 1));
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
		/* An invalid record proves nothing about any name: no second line. */
		if (vn->name != NULL && c->verdict != CRED_INVALID) {
			char *name = verify_printable(vn->name);
			if (vn->match == 1) {
				printf(_("%s: the name %s matches the record\n"), file, name);
			} else if (vn->match == 0) {
				printf(_("%s: %s DOES NOT MATCH the record's learner\n"), file, name);
			} else {
				char *why = verify_printable(vn->why);
				printf(_("%s: cannot check the name %s: %s\n"), file, name, why);
				free(why);
			}
			free(name);
		}
	}
	free(issuer);
	free(did);
	free(learner);
	free(title);
	free(reason);
	return ok && (vn->name == NULL || vn->match == 1);
}

static int
cmd_verify_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"name", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	struct verify_name vn = {0};
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'n': vn.name = optarg; break;
		default: return cli_bad_option(&cli_cmd_verify, NULL, argv);
		}
	}
	if (vn.name != NULL) {
		if (!text_utf8_valid(vn.name, strlen(vn.name)))
			return cli_usage(&cli_cmd_verify, _("the name given with --name is not valid "
			    "UTF-8 text"));
		if (strspn(vn.name, " \t\n\v\f\r") == strlen(vn.name))
			return cli_usage(&cli_cmd_verify, _("--name needs the learner's name as printed "
			    "on the certificate"));
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
		/* The QR text itself on the command line: labelled "QR", never printed whole. */
		const char *label = argv[i];
		/* the record checked: the decoded QR text, or the file as read */
		char *rec = NULL;
		const char *json_rec = NULL;
		size_t rlen = 0;
		if (strcmp(argv[i], "-") != 0 && compact_is(argv[i], strlen(argv[i]))) {
			label = "QR";
			verify_compact(db, argv[i], strlen(argv[i]), &chk, &rec, &rlen);
			json_rec = rec;
		} else if (verify_read(argv[i], &buf, &len, why, sizeof why) != 0) {
			memset(&chk, 0, sizeof chk);
			chk.verdict = CRED_INVALID;
			snprintf(chk.reason, sizeof chk.reason, _("cannot read it: %s"), why);
		} else if (compact_is(buf, len)) {
			verify_compact(db, buf, len, &chk, &rec, &rlen);
			json_rec = rec;
		} else {
			cred_verify(db, buf, len, &chk);
			json_rec = buf;
			rlen = len;
		}
		verify_name_check(json_rec, rlen, &chk, &vn);
		all_ok &= verify_report(label, &chk, &vn, arr);
		free(rec);
		free(buf);
	}
	if (arr != NULL)
		cli_print_json(arr);
	return all_ok ? CLI_OK : CLI_ERR;
}

const struct cli_cmd cli_cmd_verify = {
	.name = "verify",
	.usage = N_("[--json] [--name NAME] FILE|-|KOLB1:TEXT..."),
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
	    "FILE - reads standard input. A record may also be given in the compact form\n"
	    "printed in a certificate's QR code, \"KOLB1:\" followed by base45 text: as an\n"
	    "argument (its line starts with \"QR\"), or on standard input or in a file, as\n"
	    "`zbarimg --raw certificate.png | kolb verify -` gives it (zbarimg's \"QR-Code:\"\n"
	    "before it is accepted too). A QR text that does not decode is INVALID.\n"
	    "\n"
	    "--name NAME also checks that NAME, as printed on a paper certificate, is the\n"
	    "learner of each record, also when the record holds only a hash of the name (a\n"
	    "minor's): after the verdict line comes\n"
	    "\n"
	    "  FILE: the name NAME matches the record\n"
	    "  FILE: NAME DOES NOT MATCH the record's learner\n"
	    "\n"
	    "Spaces before, after and between the words do not matter, but every accent\n"
	    "does: type the name with the same letters and tone marks as on the paper, on\n"
	    "the same vowel (Hoà and Hòa differ); there is no Unicode normalisation\n"
	    "(Vietnamese input methods and `kolb type` give the composed form, NFC).\n"
	    "Check a paper certificate with\n"
	    "`zbarimg --raw scan.png | kolb verify --name \"Lò Thị Tiên\" -`.\n"
	    "\n"
	    "The exit status is 1 when any record is invalid, revoked or unreadable, or\n"
	    "with --name is not the named learner's, else 0.\n"
	    "Issuers are trusted with `kolb trust add`.\n"
	    "--json prints an array of {file, verdict, reason, issuer, issuer_name, learner,\n"
	    "title} instead, verdict being valid, unknown_issuer, revoked or invalid; with\n"
	    "--name each has \"name_matches\": true or false (false too for an invalid record,\n"
	    "whose name is not checked).\n"),
	.run = cmd_verify_run,
};
