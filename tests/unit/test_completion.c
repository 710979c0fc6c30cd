/* Unit tests: a pack's completion rules, alone and over a session in a database. */
#include "assess.h"
#include "completion.h"
#include "entry.h"
#include "manifest.h"
#include "pack.h"
#include "participant.h"
#include "session.h"
#include "testutil.h"

#define SIX_VI "Làm đúng sáu bước rửa tay bằng xà phòng trong ít nhất 20 giây."
#define SIX_EN "Performs the six steps of handwashing with soap for at least 20 seconds."
#define KEY_VI "Nêu được những lúc cần rửa tay: trước khi ăn, sau khi đi vệ sinh, sau khi chơi."

static struct pack_manifest *
load_pack(const char *dir)
{
	struct pack_manifest *m;
	struct kolb_strlist problems = {0};
	struct kolb_err err;
	if (manifest_load(dir, &m, &problems, &err) != 0) {
		tu_print(&problems);
		fail_msg("%s", err.msg);
	}
	kolb_strlist_clear(&problems);
	return m;
}

/* The sample pack with min_attendance_percent changed to pct. */
static struct pack_manifest *
load_with_min(int pct)
{
	char *tmp = tu_tmpdir();
	char *dir = kolb_xasprintf("%s/pack", tmp);
	tu_copy_sample(dir);
	char *json = kolb_xasprintf("%s/pack.json", dir);
	char *to = kolb_xasprintf("\"min_attendance_percent\": %d", pct);
	tu_replace(json, "\"min_attendance_percent\": 100", to);
	struct pack_manifest *m = load_pack(dir);
	assert_int_equal(m->min_attendance_percent, pct);
	tu_rmrf(tmp);
	free(to);
	free(json);
	free(dir);
	free(tmp);
	return m;
}

static const char *const met_six[] = {"six-steps"};
static const char *const met_key[] = {"key-moments"};
static const char *const met_both[] = {"key-moments", "six-steps"};

/* A participant who has done everything the sample pack asks, over days days. */
static struct completion_facts
all_done(int days)
{
	return (struct completion_facts){.days = days, .attended_days = days, .reflections = 1,
	    .action_plans = 1, .met_outcomes = met_six, .nmet = 1};
}

static void
expect_missing(const struct completion_result *r, const char *const *want, size_t n)
{
	if (r->missing.len != n) {
		tu_print(&r->missing);
		fail_msg("%zu missing lines, want %zu", r->missing.len, n);
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(r->missing.items[i], want[i]) != 0)
			fail_msg("line %zu: \"%s\", want \"%s\"", i, r->missing.items[i], want[i]);
	assert_int_equal(r->complete, n == 0);
}

static void
test_sample_rules_loaded(void **state)
{
	(void)state;
	struct pack_manifest *m = load_pack(SAMPLE_PACK);
	assert_int_equal(m->min_attendance_percent, 100);
	assert_true(m->require_reflection);
	assert_true(m->require_action_plan);
	assert_int_equal(m->nrequired, 1);
	assert_string_equal(m->required_outcomes[0], "six-steps");
	manifest_free(m);
}

static void
test_everything_done(void **state)
{
	(void)state;
	struct pack_manifest *m = load_pack(SAMPLE_PACK);
	struct completion_result r;
	for (int days = 1; days <= 3; days++) {
		struct completion_facts f = all_done(days);
		completion_check(m, 0, &f, &r);
		expect_missing(&r, NULL, 0);
		assert_int_equal(r.attendance_percent, 100);
		kolb_strlist_clear(&r.missing);
	}
	/* more than required is fine too */
	struct completion_facts f = all_done(2);
	f.reflections = 3;
	f.action_plans = 2;
	f.met_outcomes = met_both;
	f.nmet = 2;
	completion_check(m, 1, &f, &r);
	expect_missing(&r, NULL, 0);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);
}

static void
test_nothing_done_vietnamese(void **state)
{
	(void)state;
	struct pack_manifest *m = load_pack(SAMPLE_PACK);
	struct completion_facts f = {.days = 2};
	struct completion_result r;
	completion_check(m, 0, &f, &r);
	const char *want[] = {"attended 0 of 2 days (needs 100%)", "no reflection recorded",
	    "no action plan recorded", "outcome not yet met: " SIX_VI};
	expect_missing(&r, want, 4);
	assert_int_equal(r.attendance_percent, 0);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);
}

