/* kolb pack validate|build|install|list|show|remove */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "l10n.h"
#include "pack.h"

/* Options shared by the pack subcommands. */
struct pack_args {
	bool force, json;
	const char *out, *version, *lang;
	int first; /* index of the first positional argument */
};

static int
pack_parse(int argc, char **argv, const char *allowed, struct pack_args *a)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'},
		{"version", required_argument, NULL, 'v'},
		{"lang", required_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "fjo:v:l:", opts, NULL)) != -1) {
		if (c == '?' || c == ':' || strchr(allowed, c) == NULL) {
			cli_usage(&cli_cmd_pack, _("%s %s: unknown or incomplete option %s"), "pack",
			    argv[0], argv[optind - 1]);
			return -1;
		}
		switch (c) {
		case 'f': a->force = true; break;
		case 'j': a->json = true; break;
		case 'o': a->out = optarg; break;
		case 'v': a->version = optarg; break;
		case 'l': a->lang = optarg; break;
		}
	}
	a->first = optind;
	return 0;
}

/* The text of a JSON object {"vi": ..., "en": ...} in lang, else its first language. */
static const char *
pick_title(json_t *titles, json_t *langs, const char *lang)
{
	json_t *t = lang ? json_object_get(titles, lang) : NULL;
	if (t == NULL)
		t = json_object_get(titles, json_string_value(json_array_get(langs, 0)));
	return t && json_string_value(t) ? json_string_value(t) : "";
}

static int
pack_validate_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	struct pack_args a;
	if (pack_parse(argc, argv, "", &a) != 0)
		return CLI_USAGE;
	if (a.first >= argc)
		return cli_usage(&cli_cmd_pack, _("pack validate needs a pack folder or archive"));
	int rc = CLI_OK;
	for (int i = a.first; i < argc; i++) {
		struct kolb_strlist problems = {0};
		struct pack_manifest *m;
		struct kolb_err err;
		if (pack_validate(argv[i], &problems, &m, &err) != 0) {
			fprintf(stderr, _("%s:\n"), argv[i]);
			cli_print_problems(&problems);
			cli_error("%s: %s", argv[i], err.msg);
			rc = CLI_ERR;
		} else {
			printf(_("%s: valid pack %s %s (%zu languages, %zu outcomes, %zu activities, "
			    "%zu reflection and %zu application prompts)\n"), argv[i], m->id, m->version,
			    m->nlang, m->noutcomes, m->nactivities, m->nreflection, m->napplication);
			manifest_free(m);
		}
		kolb_strlist_clear(&problems);
	}
	return rc;
}

static int
pack_build_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	struct pack_args a;
	if (pack_parse(argc, argv, "o", &a) != 0)
		return CLI_USAGE;
	if (a.first != argc - 1 || a.out == NULL)
		return cli_usage(&cli_cmd_pack, _("pack build needs one folder and -o FILE.tar.gz"));
	struct kolb_strlist problems = {0};
	struct kolb_err err;
	int rc = CLI_OK;
	if (pack_build(argv[a.first], a.out, &problems, &err) != 0) {
		cli_print_problems(&problems);
		rc = cli_error("%s: %s", argv[a.first], err.msg);
	} else {
		printf(_("wrote %s\n"), a.out);
	}
	kolb_strlist_clear(&problems);
	return rc;
}

