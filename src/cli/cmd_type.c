/* kolb type --telex|--vni: Vietnamese typing for scripts and machines without an input method. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "text.h"
#include "vnkey.h"

/* Type one line of keystrokes and print it. 0 ok, -1 (message printed) on failure. */
static int
type_line(enum vnkey_mode mode, enum vnkey_style style, const char *keys, size_t len,
    unsigned long lineno)
{
	if (!text_utf8_valid(keys, len) || memchr(keys, '\0', len) != NULL) {
		cli_error(_("line %lu is not valid UTF-8 text"), lineno);
		return -1;
	}
	/* A key makes at most one character of up to 3 bytes, or undoes one. */
	size_t outsz = 4 * len + 16;
	char *out = kolb_xmalloc(outsz);
	int rc = vnkey_type_line(mode, style, keys, out, outsz);
	if (rc == 0 && printf("%s\n", out) < 0)
		rc = -1;
	free(out);
	if (rc != 0)
		cli_error(_("cannot write line %lu: %s"), lineno, strerror(errno ? errno : EIO));
	return rc;
}

static int
type_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"telex", no_argument, NULL, 't'},
		{"vni", no_argument, NULL, 'v'},
		{"traditional", no_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	(void)ctx;
	enum vnkey_mode mode = VNKEY_OFF;
	enum vnkey_style style = VNKEY_MODERN;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
		case 'v':
			if (mode != VNKEY_OFF)
				return cli_usage(&cli_cmd_type, _("choose one of --telex and --vni"));
			mode = c == 't' ? VNKEY_TELEX : VNKEY_VNI;
			break;
		case 'r':
			style = VNKEY_TRADITIONAL;
			break;
		default:
			return cli_bad_option(&cli_cmd_type, NULL, argv);
		}
	}
	if (mode == VNKEY_OFF)
		return cli_usage(&cli_cmd_type, _("say how the keys are typed: --telex or --vni"));
	if (optind < argc) {
		/* The arguments, as one line of words. */
		for (int i = optind; i < argc; i++)
			if (type_line(mode, style, argv[i], strlen(argv[i]), (unsigned long)(i - optind + 1)))
				return CLI_ERR;
		return fflush(stdout) == 0 ? CLI_OK : CLI_ERR;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	int rc = CLI_OK;
	errno = 0;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		lineno++;
		size_t len = (size_t)n;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (type_line(mode, style, line, len, lineno) != 0) {
			rc = CLI_ERR;
			break;
		}
	}
	if (rc == CLI_OK && ferror(stdin))
		rc = cli_error(_("cannot read standard input: %s"), strerror(errno));
	free(line);
	if (fflush(stdout) != 0 && rc == CLI_OK)
		rc = cli_error(_("cannot write: %s"), strerror(errno));
	return rc;
}

const struct cli_cmd cli_cmd_type = {
	.name = "type",
	.usage = N_("--telex|--vni [--traditional] [KEYS...]"),
	.summary = N_("turn Telex or VNI keystrokes into Vietnamese text"),
	.help = N_(
	    "Reads keystrokes typed the Telex or VNI way, one line at a time from standard\n"
	    "input (or each KEYS argument as a line), and prints the Vietnamese text, in\n"
	    "Unicode NFC. For rosters and scripts typed on machines without a Vietnamese\n"
	    "input method:\n"
	    "\n"
	    "  $ echo 'Nguyeenx Thij Hoaf' | kolb type --telex\n"
	    "  Nguyễn Thị Hoà\n"
	    "  $ kolb type --vni 'D9a81k La81k'\n"
	    "  Đắk Lắk\n"
	    "\n"
	    "Telex: aa â, aw ă, ee ê, oo ô, ow ơ, uw ư, w ư, dd đ; tones s f r x j, z clears.\n"
	    "VNI:   6 ^ (â ê ô), 7 horn (ơ ư), 8 breve (ă), 9 đ; tones 1-5, 0 clears.\n"
	    "A modifier typed twice is undone and the key kept (ass: as).\n"
	    "\n"
	    "  --telex, --vni   how the keys are typed (one of them is needed)\n"
	    "  --traditional    tone on the first vowel of oa, oe, uy (hòa, thủy) instead\n"
	    "                   of the modern place (hoà, thuỷ)\n"
	    "\n"
	    "Exit status: 0 done, 1 a line was not UTF-8 or output failed, 2 usage.\n"),
	.run = type_run,
};
