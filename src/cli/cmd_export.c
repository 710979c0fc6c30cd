/* kolb export SESSION -o FILE.tar.gz [--redact] [--encrypt-to age1...] [--json] */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "export.h"

static void
export_print(const char *out, long long sid, const struct export_opts *o,
    const struct export_report *r, bool json)
{
	if (json) {
		json_t *files = json_array();
		for (size_t i = 0; i < r->nfiles; i++)
			json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "name", r->files[i].name,
			    "bytes", (json_int_t)r->files[i].bytes, "sha256", r->files[i].sha256));
		json_t *issuer = r->signed_archive ? json_pack("{s:s, s:s}", "did", r->issuer_did,
		    "name", r->issuer_name) : json_null();
		cli_print_json(json_pack("{s:s, s:I, s:I, s:s, s:s, s:o, s:b, s:o, s:b, s:b, s:o, "
		    "s:i, s:i, s:i, s:i}", "file", out, "bytes", (json_int_t)r->archive_bytes,
		    "session_id", (json_int_t)sid, "session_uid", r->session_uid, "title", r->title,
		    "files", files, "signed", r->signed_archive, "issuer", issuer ? issuer : json_null(),
		    "redacted", r->redacted, "encrypted", r->encrypted,
		    "recipient", o->encrypt_to ? json_string(o->encrypt_to) : json_null(),
		    "participants", r->participants, "entries", r->entries, "credentials",
		    r->credentials, "audit", r->audit));
		return;
	}
	printf(_("wrote %s (%llu bytes): session %lld \"%s\", %d participants, %d entries "
	    "(every version), %d records, %d audit records\n"), out, r->archive_bytes, sid, r->title,
	    r->participants, r->entries, r->credentials, r->audit);
	for (size_t i = 0; i < r->nfiles; i++) {
		printf("  ");
		cli_print_padded(r->files[i].name, 50);
		printf(_("%10llu bytes\n"), r->files[i].bytes);
	}
	if (r->signed_archive)
		printf(_("signed: SHA256SUMS.sig by %s (%s)\n"), r->issuer_name, r->issuer_did);
	else
		printf("%s\n", _("not signed: this data folder has no issuer key (`kolb issuer init` "
		    "makes one); the office will be warned"));
	if (r->redacted)
		printf("%s\n", _("redacted: names are pseudonyms; phone numbers, e-mail addresses "
		    "and ID-card numbers are masked; records are listed without their documents"));
	else
		printf("%s\n", _("not redacted: the archive holds participants' names and words; "
		    "keep it safe"));
	if (r->encrypted)
		printf(_("encrypted for %s: only the office's identity opens it\n"), o->encrypt_to);
	else
		printf("%s\n", _("not encrypted"));
}

static int
cmd_export_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"redact", no_argument, NULL, 'r'},
		{"encrypt-to", required_argument, NULL, 'e'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct export_opts o = {0};
	const char *out = NULL;
	bool json = false;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'r': o.redact = true; break;
		case 'e': o.encrypt_to = optarg; break;
		case 'j': json = true; break;
		default: return cli_bad_option(&cli_cmd_export, NULL, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(&cli_cmd_export, _("export needs one session id"));
	long long sid;
	if (cli_id_arg(&cli_cmd_export, _("the session id"), argv[optind], &sid) != CLI_OK)
		return CLI_USAGE;
	if (out == NULL || *out == '\0')
		return cli_usage(&cli_cmd_export, _("export needs -o FILE.tar.gz"));
	if (o.encrypt_to != NULL && strncmp(o.encrypt_to, "age1", 4) != 0)
		return cli_usage(&cli_cmd_export, _("--encrypt-to needs an age recipient (age1...), "
		    "not \"%s\""), o.encrypt_to);
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct export_report rep;
	struct kolb_err err;
	if (export_session_report(ctx->db, ctx->datadir, sid, &o, out, &rep, &err) != 0)
		return cli_error("%s", err.msg);
	export_print(out, sid, &o, &rep, json);
	export_report_clear(&rep);
	return CLI_OK;
}

const struct cli_cmd cli_cmd_export = {
	.name = "export",
	.usage = N_("SESSION -o FILE.tar.gz [--redact] [--encrypt-to age1...] [--json]"),
	.summary = N_("write a session archive for the office"),
	.help = N_(
	    "Writes one session as an archive for the office: session.json (everything,\n"
	    "with every version of every entry and the audit trail), CSV files for\n"
	    "spreadsheets (UTF-8 with a byte-order mark), the signed completion records,\n"
	    "SHA256SUMS, and its signature by this data folder's issuer key when there is\n"
	    "one. The same session exported twice gives the same bytes. The file is written\n"
	    "with mode 0600: it holds participants' words. Exporting only reads, so it\n"
	    "works while the session is open in kolb's screens.\n\n"
	    "  -o, --output FILE     where to write the .tar.gz\n"
	    "  --redact              names become stable pseudonyms (P-..., G-... for\n"
	    "                        guardians); phone numbers, e-mail addresses and ID-card\n"
	    "                        numbers in the texts are masked (docs/privacy.md)\n"
	    "  --encrypt-to age1...  encrypt for the office's age recipient\n"
	    "  --json                describe what was written as JSON\n"
	    "\nThe format is described in docs/archive-format.md.\n"
	    "\nExample: kolb export 3 -o /media/usb/lop-4a.tar.gz --redact\n"),
	.run = cmd_export_run,
};
