/* Completion rules: who has completed a workshop and what the others still miss. */
#include "completion.h"

#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "entry.h"
#include "match.h"
#include "participant.h"
#include "session.h"

/* Whole percent of days attended, rounded down, within 0..100. */
static int
completion_percent(int attended, int days)
{
	if (days <= 0 || attended <= 0)
		return 0;
	if (attended >= days)
		return 100;
	return (int)((long long)attended * 100 / days);
}

static bool
completion_has(const struct completion_facts *f, const char *id)
{
	for (size_t i = 0; i < f->nmet; i++)
		if (f->met_outcomes[i] != NULL && strcmp(f->met_outcomes[i], id) == 0)
			return true;
	return false;
}

void
completion_check(const struct pack_manifest *m, size_t lang,
    const struct completion_facts *facts, struct completion_result *out)
{
	memset(out, 0, sizeof *out);
	if (lang >= m->nlang)
		lang = 0;
	out->attendance_percent = completion_percent(facts->attended_days, facts->days);
	if (out->attendance_percent < m->min_attendance_percent)
		kolb_strlist_addf(&out->missing, ngettext("attended %d of %d day (needs %d%%)",
		    "attended %d of %d days (needs %d%%)", (unsigned long)(facts->days > 0 ?
		    facts->days : 0)), facts->attended_days, facts->days,
		    m->min_attendance_percent);
	if (m->require_reflection && facts->reflections < 1)
		kolb_strlist_add(&out->missing, _("no reflection recorded"));
	if (m->require_action_plan && facts->action_plans < 1)
		kolb_strlist_add(&out->missing, _("no action plan recorded"));
	for (size_t i = 0; i < m->nrequired; i++) {
		const char *id = m->required_outcomes[i];
		if (completion_has(facts, id))
			continue;
		const struct pack_outcome *o = manifest_outcome(m, id);
		const char *text = o != NULL && o->text != NULL && m->nlang > 0 &&
		    o->text[lang][0] != '\0' ? o->text[lang] : id;
		kolb_strlist_addf(&out->missing, _("outcome not yet met: %s"), text);
	}
	out->complete = out->missing.len == 0;
}

/* Current entries of one kind by one participant that say something: text other than
 * white space (any Unicode space, and the invisible zero-width characters). */
static int
completion_count_entries(struct db *db, long long session_id, long long participant_id,
    enum entry_kind kind, const struct match_re *visible, int *count, struct kolb_err *err)
{
	struct entry *list;
	size_t n;
	if (entry_list(db, session_id, (int)kind, participant_id, &list, &n, err) != 0)
		return -1;
	*count = 0;
	for (size_t i = 0; i < n; i++) {
		const char *body = list[i].body ? list[i].body : "";
		size_t s, e;
		/* -1 is text PCRE2 refuses (not UTF-8): it is there, so it counts. */
		if (match_find(visible, body, strlen(body), 0, &s, &e) != 0)
			(*count)++;
	}
	entry_free_list(list, n);
	return 0;
}

/* Gather one participant's facts and apply the rules to them. */
static int
completion_one(struct db *db, long long session_id, int days, const struct participant *p,
    const struct pack_manifest *m, size_t lang, const struct match_re *visible,
    struct completion_row *row, struct kolb_err *err)
{
	struct completion_facts facts = {.days = days};
	facts.attended_days = attendance_days(db, p->id);
	if (completion_count_entries(db, session_id, p->id, ENTRY_REFLECTION, visible,
	    &facts.reflections, err) != 0 ||
	    completion_count_entries(db, session_id, p->id, ENTRY_ACTION_PLAN, visible,
	    &facts.action_plans, err) != 0)
		return -1;
	struct kolb_strlist met = {0};
	if (assess_met(db, p->id, &met, err) != 0) {
		kolb_strlist_clear(&met);
		return -1;
	}
	facts.met_outcomes = (const char *const *)met.items;
	facts.nmet = met.len;
	row->participant_id = p->id;
	row->name = kolb_xstrdup(p->name ? p->name : "");
	completion_check(m, lang, &facts, &row->result);
	kolb_strlist_clear(&met);
	return 0;
}

int
completion_session(struct db *db, long long session_id, const struct pack_manifest *m,
    size_t lang, struct completion_row **out, size_t *n, struct kolb_err *err)
{
	*out = NULL;
	*n = 0;
	struct session s;
	if (session_get(db, session_id, &s, err) != 0)
		return -1;
	if (strcmp(s.pack_id, m->id) != 0) {
		kolb_err_set(err, _("session %lld runs pack %s, not %s"), session_id, s.pack_id,
		    m->id);
		session_clear(&s);
		return -1;
	}
	int days = s.days;
	session_clear(&s);

	struct participant *people;
	size_t np;
	if (participant_list(db, session_id, &people, &np, err) != 0)
		return -1;
	/* Something visible: not white space, not a zero-width character. */
	struct match_re *visible;
	if (match_compile("[^\\s\\x{200B}-\\x{200D}\\x{2060}\\x{FEFF}]", false, &visible,
	    err) != 0) {
		participant_free_list(people, np);
		return -1;
	}
	struct completion_row *rows = kolb_xcalloc(np ? np : 1, sizeof *rows);
	size_t done = 0;
	int rc = 0;
	for (; done < np; done++) {
		if (completion_one(db, session_id, days, &people[done], m, lang, visible,
		    &rows[done], err) != 0) {
			rc = -1;
			break;
		}
	}
	match_free(visible);
	participant_free_list(people, np);
	if (rc != 0) {
		completion_free(rows, done);
		return -1;
	}
	*out = rows;
	*n = np;
	return 0;
}

void
completion_free(struct completion_row *rows, size_t n)
{
	if (rows == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(rows[i].name);
		kolb_strlist_clear(&rows[i].result.missing);
	}
	free(rows);
}
