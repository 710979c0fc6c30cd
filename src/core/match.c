/* PCRE2 wrapper: compile with UTF/UCP, JIT when possible, find matches. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "match.h"

#include <pcre2.h>
#include <stdlib.h>

struct match_re {
	pcre2_code *code;
	pcre2_match_data *md;
};

int
match_compile(const char *pattern, bool caseless, struct match_re **out, struct kolb_err *err)
{
	int ecode;
	PCRE2_SIZE eoff;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | (caseless ? PCRE2_CASELESS : 0);
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
	    &ecode, &eoff, NULL);
	if (code == NULL) {
		PCRE2_UCHAR buf[256];
		pcre2_get_error_message(ecode, buf, sizeof buf);
		return kolb_err_set(err, _("invalid pattern at offset %zu: %s"), (size_t)eoff,
		    (char *)buf);
	}
	/* JIT is an optimisation: a platform without it still matches, only slower.
	 * KOLB_NO_JIT=1 turns it off for valgrind, which cannot follow JIT code's
	 * deliberate word-sized reads at the end of a subject. */
	const char *nojit = getenv("KOLB_NO_JIT");
	if (nojit == NULL || *nojit == '\0' || *nojit == '0')
		pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	struct match_re *re = kolb_xcalloc(1, sizeof *re);
	re->code = code;
	re->md = pcre2_match_data_create_from_pattern(code, NULL);
	if (re->md == NULL) {
		pcre2_code_free(code);
		free(re);
		return kolb_err_set(err, _("out of memory compiling a pattern"));
	}
	*out = re;
	return 0;
}

static int
match_run(const struct match_re *re, const char *text, size_t len, size_t start, uint32_t opts,
    size_t *ms, size_t *me)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)text, len, start, opts, re->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
	*ms = ov[0];
	*me = ov[1];
	return 1;
}

int
match_find(const struct match_re *re, const char *text, size_t len, size_t start,
    size_t *ms, size_t *me)
{
	return match_run(re, text, len, start, 0, ms, me);
}

int
match_find_valid(const struct match_re *re, const char *text, size_t len, size_t start,
    size_t *ms, size_t *me)
{
	return match_run(re, text, len, start, PCRE2_NO_UTF_CHECK, ms, me);
}

void
match_free(struct match_re *re)
{
	if (re == NULL)
		return;
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}