static void
test_outcome_text_language(void **state)
{
	(void)state;
	struct pack_manifest *m = load_pack(SAMPLE_PACK);
	struct completion_facts f = all_done(1);
	f.met_outcomes = met_key; /* the wrong outcome met */
	struct completion_result r;
	completion_check(m, 0, &f, &r);
	const char *vi[] = {"outcome not yet met: " SIX_VI};
	expect_missing(&r, vi, 1);
	kolb_strlist_clear(&r.missing);
	completion_check(m, 1, &f, &r);
	const char *en[] = {"outcome not yet met: " SIX_EN};
	expect_missing(&r, en, 1);
	kolb_strlist_clear(&r.missing);
	/* a language index out of range falls back to the pack's first language */
	completion_check(m, 7, &f, &r);
	expect_missing(&r, vi, 1);
	kolb_strlist_clear(&r.missing);
	/* no outcome met at all */
	f.met_outcomes = NULL;
	f.nmet = 0;
	completion_check(m, 1, &f, &r);
	expect_missing(&r, en, 1);
	kolb_strlist_clear(&r.missing);
	/* an id that merely starts like the required one does not count */
	const char *const near[] = {"six-step", "six-steps-extra", "SIX-STEPS"};
	f.met_outcomes = near;
	f.nmet = 3;
	completion_check(m, 1, &f, &r);
	expect_missing(&r, en, 1);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);
}

static void
test_attendance_two_days(void **state)
{
	(void)state;
	struct pack_manifest *m = load_pack(SAMPLE_PACK);
	struct completion_facts f = all_done(2);
	struct completion_result r;
	f.attended_days = 1;
	completion_check(m, 0, &f, &r);
	const char *one[] = {"attended 1 of 2 days (needs 100%)"};
	expect_missing(&r, one, 1);
	assert_int_equal(r.attendance_percent, 50);
	kolb_strlist_clear(&r.missing);
	f.attended_days = 0;
	completion_check(m, 0, &f, &r);
	const char *none[] = {"attended 0 of 2 days (needs 100%)"};
	expect_missing(&r, none, 1);
	assert_int_equal(r.attendance_percent, 0);
	kolb_strlist_clear(&r.missing);
	/* one day of one: singular */
	f = all_done(1);
	f.attended_days = 0;
	completion_check(m, 0, &f, &r);
	const char *single[] = {"attended 0 of 1 day (needs 100%)"};
	expect_missing(&r, single, 1);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);
}

static void
test_attendance_boundaries(void **state)
{
	(void)state;
	struct completion_result r;
	struct completion_facts f = all_done(2);

	/* 50%: one of two days is exactly enough, none is not */
	struct pack_manifest *m = load_with_min(50);
	f.attended_days = 1;
	completion_check(m, 0, &f, &r);
	expect_missing(&r, NULL, 0);
	assert_int_equal(r.attendance_percent, 50);
	kolb_strlist_clear(&r.missing);
	f.attended_days = 0;
	completion_check(m, 0, &f, &r);
	const char *none[] = {"attended 0 of 2 days (needs 50%)"};
	expect_missing(&r, none, 1);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);

	/* 51%: one of two days is not enough */
	m = load_with_min(51);
	f.attended_days = 1;
	completion_check(m, 0, &f, &r);
	const char *half[] = {"attended 1 of 2 days (needs 51%)"};
	expect_missing(&r, half, 1);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);

	/* two of three days is 66% rounded down: enough for 66, not for 67 */
	f = all_done(3);
	f.attended_days = 2;
	m = load_with_min(66);
	completion_check(m, 0, &f, &r);
	expect_missing(&r, NULL, 0);
	assert_int_equal(r.attendance_percent, 66);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);
	m = load_with_min(67);
	completion_check(m, 0, &f, &r);
	const char *two3[] = {"attended 2 of 3 days (needs 67%)"};
	expect_missing(&r, two3, 1);
	kolb_strlist_clear(&r.missing);
	/* one of three is 33% */
	f.attended_days = 1;
	completion_check(m, 0, &f, &r);
	assert_int_equal(r.attendance_percent, 33);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);

	/* no attendance rule: nobody is turned away for absence */
	m = load_with_min(0);
	f.attended_days = 0;
	completion_check(m, 0, &f, &r);
	expect_missing(&r, NULL, 0);
	assert_int_equal(r.attendance_percent, 0);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);
}

