/*
 * Fault injection for tests: named points in risky sequences (installing a
 * pack, importing an archive) where a test can make kolb fail on purpose and
 * then check that nothing was left half-done. Points fire when set with
 * fault_set() or through KOLB_FAULT="point" or "point:N" (fire on the Nth hit).
 */
#ifndef KOLB_FAULT_H
#define KOLB_FAULT_H

#include <stdbool.h>

/* True when the point should fail now. */
bool fault_hit(const char *point);

/* Make point fail on its nth hit from now (1 = next); point NULL clears. */
void fault_set(const char *point, int nth);

#endif
