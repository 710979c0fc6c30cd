/* Importing session archives (see import.h and docs/archive-format.md). */
#include "import.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "age.h"
#include "clock.h"
#include "extract.h"
#include "fsutil.h"
#include "issuer.h"
#include "multibase.h"
#include "packbuild.h"
#include "text.h"

#define IMPORT_MAX_JSON (256u * 1024 * 1024)

bool
import_unchanged(const struct import_report *r)
{
	return !r->created && r->session_fields == 0 && r->participants_added == 0 &&
	    r->participants_changed == 0 && r->attendance == 0 && r->activities == 0 &&
	    r->entries_added == 0 && r->entries_changed == 0 && r->assessments == 0 &&
	    r->credentials == 0 && r->audit == 0;
}

/* A private folder DATA/tmp/import-XXXXXX. Caller frees. */
static char *
import_tmpdir(const char *datadir, struct kolb_err *err)
{
	char *tmp = kolb_xasprintf("%s/tmp", datadir);
	if (mkdir(tmp, 0700) != 0 && errno != EEXIST) {
		kolb_err_set(err, _("cannot create %s: %s"), tmp, strerror(errno));
		free(tmp);
		return NULL;
	}
	char *p = kolb_xasprintf("%s/import-XXXXXX", tmp);
	free(tmp);
	if (mkdtemp(p) == NULL) {
		kolb_err_set(err, _("cannot create a temporary folder: %s"), strerror(errno));
		free(p);
		return NULL;
	}
	return p;
}

/* Check SHA256SUMS against the unpacked files: every file listed and matching, none
 * missing, nothing unlisted but the signature files. */
static int
import_check_sums(const char *dir, struct kolb_err *err)
{
	char *path = kolb_xasprintf("%s/SHA256SUMS", dir);
	char *sums = NULL;
	size_t len;
	int rc = fs_read_file(path, 16u << 20, &sums, &len, err);
	free(path);
	if (rc != 0)
		return kolb_err_set(err, _("the archive has no SHA256SUMS: not a kolb session archive"));
	struct kolb_strlist listed = {0}, files = {0};
	uint64_t bytes;
	rc = packbuild_scan(dir, &files, &bytes, err);
	for (char *line = sums, *next; rc == 0 && line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ') {
			rc = kolb_err_set(err, _("SHA256SUMS has a malformed line"));
			break;
		}
		const char *name = line + 66;
		char clean[4096];
		if (extract_clean_name(name, clean, sizeof clean, err) != 0 || strcmp(clean, name) != 0) {
			rc = kolb_err_set(err, _("SHA256SUMS names an unsafe path"));
			break;
		}
		char *full = kolb_xasprintf("%s/%s", dir, name), hex[65];
		struct stat st;
		if (lstat(full, &st) != 0 || !S_ISREG(st.st_mode))
			rc = kolb_err_set(err, _("%s is listed in SHA256SUMS but missing from the archive"),
			    name);
		else if (fs_sha256_file(full, hex, err) != 0)
			rc = -1;
		else if (strncmp(hex, line, 64) != 0)
			rc = kolb_err_set(err, _("%s does not match its checksum: the archive was changed "
			    "or damaged"), name);
		free(full);
		kolb_strlist_add(&listed, name);
	}
	for (size_t i = 0; rc == 0 && i < files.len; i++) {
		const char *f = files.items[i];
		if (f[strlen(f) - 1] == '/' || strcmp(f, "SHA256SUMS") == 0 ||
		    strcmp(f, "SHA256SUMS.sig") == 0 || strcmp(f, "issuer.json") == 0)
			continue;
		bool found = false;
		for (size_t k = 0; k < listed.len && !found; k++)
			found = strcmp(listed.items[k], f) == 0;
		if (!found)
			rc = kolb_err_set(err, _("%s is not listed in SHA256SUMS: the archive was changed"), f);
	}
	kolb_strlist_clear(&listed);
	kolb_strlist_clear(&files);
	free(sums);
	return rc;
}

