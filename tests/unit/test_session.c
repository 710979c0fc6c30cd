/* Unit tests: sessions, phases, participants, attendance, entries and their versions,
 * assessments, the audit trail and the live session (lock, activities, timers). */
#include "assess.h"
#include "audit.h"
#include "entry.h"
#include "fault.h"
#include "live.h"
#include "pack.h"
#include "participant.h"
#include "session.h"
#include "testutil.h"

struct fx {
	char *tmp, *data;
	struct db *db;
	long long sid;
};

static int
setup(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	struct kolb_err err;
	f->tmp = tu_tmpdir();
	f->data = kolb_xasprintf("%s/data", f->tmp);
	mkdir(f->data, 0700);
	char *dbp = kolb_xasprintf("%s/kolb.db", f->data);
	char *arc = kolb_xasprintf("%s/s.tar.gz", f->tmp);
	if (db_open(dbp, &f->db, &err) != 0 || pack_build(SAMPLE_PACK, arc, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	struct pack_install_info info;
	if (pack_install(f->db, f->data, arc, NULL, &info, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	const char *facs[] = {"Trần Hồng Điệp", "Lò Văn Pánh"};
	struct session_new sn = {.pack_id = "sample-handwashing", .title = "Lớp 4A, Tả Van",
	    .province = "Lào Cai", .commune = "Tả Van", .village = "Bản Giàng Tả Chải",
	    .start_date = "2026-11-30", .days = 2, .facilitators = facs, .nfacilitators = 2};
	if (session_create(f->db, &sn, &f->sid, &err) != 0)
		fail_msg("%s", err.msg);
	free(dbp);
	free(arc);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	db_close(f->db);
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f->data);
	free(f);
	return 0;
}

static long long
count(struct fx *f, const char *sql)
{
	struct db_stmt *st;
	long long n = -1;
	assert_int_equal(db_prepare(f->db, sql, &st, NULL), 0);
	if (db_step(st, NULL) == 1)
		n = db_col_int(st, 0);
	db_finalize(st);
	return n;
}

static long long
add_person(struct fx *f, const char *name)
{
	struct participant_fields pf = {.name = name, .gender = "female", .role = "student",
	    .age_group = "child", .consent = "given", .consent_by = "Lò Thị Mai"};
	long long id;
	struct kolb_err err;
	if (participant_add(f->db, f->sid, &pf, 0, &id, &err) != 0)
		fail_msg("%s", err.msg);
	return id;
}

static void
test_create_and_list(void **state)
{
	struct fx *f = *state;
	struct session s;
	struct kolb_err err;
	assert_int_equal(session_get(f->db, f->sid, &s, &err), 0);
	assert_string_equal(s.title, "Lớp 4A, Tả Van");
	assert_string_equal(s.language, "vi");
	assert_string_equal(s.pack_version, "1.0.0");
	assert_int_equal(strlen(s.pack_sha256), 64);
	assert_int_equal(strlen(s.uid), 32);
	assert_string_equal(s.facilitators, "[\"Trần Hồng Điệp\",\"Lò Văn Pánh\"]");
	assert_int_equal(s.phase, PHASE_SETUP);
	session_clear(&s);
	/* bad input is refused with a reason */
	struct session_new bad = {.pack_id = "sample-handwashing", .title = "x",
	    .start_date = "2026-02-30", .days = 1};
	long long id;
	assert_int_not_equal(session_create(f->db, &bad, &id, &err), 0);
	assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
	bad.start_date = "2026-03-01";
	bad.days = 4;
	assert_int_not_equal(session_create(f->db, &bad, &id, &err), 0);
	bad.days = 1;
	bad.language = "fr";
	assert_int_not_equal(session_create(f->db, &bad, &id, &err), 0);
	assert_non_null(strstr(err.msg, "no language \"fr\""));
	bad.language = "en";
	bad.pack_id = "nope";
	assert_int_not_equal(session_create(f->db, &bad, &id, &err), 0);
	bad.pack_id = "sample-handwashing";
	bad.start_date = "2025-01-01";
	assert_int_equal(session_create(f->db, &bad, &id, &err), 0);
	/* closed sessions sort after open ones */
	assert_int_equal(session_close(f->db, f->sid, 0, &err), 0);
	struct session *list;
	size_t n;
	assert_int_equal(session_list(f->db, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, id);
	assert_int_equal(list[1].phase, PHASE_CLOSED);
	session_free_list(list, n);
}

static void
test_phases(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	assert_true(session_phase_allowed(PHASE_SETUP, PHASE_EXPERIENCE));
	assert_true(session_phase_allowed(PHASE_ASSESSMENT, PHASE_REFLECTION));
	assert_false(session_phase_allowed(PHASE_CLOSED, PHASE_SETUP));
	assert_false(session_phase_allowed(PHASE_SETUP, PHASE_CLOSED));
	assert_int_equal(session_set_phase(f->db, f->sid, PHASE_EXPERIENCE, 10, &err), 0);
	assert_int_equal(session_set_phase(f->db, f->sid, PHASE_REFLECTION, 20, &err), 0);
	assert_int_equal(session_set_phase(f->db, f->sid, PHASE_EXPERIENCE, 30, &err), 0);
	assert_int_not_equal(session_set_phase(f->db, f->sid, PHASE_CLOSED, 40, &err), 0);
	assert_int_equal(session_close(f->db, f->sid, 50, &err), 0);
	assert_int_not_equal(session_set_phase(f->db, f->sid, PHASE_SETUP, 60, &err), 0);
	assert_non_null(strstr(err.msg, "closed"));
	assert_int_not_equal(session_close(f->db, f->sid, 70, &err), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE field = 'phase'"), 4);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE closed_at IS NOT NULL"), 1);
	enum session_phase p;
	assert_true(session_phase_parse("assessment", &p));
	assert_int_equal(p, PHASE_ASSESSMENT);
	assert_false(session_phase_parse("lunch", &p));
}

static void
test_participants_and_attendance(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	long long a = add_person(f, "Giàng Thị Su");
	long long b = add_person(f, "Lò Thị Tiên");
	struct participant_fields bad = {.name = "  "};
	long long id;
	assert_int_not_equal(participant_add(f->db, f->sid, &bad, 0, &id, &err), 0);
	bad.name = "X";
	bad.gender = "unknown";
	assert_int_not_equal(participant_add(f->db, f->sid, &bad, 0, &id, &err), 0);
	assert_non_null(strstr(err.msg, "gender \"unknown\""));
	struct participant_fields upd = PARTICIPANT_FIELDS_UNCHANGED;
	upd.ethnicity = "H'Mông";
	upd.share_name = 1;
	assert_int_equal(participant_update(f->db, a, &upd, 5, &err), 0);
	struct participant p;
	assert_int_equal(participant_get(f->db, a, &p, &err), 0);
	assert_string_equal(p.ethnicity, "H'Mông");
	assert_true(p.share_name);
	assert_true(p.is_minor); /* age group child */
	assert_string_equal(p.consent_by, "Lò Thị Mai");
	participant_clear(&p);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = 'participant' AND "
	    "field IN ('ethnicity', 'share_name')"), 2);
	assert_int_equal(attendance_set(f->db, a, 1, true, 0, &err), 0);
	assert_int_equal(attendance_set(f->db, a, 2, true, 0, &err), 0);
	assert_int_equal(attendance_set(f->db, b, 1, true, 0, &err), 0);
	assert_int_equal(attendance_set(f->db, b, 1, false, 0, &err), 0);
	assert_int_not_equal(attendance_set(f->db, b, 3, true, 0, &err), 0);
	assert_non_null(strstr(err.msg, "day 3"));
	assert_int_equal(attendance_days(f->db, a), 2);
	assert_int_equal(attendance_days(f->db, b), 0);
	assert_int_equal(attendance_get(f->db, a, 2), 1);
	struct participant *list;
	size_t n;
	assert_int_equal(participant_list(f->db, f->sid, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[1].name, "Lò Thị Tiên");
	participant_free_list(list, n);
}

static void
test_entries_versions_after_close(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	long long a = add_person(f, "Giàng Thị Su");
	struct entry_key k = {.session_id = f->sid, .participant_id = a, .kind = ENTRY_REFLECTION,
	    .prompt_id = "feelings"};
	bool changed;
	assert_int_equal(entry_save(f->db, &k, "Em thấy", NULL, 100, &changed, &err), 0);
	assert_true(changed);
	/* while open, saving again (autosave while typing) replaces the text in place */
	assert_int_equal(entry_save(f->db, &k, "Em thấy sợ khi bột lan sang tay bạn", NULL, 200,
	    &changed, &err), 0);
	assert_int_equal(entry_save(f->db, &k, "Em thấy sợ khi bột lan sang tay bạn", NULL, 300,
	    &changed, &err), 0);
	assert_false(changed);
	assert_int_equal(count(f, "SELECT count(*) FROM entries"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = 'entry'"), 2);
	/* a group's words */
	struct entry_key g = {.session_id = f->sid, .kind = ENTRY_REFLECTION, .prompt_id = "why",
	    .group_name = "Nhóm 1"};
	assert_int_equal(entry_save(f->db, &g, "Vì nước không rửa trôi dầu", NULL, 400, NULL, &err), 0);
	/* an action plan with a follow-up date */
	struct entry_key ap = {.session_id = f->sid, .participant_id = a, .kind = ENTRY_ACTION_PLAN,
	    .prompt_id = "i-will"};
	assert_int_not_equal(entry_save(f->db, &ap, "x", "30/12/2026", 0, NULL, &err), 0);
	assert_int_equal(entry_save(f->db, &ap, "Em sẽ rửa tay trước khi ăn", "2026-12-15", 500,
	    NULL, &err), 0);
	/* empty text for a new key writes nothing */
	struct entry_key e2 = k;
	e2.prompt_id = "what-happened";
	assert_int_equal(entry_save(f->db, &e2, "", NULL, 0, &changed, &err), 0);
	assert_false(changed);

	assert_int_equal(session_close(f->db, f->sid, 600, &err), 0);
	/* after closing, a correction is a new version; the old one stays */
	assert_int_equal(entry_save(f->db, &k, "Em thấy sợ, rồi em hiểu phải dùng xà phòng", NULL,
	    700, &changed, &err), 0);
	assert_true(changed);
	struct entry cur;
	assert_int_equal(entry_current(f->db, &k, &cur, &err), 1);
	assert_int_equal(cur.version, 2);
	assert_true(cur.supersedes > 0);
	struct entry *hist;
	size_t n;
	assert_int_equal(entry_history(f->db, cur.id, &hist, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(hist[0].body, "Em thấy sợ khi bột lan sang tay bạn");
	assert_string_equal(hist[1].body, "Em thấy sợ, rồi em hiểu phải dùng xà phòng");
	entry_free_list(hist, n);
	entry_clear(&cur);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE field = 'correction'"), 1);
	/* listing shows current versions only */
	struct entry *list;
	assert_int_equal(entry_list(f->db, f->sid, ENTRY_REFLECTION, -1, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	entry_free_list(list, n);
	assert_int_equal(entry_list(f->db, f->sid, -1, a, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (list[i].kind == ENTRY_ACTION_PLAN) {
			assert_string_equal(list[i].follow_up, "2026-12-15");
			found = true;
		}
	assert_true(found);
	entry_free_list(list, n);
}

static void
test_assessments(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	long long a = add_person(f, "Giàng Thị Su");
	assert_int_equal(assess_get(f->db, a, "six-steps"), ASSESS_NONE);
	assert_int_equal(assess_set(f->db, f->sid, a, "six-steps", ASSESS_NOT_YET, 1, &err), 0);
	assert_int_equal(assess_set(f->db, f->sid, a, "six-steps", ASSESS_MET, 2, &err), 0);
	assert_int_equal(assess_set(f->db, f->sid, a, "key-moments", ASSESS_MET, 3, &err), 0);
	assert_int_equal(assess_get(f->db, a, "six-steps"), ASSESS_MET);
	struct kolb_strlist met = {0};
	assert_int_equal(assess_met(f->db, a, &met, &err), 0);
	assert_int_equal(met.len, 2);
	kolb_strlist_clear(&met);
	assert_int_equal(assess_set(f->db, f->sid, a, "key-moments", ASSESS_NONE, 4, &err), 0);
	assert_int_equal(assess_get(f->db, a, "key-moments"), ASSESS_NONE);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = 'assessment'"), 4);
}

static void
test_live_lock_and_elapsed(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct live *l, *l2;
	if (live_open(f->db, f->data, f->sid, &l, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(l->pack->nactivities, 2);
	assert_int_equal(l->lang, 0);
	/* a second opener (another kolb) is told the session is open elsewhere */
	assert_int_not_equal(live_open(f->db, f->data, f->sid, &l2, &err), 0);
	assert_non_null(strstr(err.msg, "open in another kolb"));
	long long e1 = live_elapsed(l);
	assert_true(e1 >= 0);
	assert_int_equal(live_set_phase(l, PHASE_EXPERIENCE, &err), 0);
	assert_int_equal(l->session.phase, PHASE_EXPERIENCE);
	char *md;
	assert_int_equal(live_activity_instructions(l, 0, &md, &err), 0);
	assert_non_null(strstr(md, "vi khuẩn lấp lánh"));
	free(md);
	live_close(l);
	/* reopening continues the elapsed time from the audit trail, even if the
	 * monotonic clock starts lower (a reboot) */
	assert_int_equal(db_exec(f->db, "UPDATE audit SET elapsed_ms = 3600000 WHERE field = 'phase'",
	    &err), 0);
	assert_int_equal(live_open(f->db, f->data, f->sid, &l, &err), 0);
	assert_true(live_elapsed(l) >= 3600000);
	live_close(l);
}

static void
test_live_activity_timer_resume(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct live *l;
	assert_int_equal(live_open(f->db, f->data, f->sid, &l, &err), 0);
	struct timer *t = &l->activities[0].timer;
	assert_int_equal(t->duration_ms, 20 * 60000);
	long long now = timer_now_ms();
	timer_start(t, now - 90000); /* started 90 s ago */
	assert_int_equal(live_activity_timer(l, 0, &err), 0);
	assert_int_equal(live_activity_status(l, 1, ACTIVITY_SKIPPED, &err), 0);
	live_close(l);
	/* kolb died; when it comes back the timer is still running and has kept counting */
	assert_int_equal(live_open(f->db, f->data, f->sid, &l, &err), 0);
	t = &l->activities[0].timer;
	assert_true(t->running);
	assert_true(timer_elapsed(t, timer_now_ms()) >= 89000);
	assert_int_equal(l->activities[1].status, ACTIVITY_SKIPPED);
	assert_int_equal(live_activity_status(l, 0, ACTIVITY_DONE, &err), 0);
	assert_false(l->activities[0].timer.running); /* done stops the clock */
	assert_int_equal(live_close_session(l, &err), 0);
	assert_int_equal(l->session.phase, PHASE_CLOSED);
	live_close(l);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = 'activity'"), 2);
}

int
main(void)
{
	setlocale(LC_ALL, "");
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_and_list),
		T(test_phases),
		T(test_participants_and_attendance),
		T(test_entries_versions_after_close),
		T(test_assessments),
		T(test_live_lock_and_elapsed),
		T(test_live_activity_timer_resume),
	};
	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
