/* Evidence of learning outcomes: a pack's patterns run over participants' words. */
#include "evidence.h"

#include <stdlib.h>
#include <string.h>

#include "match.h"

struct evidence {
	const struct pack_manifest *m;
	struct match_re ***res; /* res[outcome][pattern], m->outcomes[i].nevidence each */
};

int
evidence_new(const struct pack_manifest *m, struct evidence **out, struct kolb_err *err)
{
	*out = NULL;
	struct evidence *ev = kolb_xcalloc(1, sizeof *ev);
	ev->m = m;
	ev->res = kolb_xcalloc(m->noutcomes ? m->noutcomes : 1, sizeof *ev->res);
	for (size_t i = 0; i < m->noutcomes; i++) {
		const struct pack_outcome *o = &m->outcomes[i];
		ev->res[i] = kolb_xcalloc(o->nevidence ? o->nevidence : 1, sizeof *ev->res[i]);
		for (size_t k = 0; k < o->nevidence; k++) {
			if (match_compile(o->evidence[k], true, &ev->res[i][k], err) != 0) {
				kolb_err_prefix(err, _("outcome \"%s\", evidence pattern %zu"), o->id,
				    k + 1);
				evidence_free(ev);
				return -1;
			}
		}
	}
	*out = ev;
	return 0;
}

/* The offset just after the UTF-8 character that starts at pos (pos < len). */
static size_t
evidence_next_char(const char *text, size_t len, size_t pos)
{
	pos++;
	while (pos < len && ((unsigned char)text[pos] & 0xC0) == 0x80)
		pos++;
	return pos;
}

/* The next non-empty match of re in text[0..len) at or after *pos; *pos moves past it.
 * Returns 1 (a hit in *s, *e), 0 when there is none left, -1 on a matching error. */
static int
evidence_next(const struct match_re *re, const char *text, size_t len, size_t *pos,
    size_t *s, size_t *e)
{
	while (*pos <= len) {
		int r = match_find(re, text, len, *pos, s, e);
		if (r <= 0)
			return r;
		if (*e > *s) {
			*pos = *e;
			return 1;
		}
		/* An empty match: step over one character so the search moves on. */
		if (*e >= len)
			return 0;
		*pos = evidence_next_char(text, len, *e);
	}
	return 0;
}

/* By start, then outcome, then the longer span first. */
static int
evidence_hit_cmp(const void *a, const void *b)
{
	const struct evidence_hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->outcome != y->outcome)
		return x->outcome < y->outcome ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return 0;
}

int
evidence_scan(const struct evidence *ev, const char *text, struct evidence_hit **hits,
    size_t *n)
{
	*hits = NULL;
	*n = 0;
	size_t len = strlen(text), cap = 0, count = 0;
	struct evidence_hit *h = NULL;
	const struct pack_manifest *m = ev->m;
	for (size_t i = 0; i < m->noutcomes; i++) {
		for (size_t k = 0; k < m->outcomes[i].nevidence; k++) {
			size_t pos = 0, s, e;
			int r;
			while ((r = evidence_next(ev->res[i][k], text, len, &pos, &s, &e)) == 1) {
				if (count == cap) {
					cap = cap ? cap * 2 : 16;
					h = kolb_xrealloc(h, cap * sizeof *h);
				}
				h[count++] = (struct evidence_hit){.outcome = i, .start = s, .end = e};
			}
			if (r < 0) {
				free(h);
				return -1;
			}
		}
	}
	if (count == 0)
		return 0;
	qsort(h, count, sizeof *h, evidence_hit_cmp);
	/* Drop hits that overlap an earlier kept hit of the same outcome. Sorted by
	 * start, a hit overlaps one of its outcome's kept hits exactly when it starts
	 * before the furthest end kept so far for that outcome. */
	size_t *reach = kolb_xcalloc(m->noutcomes, sizeof *reach);
	size_t kept = 0;
	for (size_t j = 0; j < count; j++) {
		size_t o = h[j].outcome;
		if (h[j].start < reach[o])
			continue;
		reach[o] = h[j].end;
		h[kept++] = h[j];
	}
	free(reach);
	*hits = h;
	*n = kept;
	return 0;
}

int
evidence_outcome_matches(const struct evidence *ev, size_t outcome, const char *text)
{
	if (outcome >= ev->m->noutcomes)
		return 0;
	size_t len = strlen(text);
	for (size_t k = 0; k < ev->m->outcomes[outcome].nevidence; k++) {
		size_t pos = 0, s, e;
		if (evidence_next(ev->res[outcome][k], text, len, &pos, &s, &e) == 1)
			return 1;
	}
	return 0;
}

void
evidence_free(struct evidence *ev)
{
	if (ev == NULL)
		return;
	for (size_t i = 0; i < ev->m->noutcomes; i++) {
		if (ev->res[i] == NULL)
			continue;
		for (size_t k = 0; k < ev->m->outcomes[i].nevidence; k++)
			match_free(ev->res[i][k]);
		free(ev->res[i]);
	}
	free(ev->res);
	free(ev);
}
