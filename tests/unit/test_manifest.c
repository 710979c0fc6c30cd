/* Unit tests: pack.json parsing and validation, on the sample pack and broken copies. */
#include "manifest.h"
#include "testutil.h"

struct fx {
	char *tmp, *pack, *json;
	struct kolb_strlist problems;
};

static int
setup(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	f->tmp = tu_tmpdir();
	f->pack = kolb_xasprintf("%s/pack", f->tmp);
	f->json = kolb_xasprintf("%s/pack.json", f->pack);
	tu_copy_sample(f->pack);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	tu_rmrf(f->tmp);
	kolb_strlist_clear(&f->problems);
	free(f->tmp);
	free(f->pack);
	free(f->json);
	free(f);
	return 0;
}

/* Load the (modified) copy; expect it to fail with a problem containing needle. */
static void
expect_problem(struct fx *f, const char *needle)
{
	struct pack_manifest *m = (void *)1;
	struct kolb_err err;
	int rc = manifest_load(f->pack, &m, &f->problems, &err);
	if (rc == 0 || !tu_has(&f->problems, needle)) {
		tu_print(&f->problems);
		fail_msg("expected a problem containing \"%s\"", needle);
	}
	assert_null(m);
	assert_true(err.msg[0] != '\0');
}

static void
test_sample_valid(void **state)
{
	struct fx *f = *state;
	struct pack_manifest *m;
	struct kolb_err err;
	int rc = manifest_load(f->pack, &m, &f->problems, &err);
	tu_print(&f->problems);
	assert_int_equal(rc, 0);
	assert_int_equal(f->problems.len, 0);
	assert_string_equal(m->id, "sample-handwashing");
	assert_string_equal(m->version, "1.0.0");
	assert_int_equal(m->nlang, 2);
	assert_string_equal(m->languages[0], "vi");
	assert_string_equal(m->title[0], "Rửa tay bằng xà phòng (gói mẫu)");
	assert_int_equal(manifest_lang(m, "en"), 1);
	assert_int_equal(manifest_lang(m, "fr"), 0);
	assert_int_equal(m->noutcomes, 2);
	assert_int_equal(m->outcomes[0].nevidence, 4);
	assert_non_null(manifest_outcome(m, "key-moments"));
	assert_null(manifest_outcome(m, "nope"));
	assert_int_equal(m->nactivities, 2);
	assert_int_equal(m->activities[0].minutes, 20);
	assert_string_equal(m->activities[0].kind, "game");
	assert_int_equal(m->activities[0].materials[0].len, 4);
	assert_string_equal(m->activities[0].instructions[1], "activities/germ-glitter.en.md");
	assert_int_equal(m->nreflection, 3);
	assert_string_equal(m->reflection[2].mode, "group");
	assert_int_equal(m->napplication, 2);
	assert_int_equal(m->min_attendance_percent, 100);
	assert_true(m->require_reflection);
	assert_int_equal(m->nrequired, 1);
	assert_true(m->workload_hours > 1.49 && m->workload_hours < 1.51);
	manifest_free(m);
}

static void
test_missing_manifest(void **state)
{
	struct fx *f = *state;
	unlink(f->json);
	expect_problem(f, "not a pack");
}

static void
test_bad_json(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"format\": 1,", "\"format\": 1,,");
	expect_problem(f, "line 2");
}

static void
test_duplicate_key(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"format\": 1,", "\"format\": 1, \"format\": 1,");
	expect_problem(f, "duplicate");
}

static void
test_unknown_field(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"format\": 1,", "\"format\": 1, \"experiance\": [],");
	expect_problem(f, "experiance: unknown field");
}

static void
test_wrong_format(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"format\": 1,", "\"format\": 2,");
	expect_problem(f, "format 2 is not supported");
}

static void
test_bad_id_version_date(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"sample-handwashing\"", "\"Sample Pack\"");
	tu_replace(f->json, "\"1.0.0\"", "\"1.0\"");
	tu_replace(f->json, "\"2026-11-20\"", "\"2026-02-30\"");
	expect_problem(f, "pack.json: id:");
	/* every problem is reported, not just the first */
	assert_true(tu_has(&f->problems, "pack.json: version:"));
	assert_true(tu_has(&f->problems, "pack.json: released:"));
}

static void
test_missing_language_text(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"en\": \"Handwashing with soap (sample pack)\"", "\"fr\": \"Lavage\"");
	expect_problem(f, "title.en: missing");
	assert_true(tu_has(&f->problems, "language \"fr\" is not declared"));
}

static void
test_empty_text(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"Handwashing with soap (sample pack)\"", "\"\"");
	expect_problem(f, "title.en: must not be empty");
}

static void
test_bad_languages(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"languages\": [\"vi\", \"en\"]", "\"languages\": [\"vi\", \"vi\"]");
	expect_problem(f, "\"vi\" is listed twice");
}

static void
test_materials_mismatch(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"a little coloured powder or kitchen ash\", ", "");
	expect_problem(f, "experience[0].materials.en: has 3 items but vi has 4");
}

static void
test_bad_pattern(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"soap\",", "\"so(ap\",");
	expect_problem(f, "outcomes[0].evidence[2]: invalid pattern");
}