static void
test_hostile_facts(void **state)
{
	(void)state;
	struct pack_manifest *m = load_pack(SAMPLE_PACK);
	struct completion_result r;
	struct completion_facts f = all_done(2);
	/* more days attended than the session has: 100%, not 150% */
	f.attended_days = 3;
	completion_check(m, 0, &f, &r);
	assert_int_equal(r.attendance_percent, 100);
	expect_missing(&r, NULL, 0);
	kolb_strlist_clear(&r.missing);
	/* negative counts and a session of no days */
	f = (struct completion_facts){.days = 0, .attended_days = -1, .reflections = -5,
	    .action_plans = -1, .met_outcomes = met_six, .nmet = 1};
	completion_check(m, 0, &f, &r);
	assert_int_equal(r.attendance_percent, 0);
	assert_int_equal(r.missing.len, 3);
	assert_false(r.complete);
	kolb_strlist_clear(&r.missing);
	/* a NULL among the met ids is skipped */
	const char *const holes[] = {NULL, "six-steps"};
	f = all_done(1);
	f.met_outcomes = holes;
	f.nmet = 2;
	completion_check(m, 0, &f, &r);
	expect_missing(&r, NULL, 0);
	kolb_strlist_clear(&r.missing);
	manifest_free(m);
}

static void
test_rules_switched_off(void **state)
{
	(void)state;
	struct pack_manifest *m = load_pack(SAMPLE_PACK);
	m->require_reflection = false;
	m->require_action_plan = false;
	m->min_attendance_percent = 0;
	size_t nreq = m->nrequired;
	m->nrequired = 0;
	struct completion_facts f = {.days = 1};
	struct completion_result r;
	completion_check(m, 0, &f, &r);
	expect_missing(&r, NULL, 0);
	kolb_strlist_clear(&r.missing);
	/* two required outcomes, both missing: one line each, in the pack's order */
	char *req[] = {"key-moments", "six-steps"};
	char **saved = m->required_outcomes;
	m->required_outcomes = req;
	m->nrequired = 2;
	completion_check(m, 0, &f, &r);
	const char *want[] = {"outcome not yet met: " KEY_VI, "outcome not yet met: " SIX_VI};
	expect_missing(&r, want, 2);
	kolb_strlist_clear(&r.missing);
	/* an outcome id the pack does not define is named by its id */
	char *ghost[] = {"ghost-outcome"};
	m->required_outcomes = ghost;
	m->nrequired = 1;
	completion_check(m, 0, &f, &r);
	const char *g[] = {"outcome not yet met: ghost-outcome"};
	expect_missing(&r, g, 1);
	kolb_strlist_clear(&r.missing);
	m->required_outcomes = saved;
	m->nrequired = nreq;
	manifest_free(m);
}

/* ---- completion_session on a real database ---- */

struct fx {
	char *tmp, *data;
	struct db *db;
	struct pack_manifest *m;
	long long sid;
};

