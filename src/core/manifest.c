/* Parsing and validating pack.json (docs/pack-format.md). */
#include "manifest.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "match.h"
#include "text.h"

struct mctx {
	const char *dir;
	struct kolb_strlist *problems;
	char **langs;
	size_t nlang;
};

__attribute__((format(printf, 3, 4))) static void
problem(struct mctx *c, const char *field, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	kolb_strlist_addf(c->problems, "pack.json: %s: %s", field, msg);
}

static char *
path_join(const char *base, const char *key)
{
	return *base ? kolb_xasprintf("%s.%s", base, key) : kolb_xstrdup(key);
}

/* Report keys of obj that are not in allowed (NULL-terminated). */
static void
check_keys(struct mctx *c, json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				ok = true;
		if (!ok) {
			char *p = path_join(path, key);
			problem(c, p, _("unknown field"));
			free(p);
		}
	}
}

/* A non-empty string field. Returns a copy, or NULL (reported when required or mistyped). */
static char *
get_string(struct mctx *c, json_t *obj, const char *key, const char *path, bool required)
{
	json_t *v = json_object_get(obj, key);
	char *p = path_join(path, key);
	char *out = NULL;
	if (v == NULL) {
		if (required)
			problem(c, p, _("missing"));
	} else if (!json_is_string(v)) {
		problem(c, p, _("must be a string"));
	} else if (json_string_length(v) == 0) {
		problem(c, p, _("must not be empty"));
	} else if (strlen(json_string_value(v)) != json_string_length(v)) {
		problem(c, p, _("contains a NUL character"));
	} else {
		out = kolb_xstrdup(json_string_value(v));
	}
	free(p);
	return out;
}

static bool
get_int(struct mctx *c, json_t *obj, const char *key, const char *path, long min, long max,
    int *out)
{
	json_t *v = json_object_get(obj, key);
	char *p = path_join(path, key);
	bool ok = false;
	if (v == NULL)
		problem(c, p, _("missing"));
	else if (!json_is_integer(v))
		problem(c, p, _("must be a whole number"));
	else if (json_integer_value(v) < min || json_integer_value(v) > max)
		problem(c, p, _("must be between %ld and %ld"), min, max);
	else {
		*out = (int)json_integer_value(v);
		ok = true;
	}
	free(p);
	return ok;
}

static bool
get_bool(struct mctx *c, json_t *obj, const char *key, const char *path, bool *out)
{
	json_t *v = json_object_get(obj, key);
	char *p = path_join(path, key);
	bool ok = false;
	if (v == NULL)
		problem(c, p, _("missing"));
	else if (!json_is_boolean(v))
		problem(c, p, _("must be true or false"));
	else {
		*out = json_is_true(v);
		ok = true;
	}
	free(p);
	return ok;
}

/* Check that obj's keys are exactly the pack's languages; report the others. */
static void
check_lang_keys(struct mctx *c, json_t *obj, const char *p)
{
	const char *k;
	json_t *x;
	json_object_foreach(obj, k, x) {
		bool known = false;
		for (size_t i = 0; i < c->nlang; i++)
			if (strcmp(k, c->langs[i]) == 0)
				known = true;
		if (!known)
			problem(c, p, _("language \"%s\" is not declared in languages"), k);
	}
}

/* A localised text: {"vi": "...", "en": "..."}. Returns nlang strings ("" where
 * missing), or NULL when absent and not required. */
static char **
get_ltext(struct mctx *c, json_t *obj, const char *key, const char *path, bool required)
{
	json_t *v = json_object_get(obj, key);
	char *p = path_join(path, key);
	char **out = NULL;
	if (v == NULL) {
		if (required)
			problem(c, p, _("missing"));
		goto done;
	}
	out = kolb_xcalloc(c->nlang ? c->nlang : 1, sizeof *out);
	if (!json_is_object(v)) {
		problem(c, p, _("must be an object with one text per language"));
		for (size_t i = 0; i < c->nlang; i++)
			out[i] = kolb_xstrdup("");
		goto done;
	}
	for (size_t i = 0; i < c->nlang; i++) {
		char *s = get_string(c, v, c->langs[i], p, true);
		out[i] = s ? s : kolb_xstrdup("");
	}
	check_lang_keys(c, v, p);
done:
	free(p);
	return out;
}

static void
free_ltext(char **t, size_t n)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(t[i]);
	free(t);
}

