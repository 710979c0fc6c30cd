/* Unit tests: evidence patterns of a pack run over participants' words. */
#include "evidence.h"
#include "manifest.h"
#include "text.h"
#include "testutil.h"

static struct pack_manifest *
load_sample(void)
{
	struct pack_manifest *m;
	struct kolb_strlist problems = {0};
	struct kolb_err err;
	if (manifest_load(SAMPLE_PACK, &m, &problems, &err) != 0) {
		tu_print(&problems);
		fail_msg("%s", err.msg);
	}
	kolb_strlist_clear(&problems);
	return m;
}

static int
setup(void **state)
{
	struct pack_manifest *m = load_sample();
	struct evidence *ev;
	struct kolb_err err;
	if (evidence_new(m, &ev, &err) != 0)
		fail_msg("%s", err.msg);
	void **pair = kolb_xcalloc(2, sizeof *pair);
	pair[0] = m;
	pair[1] = ev;
	*state = pair;
	return 0;
}

static int
teardown(void **state)
{
	void **pair = *state;
	evidence_free(pair[1]);
	manifest_free(pair[0]);
	free(pair);
	return 0;
}

static size_t
outcome_index(const struct pack_manifest *m, const char *id)
{
	for (size_t i = 0; i < m->noutcomes; i++)
		if (strcmp(m->outcomes[i].id, id) == 0)
			return i;
	fail_msg("no outcome %s", id);
	return 0;
}

/* The text of a hit, checked to cut on UTF-8 character boundaries. Caller frees. */
static char *
hit_text(const char *text, const struct evidence_hit *h)
{
	assert_true(h->start < h->end);
	assert_true(h->end <= strlen(text));
	assert_true(text_utf8_valid(text, h->start));
	assert_true(text_utf8_valid(text + h->start, h->end - h->start));
	assert_true(text_utf8_valid(text + h->end, strlen(text + h->end)));
	char *s = kolb_xmalloc(h->end - h->start + 1);
	memcpy(s, text + h->start, h->end - h->start);
	s[h->end - h->start] = '\0';
	return s;
}

static void
expect_hit(const char *text, const struct evidence_hit *h, size_t outcome, const char *want)
{
	char *got = hit_text(text, h);
	if (h->outcome != outcome || strcmp(got, want) != 0)
		fail_msg("hit [%zu,%zu) outcome %zu \"%s\", want outcome %zu \"%s\"", h->start, h->end,
		    h->outcome, got, outcome, want);
	free(got);
}

static void
test_vietnamese_with_diacritics(void **state)
{
	void **pair = *state;
	const struct pack_manifest *m = pair[0];
	const struct evidence *ev = pair[1];
	size_t six = outcome_index(m, "six-steps"), key = outcome_index(m, "key-moments");
	const char *text = "Em sẽ rửa tay bằng XÀ PHÒNG trước khi ăn";
	struct evidence_hit *h;
	size_t n;
	assert_int_equal(evidence_scan(ev, text, &h, &n), 0);
	assert_int_equal(n, 2);
	expect_hit(text, &h[0], six, "XÀ PHÒNG");
	expect_hit(text, &h[1], key, "trước khi ăn");
	assert_int_equal(h[0].start, strstr(text, "XÀ") - text);
	free(h);
	assert_int_equal(evidence_outcome_matches(ev, six, text), 1);
	assert_int_equal(evidence_outcome_matches(ev, key, text), 1);
}

static void
test_vietnamese_without_diacritics(void **state)
{
	void **pair = *state;
	const struct pack_manifest *m = pair[0];
	const struct evidence *ev = pair[1];
	size_t six = outcome_index(m, "six-steps"), key = outcome_index(m, "key-moments");
	const char *text = "em se rua tay bang xa phong truoc khi an, SAU KHI DI VE SINH";
	struct evidence_hit *h;
	size_t n;
	assert_int_equal(evidence_scan(ev, text, &h, &n), 0);
	assert_int_equal(n, 3);
	expect_hit(text, &h[0], six, "xa phong");
	expect_hit(text, &h[1], key, "truoc khi an");
	expect_hit(text, &h[2], key, "SAU KHI DI VE SINH");
	free(h);
	/* and a mixture of both, with uppercase letters that have diacritics */
	text = "Con rửa tay bằng xà phong đủ SÁU BƯỚC, Sau Khi Đi Vệ Sinh";
	assert_int_equal(evidence_scan(ev, text, &h, &n), 0);
	assert_int_equal(n, 3);
	expect_hit(text, &h[0], six, "xà phong");
	expect_hit(text, &h[1], six, "SÁU BƯỚC");
	expect_hit(text, &h[2], key, "Sau Khi Đi Vệ Sinh");
	free(h);
}

