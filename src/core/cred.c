/* Completion records: build, sign, store, verify, revoke (see cred.h). */
#include "cred.h"
#include "l10n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "completion.h"
#include "fsutil.h"
#include "jcs.h"
#include "manifest.h"
#include "pack.h"
#include "participant.h"
#include "proof.h"
#include "session.h"
#include "text.h"

#define CRED_CONTEXT_VC "https://www.w3.org/ns/credentials/v2"
#define CRED_CONTEXT_OB "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#define CRED_RESULT_ID "urn:kolb:result:completion"

/* The newest time kolb knows of, from its own records. */
static time_t
cred_newest_known(struct db *db)
{
	static const char *const sql[] = {
		"SELECT max(created_at) FROM sessions",
		"SELECT max(created_at) FROM entries",
		"SELECT max(wall_time) FROM audit",
		"SELECT max(issued_at) FROM credentials",
		"SELECT max(updated_at) FROM participants",
		"SELECT max(installed_at) FROM packs",
		"SELECT max(released) FROM packs",
	};
	time_t newest = 0;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		struct db_stmt *st;
		if (db_prepare(db, sql[i], &st, NULL) != 0)
			continue;
		time_t t;
		if (db_step(st, NULL) == 1 && !db_col_is_null(st, 0) && clock_parse(db_col_text(st, 0), &t)
		    && t > newest)
			newest = t;
		db_finalize(st);
	}
	return newest;
}

int
cred_check_clock(struct db *db, time_t now, const char *confirmed, time_t *newest,
    struct kolb_err *err)
{
	time_t known = cred_newest_known(db);
	if (newest)
		*newest = known;
	char nowbuf[21], knownbuf[21];
	clock_iso(now, nowbuf);
	clock_iso(known, knownbuf);
	/* Five minutes of slack: a record saved a moment ago on this same clock. */
	if (now + 300 < known)
		return kolb_err_set(err, _("this computer's clock says %s, but kolb already has "
		    "records from %s: the clock is wrong; set it before signing"), nowbuf, knownbuf);
	struct tm tm;
	localtime_r(&now, &tm);
	char today[16];
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	if (confirmed == NULL || *confirmed == '\0')
		return kolb_err_set(err, _("confirm today's date before signing (this computer says "
		    "%s): pass --date %s if that is right, or set the clock"), today, today);
	if (!text_date_valid(confirmed))
		return kolb_err_set(err, _("the confirmed date must be written YYYY-MM-DD"));
	if (strcmp(confirmed, today) != 0)
		return kolb_err_set(err, _("you confirmed %s but this computer's clock says %s: set "
		    "the clock, then sign"), confirmed, today);
	return 0;
}

