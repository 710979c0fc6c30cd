/*
 * Unit tests: the topic packs shipped in content-packs/ are complete. Each one
 * validates, is Vietnamese first and English second with every text in both,
 * has 3-5 outcomes whose evidence patterns compile and match the pack's own
 * example sentences, 3-6 activities with materials and a safeguarding note,
 * reflection prompts across the whole cycle, and a trainer's README.
 */
#include <dirent.h>

#include "fsutil.h"
#include "manifest.h"
#include "match.h"
#include "testutil.h"

static const char *const topic_packs[] = {"child-protection-youth", "gender-equality-household",
    "school-health-nutrition", "environment-community", "talent-nurturing"};

static struct pack_manifest *
load(const char *id)
{
	char *dir = kolb_xasprintf("content-packs/%s", id);
	struct kolb_strlist problems = {0};
	struct pack_manifest *m = NULL;
	struct kolb_err err;
	if (manifest_load(dir, &m, &problems, &err) != 0) {
		tu_print(&problems);
		fail_msg("%s: %s", id, err.msg);
	}
	kolb_strlist_clear(&problems);
	free(dir);
	return m;
}

static void
all_texts(char **t, const char *what, const char *id)
{
	assert_non_null(t);
	for (int l = 0; l < 2; l++)
		if (t[l] == NULL || strlen(t[l]) < 2)
			fail_msg("%s: %s has no %s text", id, what, l ? "English" : "Vietnamese");
}

static void
test_every_pack_complete(void **state)
{
	(void)state;
	for (size_t p = 0; p < sizeof topic_packs / sizeof topic_packs[0]; p++) {
		const char *id = topic_packs[p];
		struct pack_manifest *m = load(id);
		assert_string_equal(m->id, id);
		assert_int_equal(m->nlang, 2);
		assert_string_equal(m->languages[0], "vi");
		assert_string_equal(m->languages[1], "en");
		all_texts(m->title, "title", id);
		all_texts(m->summary, "summary", id);
		all_texts(m->audience, "audience", id);
		all_texts(m->cred_name, "credential name", id);
		all_texts(m->cred_description, "credential description", id);
		all_texts(m->cred_criteria, "credential criteria", id);
		all_texts(m->follow_up, "follow-up suggestion", id);
		assert_true(m->duration_minutes >= 180);
		assert_true(m->workload_hours >= 3);

		assert_in_range(m->noutcomes, 3, 5);
		for (size_t i = 0; i < m->noutcomes; i++) {
			struct pack_outcome *o = &m->outcomes[i];
			all_texts(o->text, o->id, id);
			if (o->nevidence == 0)
				fail_msg("%s: outcome %s has no evidence patterns", id, o->id);
			for (size_t k = 0; k < o->nevidence; k++) {
				struct match_re *re;
				struct kolb_err err;
				if (match_compile(o->evidence[k], true, &re, &err) != 0)
					fail_msg("%s: %s: %s", id, o->evidence[k], err.msg);
				int hits = 0;
				for (size_t x = 0; x < o->nexamples; x++) {
					size_t ms, me;
					hits += match_find(re, o->examples[x], strlen(o->examples[x]), 0, &ms,
					    &me) == 1;
				}
				if (hits == 0)
					fail_msg("%s: pattern %s matches no example", id, o->evidence[k]);
				match_free(re);
			}
		}
		assert_true(m->nrequired >= 1);

		assert_in_range(m->nactivities, 3, 6);
		for (size_t i = 0; i < m->nactivities; i++) {
			struct pack_activity *a = &m->activities[i];
			all_texts(a->title, a->id, id);
			all_texts(a->safeguarding, "safeguarding note", id);
			if (a->materials[0].len == 0)
				fail_msg("%s: activity %s lists no materials", id, a->id);
			assert_int_equal(a->materials[0].len, a->materials[1].len);
		}

		bool stage[4] = {false}, individual = false, group = false;
		static const char *const stages[] = {"what-happened", "feelings", "noticing", "meaning"};
		for (size_t i = 0; i < m->nreflection; i++) {
			all_texts(m->reflection[i].text, m->reflection[i].id, id);
			for (int s = 0; s < 4; s++)
				if (strcmp(m->reflection[i].stage, stages[s]) == 0)
					stage[s] = true;
			individual |= strcmp(m->reflection[i].mode, "individual") == 0;
			group |= strcmp(m->reflection[i].mode, "group") == 0;
		}
		for (int s = 0; s < 4; s++)
			if (!stage[s])
				fail_msg("%s: no reflection prompt for the stage %s", id, stages[s]);
		assert_true(individual && group);
		assert_true(m->napplication >= 3);

		char *readme = kolb_xasprintf("content-packs/%s/README.md", id);
		assert_int_equal(access(readme, R_OK), 0);
		free(readme);
		manifest_free(m);
	}
}

/* Vietnamese text is stored precomposed (NFC): no combining diacritics U+0300-U+0323. */
static void
test_vietnamese_is_precomposed(void **state)
{
	(void)state;
	struct match_re *re;
	struct kolb_err err;
	assert_int_equal(match_compile("[\\x{0300}-\\x{0323}]", false, &re, &err), 0);
	for (size_t p = 0; p < sizeof topic_packs / sizeof topic_packs[0]; p++) {
		char *path = kolb_xasprintf("content-packs/%s/pack.json", topic_packs[p]);
		char *buf;
		size_t len, ms, me;
		assert_int_equal(fs_read_file(path, 1 << 20, &buf, &len, &err), 0);
		if (match_find(re, buf, len, 0, &ms, &me) == 1)
			fail_msg("%s has a combining mark at byte %zu", path, ms);
		free(buf);
		free(path);
	}
	match_free(re);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_pack_complete),
		cmocka_unit_test(test_vietnamese_is_precomposed),
	};
	return cmocka_run_group_tests_name("packs", tests, NULL, NULL);
}