static int
pack_install_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct pack_args a;
	if (pack_parse(argc, argv, "f", &a) != 0)
		return CLI_USAGE;
	if (a.first >= argc)
		return cli_usage(&cli_cmd_pack, _("pack install needs an archive"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	int rc = CLI_OK;
	for (int i = a.first; i < argc; i++) {
		struct pack_install_opts opts = {.force = a.force};
		struct pack_install_info info;
		struct kolb_strlist problems = {0};
		struct kolb_err err;
		if (pack_install(ctx->db, ctx->datadir, argv[i], &opts, &info, &problems, &err) != 0) {
			cli_print_problems(&problems);
			rc = cli_error(_("%s refused: %s"), argv[i], err.msg);
			kolb_strlist_clear(&problems);
			continue;
		}
		switch (info.status) {
		case PACK_INSTALLED:
			printf(_("installed %s %s\n"), info.id, info.version);
			break;
		case PACK_UPGRADED:
			printf(_("upgraded %s from %s to %s\n"), info.id, info.previous, info.version);
			break;
		case PACK_UNCHANGED:
			printf(_("%s %s is already installed; nothing changed\n"), info.id, info.version);
			break;
		case PACK_REINSTALLED:
			printf(_("replaced %s %s\n"), info.id, info.version);
			break;
		case PACK_DOWNGRADED:
			printf(_("downgraded %s from %s to %s\n"), info.id, info.previous, info.version);
			break;
		}
		kolb_strlist_clear(&problems);
	}
	return rc;
}

static int
pack_list_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct pack_args a;
	if (pack_parse(argc, argv, "jl", &a) != 0)
		return CLI_USAGE;
	if (a.first != argc)
		return cli_usage(&cli_cmd_pack, _("pack list takes no arguments"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct db_pack *rows;
	size_t n;
	struct kolb_err err;
	if (db_pack_list(ctx->db, NULL, &rows, &n, &err) != 0)
		return cli_error("%s", err.msg);
	json_t *out = a.json ? json_array() : NULL;
	if (!a.json && n == 0)
		printf(_("no packs installed; install one with `kolb pack install FILE`\n"));
	for (size_t i = 0; i < n; i++) {
		/* Rows are grouped by id in install order: the last of a group is current. */
		bool current = i + 1 == n || strcmp(rows[i + 1].id, rows[i].id) != 0;
		json_t *langs = json_loads(rows[i].languages, 0, NULL);
		json_t *titles = json_loads(rows[i].title, 0, NULL);
		if (a.json) {
			json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:O?, s:O?, s:s, s:s, s:s}",
			    "id", rows[i].id, "version", rows[i].version, "current", current,
			    "languages", langs, "title", titles, "released", rows[i].released,
			    "sha256", rows[i].sha256, "installed_at", rows[i].installed_at));
		} else {
			char langbuf[64] = "";
			size_t k;
			json_t *l;
			json_array_foreach(langs, k, l) {
				if (k > 0)
					strncat(langbuf, ",", sizeof langbuf - strlen(langbuf) - 1);
				strncat(langbuf, json_string_value(l) ? json_string_value(l) : "?",
				    sizeof langbuf - strlen(langbuf) - 1);
			}
			printf("%-28s %-9s %-6s %s%s\n", rows[i].id, rows[i].version, langbuf,
			    pick_title(titles, langs, a.lang), current ? "" : _("  (kept for sessions)"));
		}
		json_decref(langs);
		json_decref(titles);
	}
	if (a.json) {
		char *s = json_dumps(out, JSON_INDENT(2));
		puts(s);
		free(s);
		json_decref(out);
	}
	db_pack_free_list(rows, n);
	return CLI_OK;
}

static void
print_ltext(const char *label, char **text, size_t li)
{
	if (text != NULL && text[li][0] != '\0') {
		cli_print_label(label);
		printf(" %s\n", text[li]);
	}
}