/* A localised list: {"vi": ["..."], "en": ["..."]} with equal lengths. */
static struct kolb_strlist *
get_llist(struct mctx *c, json_t *obj, const char *key, const char *path)
{
	struct kolb_strlist *out = kolb_xcalloc(c->nlang ? c->nlang : 1, sizeof *out);
	json_t *v = json_object_get(obj, key);
	char *p = path_join(path, key);
	if (v == NULL) {
		problem(c, p, _("missing"));
	} else if (!json_is_object(v)) {
		problem(c, p, _("must be an object with one list per language"));
	} else {
		for (size_t i = 0; i < c->nlang; i++) {
			json_t *arr = json_object_get(v, c->langs[i]);
			char *pl = path_join(p, c->langs[i]);
			if (arr == NULL) {
				problem(c, pl, _("missing"));
			} else if (!json_is_array(arr)) {
				problem(c, pl, _("must be a list of texts"));
			} else {
				size_t j;
				json_t *it;
				json_array_foreach(arr, j, it) {
					if (!json_is_string(it) || json_string_length(it) == 0)
						problem(c, pl, _("item %zu must be a non-empty text"), j + 1);
					else
						kolb_strlist_add(&out[i], json_string_value(it));
				}
				if (i > 0 && out[i].len != out[0].len)
					problem(c, pl, _("has %zu items but %s has %zu"), out[i].len,
					    c->langs[0], out[0].len);
			}
			free(pl);
		}
		check_lang_keys(c, v, p);
	}
	free(p);
	return out;
}

/* An array field with a size range; NULL (reported) when absent or wrong. */
static json_t *
get_array(struct mctx *c, json_t *obj, const char *key, size_t min, size_t max)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL) {
		problem(c, key, _("missing"));
		return NULL;
	}
	if (!json_is_array(v)) {
		problem(c, key, _("must be a list"));
		return NULL;
	}
	if (json_array_size(v) < min || json_array_size(v) > max) {
		problem(c, key, _("must have between %zu and %zu items"), min, max);
		if (json_array_size(v) > max)
			return NULL;
	}
	return v;
}

/* An "id" slug unique within seen (a list of earlier ids). */
static char *
get_id(struct mctx *c, json_t *obj, const char *path, struct kolb_strlist *seen)
{
	char *id = get_string(c, obj, "id", path, true);
	if (id == NULL)
		return kolb_xstrdup("");
	char *p = path_join(path, "id");
	if (!text_is_slug(id))
		problem(c, p, _("\"%s\" must be lowercase letters, digits and hyphens"), id);
	for (size_t i = 0; i < seen->len; i++)
		if (strcmp(seen->items[i], id) == 0)
			problem(c, p, _("\"%s\" is used twice"), id);
	kolb_strlist_add(seen, id);
	free(p);
	return id;
}

static bool
in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* Check a Markdown instructions file named by a manifest field. */
static void
check_md_file(struct mctx *c, const char *field, const char *rel)
{
	if (*rel == '\0')
		return;
	size_t n = strlen(rel);
	if (rel[0] == '/' || strstr(rel, "\\") != NULL) {
		problem(c, field, _("\"%s\" must be a relative path inside the pack"), rel);
		return;
	}
	for (const char *s = rel; *s;) {
		size_t seg = strcspn(s, "/");
		if ((seg == 2 && strncmp(s, "..", 2) == 0) || seg == 0 || (seg == 1 && *s == '.')) {
			problem(c, field, _("\"%s\" must be a plain path inside the pack"), rel);
			return;
		}
		s += seg;
		if (*s == '/')
			s++;
	}
	if (n < 4 || strcmp(rel + n - 3, ".md") != 0) {
		problem(c, field, _("\"%s\" must be a Markdown file ending in .md"), rel);
		return;
	}
	char *full = kolb_xasprintf("%s/%s", c->dir, rel);
	char root[PATH_MAX], real[PATH_MAX];
	struct stat st;
	if (lstat(full, &st) != 0) {
		kolb_strlist_addf(c->problems, "%s: %s", rel, _("file does not exist"));
	} else if (S_ISLNK(st.st_mode)) {
		kolb_strlist_addf(c->problems, "%s: %s", rel, _("is a symbolic link"));
	} else if (!S_ISREG(st.st_mode)) {
		kolb_strlist_addf(c->problems, "%s: %s", rel, _("is not a regular file"));
	} else if (realpath(c->dir, root) == NULL || realpath(full, real) == NULL ||
	    strncmp(real, root, strlen(root)) != 0 || real[strlen(root)] != '/') {
		kolb_strlist_addf(c->problems, "%s: %s", rel, _("lies outside the pack"));
	} else {
		char *buf = NULL;
		size_t len = 0;
		struct kolb_err e;
		if (fs_read_file(full, MANIFEST_MAX_MD_BYTES, &buf, &len, &e) != 0)
			kolb_strlist_addf(c->problems, "%s: %s", rel, e.msg);
		else if (!text_utf8_valid(buf, len))
			kolb_strlist_addf(c->problems, "%s: %s", rel, _("is not valid UTF-8"));
		else if (len == 0)
			kolb_strlist_addf(c->problems, "%s: %s", rel, _("is empty"));
		free(buf);
	}
	free(full);
}

