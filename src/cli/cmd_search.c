/* kolb search: find words in every reflection, action plan and note. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "search.h"
#include "textedit.h"

/* The snippet: about this many columns of the text around the first match,
 * of which up to SEARCH_BEFORE before it. */
#define SEARCH_WINDOW 60
#define SEARCH_BEFORE 20
#define SEARCH_TITLE_COLS 40
#define SEARCH_WHO_COLS 24

struct search_out {
	bool json;
	bool tty;       /* highlight with terminal attributes, else with «» */
	long limit;     /* entries printed at most (0: all) */
	long matched;   /* entries that matched */
	long printed;
	long long title_sid; /* the session whose title was cut last ... */
	size_t title_len;    /* ... to this many bytes */
	bool title_cut;      /* ... with "…" */
};

/* Print s[0..len) with control characters (a reflection's line breaks, and
 * anything an imported archive could use to drive the terminal: C0, DEL, and
 * the C1 controls U+0080..U+009F) as spaces. */
static void
search_put(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		size_t n = u[i] < 0x20 || u[i] == 0x7f ? 1 :
		    u[i] == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] < 0xa0 ? 2 : 0;
		if (n == 0)
			continue;
		fwrite(s + from, 1, i - from, stdout);
		putchar(' ');
		i += n - 1;
		from = i + 1;
	}
	fwrite(s + from, 1, len - from, stdout);
}

/* textedit_cluster(), with a shortcut for the commonest case: a printable
 * ASCII character followed by another ASCII byte (or the end) is a cluster of
 * one byte and one column, since no combining character is ASCII. */
static size_t
search_cluster(const char *s, size_t len, size_t i, int *cols)
{
	unsigned char c = (unsigned char)s[i];
	if (c >= 0x20 && c < 0x7f && (i + 1 == len || (unsigned char)s[i + 1] < 0x80)) {
		*cols = 1;
		return 1;
	}
	return textedit_cluster(s, len, i, cols);
}

/* Display columns of s[0..len) (textedit_cols(), with the shortcut above). */
static int
search_cols(const char *s, size_t len)
{
	int total = 0;
	for (size_t i = 0; i < len;) {
		int w;
		i += search_cluster(s, len, i, &w);
		total += w;
	}
	return total;
}

/* Print s cut to cols display columns ("…" marks a cut). A text of at most
 * cols bytes fits without measuring: no character is wider than its bytes. */
static void
search_put_cut(const char *s, int cols)
{
	size_t len = strlen(s);
	if (len <= (size_t)cols || textedit_cols(s, len) <= cols) {
		search_put(s, len);
		return;
	}
	search_put(s, textedit_fit(s, len, cols - 1));
	fputs("…", stdout);
}

/* Where the snippet starts: the first cluster from which the text up to the
 * match takes at most before columns. Only the last bytes before the match are
 * measured (three a column: a Vietnamese letter takes two or three), so a long
 * text costs no more than a short one. */
static size_t
search_snippet_start(const char *body, size_t ms, int before)
{
	size_t i = ms > (size_t)before * 3 ? ms - (size_t)before * 3 : 0;
	while (i < ms && ((unsigned char)body[i] & 0xC0) == 0x80)
		i++;
	int cols = search_cols(body + i, ms - i);
	while (cols > before && i < ms) {
		int w;
		i += search_cluster(body, ms, i, &w);
		cols -= w;
	}
	/* Start at a word if one begins soon enough, rather than in the middle of one. */
	if (i > 0 && body[i - 1] != ' ' && body[i - 1] != '\n') {
		const char *sp = memchr(body + i, ' ', ms - i);
		if (sp != NULL && (size_t)(sp - body) + 1 < ms && sp - (body + i) < 12)
			i = (size_t)(sp - body) + 1;
	}
	return i;
}

/* The words around the first match, every match in that window highlighted:
 * up to SEARCH_BEFORE columns before it (more when the text ends soon after
 * it), SEARCH_WINDOW columns in all. */
