/*
 * Evidence of learning outcomes in participants' words: every evidence pattern
 * of a pack, compiled once (PCRE2, caseless, UTF + UCP, JIT), run over a text
 * to find the matching spans. kolb suggests; the facilitator decides.
 */
#ifndef KOLB_EVIDENCE_H
#define KOLB_EVIDENCE_H

#include <stddef.h>
#include "kolb.h"
#include "manifest.h"

struct evidence;

struct evidence_hit {
	size_t outcome;      /* index into m->outcomes */
	size_t start, end;   /* byte offsets into the text, on character boundaries */
};

/* Compile m's patterns. m must outlive the result. Caller frees with evidence_free.
 * A pattern that does not compile fails the whole call, naming the outcome. */
int evidence_new(const struct pack_manifest *m, struct evidence **out, struct kolb_err *err);

/* Every non-empty match of every outcome's patterns in text (UTF-8), sorted by start
 * (then outcome index); a hit overlapping an earlier hit of the same outcome is
 * dropped, hits of different outcomes may overlap. Caller frees *hits (NULL when
 * *n is 0). Returns -1 on a matching error (text not valid UTF-8), with no hits. */
int evidence_scan(const struct evidence *ev, const char *text, struct evidence_hit **hits,
    size_t *n);

/* 1 when some pattern of outcome has a non-empty match in text, else 0 (also for an
 * outcome index out of range or text that is not valid UTF-8). */
int evidence_outcome_matches(const struct evidence *ev, size_t outcome, const char *text);

/* Free the compiled patterns; NULL is fine. */
void evidence_free(struct evidence *ev);

#endif