/* A list of non-empty strings; returns count via *n. */
static char **
get_strings(struct mctx *c, json_t *obj, const char *key, const char *path, size_t *n)
{
	json_t *v = json_object_get(obj, key);
	*n = 0;
	if (v == NULL)
		return NULL;
	char *p = path_join(path, key);
	char **out = NULL;
	if (!json_is_array(v)) {
		problem(c, p, _("must be a list of texts"));
	} else {
		out = kolb_xcalloc(json_array_size(v) + 1, sizeof *out);
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			if (!json_is_string(it) || json_string_length(it) == 0)
				problem(c, p, _("item %zu must be a non-empty text"), i + 1);
			else
				out[(*n)++] = kolb_xstrdup(json_string_value(it));
		}
	}
	free(p);
	return out;
}

static void
parse_outcomes(struct mctx *c, json_t *root, struct pack_manifest *m)
{
	static const char *const keys[] = {"id", "text", "evidence", "examples", NULL};
	json_t *arr = get_array(c, root, "outcomes", 1, 12);
	if (arr == NULL)
		return;
	struct kolb_strlist seen = {0};
	m->outcomes = kolb_xcalloc(json_array_size(arr), sizeof *m->outcomes);
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		char path[64];
		snprintf(path, sizeof path, "outcomes[%zu]", i);
		struct pack_outcome *out = &m->outcomes[m->noutcomes++];
		if (!json_is_object(o)) {
			problem(c, path, _("must be an object"));
			out->id = kolb_xstrdup("");
			continue;
		}
		check_keys(c, o, path, keys);
		out->id = get_id(c, o, path, &seen);
		out->text = get_ltext(c, o, "text", path, true);
		out->evidence = get_strings(c, o, "evidence", path, &out->nevidence);
		out->examples = get_strings(c, o, "examples", path, &out->nexamples);
		if (out->nevidence > 0 && out->nexamples == 0) {
			char *p = path_join(path, "examples");
			problem(c, p, _("required when evidence patterns are given"));
			free(p);
		}
		for (size_t k = 0; k < out->nevidence; k++) {
			char p[96];
			snprintf(p, sizeof p, "%s.evidence[%zu]", path, k);
			struct match_re *re;
			struct kolb_err e;
			if (match_compile(out->evidence[k], true, &re, &e) != 0) {
				problem(c, p, "%s", e.msg);
				continue;
			}
			bool hit = false;
			for (size_t x = 0; x < out->nexamples && !hit; x++) {
				size_t ms, me;
				hit = match_find(re, out->examples[x], strlen(out->examples[x]), 0, &ms,
				    &me) == 1;
			}
			if (!hit && out->nexamples > 0)
				problem(c, p, _("\"%s\" matches none of the examples"), out->evidence[k]);
			match_free(re);
		}
	}
	kolb_strlist_clear(&seen);
}

static void
parse_completion(struct mctx *c, json_t *root, struct pack_manifest *m)
{
	static const char *const keys[] = {"min_attendance_percent", "require_reflection",
	    "require_action_plan", "required_outcomes", NULL};
	json_t *o = json_object_get(root, "completion");
	if (o == NULL || !json_is_object(o)) {
		problem(c, "completion", o ? _("must be an object") : _("missing"));
		return;
	}
	check_keys(c, o, "completion", keys);
	get_int(c, o, "min_attendance_percent", "completion", 0, 100, &m->min_attendance_percent);
	get_bool(c, o, "require_reflection", "completion", &m->require_reflection);
	get_bool(c, o, "require_action_plan", "completion", &m->require_action_plan);
	if (json_object_get(o, "required_outcomes") == NULL) {
		problem(c, "completion.required_outcomes", _("missing (use [] for none)"));
		return;
	}
	m->required_outcomes = get_strings(c, o, "required_outcomes", "completion", &m->nrequired);
	for (size_t i = 0; i < m->nrequired; i++)
		if (manifest_outcome(m, m->required_outcomes[i]) == NULL)
			problem(c, "completion.required_outcomes",
			    _("\"%s\" is not the id of an outcome"), m->required_outcomes[i]);
}