/* A random urn:uuid (version 4). */
static void
cred_uuid(char out[46])
{
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	char h[33];
	fs_hex(b, sizeof b, h);
	snprintf(out, 46, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
}

static void
cred_day_iso(const char *date, int add_days, bool end, char out[21])
{
	time_t t;
	if (!clock_parse(date, &t))
		t = 0;
	/* A workshop day ends at 17:00 in Vietnam, 10:00 UTC. */
	t += (time_t)add_days * 86400 + (end ? 10 * 3600 : 0);
	clock_iso(t, out);
}

json_t *
cred_build(const char *uid, const struct issuer *is, const char *session_title,
    const char *province, const char *commune, const char *start_date, int days,
    const char *learner_name, bool show_name, const char *salt, const char *lang,
    const char *cred_name, const char *cred_description, const char *criteria,
    const char *const *outcomes, size_t noutcomes, double workload_hours,
    const char *prerequisites, time_t issued)
{
	char when[21], first[21], last[21];
	clock_iso(issued, when);
	cred_day_iso(start_date, 0, false, first);
	cred_day_iso(start_date, days - 1, true, last);
	/* The activity cannot have ended after the record was signed. */
	time_t end;
	if (clock_parse(last, &end) && end > issued)
		memcpy(last, when, sizeof last);

	/* The EU micro-credential elements without an Open Badges field go into the
	 * criteria narrative (Markdown), in the session's language (the labels too,
	 * whatever the interface speaks); see docs/credentials.md. */
	struct l10n_saved saved;
	l10n_push(lang, &saved);
	struct kolb_strlist n = {0};
	kolb_strlist_add(&n, criteria);
	kolb_strlist_add(&n, "");
	kolb_strlist_addf(&n, "**%s**", _("Learning outcomes"));
	for (size_t i = 0; i < noutcomes; i++)
		kolb_strlist_addf(&n, "- %s", outcomes[i]);
	kolb_strlist_add(&n, "");
	char hours[32];
	l10n_decimal(lang, workload_hours, 2, hours, sizeof hours);
	kolb_strlist_addf(&n, "- %s: %s %s", _("Notional workload"), hours,
	    _("hours"));
	kolb_strlist_addf(&n, "- %s: %s", _("Type of assessment"),
	    _("observation and the learner's own reflection and action plan, assessed "
	    "by the facilitator against each learning outcome"));
	kolb_strlist_addf(&n, "- %s: %s", _("Form of participation"),
	    _("in person"));
	kolb_strlist_addf(&n, "- %s: %s", _("Language"), lang);
	if (prerequisites && *prerequisites)
		kolb_strlist_addf(&n, "- %s: %s", _("Prerequisites"), prerequisites);
	kolb_strlist_addf(&n, "- %s: %s", _("Workshop"), session_title);
	size_t total = 0;
	for (size_t i = 0; i < n.len; i++)
		total += strlen(n.items[i]) + 1;
	char *narrative = kolb_xmalloc(total + 1);
	narrative[0] = '\0';
	for (size_t i = 0; i < n.len; i++) {
		strcat(narrative, n.items[i]);
		if (i + 1 < n.len)
			strcat(narrative, "\n");
	}
	kolb_strlist_clear(&n);

	json_t *address = json_pack("{s:[s], s:s}", "type", "Address", "addressCountryCode",
	    is->country);
	if (province && *province)
		json_object_set_new(address, "addressRegion", json_string(province));
	if (commune && *commune)
		json_object_set_new(address, "addressLocality", json_string(commune));
	json_t *issuer = json_pack("{s:s, s:[s], s:s, s:o}", "id", is->did, "type", "Profile",
	    "name", is->name, "address", address);
	if (is->url[0])
		json_object_set_new(issuer, "url", json_string(is->url));

	json_t *ident = json_pack("{s:s, s:s, s:b}", "type", "IdentityObject", "identityType", "name",
	    "hashed", !show_name);
	if (show_name) {
		json_object_set_new(ident, "identityHash", json_string(learner_name));
	} else {
		/* sha256$ hex(SHA-256(UTF-8(name + salt))) as Open Badges defines it. */
		char *in = kolb_xasprintf("%s%s", learner_name, salt);
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const unsigned char *)in, strlen(in));
		sodium_memzero(in, strlen(in));
		free(in);
		char hex[65], val[80];
		fs_hex(h, sizeof h, hex);
		snprintf(val, sizeof val, "sha256$%s", hex);
		json_object_set_new(ident, "identityHash", json_string(val));
		json_object_set_new(ident, "salt", json_string(salt));
	}

	char achievement_id[200];
	snprintf(achievement_id, sizeof achievement_id, "%s", uid);
	json_t *achievement = json_pack("{s:s, s:[s], s:s, s:s, s:s, s:{s:s}, s:s, s:[{s:s, s:[s], "
	    "s:s, s:s}]}",
	    "id", "", "type", "Achievement", "achievementType", "CertificateOfCompletion",
	    "name", cred_name, "description", cred_description, "criteria", "narrative", narrative,
	    "inLanguage", lang, "resultDescription", "id", CRED_RESULT_ID, "type",
	    "ResultDescription", "name", _("Completion status"), "resultType", "Status");
	l10n_pop(&saved);
	free(narrative);
	/* The achievement is the pack's credential: one id per pack, language and title. */
	unsigned char h[crypto_hash_sha256_BYTES];
	char *key = kolb_xasprintf("%s\n%s\n%s", is->did, lang, cred_name);
	crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
	free(key);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x50); /* name-based (v5-style) */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
	char hx[33];
	fs_hex(h, 16, hx);
	snprintf(achievement_id, sizeof achievement_id, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", hx,
	    hx + 8, hx + 12, hx + 16, hx + 20);
	json_object_set_new(achievement, "id", json_string(achievement_id));

	json_t *subject = json_pack("{s:[s], s:[o], s:s, s:s, s:o, s:[{s:[s], s:s, s:s}]}",
	    "type", "AchievementSubject", "identifier", ident, "activityStartDate", first,
	    "activityEndDate", last, "achievement", achievement, "result", "type", "Result",
	    "resultDescription", CRED_RESULT_ID, "status", "Completed");

	return json_pack("{s:[s, s], s:s, s:[s, s], s:s, s:s, s:o, s:s, s:s, s:o}",
	    "@context", CRED_CONTEXT_VC, CRED_CONTEXT_OB, "id", uid,
	    "type", "VerifiableCredential", "OpenBadgeCredential",
	    "name", cred_name, "description", cred_description, "issuer", issuer,
	    "validFrom", when, "awardedDate", when, "credentialSubject", subject);
}

