/* Wall clock with a test override, and ISO 8601 UTC formatting. */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
clock_parse(const char *s, time_t *out)
{
	struct tm tm = {0};
	const char *end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL)
		return false;
	if (*end == 'T') {
		end = strptime(end + 1, "%H:%M:%S", &tm);
		if (end == NULL || strcmp(end, "Z") != 0)
			return false;
	} else if (*end != '\0') {
		return false;
	}
	*out = timegm(&tm);
	return true;
}

bool
clock_parse_datetime(const char *s, time_t *out)
{
	struct tm tm = {0};
	const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return false;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	long offset = 0;
	if (*p == 'Z') {
		p++;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int h = atoi(p + 1), m = atoi(p + 4);
		offset = (h * 3600L + m * 60L) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return false;
	}
	if (*p != '\0')
		return false;
	*out = timegm(&tm) - offset;
	return true;
}

time_t
clock_wall(void)
{
	const char *fake = getenv("KOLB_NOW");
	time_t t;
	if (fake != NULL && clock_parse(fake, &t))
		return t;
	return time(NULL);
}

void
clock_iso(time_t t, char out[21])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