/* Verify SHA256SUMS.sig with the key named in issuer.json. */
static int
import_check_signature(struct db *db, const char *dir, struct import_report *rep,
    struct kolb_err *err)
{
	char *sigp = kolb_xasprintf("%s/SHA256SUMS.sig", dir);
	char *issp = kolb_xasprintf("%s/issuer.json", dir);
	char *sump = kolb_xasprintf("%s/SHA256SUMS", dir);
	char *sig = NULL, *iss = NULL, *sums = NULL;
	size_t siglen, isslen, sumlen;
	int rc = 0;
	struct stat st;
	bool has_sig = lstat(sigp, &st) == 0, has_iss = lstat(issp, &st) == 0;
	if (!has_sig && !has_iss)
		goto out; /* unsigned: reported, accepted */
	if (!has_sig || !has_iss) {
		rc = kolb_err_set(err, _("the archive's signature is incomplete (SHA256SUMS.sig or "
		    "issuer.json is missing)"));
		goto out;
	}
	if (fs_read_file(sigp, 1024, &sig, &siglen, err) != 0 ||
	    fs_read_file(issp, 64 * 1024, &iss, &isslen, err) != 0 ||
	    fs_read_file(sump, 16u << 20, &sums, &sumlen, err) != 0) {
		rc = -1;
		goto out;
	}
	json_t *j = json_loadb(iss, isslen, JSON_REJECT_DUPLICATES, NULL);
	const char *did = json_string_value(json_object_get(j, "did"));
	const char *name = json_string_value(json_object_get(j, "name"));
	unsigned char pk[32], bin[64];
	size_t binlen = 0;
	if (did == NULL || multibase_did_key_decode(did, pk, err) != 0) {
		rc = kolb_err_set(err, _("issuer.json does not name an Ed25519 did:key"));
	} else if (sodium_hex2bin(bin, sizeof bin, sig, siglen, "\n", &binlen, NULL) != 0 ||
	    binlen != 64) {
		rc = kolb_err_set(err, _("SHA256SUMS.sig is not a signature"));
	} else if (crypto_sign_verify_detached(bin, (const unsigned char *)sums, sumlen, pk) != 0) {
		rc = kolb_err_set(err, _("the signature of SHA256SUMS does not verify: the archive "
		    "was changed, or signed by another key than the one it names"));
	} else {
		rep->signed_archive = true;
		snprintf(rep->issuer_did, sizeof rep->issuer_did, "%s", did);
		snprintf(rep->issuer_name, sizeof rep->issuer_name, "%s", name ? name : "");
		char tname[256];
		if (trust_lookup(db, did, tname, sizeof tname) == 1) {
			rep->trusted = true;
			if (tname[0])
				snprintf(rep->issuer_name, sizeof rep->issuer_name, "%s", tname);
		}
	}
	json_decref(j);
out:
	free(sigp);
	free(issp);
	free(sump);
	free(sig);
	free(iss);
	free(sums);
	return rc;
}