static int
pack_show_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct pack_args a;
	if (pack_parse(argc, argv, "vl", &a) != 0)
		return CLI_USAGE;
	if (a.first != argc - 1)
		return cli_usage(&cli_cmd_pack, _("pack show needs one pack id"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct pack_manifest *m;
	char *dir;
	struct kolb_err err;
	const char *id = argv[a.first];
	if (pack_load(ctx->db, ctx->datadir, id, a.version, &m, &dir, &err) != 0)
		return cli_error("%s", err.msg);
	size_t li = manifest_lang(m, a.lang);
	struct db_pack *rows;
	size_t n = 0;
	if (db_pack_list(ctx->db, id, &rows, &n, &err) != 0)
		rows = NULL;
	cli_print_label(_("Pack:"));
	printf(" %s %s\n", m->id, m->version);
	print_ltext(_("Title:"), m->title, li);
	print_ltext(_("Summary:"), m->summary, li);
	print_ltext(_("Audience:"), m->audience, li);
	cli_print_label(_("Duration:"));
	printf(" %d %s\n", m->duration_minutes, _("minutes"));
	cli_print_label(_("Languages:"));
	for (size_t i = 0; i < m->nlang; i++)
		printf(" %s", m->languages[i]);
	putchar('\n');
	cli_print_label(_("Released:"));
	printf(" %s\n", m->released);
	cli_print_label(_("Folder:"));
	printf(" %s\n", dir);
	cli_print_label(_("Installed:"));
	for (size_t i = 0; i < n; i++) {
		long used = db_pack_session_count(ctx->db, id, rows[i].version, NULL);
		printf(" %s (%ld %s)", rows[i].version, used, _("sessions"));
	}
	printf("\n\n%s\n", _("Learning outcomes:"));
	for (size_t i = 0; i < m->noutcomes; i++)
		printf("  %s: %s\n", m->outcomes[i].id, m->outcomes[i].text[li]);
	printf("\n%s\n", _("Experience:"));
	for (size_t i = 0; i < m->nactivities; i++)
		printf("  %2zu. %s (%d %s)\n", i + 1, m->activities[i].title[li],
		    m->activities[i].minutes, _("min"));
	printf("\n%s\n", _("Reflection:"));
	for (size_t i = 0; i < m->nreflection; i++)
		printf("  - %s\n", m->reflection[i].text[li]);
	printf("\n%s\n", _("Application:"));
	for (size_t i = 0; i < m->napplication; i++)
		printf("  - %s\n", m->application[i].text[li]);
	char hours[32];
	putchar('\n');
	cli_print_label(_("Credential:"));
	printf(" %s (%s %s)\n", m->cred_name[li],
	    l10n_decimal(NULL, m->workload_hours, 2, hours, sizeof hours), _("hours"));
	db_pack_free_list(rows, n);
	manifest_free(m);
	free(dir);
	return CLI_OK;
}

static int
pack_remove_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct pack_args a;
	if (pack_parse(argc, argv, "f", &a) != 0)
		return CLI_USAGE;
	if (a.first != argc - 1)
		return cli_usage(&cli_cmd_pack, _("pack remove needs one pack id"));
	if (cli_open(ctx) != 0)
		return CLI_ERR;
	struct kolb_err err;
	if (pack_remove(ctx->db, ctx->datadir, argv[a.first], a.force, &err) != 0)
		return cli_error("%s", err.msg);
	printf(_("removed %s\n"), argv[a.first]);
	return CLI_OK;
}

static int
cmd_pack_run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"validate", pack_validate_cmd},
		{"build", pack_build_cmd},
		{"install", pack_install_cmd},
		{"list", pack_list_cmd},
		{"show", pack_show_cmd},
		{"remove", pack_remove_cmd},
	};
	return cli_dispatch(ctx, &cli_cmd_pack, subs, sizeof subs / sizeof subs[0], argc, argv,
	    _("pack needs a subcommand"), _("unknown pack subcommand \"%s\""));
}

const struct cli_cmd cli_cmd_pack = {
	.name = "pack",
	.usage = N_("validate|build|install|list|show|remove ..."),
	.summary = N_("check, build, install and manage content packs"),
	.help = N_(
	    "  kolb pack validate DIR|ARCHIVE...   check a pack and list every problem\n"
	    "  kolb pack build DIR -o FILE.tar.gz  validate, then write a reproducible archive\n"
	    "  kolb pack install [--force] ARCHIVE...\n"
	    "                                      install from tar, tar.gz/xz/zst or zip;\n"
	    "                                      --force allows a downgrade or replacing the\n"
	    "                                      same version with different content\n"
	    "  kolb pack list [--json] [--lang L]  installed packs\n"
	    "  kolb pack show ID [--version V] [--lang L]\n"
	    "                                      a pack's outcomes, activities and prompts\n"
	    "  kolb pack remove [--force] ID       remove a pack (refused while a session uses\n"
	    "                                      it, unless --force)\n"
	    "\nArchives are checked before anything is installed: no absolute paths, `..`,\n"
	    "links or special files, no duplicate names, at most 10,000 entries and 512 MiB.\n"
	    "The format is described in docs/pack-format.md.\n"),
	.run = cmd_pack_run,
};
