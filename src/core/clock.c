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