void
cred_batch_free(struct cred_batch *b)
{
	for (size_t i = 0; i < b->nissued; i++) {
		free(b->issued[i].name);
		free(b->issued[i].uid);
		free(b->issued[i].document);
	}
	free(b->issued);
	for (size_t i = 0; i < b->nrefused; i++) {
		free(b->refused[i].name);
		kolb_strlist_clear(&b->refused[i].missing);
	}
	free(b->refused);
	memset(b, 0, sizeof *b);
}

/* 1 if the participant has a revoked record (and, the caller knows, no current one),
 * 0 if not, -1 on error. */
static int
cred_has_revoked(struct db *db, long long pid, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, "SELECT 1 FROM credentials WHERE participant_id = ? AND revoked_at IS "
	    "NOT NULL LIMIT 1", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, pid);
	int r = db_step(st, err);
	db_finalize(st);
	return r;
}

/* The participant's current (unrevoked) record: 1 found (uid/document copied), 0 none
 * (never issued, or every record revoked), -1 error. */
static int
cred_stored(struct db *db, long long pid, char **uid, char **doc, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, "SELECT uid, document FROM credentials WHERE participant_id = ? AND "
	    "revoked_at IS NULL", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, pid);
	int r = db_step(st, err);
	if (r == 1) {
		*uid = db_col_dup(st, 0);
		*doc = db_col_dup(st, 1);
	}
	db_finalize(st);
	return r;
}

