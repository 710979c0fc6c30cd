/* Unit tests: countdown timer arithmetic with injected clock values, and formatting. */
#include "timer.h"
#include "testutil.h"

#include <limits.h>
#include <time.h>

#define MIN (60 * 1000LL)

static void
test_init_paused(void **state)
{
	(void)state;
	struct timer t;
	timer_init(&t, 5 * MIN);
	assert_false(t.running);
	assert_int_equal(timer_elapsed(&t, 123456), 0);
	assert_int_equal(timer_remaining(&t, 999999), 5 * MIN);
	assert_false(timer_overrun(&t, 999999999));
	/* a negative duration is an empty one */
	timer_init(&t, -5);
	assert_int_equal(t.duration_ms, 0);
	assert_int_equal(timer_remaining(&t, 0), 0);
}

static void
test_start_runs(void **state)
{
	(void)state;
	struct timer t;
	timer_init(&t, 5 * MIN);
	timer_start(&t, 1000);
	assert_true(t.running);
	assert_int_equal(timer_elapsed(&t, 1000), 0);
	assert_int_equal(timer_elapsed(&t, 1800), 800);
	assert_int_equal(timer_remaining(&t, 61000), 4 * MIN);
	assert_false(timer_overrun(&t, 61000));
}

static void
test_start_twice_changes_nothing(void **state)
{
	(void)state;
	struct timer t;
	timer_init(&t, 5 * MIN);
	timer_start(&t, 1000);
	timer_start(&t, 50000); /* must not restart the count */
	assert_int_equal(t.started_ms, 1000);
	assert_int_equal(timer_elapsed(&t, 61000), MIN);
}

static void
test_pause_resume(void **state)
{
	(void)state;
	struct timer t;
	timer_init(&t, 5 * MIN);
	timer_start(&t, 10000);
	timer_pause(&t, 40000); /* 30 s run */
	assert_false(t.running);
	assert_int_equal(t.elapsed_ms, 30000);
	/* time passes while paused: nothing counts */
	assert_int_equal(timer_elapsed(&t, 500000), 30000);
	timer_pause(&t, 900000); /* pausing again changes nothing */
	assert_int_equal(t.elapsed_ms, 30000);
	timer_start(&t, 1000000); /* resume */
	assert_int_equal(timer_elapsed(&t, 1015000), 45000);
	assert_int_equal(timer_remaining(&t, 1015000), 5 * MIN - 45000);
	timer_pause(&t, 1020000);
	assert_int_equal(timer_elapsed(&t, 2000000), 50000);
}

static void
test_clock_going_back(void **state)
{
	(void)state;
	struct timer t;
	timer_init(&t, MIN);
	timer_start(&t, 100000);
	assert_int_equal(timer_elapsed(&t, 90000), 0);
	assert_int_equal(timer_remaining(&t, 90000), MIN);
	timer_pause(&t, 50000); /* pausing "before" the start adds nothing */
	assert_int_equal(t.elapsed_ms, 0);
	timer_start(&t, 60000);
	timer_pause(&t, 70000);
	assert_int_equal(timer_elapsed(&t, 0), 10000);
}

static void
test_overrun(void **state)
{
	(void)state;
	struct timer t;
	timer_init(&t, 2 * MIN);
	timer_start(&t, 0);
	assert_false(timer_overrun(&t, 2 * MIN)); /* exactly at the end: not yet over */
	assert_int_equal(timer_remaining(&t, 2 * MIN), 0);
	assert_true(timer_overrun(&t, 2 * MIN + 1));
	assert_int_equal(timer_remaining(&t, 3 * MIN + 30000), -90000);
	char buf[16];
	timer_format(timer_remaining(&t, 3 * MIN + 30000), buf);
	assert_string_equal(buf, "-01:30");
	/* paused while overrun stays overrun */
	timer_pause(&t, 3 * MIN);
	assert_true(timer_overrun(&t, 10 * MIN));
	assert_int_equal(timer_remaining(&t, 10 * MIN), -MIN);
}

static void
test_toggle(void **state)
{
	(void)state;
	struct timer t;
	timer_init(&t, 5 * MIN);
	timer_toggle(&t, 1000);
	assert_true(t.running);
	timer_toggle(&t, 6000);
	assert_false(t.running);
	assert_int_equal(timer_elapsed(&t, 99999), 5000);
	timer_toggle(&t, 10000);
	assert_true(t.running);
	assert_int_equal(timer_elapsed(&t, 12000), 7000);
}

