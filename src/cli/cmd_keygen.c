/* kolb keygen-office: a new age X25519 identity for the office, as age-keygen writes it. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "age.h"
#include "cli.h"
#include "clock.h"

/* Local time in RFC 3339 ("2024-05-01T09:30:00+07:00", or "...Z" in UTC), as
 * age-keygen writes it. */
static void
keygen_rfc3339(time_t t, char out[32])
{
	struct tm tm;
	localtime_r(&t, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	long off = tm.tm_gmtoff;
	if (off == 0) {
		snprintf(out + n, 32 - n, "Z");
		return;
	}
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(out + n, 32 - n, "%c%02ld:%02ld", sign, off / 3600, off / 60 % 60);
}

static int
keygen_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *outpath = NULL;
	(void)ctx;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c != 'o')
			return cli_usage(&cli_cmd_keygen_office, _("unknown or incomplete option %s"),
			    argv[optind - 1]);
		outpath = optarg;
	}
	if (optind != argc)
		return cli_usage(&cli_cmd_keygen_office, _("keygen-office takes no arguments"));

	char identity[AGE_IDENTITY_LEN + 1], recipient[AGE_RECIPIENT_LEN + 1], when[32];
	struct kolb_err err;
	if (age_keygen(identity, sizeof identity, recipient, sizeof recipient, &err) != 0)
		return cli_error("%s", err.msg);
	keygen_rfc3339(clock_wall(), when);
	char *text = kolb_xasprintf("# created: %s\n# public key: %s\n%s\n", when, recipient,
	    identity);
	sodium_memzero(identity, sizeof identity);
	size_t len = strlen(text);
	int rc = CLI_OK;
	if (outpath == NULL) {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
			rc = cli_error(_("cannot write the identity: %s"), strerror(errno));
	} else {
		/* Like age-keygen -o: a new file, private, never over an existing one. */
		int fd = open(outpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			rc = cli_error(_("cannot create %s: %s"), outpath, strerror(errno));
		} else {
			int e = 0;
			errno = 0;
			if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0)
				e = errno ? errno : ENOSPC;
			if (close(fd) != 0 && e == 0)
				e = errno;
			if (e != 0) {
				rc = cli_error(_("cannot write %s: %s"), outpath, strerror(e));
				unlink(outpath);
			} else {
				printf(_("Public key: %s\n"), recipient);
			}
		}
	}
	sodium_memzero(text, len);
	free(text);
	return rc;
}

const struct cli_cmd cli_cmd_keygen_office = {
	.name = "keygen-office",
	.usage = N_("[-o FILE]"),
	.summary = N_("make a new office key for encrypted session archives"),
	.help = N_(
	    "Makes a new age X25519 identity for the office that receives session archives,\n"
	    "in the format of age-keygen:\n"
	    "\n"
	    "  # created: 2024-05-01T09:30:00+07:00\n"
	    "  # public key: age1...\n"
	    "  AGE-SECRET-KEY-1...\n"
	    "\n"
	    "Without -o it is printed on standard output; with -o FILE it is written to a new\n"
	    "file (mode 0600, never over an existing file) and the public key is printed.\n"
	    "\n"
	    "Give the public key (age1...) to trainers: `kolb export --encrypt-to age1...`\n"
	    "encrypts an archive that only this identity opens (`kolb import --identity FILE`,\n"
	    "or `age -d -i FILE`). Keep the identity file secret and backed up offline: without\n"
	    "it, encrypted archives cannot be opened by anyone.\n"),
	.run = keygen_run,
};
