/*
 * A content pack's manifest (pack.json) in memory, and its validation.
 *
 * manifest_load() parses a pack folder with jansson and checks everything
 * docs/pack-format.md says, collecting every problem (file, field, what is
 * wrong) instead of stopping at the first. Localised texts are arrays of
 * nlang strings in the order of `languages`; index 0 is the default language.
 * The whole struct is owned by the caller and freed with manifest_free().
 */
#ifndef KOLB_MANIFEST_H
#define KOLB_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include "kolb.h"

#define MANIFEST_FORMAT 1
#define MANIFEST_MAX_BYTES (1024 * 1024)
#define MANIFEST_MAX_MD_BYTES (256 * 1024)

struct pack_outcome {
	char *id;
	char **text;
	char **evidence; /* PCRE2 patterns */
	size_t nevidence;
	char **examples;
	size_t nexamples;
};

struct pack_activity {
	char *id;
	char *kind; /* "" when not given */
	int minutes;
	char **title;
	struct kolb_strlist *materials; /* one list per language */
	char **instructions;            /* file paths relative to the pack folder */
	char **safeguarding;
};

struct pack_prompt {
	char *id;
	char *stage; /* reflection only; "" for application prompts */
	char *mode;  /* reflection only: "individual" or "group" */
	char **text;
};

struct pack_manifest {
	char *id, *version, *released;
	char **languages;
	size_t nlang;
	char **title, **summary, **audience;
	char **prerequisites; /* NULL when absent */
	char **follow_up;     /* NULL when absent */
	int duration_minutes;

	struct pack_outcome *outcomes;
	size_t noutcomes;

	int min_attendance_percent;
	bool require_reflection, require_action_plan;
	char **required_outcomes;
	size_t nrequired;

	char **cred_name, **cred_description, **cred_criteria;
	double workload_hours;

	struct pack_activity *activities;
	size_t nactivities;
	struct pack_prompt *reflection;
	size_t nreflection;
	struct pack_prompt *application;
	size_t napplication;
};

/*
 * Load and validate DIR/pack.json and the files it names. Every problem is
 * appended to problems as "FILE: FIELD: message". Returns 0 when the pack is
 * valid (problems empty) and *out is set; -1 otherwise with err set to a
 * summary (and *out NULL). problems may be NULL when only the verdict matters.
 */
int manifest_load(const char *dir, struct pack_manifest **out, struct kolb_strlist *problems,
    struct kolb_err *err);

/* Index of lang in m->languages, or 0 (the default language) when absent. */
size_t manifest_lang(const struct pack_manifest *m, const char *lang);

/* Find an outcome by id; NULL if none. Borrowed pointer into m. */
const struct pack_outcome *manifest_outcome(const struct pack_manifest *m, const char *id);

void manifest_free(struct pack_manifest *m);

#endif