/* Sign and store one record. */
static int
cred_issue_one(struct db *db, const struct session *s, const struct pack_manifest *m,
    size_t li, const struct participant *p, const struct issuer *is, time_t now,
    struct cred_issued *out, struct kolb_err *err)
{
	char uid[46], salt[33] = "";
	cred_uuid(uid);
	bool show = !p->is_minor && p->share_name;
	if (!show) {
		unsigned char b[16];
		randombytes_buf(b, sizeof b);
		fs_hex(b, sizeof b, salt);
	}
	const char **outcomes = kolb_xcalloc(m->noutcomes + 1, sizeof *outcomes);
	for (size_t i = 0; i < m->noutcomes; i++)
		outcomes[i] = m->outcomes[i].text[li];
	json_t *doc = cred_build(uid, is, s->title, s->province, s->commune, s->start_date, s->days,
	    p->name, show, salt, m->languages[li], m->cred_name[li], m->cred_description[li],
	    m->cred_criteria[li], outcomes, m->noutcomes, m->workload_hours,
	    m->prerequisites ? m->prerequisites[li] : NULL, now);
	free(outcomes);
	char created[21];
	clock_iso(now, created);
	json_t *signed_doc = NULL;
	int rc = proof_sign(doc, is->sk, is->vm, created, &signed_doc, err);
	json_decref(doc);
	if (rc != 0)
		return -1;
	char *text = json_dumps(signed_doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(signed_doc);
	/* Check our own signature before anyone else has to. */
	struct cred_check chk;
	cred_verify(NULL, text, strlen(text), &chk);
	if (chk.verdict == CRED_INVALID) {
		kolb_err_set(err, _("the new record does not verify: %s"), chk.reason);
		free(text);
		return -1;
	}
	char pid[24];
	snprintf(pid, sizeof pid, "%lld", p->id);
	rc = db_run(db, err, "INSERT INTO credentials (participant_id, uid, issued_at, document) "
	    "VALUES (?, ?, ?, ?)", pid, uid, created, text);
	if (rc == 0)
		rc = audit_log(db, s->id, 0, "credential", uid, "issued", NULL, p->name, err);
	if (rc != 0) {
		free(text);
		return -1;
	}
	out->participant_id = p->id;
	out->name = kolb_xstrdup(p->name);
	out->uid = kolb_xstrdup(uid);
	out->document = text;
	out->new_record = true;
	return 0;
}

int
cred_issue_session(struct db *db, const char *datadir, long long session_id,
    const struct issuer *is, time_t now, const long long *replace, size_t nreplace,
    struct cred_batch *out, struct kolb_err *err)
{
	memset(out, 0, sizeof *out);
	if (!is->has_key)
		return kolb_err_set(err, _("the issuer key is not loaded"));
	struct session s;
	if (session_get(db, session_id, &s, err) != 0)
		return -1;
	struct pack_manifest *m = NULL;
	struct completion_row *rows = NULL;
	size_t nrows = 0;
	struct participant *people = NULL;
	size_t npeople = 0;
	int rc = -1;
	if (pack_load(db, datadir, s.pack_id, s.pack_version, &m, NULL, err) != 0)
		goto out;
	size_t li = manifest_lang(m, s.language);
	if (completion_session(db, session_id, m, li, &rows, &nrows, err) != 0 ||
	    participant_list(db, session_id, &people, &npeople, err) != 0)
		goto out;
	if (db_begin(db, err) != 0)
		goto out;
	for (size_t i = 0; i < nrows; i++) {
		const struct participant *p = NULL;
		for (size_t k = 0; k < npeople; k++)
			if (people[k].id == rows[i].participant_id)
				p = &people[k];
		if (p == NULL)
			continue;
		/* A record once issued stays issued (revoke it to withdraw it), even if the
		 * facts changed since. A revoked one is replaced only when asked for. */
		char *suid = NULL, *sdoc = NULL;
		int stored = cred_stored(db, p->id, &suid, &sdoc, err);
		if (stored < 0) {
			db_rollback(db);
			goto out;
		}
		if (stored == 1) {
			out->issued = kolb_xrealloc(out->issued, (out->nissued + 1) * sizeof *out->issued);
			struct cred_issued *c = &out->issued[out->nissued++];
			memset(c, 0, sizeof *c);
			c->participant_id = p->id;
			c->name = kolb_xstrdup(p->name);
			c->uid = suid;
			c->document = sdoc;
			continue;
		}
		bool asked = false;
		for (size_t k = 0; k < nreplace; k++)
			asked |= replace[k] == p->id;
		int revoked = asked ? 0 : cred_has_revoked(db, p->id, err);
		if (revoked < 0) {
			db_rollback(db);
			goto out;
		}
		if (revoked) {
			out->refused = kolb_xrealloc(out->refused, (out->nrefused + 1) * sizeof *out->refused);
			struct cred_refused *r = &out->refused[out->nrefused++];
			memset(r, 0, sizeof *r);
			r->participant_id = p->id;
			r->name = kolb_xstrdup(p->name);
			r->revoked = true;
			kolb_strlist_addf(&r->missing, _("the record was revoked; to sign a new one: "
			    "kolb records issue %lld --replace %lld"), session_id, p->id);
			continue;
		}
		if (!rows[i].result.complete) {
			out->refused = kolb_xrealloc(out->refused, (out->nrefused + 1) * sizeof *out->refused);
			struct cred_refused *r = &out->refused[out->nrefused++];
			memset(r, 0, sizeof *r);
			r->participant_id = p->id;
			r->name = kolb_xstrdup(p->name);
			for (size_t k = 0; k < rows[i].result.missing.len; k++)
				kolb_strlist_add(&r->missing, rows[i].result.missing.items[k]);
			continue;
		}
		out->issued = kolb_xrealloc(out->issued, (out->nissued + 1) * sizeof *out->issued);
		struct cred_issued *c = &out->issued[out->nissued];
		memset(c, 0, sizeof *c);
		if (cred_issue_one(db, &s, m, li, p, is, now, c, err) != 0) {
			db_rollback(db);
			goto out;
		}
		out->nissued++;
	}
	rc = db_commit(db, err);
out:
	if (rc != 0)
		cred_batch_free(out);
	participant_free_list(people, npeople);
	completion_free(rows, nrows);
	manifest_free(m);
	session_clear(&s);
	return rc;
}

/* The string at a path of object keys, or NULL. */
static const char *
cred_str(json_t *o, const char *k1, const char *k2)
{
	json_t *v = json_object_get(o, k1);
	if (k2)
		v = json_object_get(v, k2);
	return json_string_value(v);
}

/* The Open Badges 3.0 context: ^https://purl.imsglobal.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$ */
static bool
cred_ob_context(const char *c)
{
	static const char prefix[] = "https://purl.imsglobal.org/spec/ob/v3p0/context";
	if (c == NULL || strncmp(c, prefix, sizeof prefix - 1) != 0)
		return false;
	c += sizeof prefix - 1;
	while (c[0] == '-' && c[1] == '3' && c[2] == '.' && c[3] >= '0' && c[3] <= '9' &&
	    c[4] == '.' && c[5] >= '0' && c[5] <= '9')
		c += 6;
	return strcmp(c, ".json") == 0;
}

/* Structure checks a verifier applies before the proof (Open Badges 3.0 §1). */
static int
cred_check_structure(json_t *doc, struct cred_check *out)
{
	json_t *ctx = json_object_get(doc, "@context");
	const char *c0 = json_string_value(json_array_get(ctx, 0));
	const char *c1 = json_string_value(json_array_get(ctx, 1));
	if (!json_is_array(ctx) || !c0 || strcmp(c0, CRED_CONTEXT_VC) != 0 || !cred_ob_context(c1)) {
		snprintf(out->reason, sizeof out->reason, "%s", _("not an Open Badges 3.0 credential "
		    "(@context)"));
		return -1;
	}
	json_t *type = json_object_get(doc, "type");
	bool vc = false, ob = false;
	size_t i;
	json_t *t;
	json_array_foreach(type, i, t) {
		const char *s = json_string_value(t);
		vc |= s && strcmp(s, "VerifiableCredential") == 0;
		ob |= s && (strcmp(s, "OpenBadgeCredential") == 0 || strcmp(s, "AchievementCredential") == 0);
	}
	if (!vc || !ob) {
		snprintf(out->reason, sizeof out->reason, "%s", _("not an OpenBadgeCredential (type)"));
		return -1;
	}
	const char *id = json_string_value(json_object_get(doc, "id"));
	const char *issuer = cred_str(doc, "issuer", "id");
	const char *from = json_string_value(json_object_get(doc, "validFrom"));
	json_t *subj = json_object_get(doc, "credentialSubject");
	json_t *ach = json_object_get(subj, "achievement");
	time_t t0;
	if (!id || !issuer || !from || !proof_datetime_valid(from) ||
	    !clock_parse_datetime(from, &t0) || !json_is_object(ach) ||
	    !json_string_value(json_object_get(ach, "name")) ||
	    (!json_object_get(subj, "id") && !json_is_array(json_object_get(subj, "identifier")))) {
		snprintf(out->reason, sizeof out->reason, "%s", _("a required field is missing or "
		    "malformed (id, issuer, validFrom, credentialSubject)"));
		return -1;
	}
	if (t0 > clock_wall() + 300) {
		snprintf(out->reason, sizeof out->reason, _("validFrom %s is in the future"), from);
		return -1;
	}
	snprintf(out->title, sizeof out->title, "%s", json_string_value(json_object_get(ach, "name")));
	json_t *ident = json_array_get(json_object_get(subj, "identifier"), 0);
	if (json_is_true(json_object_get(ident, "hashed")))
		snprintf(out->learner, sizeof out->learner, "%s", _("(identified by a hash)"));
	else
		snprintf(out->learner, sizeof out->learner, "%s",
		    json_string_value(json_object_get(ident, "identityHash")) ?
		    json_string_value(json_object_get(ident, "identityHash")) : "?");
	const char *iname = cred_str(doc, "issuer", "name");
	snprintf(out->issuer_name, sizeof out->issuer_name, "%s", iname ? iname : "");
	return 0;
}

void
cred_verify(struct db *db, const char *text, size_t len, struct cred_check *out)
{
	memset(out, 0, sizeof *out);
	out->verdict = CRED_INVALID;
	if (len > 1024 * 1024) {
		snprintf(out->reason, sizeof out->reason, "%s", _("too large to be a record"));
		return;
	}
	json_t *doc;
	struct kolb_err perr;
	if (proof_parse(text, len, &doc, &perr) != 0) {
		snprintf(out->reason, sizeof out->reason, "%s", perr.msg);
		return;
	}
	if (!json_is_object(doc)) {
		snprintf(out->reason, sizeof out->reason, "%s", _("not a JSON object"));
		json_decref(doc);
		return;
	}
	if (cred_check_structure(doc, out) != 0) {
		json_decref(doc);
		return;
	}
	struct kolb_err err;
	if (proof_verify(doc, out->issuer_did, sizeof out->issuer_did, &err) != 0) {
		snprintf(out->reason, sizeof out->reason, "%s", err.msg);
		json_decref(doc);
		return;
	}
	out->verdict = CRED_VALID_UNKNOWN_ISSUER;
	if (db != NULL) {
		char name[256];
		if (trust_lookup(db, out->issuer_did, name, sizeof name) == 1) {
			out->verdict = CRED_VALID_TRUSTED;
			if (name[0])
				snprintf(out->issuer_name, sizeof out->issuer_name, "%s", name);
		}
		struct db_stmt *st;
		if (db_prepare(db, "SELECT revoked_at, revoke_reason FROM credentials WHERE uid = ? AND "
		    "revoked_at IS NOT NULL", &st, NULL) == 0) {
			db_bind_text(st, 1, json_string_value(json_object_get(doc, "id")));
			if (db_step(st, NULL) == 1) {
				out->verdict = CRED_REVOKED;
				snprintf(out->reason, sizeof out->reason, _("revoked on %s: %s"),
				    db_col_text(st, 0), db_col_text(st, 1));
			}
			db_finalize(st);
		}
	}
	json_decref(doc);
}

int
cred_revoke(struct db *db, long long session_id, long long participant_id, const char *reason,
    struct kolb_err *err)
{
	if (reason == NULL || *reason == '\0')
		return kolb_err_set(err, _("a revocation needs a reason"));
	if (text_has_control(reason) || !text_utf8_valid(reason, strlen(reason)))
		return kolb_err_set(err, _("the reason has characters that cannot be stored"));
	/* The current record; when every record is revoked, the latest revocation. */
	struct db_stmt *st;
	if (db_prepare(db, "SELECT c.uid, coalesce(c.revoked_at, '') FROM credentials c JOIN "
	    "participants p ON p.id = c.participant_id WHERE c.participant_id = ? AND "
	    "p.session_id = ? ORDER BY c.revoked_at IS NOT NULL, c.issued_at DESC, c.id DESC "
	    "LIMIT 1", &st, err) != 0)
		return -1;
	db_bind_int(st, 1, participant_id);
	db_bind_int(st, 2, session_id);
	int r = db_step(st, err);
	char uid[64] = "", revoked[32] = "";
	if (r == 1) {
		snprintf(uid, sizeof uid, "%s", db_col_text(st, 0));
		snprintf(revoked, sizeof revoked, "%s", db_col_text(st, 1));
	}
	db_finalize(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return kolb_err_set(err, _("participant %lld of session %lld has no record"),
		    participant_id, session_id);
	if (revoked[0])
		return kolb_err_set(err, _("that record was already revoked on %s"), revoked);
	char now[21];
	clock_iso(clock_wall(), now);
	if (db_begin(db, err) != 0)
		return -1;
	int rc = db_run(db, err, "UPDATE credentials SET revoked_at = ?, revoke_reason = ? WHERE "
	    "uid = ? AND revoked_at IS NULL", now, reason, uid);
	if (rc == 0)
		rc = audit_log(db, session_id, 0, "credential", uid, "revoked", NULL, reason, err);
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}

/* s[0..n) with ASCII white space trimmed and each run of it made one space, into a new
 * NUL-terminated buffer (*outlen bytes before the NUL; a NUL inside s is kept, so
 * compare with the length). Free with cred_name_free: it may be a minor's name. */
static char *
cred_name_norm(const char *s, size_t n, size_t *outlen)
{
	char *out = kolb_xmalloc(n + 1);
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == ' ' || (ch >= '\t' && ch <= '\r')) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = false;
		out[o++] = s[i];
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

static void
cred_name_free(char *s, size_t n)
{
	if (s == NULL)
		return;
	sodium_memzero(s, n);
	free(s);
}

/* Whether SHA-256(name + salt) is want, compared in constant time. */
static bool
cred_name_hash_is(const char *name, const char *salt, size_t saltlen,
    const unsigned char want[crypto_hash_sha256_BYTES])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)name, strlen(name));
	crypto_hash_sha256_update(&st, (const unsigned char *)salt, saltlen);
	crypto_hash_sha256_final(&st, h);
	bool same = sodium_memcmp(h, want, sizeof h) == 0;
	sodium_memzero(&st, sizeof st);
	sodium_memzero(h, sizeof h);
	return same;
}