static void
test_reset(void **state)
{
	(void)state;
	struct timer t;
	timer_init(&t, 5 * MIN);
	timer_start(&t, 0);
	timer_pause(&t, 7 * MIN);
	assert_true(timer_overrun(&t, 7 * MIN));
	timer_start(&t, 8 * MIN);
	timer_reset(&t);
	assert_false(t.running);
	assert_int_equal(t.duration_ms, 5 * MIN);
	assert_int_equal(timer_elapsed(&t, 20 * MIN), 0);
	assert_int_equal(timer_remaining(&t, 20 * MIN), 5 * MIN);
	timer_start(&t, 30 * MIN);
	assert_int_equal(timer_remaining(&t, 31 * MIN), 4 * MIN);
}

static void
check_fmt(long long ms, const char *want)
{
	char buf[16];
	memset(buf, 'x', sizeof buf);
	timer_format(ms, buf);
	if (strcmp(buf, want) != 0)
		fail_msg("timer_format(%lld) = \"%s\", want \"%s\"", ms, buf, want);
}

static void
test_format_counting_down(void **state)
{
	(void)state;
	check_fmt(300000, "05:00");
	check_fmt(299200, "05:00"); /* rounded up while counting down */
	check_fmt(299000, "04:59");
	check_fmt(298999, "04:59");
	check_fmt(59001, "01:00");
	check_fmt(59000, "00:59");
	check_fmt(1000, "00:01");
	check_fmt(1, "00:01");
	check_fmt(0, "00:00");
	check_fmt(10 * MIN, "10:00");
	check_fmt(59 * MIN + 59000, "59:59");
	check_fmt(59 * MIN + 59001, "1:00:00");
	check_fmt(60 * MIN, "1:00:00");
	check_fmt(65 * MIN, "1:05:00");
	check_fmt(2 * 60 * MIN + 3 * MIN + 4000, "2:03:04");
	check_fmt(25 * 60 * MIN, "25:00:00");
}

static void
test_format_overrun(void **state)
{
	(void)state;
	check_fmt(-1, "00:00");    /* under a second over: no minus */
	check_fmt(-500, "00:00");
	check_fmt(-999, "00:00");
	check_fmt(-1000, "-00:01");
	check_fmt(-1999, "-00:01"); /* floor of the overrun */
	check_fmt(-90000, "-01:30");
	check_fmt(-59 * MIN - 59999, "-59:59");
	check_fmt(-60 * MIN, "-1:00:00");
	check_fmt(-65 * MIN - 1500, "-1:05:01");
}

static void
test_format_extremes(void **state)
{
	(void)state;
	char buf[16];
	timer_format(LLONG_MAX, buf);
	assert_string_equal(buf, "99999:59:59");
	timer_format(LLONG_MIN, buf);
	assert_string_equal(buf, "-99999:59:59");
	assert_true(strlen(buf) < sizeof buf);
}

static void
test_extreme_clock_values(void **state)
{
	(void)state;
	struct timer t;
	timer_init(&t, MIN);
	timer_start(&t, LLONG_MIN);
	assert_int_equal(timer_elapsed(&t, LLONG_MAX), LLONG_MAX);
	assert_true(timer_overrun(&t, LLONG_MAX));
	timer_pause(&t, LLONG_MAX);
	timer_start(&t, 0);
	assert_int_equal(timer_elapsed(&t, LLONG_MAX), LLONG_MAX); /* saturates */
}

static void
test_now_offset(void **state)
{
	(void)state;
	/* main() set KOLB_MONO_OFFSET_MS before the first call */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	long long before = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	long long now = timer_now_ms();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	long long after = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	assert_true(now >= before + 86400000LL);
	assert_true(now <= after + 86400000LL);
	/* read once: changing it later changes nothing */
	setenv("KOLB_MONO_OFFSET_MS", "0", 1);
	assert_true(timer_now_ms() >= before + 86400000LL);
	/* and it never goes back */
	long long a = timer_now_ms(), b = timer_now_ms();
	assert_true(b >= a);
}

int
main(void)
{
	setlocale(LC_ALL, "");
	setenv("KOLB_MONO_OFFSET_MS", "86400000", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_paused),
		cmocka_unit_test(test_start_runs),
		cmocka_unit_test(test_start_twice_changes_nothing),
		cmocka_unit_test(test_pause_resume),
		cmocka_unit_test(test_clock_going_back),
		cmocka_unit_test(test_overrun),
		cmocka_unit_test(test_toggle),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_format_counting_down),
		cmocka_unit_test(test_format_overrun),
		cmocka_unit_test(test_format_extremes),
		cmocka_unit_test(test_extreme_clock_values),
		cmocka_unit_test(test_now_offset),
	};
	return cmocka_run_group_tests_name("timer", tests, NULL, NULL);
}