static void
parse_credential(struct mctx *c, json_t *root, struct pack_manifest *m)
{
	static const char *const keys[] = {"name", "description", "criteria", "workload_hours",
	    NULL};
	json_t *o = json_object_get(root, "credential");
	if (o == NULL || !json_is_object(o)) {
		problem(c, "credential", o ? _("must be an object") : _("missing"));
		return;
	}
	check_keys(c, o, "credential", keys);
	m->cred_name = get_ltext(c, o, "name", "credential", true);
	m->cred_description = get_ltext(c, o, "description", "credential", true);
	m->cred_criteria = get_ltext(c, o, "criteria", "credential", true);
	json_t *w = json_object_get(o, "workload_hours");
	if (w == NULL)
		problem(c, "credential.workload_hours", _("missing"));
	else if (!json_is_number(w) || json_number_value(w) < 0.25 || json_number_value(w) > 200)
		problem(c, "credential.workload_hours", _("must be a number from 0.25 to 200"));
	else
		m->workload_hours = json_number_value(w);
}

static void
parse_activities(struct mctx *c, json_t *root, struct pack_manifest *m)
{
	static const char *const keys[] = {"id", "title", "kind", "minutes", "materials",
	    "instructions", "safeguarding", NULL};
	static const char *const kinds[] = {"role-play", "case-story", "game", "drawing",
	    "body-mapping", "discussion", "demonstration", "other", NULL};
	json_t *arr = get_array(c, root, "experience", 1, 20);
	if (arr == NULL)
		return;
	struct kolb_strlist seen = {0};
	m->activities = kolb_xcalloc(json_array_size(arr), sizeof *m->activities);
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		char path[64];
		snprintf(path, sizeof path, "experience[%zu]", i);
		struct pack_activity *a = &m->activities[m->nactivities++];
		if (!json_is_object(o)) {
			problem(c, path, _("must be an object"));
			a->id = kolb_xstrdup("");
			a->kind = kolb_xstrdup("");
			continue;
		}
		check_keys(c, o, path, keys);
		a->id = get_id(c, o, path, &seen);
		a->title = get_ltext(c, o, "title", path, true);
		a->kind = get_string(c, o, "kind", path, false);
		if (a->kind != NULL && !in_list(a->kind, kinds)) {
			char *p = path_join(path, "kind");
			problem(c, p, _("\"%s\" is not a known kind of activity"), a->kind);
			free(p);
		}
		if (a->kind == NULL)
			a->kind = kolb_xstrdup("");
		get_int(c, o, "minutes", path, 1, 480, &a->minutes);
		a->materials = get_llist(c, o, "materials", path);
		a->instructions = get_ltext(c, o, "instructions", path, true);
		a->safeguarding = get_ltext(c, o, "safeguarding", path, true);
		for (size_t l = 0; a->instructions && l < c->nlang; l++) {
			char p[96];
			snprintf(p, sizeof p, "%s.instructions.%s", path, c->langs[l]);
			check_md_file(c, p, a->instructions[l]);
		}
	}
	kolb_strlist_clear(&seen);
}

