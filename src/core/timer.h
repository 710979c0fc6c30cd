/*
 * Countdown timers for Experience activities. Pure arithmetic on a clock value
 * the caller passes in (milliseconds from the monotonic clock), so the TUI's
 * input loop can tick them and the tests can inject any time. A clock value
 * earlier than the last start counts as no time run: elapsed is never negative.
 */
#ifndef KOLB_TIMER_H
#define KOLB_TIMER_H

#include <stdbool.h>

struct timer {
	long long duration_ms;
	long long elapsed_ms; /* accumulated while running, up to the last pause */
	long long started_ms; /* clock value when last started (running only) */
	bool running;
};

/* A paused timer of duration_ms (negative counts as 0) with nothing elapsed. */
void timer_init(struct timer *t, long long duration_ms);
/* Run from now_ms; starting a running timer changes nothing. */
void timer_start(struct timer *t, long long now_ms);
/* Stop and keep the time run so far; pausing a paused timer changes nothing. */
void timer_pause(struct timer *t, long long now_ms);
/* Start when paused, pause when running. */
void timer_toggle(struct timer *t, long long now_ms);
/* Back to the full duration, paused. */
void timer_reset(struct timer *t);
/* Time run so far (>= 0). */
long long timer_elapsed(const struct timer *t, long long now_ms);
/* duration - elapsed: negative once the activity has run over. */
long long timer_remaining(const struct timer *t, long long now_ms);
/* True once more than the duration has run. */
bool timer_overrun(const struct timer *t, long long now_ms);
/* Format a timer_remaining() value into out[16]: "mm:ss", "h:mm:ss" from an hour on,
 * "-mm:ss" / "-h:mm:ss" when overrun. Counting down shows the remaining seconds
 * rounded up (299200 -> "05:00", 1 -> "00:01", 0 -> "00:00"); overrun shows whole
 * seconds past the end (-1500 -> "-00:01"), and "00:00" under one second. */
void timer_format(long long ms, char out[16]);

/* The monotonic clock in milliseconds, plus the whole number in the environment
 * variable KOLB_MONO_OFFSET_MS (read once; for tests). */
long long timer_now_ms(void);

#endif