/* JSON helpers: a string member ("" when absent or null), an integer, a boolean. */
static const char *
js(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static const char *
js_or_null(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long long
ji(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (json_is_boolean(v))
		return json_is_true(v);
	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

/* Strings bound as text (NULL binds NULL); run; count changes. */
static int
import_exec(struct db *db, int *count, struct kolb_err *err, const char *sql, int n,
    const char *const *v)
{
	struct db_stmt *st;
	if (db_prepare(db, sql, &st, err) != 0)
		return -1;
	for (int i = 0; i < n; i++)
		db_bind_text(st, i + 1, v[i]);
	int r = db_step(st, err);
	db_finalize(st);
	if (r < 0)
		return -1;
	if (count)
		*count += db_changes(db) > 0;
	return 0;
}

/* The first column of a one-row query with text parameters; -1 error, 0 none, 1 found. */
static int
import_lookup(struct db *db, const char *sql, int n, const char *const *v, long long *out,
    char *text, size_t textsz, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, sql, &st, err) != 0)
		return -1;
	for (int i = 0; i < n; i++)
		db_bind_text(st, i + 1, v[i]);
	int r = db_step(st, err);
	if (r == 1) {
		if (out)
			*out = db_col_int(st, 0);
		if (text)
			snprintf(text, textsz, "%s", db_col_text(st, 1));
	}
	db_finalize(st);
	return r;
}

/* Local participant id of a uid, or 0. */
static long long
import_pid(struct db *db, const char *uid)
{
	long long id = 0;
	const char *v[] = {uid};
	if (uid == NULL || import_lookup(db, "SELECT id, '' FROM participants WHERE uid = ?", 1, v,
	    &id, NULL, 0, NULL) != 1)
		return 0;
	return id;
}

static int
import_session(struct db *db, json_t *root, struct import_report *rep, struct kolb_err *err)
{
	json_t *s = json_object_get(root, "session"), *p = json_object_get(root, "pack");
	if (!json_is_object(s) || !json_is_object(p) || !text_is_slug(js(p, "id")) ||
	    strlen(js(s, "uid")) < 16)
		return kolb_err_set(err, _("session.json lacks the session or its pack"));
	snprintf(rep->uid, sizeof rep->uid, "%s", js(s, "uid"));
	snprintf(rep->title, sizeof rep->title, "%s", js(s, "title"));
	char *facs = json_dumps(json_object_get(s, "facilitators"), JSON_COMPACT);
	char days[16];
	snprintf(days, sizeof days, "%lld", ji(s, "days"));
	const char *closed = js_or_null(s, "closed_at");
	const char *uidv[] = {rep->uid};
	int found = import_lookup(db, "SELECT id, '' FROM sessions WHERE uid = ?", 1, uidv,
	    &rep->session_id, NULL, 0, err);
	int rc = 0;
	if (found < 0) {
		rc = -1;
	} else if (found == 0) {
		const char *v[] = {rep->uid, js(p, "id"), js(p, "version"), js(p, "sha256"),
		    js(s, "language"), js(s, "title"), js(s, "province"), js(s, "commune"),
		    js(s, "village"), js(s, "start_date"), days, facs ? facs : "[]", js(s, "phase"),
		    js(s, "created_at"), closed};
		rc = import_exec(db, NULL, err, "INSERT INTO sessions (uid, pack_id, pack_version, "
		    "pack_sha256, language, title, province, commune, village, start_date, days, "
		    "facilitators, phase, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?, ?, ?, ?, ?)", 15, v);
		rep->session_id = db_last_id(db);
		rep->created = true;
	} else {
		const char *v[] = {js(s, "title"), js(s, "province"), js(s, "commune"),
		    js(s, "village"), js(s, "start_date"), days, facs ? facs : "[]", js(s, "phase"),
		    closed, rep->uid};
		rc = import_exec(db, &rep->session_fields, err, "UPDATE sessions SET title = ?1, "
		    "province = ?2, commune = ?3, village = ?4, start_date = ?5, days = ?6, "
		    "facilitators = ?7, phase = ?8, closed_at = ?9 WHERE uid = ?10 AND (title IS NOT ?1 "
		    "OR province IS NOT ?2 OR commune IS NOT ?3 OR village IS NOT ?4 OR start_date IS NOT "
		    "?5 OR days IS NOT CAST(?6 AS INTEGER) OR facilitators IS NOT ?7 OR phase IS NOT ?8 "
		    "OR closed_at IS NOT ?9)", 10, v);
	}
	free(facs);
	return rc;
}

static int
import_participants(struct db *db, json_t *root, struct import_report *rep,
    struct kolb_err *err)
{
	size_t i;
	json_t *o;
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", rep->session_id);
	json_array_foreach(json_object_get(root, "participants"), i, o) {
		char minor[4], share[4];
		snprintf(minor, sizeof minor, "%d", ji(o, "is_minor") != 0);
		snprintf(share, sizeof share, "%d", ji(o, "share_name") != 0);
		long long id = import_pid(db, js(o, "uid"));
		const char *v[] = {js(o, "name"), js(o, "gender"), js(o, "age_group"),
		    js(o, "ethnicity"), js(o, "role"), minor, js(o, "consent"), js(o, "consent_by"), share,
		    js(o, "updated_at"), js(o, "uid"), sid, js(o, "created_at")};
		if (strlen(js(o, "uid")) < 16 || *js(o, "name") == '\0')
			return kolb_err_set(err, _("session.json has a participant without uid or name"));
		if (id == 0) {
			if (import_exec(db, &rep->participants_added, err, "INSERT INTO participants (name, "
			    "gender, age_group, ethnicity, role, is_minor, consent, consent_by, share_name, "
			    "updated_at, uid, session_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			    "?, ?)", 13, v) != 0)
				return -1;
		} else if (import_exec(db, &rep->participants_changed, err, "UPDATE participants SET "
		    "name = ?1, gender = ?2, age_group = ?3, ethnicity = ?4, role = ?5, is_minor = ?6, "
		    "consent = ?7, consent_by = ?8, share_name = ?9, updated_at = ?10 WHERE uid = ?11 AND "
		    "session_id = ?12 AND (name IS NOT ?1 OR gender IS NOT ?2 OR age_group IS NOT ?3 OR "
		    "ethnicity IS NOT ?4 OR role IS NOT ?5 OR is_minor IS NOT CAST(?6 AS INTEGER) OR "
		    "consent IS NOT ?7 OR consent_by IS NOT ?8 OR share_name IS NOT CAST(?9 AS INTEGER))",
		    12, v) != 0) {
			return -1;
		}
	}
	return 0;
}

/* Records, by uid (a participant may have several: revoked ones and the one issued
 * after them). Revoked ones first, so that a record revoked on the netbook is revoked
 * here before the record that replaced it arrives: a participant has at most one
 * unrevoked record. A revocation is final: an older archive never undoes it. */
static int
import_credentials(struct db *db, json_t *root, struct import_report *rep,
    struct kolb_err *err)
{
	size_t i;
	json_t *o;
	for (int pass = 0; pass < 2; pass++) {
		json_array_foreach(json_object_get(root, "credentials"), i, o) {
			const char *revoked = js_or_null(o, "revoked_at");
			if ((revoked != NULL) != (pass == 0))
				continue;
			char pid[24];
			snprintf(pid, sizeof pid, "%lld", import_pid(db, js(o, "participant")));
			/* A record new here must not be a second unrevoked one (one already here,
			 * perhaps revoked since, is left as it is). */
			if (revoked == NULL) {
				const char *k[] = {pid, js(o, "id")};
				char other[64];
				int r = import_lookup(db, "SELECT id, uid FROM credentials WHERE "
				    "participant_id = ?1 AND revoked_at IS NULL AND uid IS NOT ?2 AND NOT "
				    "EXISTS (SELECT 1 FROM credentials WHERE uid = ?2)", 2, k, NULL, other,
				    sizeof other, err);
				if (r < 0)
					return -1;
				if (r == 1)
					return kolb_err_set(err, _("session.json gives participant %s the "
					    "record %s, but this computer holds another unrevoked record for "
					    "them (%s): revoke one of the two first"), js(o, "participant"),
					    js(o, "id"), other);
			}
			const char *v[] = {pid, js(o, "id"), js(o, "issued_at"), js(o, "document"),
			    revoked, js_or_null(o, "revoke_reason")};
			if (import_exec(db, &rep->credentials, err, "INSERT INTO credentials "
			    "(participant_id, uid, issued_at, document, revoked_at, revoke_reason) "
			    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET revoked_at = "
			    "excluded.revoked_at, revoke_reason = excluded.revoke_reason WHERE "
			    "revoked_at IS NULL AND excluded.revoked_at IS NOT NULL", 6, v) != 0)
				return -1;
		}
	}
	return 0;
}

static int
import_rows(struct db *db, json_t *root, struct import_report *rep, struct kolb_err *err)
{
	size_t i;
	json_t *o;
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", rep->session_id);
	json_array_foreach(json_object_get(root, "attendance"), i, o) {
		char pid[24], day[24], present[4];
		snprintf(pid, sizeof pid, "%lld", import_pid(db, js(o, "participant")));
		snprintf(day, sizeof day, "%lld", ji(o, "day"));
		snprintf(present, sizeof present, "%d", ji(o, "present") != 0);
		const char *v[] = {pid, day, present, js(o, "recorded_at")};
		if (import_exec(db, &rep->attendance, err, "INSERT INTO attendance (participant_id, day, "
		    "present, recorded_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (participant_id, day) DO "
		    "UPDATE SET present = excluded.present, recorded_at = excluded.recorded_at WHERE "
		    "present IS NOT excluded.present", 4, v) != 0)
			return -1;
	}
	json_array_foreach(json_object_get(root, "activities"), i, o) {
		char ms[24];
		snprintf(ms, sizeof ms, "%lld", ji(o, "timer_ms"));
		const char *v[] = {sid, js(o, "activity"), js(o, "status"), ms};
		if (import_exec(db, &rep->activities, err, "INSERT INTO activities (session_id, "
		    "activity_id, status, timer_ms) VALUES (?, ?, ?, ?) ON CONFLICT (session_id, "
		    "activity_id) DO UPDATE SET status = excluded.status, timer_ms = excluded.timer_ms "
		    "WHERE status IS NOT excluded.status OR timer_ms IS NOT excluded.timer_ms", 4, v) != 0)
			return -1;
	}
	json_array_foreach(json_object_get(root, "assessments"), i, o) {
		char pid[24];
		snprintf(pid, sizeof pid, "%lld", import_pid(db, js(o, "participant")));
		const char *v[] = {pid, js(o, "outcome"), js(o, "status"), js(o, "assessed_at")};
		if (import_exec(db, &rep->assessments, err, "INSERT INTO assessments (participant_id, "
		    "outcome_id, status, assessed_at) VALUES (?, ?, ?, ?) ON CONFLICT (participant_id, "
		    "outcome_id) DO UPDATE SET status = excluded.status, assessed_at = "
		    "excluded.assessed_at WHERE status IS NOT excluded.status", 4, v) != 0)
			return -1;
	}
	return import_credentials(db, root, rep, err);
}

/* Entries: every version, added in order so that each supersedes the one before. */
static int
import_entries(struct db *db, json_t *root, struct import_report *rep, struct kolb_err *err)
{
	size_t i;
	json_t *o;
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", rep->session_id);
	json_array_foreach(json_object_get(root, "entries"), i, o) {
		const char *puid = js_or_null(o, "participant");
		char pid[24], ver[24], prev[24], ms[24];
		long long p = puid ? import_pid(db, puid) : 0;
		if (puid && p == 0)
			return kolb_err_set(err, _("session.json has an entry of an unknown participant"));
		snprintf(pid, sizeof pid, "%lld", p);
		long long version = ji(o, "version");
		if (version < 1)
			return kolb_err_set(err, _("session.json has an entry without a version"));
		snprintf(ver, sizeof ver, "%lld", version);
		snprintf(prev, sizeof prev, "%lld", version - 1);
		snprintf(ms, sizeof ms, "%lld", ji(o, "elapsed_ms"));
		const char *key[] = {sid, p ? pid : NULL, js(o, "kind"), js(o, "prompt"), js(o, "group"),
		    ver};
		long long id = 0;
		char body[8];
		int found = import_lookup(db, "SELECT id, '' FROM entries WHERE session_id = ? AND "
		    "participant_id IS ? AND kind = ? AND prompt_id = ? AND group_name = ? AND "
		    "version = ?", 6, key, &id, body, sizeof body, err);
		if (found < 0)
			return -1;
		if (found == 1) {
			char idbuf[24];
			snprintf(idbuf, sizeof idbuf, "%lld", id);
			const char *v[] = {js(o, "body"), js_or_null(o, "follow_up"), idbuf};
			if (import_exec(db, &rep->entries_changed, err, "UPDATE entries SET body = ?1, "
			    "follow_up = ?2 WHERE id = ?3 AND (body IS NOT ?1 OR follow_up IS NOT ?2)", 3,
			    v) != 0)
				return -1;
			continue;
		}
		long long before = 0;
		if (version > 1) {
			const char *pk[] = {sid, p ? pid : NULL, js(o, "kind"), js(o, "prompt"),
			    js(o, "group"), prev};
			if (import_lookup(db, "SELECT id, '' FROM entries WHERE session_id = ? AND "
			    "participant_id IS ? AND kind = ? AND prompt_id = ? AND group_name = ? AND "
			    "version = ?", 6, pk, &before, NULL, 0, err) < 0)
				return -1;
		}
		char sup[24];
		snprintf(sup, sizeof sup, "%lld", before);
		const char *v[] = {sid, p ? pid : NULL, js(o, "kind"), js(o, "prompt"), js(o, "group"),
		    js(o, "body"), js_or_null(o, "follow_up"), ver, before ? sup : NULL,
		    js(o, "created_at"), ms};
		if (import_exec(db, &rep->entries_added, err, "INSERT INTO entries (session_id, "
		    "participant_id, kind, prompt_id, group_name, body, follow_up, version, supersedes, "
		    "created_at, elapsed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 11, v) != 0)
			return -1;
	}
	json_array_foreach(json_object_get(root, "audit"), i, o) {
		char ms[24];
		snprintf(ms, sizeof ms, "%lld", ji(o, "elapsed_ms"));
		const char *v[] = {sid, js(o, "wall_time"), ms, js(o, "entity"), js(o, "entity_id"),
		    js(o, "field"), js_or_null(o, "old"), js_or_null(o, "new")};
		if (import_exec(db, &rep->audit, err, "INSERT INTO audit (session_id, wall_time, "
		    "elapsed_ms, entity, entity_id, field, old_value, new_value) SELECT ?1, ?2, ?3, ?4, "
		    "?5, ?6, ?7, ?8 WHERE NOT EXISTS (SELECT 1 FROM audit WHERE session_id = ?1 AND "
		    "wall_time = ?2 AND elapsed_ms = ?3 AND entity = ?4 AND entity_id = ?5 AND field = ?6 "
		    "AND old_value IS ?7 AND new_value IS ?8)", 8, v) != 0)
			return -1;
	}
	return 0;
}

int
import_archive(struct db *db, const char *datadir, const char *path,
    const char *identity_file, struct import_report *rep, struct kolb_err *err)
{
	memset(rep, 0, sizeof *rep);
	char *tmp = import_tmpdir(datadir, err);
	if (tmp == NULL)
		return -1;
	char *files = kolb_xasprintf("%s/files", tmp);
	char *plain = kolb_xasprintf("%s/archive.tar.gz", tmp);
	const char *archive = path;
	json_t *root = NULL;
	int rc = -1;
	if (mkdir(files, 0700) != 0) {
		kolb_err_set(err, "%s: %s", files, strerror(errno));
		goto out;
	}
	if (age_is_encrypted(path) == 1) {
		if (identity_file == NULL) {
			kolb_err_set(err, _("the archive is encrypted: give the office's identity with "
			    "--identity FILE"));
			goto out;
		}
		if (age_decrypt_file(path, plain, identity_file, err) != 0)
			goto out;
		archive = plain;
	}
	struct extract_result res;
	if (extract_archive(archive, files, NULL, &res, err) != 0 ||
	    import_check_sums(files, err) != 0 || import_check_signature(db, files, rep, err) != 0)
		goto out;
	char *jp = kolb_xasprintf("%s/session.json", files);
	char *text = NULL;
	size_t len;
	int r = fs_read_file(jp, IMPORT_MAX_JSON, &text, &len, err);
	free(jp);
	if (r != 0)
		goto out;
	json_error_t jerr;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (root == NULL || !json_is_object(root)) {
		kolb_err_set(err, _("session.json is not valid JSON (line %d: %s)"), root ? 0 : jerr.line,
		    root ? _("not an object") : jerr.text);
		goto out;
	}
	if (ji(root, "format") != 1) {
		kolb_err_set(err, _("session.json has format %lld; this kolb reads format 1"),
		    ji(root, "format"));
		goto out;
	}
	rep->redacted = json_is_true(json_object_get(root, "redacted"));
	if (db_begin(db, err) != 0)
		goto out;
	if (import_session(db, root, rep, err) != 0 || import_participants(db, root, rep, err) != 0 ||
	    import_rows(db, root, rep, err) != 0 || import_entries(db, root, rep, err) != 0) {
		db_rollback(db);
		kolb_err_prefix(err, _("nothing was imported"));
		goto out;
	}
	rc = db_commit(db, err);
out:
	json_decref(root);
	fs_rm_rf(tmp, NULL);
	free(tmp);
	free(files);
	free(plain);
	return rc;
}