/* The learner's name identity of a parsed record: the first identifier, which must be
 * the record's only IdentityObject of identityType "name" (the first is the learner
 * cred_verify shows). NULL with err set otherwise. */
static json_t *
cred_name_identity(json_t *doc, struct kolb_err *err)
{
	json_t *subj = json_object_get(doc, "credentialSubject");
	json_t *ids = json_object_get(subj, "identifier");
	if (!json_is_object(subj) || !json_is_array(ids) || json_array_size(ids) == 0) {
		kolb_err_set(err, _("the record names no learner (no credentialSubject identifier)"));
		return NULL;
	}
	size_t i, nnames = 0;
	json_t *v;
	json_array_foreach(ids, i, v) {
		const char *t = json_string_value(json_object_get(v, "identityType"));
		nnames += t != NULL && strcmp(t, "name") == 0;
	}
	json_t *first = json_array_get(ids, 0);
	const char *type = json_string_value(json_object_get(first, "type"));
	const char *itype = json_string_value(json_object_get(first, "identityType"));
	if (nnames != 1 || type == NULL || strcmp(type, "IdentityObject") != 0 || itype == NULL ||
	    strcmp(itype, "name") != 0) {
		kolb_err_set(err, _("the record does not identify its learner by one name"));
		return NULL;
	}
	return first;
}

