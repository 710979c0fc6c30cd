/* Named fault-injection points (see fault.h). */
#include "fault.h"

#include <stdlib.h>
#include <string.h>

static char fault_point[64];
static int fault_countdown;
static bool fault_env_read;

void
fault_set(const char *point, int nth)
{
	fault_env_read = true; /* an explicit setting wins over the environment */
	if (point == NULL) {
		fault_point[0] = '\0';
		fault_countdown = 0;
		return;
	}
	strncpy(fault_point, point, sizeof fault_point - 1);
	fault_point[sizeof fault_point - 1] = '\0';
	fault_countdown = nth > 0 ? nth : 1;
}

bool
fault_hit(const char *point)
{
	if (!fault_env_read) {
		fault_env_read = true;
		const char *env = getenv("KOLB_FAULT");
		if (env != NULL && *env != '\0') {
			const char *colon = strchr(env, ':');
			size_t n = colon ? (size_t)(colon - env) : strlen(env);
			if (n < sizeof fault_point) {
				memcpy(fault_point, env, n);
				fault_point[n] = '\0';
				fault_countdown = colon ? atoi(colon + 1) : 1;
				if (fault_countdown < 1)
					fault_countdown = 1;
			}
		}
	}
	if (fault_point[0] == '\0' || strcmp(fault_point, point) != 0)
		return false;
	if (--fault_countdown > 0)
		return false;
	fault_point[0] = '\0';
	return true;
}