static void
test_english_and_repeats(void **state)
{
	void **pair = *state;
	const struct pack_manifest *m = pair[0];
	const struct evidence *ev = pair[1];
	size_t six = outcome_index(m, "six-steps"), key = outcome_index(m, "key-moments");
	const char *text = "Soap, soap and SOAP: all six steps before meals and after the latrine.";
	struct evidence_hit *h;
	size_t n;
	assert_int_equal(evidence_scan(ev, text, &h, &n), 0);
	assert_int_equal(n, 6);
	expect_hit(text, &h[0], six, "Soap");
	expect_hit(text, &h[1], six, "soap");
	expect_hit(text, &h[2], six, "SOAP");
	expect_hit(text, &h[3], six, "six steps");
	expect_hit(text, &h[4], key, "before meals");
	expect_hit(text, &h[5], key, "after the latrine");
	for (size_t i = 1; i < n; i++)
		assert_true(h[i - 1].start < h[i].start);
	free(h);
}

static void
test_no_match(void **state)
{
	void **pair = *state;
	const struct evidence *ev = pair[1];
	const char *texts[] = {"Hôm nay trời mưa, chúng em chơi trong lớp.", "",
	    "xà  phòng", /* two spaces: the pattern wants one */
	    "sáu", "soa p"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct evidence_hit *h = (struct evidence_hit *)1;
		size_t n = 99;
		assert_int_equal(evidence_scan(ev, texts[i], &h, &n), 0);
		if (n != 0)
			fail_msg("\"%s\": %zu hits", texts[i], n);
		assert_null(h);
		assert_int_equal(evidence_outcome_matches(ev, 0, texts[i]), 0);
		assert_int_equal(evidence_outcome_matches(ev, 1, texts[i]), 0);
	}
	/* an outcome index out of range matches nothing */
	assert_int_equal(evidence_outcome_matches(ev, 2, "xà phòng"), 0);
	assert_int_equal(evidence_outcome_matches(ev, (size_t)-1, "xà phòng"), 0);
}

static void
test_invalid_utf8_text(void **state)
{
	void **pair = *state;
	const struct evidence *ev = pair[1];
	const char *text = "xà phòng \xC3\x28 soap";
	struct evidence_hit *h = (struct evidence_hit *)1;
	size_t n = 99;
	assert_int_equal(evidence_scan(ev, text, &h, &n), -1);
	assert_null(h);
	assert_int_equal(n, 0);
	assert_int_equal(evidence_outcome_matches(ev, 0, text), 0);
}

static void
test_long_text(void **state)
{
	void **pair = *state;
	const struct evidence *ev = pair[1];
	const char *unit = "Em dùng xà phòng. ";
	size_t reps = 5000, ul = strlen(unit);
	char *text = kolb_xmalloc(ul * reps + 1);
	for (size_t i = 0; i < reps; i++)
		memcpy(text + i * ul, unit, ul);
	text[ul * reps] = '\0';
	struct evidence_hit *h;
	size_t n;
	assert_int_equal(evidence_scan(ev, text, &h, &n), 0);
	assert_int_equal(n, reps);
	expect_hit(text, &h[reps - 1], 0, "xà phòng");
	assert_int_equal(h[reps - 1].start, (reps - 1) * ul + strlen("Em dùng "));
	free(h);
	free(text);
}

/* A manifest built by hand with the given outcomes (patterns only). */
struct fake {
	struct pack_manifest m;
	struct pack_outcome o[3];
};

static void
fake_init(struct fake *f, char **p0, size_t n0, char **p1, size_t n1)
{
	memset(f, 0, sizeof *f);
	f->o[0] = (struct pack_outcome){.id = "first", .evidence = p0, .nevidence = n0};
	f->o[1] = (struct pack_outcome){.id = "second", .evidence = p1, .nevidence = n1};
	f->m.outcomes = f->o;
	f->m.noutcomes = p1 ? 2 : 1;
}