int
cred_match_name(const char *json, size_t len, const char *name, struct kolb_err *err)
{
	if (name == NULL || !text_utf8_valid(name, strlen(name)))
		return kolb_err_set(err, _("the name to check is not valid UTF-8 text"));
	if (len > 1024 * 1024)
		return kolb_err_set(err, _("too large to be a record"));
	size_t wlen;
	char *want = cred_name_norm(name, strlen(name), &wlen);
	if (wlen == 0) {
		cred_name_free(want, wlen);
		return kolb_err_set(err, _("the name to check is empty"));
	}
	json_t *doc = NULL;
	int rc = -1;
	if (proof_parse(json, len, &doc, err) != 0)
		goto out;
	json_t *ident = cred_name_identity(doc, err);
	if (ident == NULL)
		goto out;
	json_t *hashed = json_object_get(ident, "hashed");
	json_t *value = json_object_get(ident, "identityHash");
	if (!json_is_boolean(hashed) || !json_is_string(value)) {
		kolb_err_set(err, _("the record's learner identity is malformed (hashed, "
		    "identityHash)"));
		goto out;
	}
	const char *v = json_string_value(value);
	size_t vlen = json_string_length(value);
	if (json_is_false(hashed)) {
		size_t glen;
		char *got = cred_name_norm(v, vlen, &glen);
		rc = glen == wlen && memcmp(got, want, wlen) == 0;
		cred_name_free(got, glen);
		goto out;
	}
	/* "sha256$" and 64 hex digits: SHA-256(UTF-8(name + salt)), Open Badges 3.0. */
	static const char prefix[] = "sha256$";
	unsigned char h[crypto_hash_sha256_BYTES];
	size_t hlen = 0;
	const char *end = NULL;
	if (vlen != sizeof prefix - 1 + 2 * sizeof h || strncmp(v, prefix, sizeof prefix - 1) != 0 ||
	    sodium_hex2bin(h, sizeof h, v + sizeof prefix - 1, 2 * sizeof h, NULL, &hlen, &end) != 0 ||
	    hlen != sizeof h || end != v + vlen) {
		kolb_err_set(err, _("the record's identity hash is not \"sha256$\" and 64 hex digits"));
		goto out;
	}
	/* No salt means an unsalted hash (Open Badges); kolb always writes one. */
	json_t *salt = json_object_get(ident, "salt");
	if (salt != NULL && !json_is_string(salt)) {
		kolb_err_set(err, _("the record's identity salt is not a string"));
		goto out;
	}
	const char *s = salt ? json_string_value(salt) : "";
	size_t slen = salt ? json_string_length(salt) : 0;
	/* The name as normalised, then as given: participants' names are stored as typed. */
	rc = cred_name_hash_is(want, s, slen, h) ||
	    (strcmp(want, name) != 0 && cred_name_hash_is(name, s, slen, h));
out:
	json_decref(doc);
	cred_name_free(want, wlen);
	return rc;
}