static struct pack_prompt *
parse_prompts(struct mctx *c, json_t *root, const char *key, size_t max, size_t *n)
{
	static const char *const rkeys[] = {"id", "stage", "mode", "text", NULL};
	static const char *const akeys[] = {"id", "text", NULL};
	static const char *const stages[] = {"what-happened", "feelings", "noticing", "meaning",
	    NULL};
	static const char *const modes[] = {"individual", "group", NULL};
	bool refl = strcmp(key, "reflection") == 0;
	json_t *arr = get_array(c, root, key, 1, max);
	*n = 0;
	if (arr == NULL)
		return NULL;
	struct kolb_strlist seen = {0};
	struct pack_prompt *out = kolb_xcalloc(json_array_size(arr), sizeof *out);
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		char path[64];
		snprintf(path, sizeof path, "%s[%zu]", key, i);
		struct pack_prompt *p = &out[(*n)++];
		if (!json_is_object(o)) {
			problem(c, path, _("must be an object"));
			p->id = kolb_xstrdup("");
			p->stage = kolb_xstrdup("");
			p->mode = kolb_xstrdup("");
			continue;
		}
		check_keys(c, o, path, refl ? rkeys : akeys);
		p->id = get_id(c, o, path, &seen);
		p->text = get_ltext(c, o, "text", path, true);
		if (refl) {
			p->stage = get_string(c, o, "stage", path, true);
			p->mode = get_string(c, o, "mode", path, true);
			char *f = path_join(path, "stage");
			if (p->stage && !in_list(p->stage, stages))
				problem(c, f, _("\"%s\" must be what-happened, feelings, noticing or "
				    "meaning"), p->stage);
			free(f);
			f = path_join(path, "mode");
			if (p->mode && !in_list(p->mode, modes))
				problem(c, f, _("\"%s\" must be individual or group"), p->mode);
			free(f);
		}
		if (p->stage == NULL)
			p->stage = kolb_xstrdup("");
		if (p->mode == NULL)
			p->mode = kolb_xstrdup("");
	}
	kolb_strlist_clear(&seen);
	return out;
}

/* languages: a non-empty list of unique codes. Fills c->langs. */
static bool
parse_languages(struct mctx *c, json_t *root, struct pack_manifest *m)
{
	json_t *v = json_object_get(root, "languages");
	if (v == NULL || !json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > 16) {
		problem(c, "languages", _("must be a list of 1 to 16 language codes, e.g. [\"vi\", \"en\"]"));
		return false;
	}
	m->languages = kolb_xcalloc(json_array_size(v), sizeof *m->languages);
	size_t i;
	json_t *it;
	bool ok = true;
	json_array_foreach(v, i, it) {
		const char *s = json_string_value(it);
		if (s == NULL || !text_is_lang(s)) {
			problem(c, "languages", _("item %zu is not a language code such as \"vi\""),
			    i + 1);
			ok = false;
			continue;
		}
		for (size_t k = 0; k < m->nlang; k++)
			if (strcmp(m->languages[k], s) == 0) {
				problem(c, "languages", _("\"%s\" is listed twice"), s);
				ok = false;
			}
		m->languages[m->nlang++] = kolb_xstrdup(s);
	}
	c->langs = m->languages;
	c->nlang = m->nlang;
	return ok;
}

static void
parse_root(struct mctx *c, json_t *root, struct pack_manifest *m)
{
	static const char *const keys[] = {"format", "id", "version", "released", "languages",
	    "title", "summary", "audience", "duration_minutes", "prerequisites", "outcomes",
	    "completion", "credential", "experience", "reflection", "application", "follow_up",
	    NULL};
	check_keys(c, root, "", keys);
	int format = 0;
	if (get_int(c, root, "format", "", 1, 1000, &format) && format != MANIFEST_FORMAT)
		problem(c, "format", _("format %d is not supported by this kolb (it reads format %d)"),
		    format, MANIFEST_FORMAT);
	m->id = get_string(c, root, "id", "", true);
	if (m->id && !text_is_slug(m->id))
		problem(c, "id", _("\"%s\" must be lowercase letters, digits and single hyphens "
		    "(at most 64)"), m->id);
	m->version = get_string(c, root, "version", "", true);
	if (m->version && !text_semver_valid(m->version))
		problem(c, "version", _("\"%s\" is not a semantic version such as 1.0.0"), m->version);
	m->released = get_string(c, root, "released", "", true);
	if (m->released && !text_date_valid(m->released))
		problem(c, "released", _("\"%s\" is not a date written YYYY-MM-DD"), m->released);
	if (!parse_languages(c, root, m))
		return; /* every text is checked against the languages: stop here */
	m->title = get_ltext(c, root, "title", "", true);
	m->summary = get_ltext(c, root, "summary", "", true);
	m->audience = get_ltext(c, root, "audience", "", true);
	m->prerequisites = get_ltext(c, root, "prerequisites", "", false);
	m->follow_up = get_ltext(c, root, "follow_up", "", false);
	get_int(c, root, "duration_minutes", "", 15, 4320, &m->duration_minutes);
	parse_outcomes(c, root, m);
	parse_completion(c, root, m);
	parse_credential(c, root, m);
	parse_activities(c, root, m);
	m->reflection = parse_prompts(c, root, "reflection", 20, &m->nreflection);
	m->application = parse_prompts(c, root, "application", 10, &m->napplication);
}

