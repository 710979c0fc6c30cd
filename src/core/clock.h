/*
 * Time: the wall clock (overridable for tests and reproducible runs through
 * KOLB_NOW=YYYY-MM-DDTHH:MM:SSZ) and ISO 8601 formatting in UTC.
 */
#ifndef KOLB_CLOCK_H
#define KOLB_CLOCK_H

#include <stdbool.h>
#include <time.h>

/* Seconds since the epoch, from KOLB_NOW when set and valid, else time(). */
time_t clock_wall(void);

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void clock_iso(time_t t, char out[21]);

/* Parse "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" as UTC. */
bool clock_parse(const char *s, time_t *out);

/* Parse an XML Schema dateTime with a time zone, as Verifiable Credentials write
 * them: "YYYY-MM-DDTHH:MM:SS", optional ".fraction" (dropped), then "Z" or
 * "+HH:MM"/"-HH:MM". The caller checks the syntax strictly first. */
bool clock_parse_datetime(const char *s, time_t *out);

#endif