static void
search_print_snippet(const struct search_hit *h, bool tty)
{
	const char *on = tty ? "\033[1;7m" : "«";
	const char *off = tty ? "\033[0m" : "»";
	const char *body = h->body;
	size_t len = h->body_len, ms = h->spans[0].start, start = 0, end = len;
	if (len > SEARCH_WINDOW) {
		/* One pass over the window after the match start: where each cluster
		 * ends, and how many columns it has taken by then. */
		size_t pos[SEARCH_WINDOW + 1];
		int cols[SEARCH_WINDOW + 1], n = 0, used = 0;
		size_t at = ms;
		while (at < len && n < SEARCH_WINDOW) {
			int w;
			size_t k = search_cluster(body, len, at, &w);
			if (used + w > SEARCH_WINDOW)
				break;
			at += k;
			used += w;
			pos[n] = at;
			cols[n++] = used;
		}
		int before = SEARCH_BEFORE;
		if (at == len && SEARCH_WINDOW - used > before)
			before = SEARCH_WINDOW - used;
		start = search_snippet_start(body, ms, before);
		int room = SEARCH_WINDOW - search_cols(body + start, ms - start);
		end = ms;
		for (int i = 0; i < n && cols[i] <= room; i++)
			end = pos[i];
		if (end == ms && n > 0) /* a match wider than the window: its start at least */
			end = pos[0];
	}
	if (start > 0)
		fputs("…", stdout);
	size_t at = start;
	for (size_t i = 0; i < h->nspans && h->spans[i].start < end; i++) {
		size_t a = h->spans[i].start, b = h->spans[i].end;
		if (b <= at)
			continue;
		if (a < at)
			a = at;
		if (b > end)
			b = end;
		search_put(body + at, a - at);
		fputs(on, stdout);
		search_put(body + a, b - a);
		fputs(off, stdout);
		at = b;
	}
	search_put(body + at, end - at);
	if (end < len)
		fputs("…", stdout);
	putchar('\n');
}

static void
search_print_json(const struct search_hit *h, long n)
{
	json_t *o = json_object();
	json_object_set_new(o, "entry_id", json_integer(h->entry_id));
	json_object_set_new(o, "session_id", json_integer(h->session_id));
	json_object_set_new(o, "session_title", json_string(h->session_title));
	json_object_set_new(o, "date", json_string(h->session_date));
	json_object_set_new(o, "participant_id",
	    h->participant_id ? json_integer(h->participant_id) : json_null());
	json_object_set_new(o, "who", json_string(h->who));
	json_object_set_new(o, "group", json_string(h->group_name));
	json_object_set_new(o, "kind", json_string(entry_kind_name(h->kind)));
	json_object_set_new(o, "prompt_id", json_string(h->prompt_id));
	json_object_set_new(o, "version", json_integer(h->version));
	json_object_set_new(o, "body", json_stringn(h->body, h->body_len));
	json_t *spans = json_array();
	for (size_t i = 0; i < h->nspans; i++) {
		json_t *sp = json_object();
		json_object_set_new(sp, "start", json_integer((json_int_t)h->spans[i].start));
		json_object_set_new(sp, "end", json_integer((json_int_t)h->spans[i].end));
		json_object_set_new(sp, "text", json_stringn(h->body + h->spans[i].start,
		    h->spans[i].end - h->spans[i].start));
		json_array_append_new(spans, sp);
	}
	json_object_set_new(o, "spans", spans);
	/* One object a line, streamed: a million matches are never held at once. */
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fputs(n == 0 ? "[\n  " : ",\n  ", stdout);
	if (s != NULL)
		fputs(s, stdout);
	free(s);
	json_decref(o);
}

static int
search_print_hit(const struct search_hit *h, void *arg)
{
	struct search_out *out = arg;
	out->matched++;
	if (out->limit > 0 && out->printed >= out->limit)
		return 0; /* keep counting */
	if (out->json) {
		search_print_json(h, out->printed++);
		return 0;
	}
	out->printed++;
	search_put(h->session_date, strlen(h->session_date));
	fputs("  ", stdout);
	/* A session's entries were mostly written together, so its matches come
	 * together: measure its title once. */
	if (out->title_sid != h->session_id) {
		size_t len = strlen(h->session_title);
		out->title_sid = h->session_id;
		out->title_cut = len > SEARCH_TITLE_COLS &&
		    textedit_cols(h->session_title, len) > SEARCH_TITLE_COLS;
		out->title_len = out->title_cut ?
		    textedit_fit(h->session_title, len, SEARCH_TITLE_COLS - 1) : len;
	}
	search_put(h->session_title, out->title_len);
	fputs(out->title_cut ? "…  " : "  ", stdout);
	search_put_cut(*h->who ? h->who : "—", SEARCH_WHO_COLS);
	printf("  %s/", entry_kind_name(h->kind));
	search_put(h->prompt_id, strlen(h->prompt_id));
	fputs(": ", stdout);
	search_print_snippet(h, out->tty);
	return 0;
}