static int
db_setup(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	struct kolb_err err;
	f->tmp = tu_tmpdir();
	f->data = kolb_xasprintf("%s/data", f->tmp);
	mkdir(f->data, 0700);
	char *dbp = kolb_xasprintf("%s/kolb.db", f->data);
	if (db_open(dbp, &f->db, &err) != 0)
		fail_msg("%s", err.msg);
	free(dbp);
	char *arc = kolb_xasprintf("%s/sample.tar.gz", f->tmp);
	if (pack_build(SAMPLE_PACK, arc, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	struct pack_install_opts o = {0};
	struct pack_install_info info;
	if (pack_install(f->db, f->data, arc, &o, &info, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	free(arc);
	if (pack_load(f->db, f->data, "sample-handwashing", NULL, &f->m, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	const char *const facs[] = {"Nguyễn Thị Hoa"};
	struct session_new sn = {.pack_id = "sample-handwashing", .title = "Lớp 4A — rửa tay",
	    .province = "Lào Cai", .start_date = "2026-11-30", .days = 2, .facilitators = facs,
	    .nfacilitators = 1};
	if (session_create(f->db, &sn, &f->sid, &err) != 0)
		fail_msg("%s", err.msg);
	*state = f;
	return 0;
}

static int
db_teardown(void **state)
{
	struct fx *f = *state;
	manifest_free(f->m);
	db_close(f->db);
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f->data);
	free(f);
	return 0;
}

static long long
add_person(struct fx *f, long long sid, const char *name)
{
	struct participant_fields pf = {.name = name, .is_minor = 1, .consent = "given",
	    .consent_by = "Mẹ", .share_name = 0};
	long long id;
	struct kolb_err err;
	if (participant_add(f->db, sid, &pf, 0, &id, &err) != 0)
		fail_msg("%s", err.msg);
	return id;
}

static void
present(struct fx *f, long long pid, int day)
{
	struct kolb_err err;
	if (attendance_set(f->db, pid, day, true, 1000, &err) != 0)
		fail_msg("%s", err.msg);
}

static void
say(struct fx *f, long long pid, enum entry_kind kind, const char *prompt, const char *body)
{
	struct entry_key k = {.session_id = f->sid, .participant_id = pid, .kind = kind,
	    .prompt_id = prompt, .group_name = ""};
	struct kolb_err err;
	if (entry_save(f->db, &k, body, NULL, 2000, NULL, &err) != 0)
		fail_msg("%s", err.msg);
}

static void
assess(struct fx *f, long long pid, const char *outcome, enum assess_status st)
{
	struct kolb_err err;
	if (assess_set(f->db, f->sid, pid, outcome, st, 3000, &err) != 0)
		fail_msg("%s", err.msg);
}

static const struct completion_row *
row_of(const struct completion_row *rows, size_t n, long long pid)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].participant_id == pid)
			return &rows[i];
	fail_msg("no row for participant %lld", pid);
	return NULL;
}

static void
test_session_end_to_end(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	/* An: everything done over both days */
	long long an = add_person(f, f->sid, "Lò Thị An");
	present(f, an, 1);
	present(f, an, 2);
	say(f, an, ENTRY_REFLECTION, "what-happened", "Bột màu dính sang tay bạn.");
	say(f, an, ENTRY_ACTION_PLAN, "i-will", "Em sẽ rửa tay bằng xà phòng trước khi ăn.");
	assess(f, an, "six-steps", ASSESS_MET);
	/* Bình: one day, a reflection of nothing but spaces, six steps not yet */
	long long binh = add_person(f, f->sid, "Vàng A Bình");
	present(f, binh, 2);
	say(f, binh, ENTRY_REFLECTION, "feelings", " \t\n\xC2\xA0\xE2\x80\x8B\xE3\x80\x80 ");
	say(f, binh, ENTRY_ACTION_PLAN, "who-helps", "Mẹ nhắc em.");
	assess(f, binh, "six-steps", ASSESS_NOT_YET);
	assess(f, binh, "key-moments", ASSESS_MET);
	/* Chi: added, nothing else */
	long long chi = add_person(f, f->sid, "Giàng Thị Chi");
	/* the group's words and someone else's words count for nobody */
	struct entry_key gk = {.session_id = f->sid, .participant_id = 0, .kind = ENTRY_REFLECTION,
	    .prompt_id = "why", .group_name = "Nhóm 1"};
	assert_int_equal(entry_save(f->db, &gk, "Vì nước không rửa trôi dầu.", NULL, 0, NULL,
	    &err), 0);
	/* a participant of another session is not listed */
	const char *const facs[] = {"Hoa"};
	struct session_new sn = {.pack_id = "sample-handwashing", .title = "Lớp 5B",
	    .start_date = "2026-12-01", .days = 1, .facilitators = facs, .nfacilitators = 1};
	long long other;
	assert_int_equal(session_create(f->db, &sn, &other, &err), 0);
	long long outsider = add_person(f, other, "Người lớp khác");

	struct completion_row *rows;
	size_t n;
	if (completion_session(f->db, f->sid, f->m, 0, &rows, &n, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].participant_id, an); /* in the order they were added */
	assert_string_equal(rows[0].name, "Lò Thị An");
	assert_int_equal(rows[2].participant_id, chi);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(rows[i].participant_id, outsider);

	const struct completion_row *r = row_of(rows, n, an);
	expect_missing(&r->result, NULL, 0);
	assert_int_equal(r->result.attendance_percent, 100);

	r = row_of(rows, n, binh);
	const char *bw[] = {"attended 1 of 2 days (needs 100%)", "no reflection recorded",
	    "outcome not yet met: " SIX_VI};
	expect_missing(&r->result, bw, 3);
	assert_int_equal(r->result.attendance_percent, 50);

	r = row_of(rows, n, chi);
	const char *cw[] = {"attended 0 of 2 days (needs 100%)", "no reflection recorded",
	    "no action plan recorded", "outcome not yet met: " SIX_VI};
	expect_missing(&r->result, cw, 4);
	completion_free(rows, n);

	/* English outcome texts */
	assert_int_equal(completion_session(f->db, f->sid, f->m, 1, &rows, &n, &err), 0);
	r = row_of(rows, n, binh);
	assert_string_equal(r->result.missing.items[2], "outcome not yet met: " SIX_EN);
	completion_free(rows, n);

	/* Bình catches up: the second day, a real reflection, six steps met */
	present(f, binh, 1);
	say(f, binh, ENTRY_REFLECTION, "feelings", "Em thấy sợ vì vi khuẩn lan nhanh.");
	assess(f, binh, "six-steps", ASSESS_MET);
	/* An's assessment is withdrawn */
	assess(f, an, "six-steps", ASSESS_NONE);
	assert_int_equal(completion_session(f->db, f->sid, f->m, 0, &rows, &n, &err), 0);
	expect_missing(&row_of(rows, n, binh)->result, NULL, 0);
	const char *aw[] = {"outcome not yet met: " SIX_VI};
	expect_missing(&row_of(rows, n, an)->result, aw, 1);
	completion_free(rows, n);
}

static void
test_session_current_versions_only(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	long long dung = add_person(f, f->sid, "Hoàng Văn Dũng");
	present(f, dung, 1);
	present(f, dung, 2);
	say(f, dung, ENTRY_REFLECTION, "why", "Nước không thôi thì chưa sạch.");
	say(f, dung, ENTRY_ACTION_PLAN, "i-will", "Rửa tay trước bữa trưa.");
	assess(f, dung, "six-steps", ASSESS_MET);
	struct completion_row *rows;
	size_t n;
	assert_int_equal(completion_session(f->db, f->sid, f->m, 0, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_true(rows[0].result.complete);
	completion_free(rows, n);
	/* after closing, a correction that empties the plan supersedes it */
	if (session_close(f->db, f->sid, 5000, &err) != 0)
		fail_msg("%s", err.msg);
	say(f, dung, ENTRY_ACTION_PLAN, "i-will", "   ");
	assert_int_equal(completion_session(f->db, f->sid, f->m, 0, &rows, &n, &err), 0);
	const char *want[] = {"no action plan recorded"};
	expect_missing(&rows[0].result, want, 1);
	completion_free(rows, n);
}

static void
test_session_errors(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct completion_row *rows = (struct completion_row *)1;
	size_t n = 9;
	assert_int_equal(completion_session(f->db, 9999, f->m, 0, &rows, &n, &err), -1);
	assert_null(rows);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.msg, "9999"));
	/* the manifest of another pack is refused */
	char *saved = f->m->id;
	f->m->id = "child-protection-youth";
	assert_int_equal(completion_session(f->db, f->sid, f->m, 0, &rows, &n, &err), -1);
	assert_non_null(strstr(err.msg, "sample-handwashing"));
	f->m->id = saved;
	/* a session without participants gives no rows */
	assert_int_equal(completion_session(f->db, f->sid, f->m, 0, &rows, &n, &err), 0);
	assert_int_equal(n, 0);
	completion_free(rows, n);
	completion_free(NULL, 0);
}

int
main(void)
{
	setlocale(LC_ALL, "");
	/* Messages are compared in English: no catalogue is bound here. */
	setenv("LANGUAGE", "C", 1);
#define D(fn) cmocka_unit_test_setup_teardown(fn, db_setup, db_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_rules_loaded),
		cmocka_unit_test(test_everything_done),
		cmocka_unit_test(test_nothing_done_vietnamese),
		cmocka_unit_test(test_outcome_text_language),
		cmocka_unit_test(test_attendance_two_days),
		cmocka_unit_test(test_attendance_boundaries),
		cmocka_unit_test(test_hostile_facts),
		cmocka_unit_test(test_rules_switched_off),
		D(test_session_end_to_end),
		D(test_session_current_versions_only),
		D(test_session_errors),
	};
	return cmocka_run_group_tests_name("completion", tests, NULL, NULL);
}