static void
test_overlaps(void **state)
{
	(void)state;
	struct fake f;
	char *p0[] = {"tay bằng", "rửa tay", "rửa tay bằng xà"};
	char *p1[] = {"tay"};
	fake_init(&f, p0, 3, p1, 1);
	struct evidence *ev;
	struct kolb_err err;
	assert_int_equal(evidence_new(&f.m, &ev, &err), 0);
	const char *text = "Em rửa tay bằng xà phòng, rồi lau tay bằng khăn.";
	struct evidence_hit *h;
	size_t n;
	assert_int_equal(evidence_scan(ev, text, &h, &n), 0);
	/* outcome 0: "rửa tay bằng xà" (the longest at that start) swallows "rửa tay"
	 * and the overlapping "tay bằng"; the later "tay bằng" stays. Outcome 1's "tay"
	 * overlaps outcome 0's hits and is kept: only the same outcome is merged. */
	assert_int_equal(n, 4);
	expect_hit(text, &h[0], 0, "rửa tay bằng xà");
	expect_hit(text, &h[1], 1, "tay");
	assert_true(h[1].start > h[0].start && h[1].start < h[0].end);
	expect_hit(text, &h[2], 0, "tay bằng");
	expect_hit(text, &h[3], 1, "tay");
	assert_int_equal(h[2].start, h[3].start);
	free(h);
	evidence_free(ev);
}

static void
test_same_start_sorted_by_outcome(void **state)
{
	(void)state;
	struct fake f;
	char *p0[] = {"bước"};
	char *p1[] = {"sáu bước", "bước"};
	fake_init(&f, p0, 1, p1, 2);
	struct evidence *ev;
	struct kolb_err err;
	assert_int_equal(evidence_new(&f.m, &ev, &err), 0);
	const char *text = "sáu bước";
	struct evidence_hit *h;
	size_t n;
	assert_int_equal(evidence_scan(ev, text, &h, &n), 0);
	assert_int_equal(n, 2);
	expect_hit(text, &h[0], 1, "sáu bước");
	expect_hit(text, &h[1], 0, "bước");
	free(h);
	text = "bước";
	assert_int_equal(evidence_scan(ev, text, &h, &n), 0);
	assert_int_equal(n, 2);
	expect_hit(text, &h[0], 0, "bước");
	expect_hit(text, &h[1], 1, "bước");
	free(h);
	evidence_free(ev);
}

static void
test_empty_matches_advance(void **state)
{
	(void)state;
	struct fake f;
	/* patterns that can match nothing: the scan must still move on, by whole
	 * characters, and report only the non-empty matches */
	char *p0[] = {"ữ*", "\\b", "(?=ư)"};
	fake_init(&f, p0, 3, NULL, 0);
	struct evidence *ev;
	struct kolb_err err;
	assert_int_equal(evidence_new(&f.m, &ev, &err), 0);
	const char *text = "Rửa tay ữữ, ƯỮ và ữ";
	struct evidence_hit *h;
	size_t n;
	assert_int_equal(evidence_scan(ev, text, &h, &n), 0);
	assert_int_equal(n, 3);
	expect_hit(text, &h[0], 0, "ữữ");
	expect_hit(text, &h[1], 0, "Ữ");
	expect_hit(text, &h[2], 0, "ữ");
	free(h);
	assert_int_equal(evidence_scan(ev, "rửa tay", &h, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(evidence_outcome_matches(ev, 0, "rửa tay"), 0);
	assert_int_equal(evidence_outcome_matches(ev, 0, "rữa tay"), 1);
	evidence_free(ev);
}

static void
test_bad_pattern(void **state)
{
	(void)state;
	struct fake f;
	char *p0[] = {"xà phòng"};
	char *p1[] = {"ok", "sáu (bước"};
	fake_init(&f, p0, 1, p1, 2);
	struct evidence *ev = (struct evidence *)1;
	struct kolb_err err;
	assert_int_equal(evidence_new(&f.m, &ev, &err), -1);
	assert_null(ev);
	assert_non_null(strstr(err.msg, "\"second\""));
	assert_non_null(strstr(err.msg, "pattern 2"));
}

static void
test_no_outcomes(void **state)
{
	(void)state;
	struct pack_manifest m;
	memset(&m, 0, sizeof m);
	struct evidence *ev;
	struct kolb_err err;
	assert_int_equal(evidence_new(&m, &ev, &err), 0);
	struct evidence_hit *h;
	size_t n;
	assert_int_equal(evidence_scan(ev, "xà phòng", &h, &n), 0);
	assert_int_equal(n, 0);
	assert_null(h);
	assert_int_equal(evidence_outcome_matches(ev, 0, "xà phòng"), 0);
	evidence_free(ev);
	evidence_free(NULL);
}

int
main(void)
{
	setlocale(LC_ALL, "");
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_vietnamese_with_diacritics),
		T(test_vietnamese_without_diacritics),
		T(test_english_and_repeats),
		T(test_no_match),
		T(test_invalid_utf8_text),
		T(test_long_text),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_same_start_sorted_by_outcome),
		cmocka_unit_test(test_empty_matches_advance),
		cmocka_unit_test(test_bad_pattern),
		cmocka_unit_test(test_no_outcomes),
	};
	return cmocka_run_group_tests_name("evidence", tests, NULL, NULL);
}