/* A positive decimal number for --limit. */
static bool
search_parse_limit(const char *s, long *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return false;
	long v = strtol(s, &end, 10);
	if (*end != '\0' || v <= 0 || v > 1000000000L)
		return false;
	*out = v;
	return true;
}

static int
cmd_search_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"fold", no_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},
		{"limit", required_argument, NULL, 'n'},
		{"count", no_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	struct search_out out = {.tty = isatty(STDOUT_FILENO) == 1};
	bool fold = false, count = false;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': fold = true; break;
		case 'j': out.json = true; break;
		case 'c': count = true; break;
		case 'n':
			if (!search_parse_limit(optarg, &out.limit))
				return cli_usage(&cli_cmd_search, _("--limit needs a number above 0, "
				    "not \"%s\""), optarg);
			break;
		default: return cli_bad_option(&cli_cmd_search, NULL, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(&cli_cmd_search, _("search needs one pattern (quote it if it has "
		    "spaces)"));
	if (count && out.limit > 0)
		return cli_usage(&cli_cmd_search, _("--count prints no entries: it takes no --limit"));
	struct kolb_err err;
	struct search *s = search_new(argv[optind], fold, &err);
	if (s == NULL)
		return cli_usage(&cli_cmd_search, "%s", err.msg);
	if (cli_open(ctx) != CLI_OK) {
		search_free(s);
		return CLI_ERR;
	}
	if (count) {
		long long n;
		int r = search_count(ctx->db, s, &n, &err);
		search_free(s);
		if (r != 0)
			return cli_error("%s", err.msg);
		if (out.json) {
			json_t *o = json_object();
			json_object_set_new(o, "count", json_integer(n));
			cli_print_json(o);
		} else {
			printf("%lld\n", n);
		}
		return n > 0 ? CLI_OK : CLI_ERR;
	}
	/* Fully buffered even on a terminal: a search can print many lines. */
	static char buf[1 << 16];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	int r = search_run(ctx->db, s, search_print_hit, &out, &err);
	search_free(s);
	if (out.json)
		fputs(out.printed > 0 ? "\n]\n" : "[]\n", stdout);
	fflush(stdout);
	if (r != 0)
		return cli_error("%s", err.msg);
	if (!out.json) {
		if (out.matched == 0)
			puts(_("no entry matches"));
		else if (out.printed < out.matched)
			printf(ngettext("%ld entry matches (the first %ld shown)\n",
			    "%ld entries match (the first %ld shown)\n", (unsigned long)out.matched),
			    out.matched, out.printed);
		else
			printf(ngettext("%ld entry matches\n", "%ld entries match\n",
			    (unsigned long)out.matched), out.matched);
	}
	fflush(stdout);
	return out.matched > 0 ? CLI_OK : CLI_ERR;
}

const struct cli_cmd cli_cmd_search = {
	.name = "search",
	.usage = N_("[--fold] [--json] [--limit N | --count] PATTERN"),
	.summary = N_("search every reflection, action plan and note"),
	.help = N_(
	    "Searches the current version of every entry (reflections, action plans,\n"
	    "facilitators' notes) of every session in the data folder, and prints one line\n"
	    "per matching entry:\n"
	    "  DATE  SESSION TITLE  PARTICIPANT (or group)  KIND/PROMPT: ...words...\n"
	    "with the words around the first match and every match highlighted (bold and\n"
	    "reversed on a terminal, between « and » otherwise), then \"N entries match\".\n"
	    "Entries come in the order they were written; an entry corrected after its\n"
	    "session was closed is searched in its newest version only.\n"
	    "\nPATTERN is a PCRE2 regular expression, always case-insensitive: \"rửa tay\",\n"
	    "\"xà phòng|nước sạch\", \"\\bem\\b\". Put -- before a pattern that starts with -.\n"
	    "\n  --fold      ignore Vietnamese diacritics: \"hoc\" finds \"học\", \"dak lak\" finds\n"
	    "              \"Đắk Lắk\", \"Đ\" matches \"D\" and \"đ\"\n"
	    "  --json      a JSON array instead: one object per entry with its session,\n"
	    "              participant, kind, prompt, text, and every match as byte offsets\n"
	    "              in the text (\"spans\": start, end, text)\n"
	    "  --limit N   print only the first N entries (all are still counted)\n"
	    "  --count     print only the number of matching entries (with --json:\n"
	    "              {\"count\": N})\n"
	    "\nExit status: 0 when some entry matches, 1 when none does, 2 for a mistake in\n"
	    "the pattern or the command line.\n"),
	.run = cmd_search_run,
};
