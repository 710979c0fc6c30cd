/* Countdown timers: arithmetic on caller-supplied monotonic times (see timer.h). */
#include "timer.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The largest time timer_format writes: 99999:59:59 (more would not fit out[16]). */
#define TIMER_MAX_SECONDS (99999LL * 3600 + 3599)

/* a + b, saturated at the limits of long long. */
static long long
timer_add_sat(long long a, long long b)
{
	long long r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? LLONG_MAX : LLONG_MIN;
	return r;
}

/* a - b, saturated at the limits of long long. */
static long long
timer_sub_sat(long long a, long long b)
{
	long long r;
	if (__builtin_sub_overflow(a, b, &r))
		return b < 0 ? LLONG_MAX : LLONG_MIN;
	return r;
}

/* Time run since the last start; never negative, even if the clock went back. */
static long long
timer_since_start(const struct timer *t, long long now_ms)
{
	if (!t->running || now_ms <= t->started_ms)
		return 0;
	return timer_sub_sat(now_ms, t->started_ms);
}

void
timer_init(struct timer *t, long long duration_ms)
{
	t->duration_ms = duration_ms < 0 ? 0 : duration_ms;
	t->elapsed_ms = 0;
	t->started_ms = 0;
	t->running = false;
}

void
timer_start(struct timer *t, long long now_ms)
{
	if (t->running)
		return;
	t->started_ms = now_ms;
	t->running = true;
}

void
timer_pause(struct timer *t, long long now_ms)
{
	if (!t->running)
		return;
	t->elapsed_ms = timer_add_sat(t->elapsed_ms, timer_since_start(t, now_ms));
	t->started_ms = 0;
	t->running = false;
}

void
timer_toggle(struct timer *t, long long now_ms)
{
	if (t->running)
		timer_pause(t, now_ms);
	else
		timer_start(t, now_ms);
}

void
timer_reset(struct timer *t)
{
	t->elapsed_ms = 0;
	t->started_ms = 0;
	t->running = false;
}

long long
timer_elapsed(const struct timer *t, long long now_ms)
{
	long long e = timer_add_sat(t->elapsed_ms, timer_since_start(t, now_ms));
	return e < 0 ? 0 : e;
}

long long
timer_remaining(const struct timer *t, long long now_ms)
{
	return timer_sub_sat(t->duration_ms, timer_elapsed(t, now_ms));
}

bool
timer_overrun(const struct timer *t, long long now_ms)
{
	return timer_remaining(t, now_ms) < 0;
}

void
timer_format(long long ms, char out[16])
{
	unsigned long long secs;
	const char *sign = "";
	if (ms >= 0) {
		/* Counting down: a partly used second still shows, so 0.2 s left is 00:01. */
		secs = (unsigned long long)(ms / 1000) + (ms % 1000 != 0);
	} else {
		/* Overrun: whole seconds past the end; under one second still shows 00:00. */
		unsigned long long over = (unsigned long long)(-(ms + 1)) + 1;
		secs = over / 1000;
		if (secs > 0)
			sign = "-";
	}
	if (secs > (unsigned long long)TIMER_MAX_SECONDS)
		secs = (unsigned long long)TIMER_MAX_SECONDS;
	unsigned long long h = secs / 3600, m = secs / 60 % 60, s = secs % 60;
	if (h > 0)
		snprintf(out, 16, "%s%llu:%02llu:%02llu", sign, h, m, s);
	else
		snprintf(out, 16, "%s%02llu:%02llu", sign, m, s);
}

static long long timer_offset_ms;
static pthread_once_t timer_offset_once = PTHREAD_ONCE_INIT;

/* Read KOLB_MONO_OFFSET_MS once; anything but a whole number is ignored. */
static void
timer_offset_read(void)
{
	const char *s = getenv("KOLB_MONO_OFFSET_MS");
	if (s == NULL || *s == '\0')
		return;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno == 0 && *end == '\0')
		timer_offset_ms = v;
}

long long
timer_now_ms(void)
{
	pthread_once(&timer_offset_once, timer_offset_read);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	long long now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	return timer_add_sat(now, timer_offset_ms);
}