static void
test_pattern_matches_no_example(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"six steps\"", "\"seven steps\"");
	expect_problem(f, "\"seven steps\" matches none of the examples");
}

static void
test_evidence_without_examples(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"examples\": [", "\"examplez\": [");
	expect_problem(f, "outcomes[0].examples: required when evidence");
}

static void
test_unknown_required_outcome(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"required_outcomes\": [\"six-steps\"]",
	    "\"required_outcomes\": [\"six-steps\", \"flying\"]");
	expect_problem(f, "\"flying\" is not the id of an outcome");
}

static void
test_duplicate_ids(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"id\": \"key-moments\"", "\"id\": \"six-steps\"");
	expect_problem(f, "outcomes[1].id: \"six-steps\" is used twice");
}

static void
test_missing_instructions_file(void **state)
{
	struct fx *f = *state;
	char *p = kolb_xasprintf("%s/activities/germ-glitter.en.md", f->pack);
	unlink(p);
	free(p);
	expect_problem(f, "activities/germ-glitter.en.md: file does not exist");
}

static void
test_instructions_outside_pack(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"activities/germ-glitter.en.md\"", "\"../../etc/passwd.md\"");
	tu_replace(f->json, "\"activities/six-steps-practice.vi.md\"", "\"/etc/x.md\"");
	expect_problem(f, "\"../../etc/passwd.md\" must be a plain path inside the pack");
	assert_true(tu_has(&f->problems, "\"/etc/x.md\" must be a relative path"));
}

static void
test_instructions_symlink(void **state)
{
	struct fx *f = *state;
	char *p = kolb_xasprintf("%s/activities/germ-glitter.en.md", f->pack);
	unlink(p);
	assert_int_equal(symlink("/etc/hostname", p), 0);
	free(p);
	expect_problem(f, "germ-glitter.en.md: is a symbolic link");
}

static void
test_instructions_not_utf8(void **state)
{
	struct fx *f = *state;
	char *p = kolb_xasprintf("%s/activities/germ-glitter.vi.md", f->pack);
	tu_write(p, "R\xfb" "a tay\n");
	free(p);
	expect_problem(f, "germ-glitter.vi.md: is not valid UTF-8");
}

static void
test_bad_enums_and_ranges(void **state)
{
	struct fx *f = *state;
	tu_replace(f->json, "\"kind\": \"game\"", "\"kind\": \"lecture\"");
	tu_replace(f->json, "\"minutes\": 20", "\"minutes\": 0");
	tu_replace(f->json, "\"mode\": \"group\"", "\"mode\": \"crowd\"");
	tu_replace(f->json, "\"stage\": \"feelings\"", "\"stage\": \"mood\"");
	tu_replace(f->json, "\"workload_hours\": 1.5", "\"workload_hours\": 0");
	tu_replace(f->json, "\"min_attendance_percent\": 100", "\"min_attendance_percent\": 120");
	tu_replace(f->json, "\"require_reflection\": true", "\"require_reflection\": \"yes\"");
	expect_problem(f, "\"lecture\" is not a known kind");
	assert_true(tu_has(&f->problems, "experience[0].minutes: must be between 1 and 480"));
	assert_true(tu_has(&f->problems, "\"crowd\" must be individual or group"));
	assert_true(tu_has(&f->problems, "\"mood\" must be what-happened"));
	assert_true(tu_has(&f->problems, "workload_hours: must be a number"));
	assert_true(tu_has(&f->problems, "min_attendance_percent: must be between 0 and 100"));
	assert_true(tu_has(&f->problems, "require_reflection: must be true or false"));
}

static void
test_missing_sections(void **state)
{
	struct fx *f = *state;
	tu_write(f->json, "{\"format\": 1, \"id\": \"x\", \"version\": \"1.0.0\", "
	    "\"released\": \"2026-01-01\", \"languages\": [\"vi\"]}");
	expect_problem(f, "title: missing");
	const char *want[] = {"summary: missing", "audience: missing", "duration_minutes: missing",
	    "outcomes: missing", "completion: missing", "credential: missing",
	    "experience: missing", "reflection: missing", "application: missing"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!tu_has(&f->problems, want[i]))
			fail_msg("no problem \"%s\"", want[i]);
}

static void
test_not_an_object(void **state)
{
	struct fx *f = *state;
	tu_write(f->json, "[1, 2, 3]");
	expect_problem(f, "must be a JSON object");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_sample_valid),
		T(test_missing_manifest),
		T(test_bad_json),
		T(test_duplicate_key),
		T(test_unknown_field),
		T(test_wrong_format),
		T(test_bad_id_version_date),
		T(test_missing_language_text),
		T(test_empty_text),
		T(test_bad_languages),
		T(test_materials_mismatch),
		T(test_bad_pattern),
		T(test_pattern_matches_no_example),
		T(test_evidence_without_examples),
		T(test_unknown_required_outcome),
		T(test_duplicate_ids),
		T(test_missing_instructions_file),
		T(test_instructions_outside_pack),
		T(test_instructions_symlink),
		T(test_instructions_not_utf8),
		T(test_bad_enums_and_ranges),
		T(test_missing_sections),
		T(test_not_an_object),
	};
	return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