int
manifest_load(const char *dir, struct pack_manifest **out, struct kolb_strlist *problems,
    struct kolb_err *err)
{
	struct kolb_strlist local = {0};
	struct mctx c = {.dir = dir, .problems = problems ? problems : &local};
	size_t before = c.problems->len;
	*out = NULL;

	char *path = kolb_xasprintf("%s/pack.json", dir);
	char *buf = NULL;
	size_t len = 0;
	struct kolb_err e;
	struct stat st;
	if (lstat(path, &st) != 0) {
		kolb_strlist_add(c.problems, _("pack.json: missing: this folder is not a pack"));
		free(path);
		kolb_strlist_clear(&local);
		return kolb_err_set(err, _("%s has no pack.json"), dir);
	}
	if (fs_read_file(path, MANIFEST_MAX_BYTES, &buf, &len, &e) != 0) {
		kolb_strlist_addf(c.problems, "pack.json: %s", e.msg);
		free(path);
		kolb_strlist_clear(&local);
		return kolb_err_set(err, "%s", e.msg);
	}
	free(path);
	json_error_t jerr;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (root == NULL || !json_is_object(root)) {
		if (root == NULL)
			kolb_strlist_addf(c.problems, _("pack.json: line %d, column %d: %s"),
			    jerr.line, jerr.column, jerr.text);
		else
			kolb_strlist_add(c.problems, _("pack.json: must be a JSON object"));
		json_decref(root);
		kolb_strlist_clear(&local);
		return kolb_err_set(err, _("pack.json is not valid JSON"));
	}
	struct pack_manifest *m = kolb_xcalloc(1, sizeof *m);
	parse_root(&c, root, m);
	json_decref(root);
	size_t nproblems = c.problems->len - before;
	kolb_strlist_clear(&local);
	if (nproblems > 0) {
		manifest_free(m);
		return kolb_err_set(err, ngettext("the pack has %zu problem", "the pack has %zu problems",
		    nproblems), nproblems);
	}
	*out = m;
	return 0;
}

size_t
manifest_lang(const struct pack_manifest *m, const char *lang)
{
	for (size_t i = 0; lang != NULL && i < m->nlang; i++)
		if (strcmp(m->languages[i], lang) == 0)
			return i;
	return 0;
}

const struct pack_outcome *
manifest_outcome(const struct pack_manifest *m, const char *id)
{
	for (size_t i = 0; i < m->noutcomes; i++)
		if (m->outcomes[i].id && strcmp(m->outcomes[i].id, id) == 0)
			return &m->outcomes[i];
	return NULL;
}

static void
free_strings(char **s, size_t n)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

static void
free_prompts(struct pack_prompt *p, size_t n, size_t nlang)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].id);
		free(p[i].stage);
		free(p[i].mode);
		free_ltext(p[i].text, nlang);
	}
	free(p);
}

void
manifest_free(struct pack_manifest *m)
{
	if (m == NULL)
		return;
	size_t nl = m->nlang;
	free(m->id);
	free(m->version);
	free(m->released);
	free_ltext(m->title, nl);
	free_ltext(m->summary, nl);
	free_ltext(m->audience, nl);
	free_ltext(m->prerequisites, nl);
	free_ltext(m->follow_up, nl);
	for (size_t i = 0; i < m->noutcomes; i++) {
		struct pack_outcome *o = &m->outcomes[i];
		free(o->id);
		free_ltext(o->text, nl);
		free_strings(o->evidence, o->nevidence);
		free_strings(o->examples, o->nexamples);
	}
	free(m->outcomes);
	free_strings(m->required_outcomes, m->nrequired);
	free_ltext(m->cred_name, nl);
	free_ltext(m->cred_description, nl);
	free_ltext(m->cred_criteria, nl);
	for (size_t i = 0; i < m->nactivities; i++) {
		struct pack_activity *a = &m->activities[i];
		free(a->id);
		free(a->kind);
		free_ltext(a->title, nl);
		free_ltext(a->instructions, nl);
		free_ltext(a->safeguarding, nl);
		for (size_t l = 0; a->materials && l < nl; l++)
			kolb_strlist_clear(&a->materials[l]);
		free(a->materials);
	}
	free(m->activities);
	free_prompts(m->reflection, m->nreflection, nl);
	free_prompts(m->application, m->napplication, nl);
	free_strings(m->languages, nl);
	free(m);
}
