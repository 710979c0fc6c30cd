/* Unit tests: session archives. session.json over a real session (every version of a
 * corrected entry, portable audit ids, sorted keys), CSV quoting and the byte-order
 * mark with Vietnamese, commas, quotes and line breaks, SHA256SUMS and its Ed25519
 * signature, byte-for-byte reproducibility, reading while another connection writes,
 * a record revoked and issued again carried to the office (and imported again),
 * encryption for the office, and redaction: stable pseudonyms, and no name, guardian,
 * phone number, e-mail address or ID-card number anywhere in the decompressed bytes. */
#include <jansson.h>
#include <sodium.h>
#include <time.h>

#include "age.h"
#include "assess.h"
#include "clock.h"
#include "cred.h"
#include "entry.h"
#include "export.h"
#include "fsutil.h"
#include "import.h"
#include "issuer.h"
#include "live.h"
#include "pack.h"
#include "packbuild.h"
#include "participant.h"
#include "redact.h"
#include "session.h"
#include "testutil.h"

#define ORG "Trung tâm Hỗ trợ Phát triển Cộng đồng Lào Cai"
#define MINOR "Lò Thị Tiên"
#define GUARDIAN "Lò Văn Páo"
#define ADULT "Nguyễn Thị Hoà"
#define BOY "Vàng A Sử"
#define PHONE1 "0912 345 678"
#define PHONE2 "+84 24 3826 4567"
#define EMAIL "tien.lo@example.vn"
#define CCCD "001234567890"
/* A reflection with everything CSV must quote, a name written in lower case, contacts. */
#define HOSTILE "Em thấy \"bột màu\" lan nhanh, rất nhanh;\nbạn nguyễn thị hoà gọi " PHONE1 \
	" hoặc " PHONE2 ", thư " EMAIL ", CCCD " CCCD "."

struct fx {
	char *tmp, *data;
	struct db *db;
	long long sid, minor, adult, boy;
	char start[16];
};

/* ---- reading an archive back ---- */

struct member {
	char *name;
	char *data;
	size_t len;
	time_t mtime;
	long long uid, gid;
	int mode;
	bool dir; /* a folder: its name keeps a final '/' here */
};

struct arc {
	struct member *m;
	size_t n;
	char *raw;     /* the whole decompressed tar stream */
	size_t rawlen;
};

static void
arc_free(struct arc *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->m[i].name);
		free(a->m[i].data);
	}
	free(a->m);
	free(a->raw);
	memset(a, 0, sizeof *a);
}

static void
arc_read(const char *path, struct arc *out)
{
	memset(out, 0, sizeof *out);
	struct archive *a = archive_read_new();
	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	assert_int_equal(archive_read_open_filename(a, path, 16384), ARCHIVE_OK);
	struct archive_entry *e;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		out->m = kolb_xrealloc(out->m, (out->n + 1) * sizeof *out->m);
		struct member *m = &out->m[out->n++];
		m->dir = archive_entry_filetype(e) == AE_IFDIR;
		const char *pn = archive_entry_pathname(e);
		m->name = m->dir && pn[strlen(pn) - 1] != '/' ? kolb_xasprintf("%s/", pn) :
		    kolb_xstrdup(pn);
		m->len = (size_t)archive_entry_size(e);
		m->data = kolb_xmalloc(m->len + 1);
		assert_int_equal(archive_read_data(a, m->data, m->len), (la_ssize_t)m->len);
		m->data[m->len] = '\0';
		m->mtime = archive_entry_mtime(e);
		m->uid = archive_entry_uid(e);
		m->gid = archive_entry_gid(e);
		m->mode = (int)archive_entry_perm(e);
	}
	archive_read_free(a);
	/* The raw decompressed stream: headers and all. */
	a = archive_read_new();
	archive_read_support_filter_gzip(a);
	archive_read_support_format_raw(a);
	assert_int_equal(archive_read_open_filename(a, path, 16384), ARCHIVE_OK);
	assert_int_equal(archive_read_next_header(a, &e), ARCHIVE_OK);
	size_t cap = 65536;
	out->raw = kolb_xmalloc(cap);
	la_ssize_t r;
	while ((r = archive_read_data(a, out->raw + out->rawlen, cap - out->rawlen)) > 0) {
		out->rawlen += (size_t)r;
		if (out->rawlen == cap)
			out->raw = kolb_xrealloc(out->raw, cap *= 2);
	}
	assert_int_equal(r, 0);
	archive_read_free(a);
}

static const struct member *
arc_get(const struct arc *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->m[i].name, name) == 0)
			return &a->m[i];
	return NULL;
}

static json_t *
arc_json(const struct arc *a)
{
	const struct member *m = arc_get(a, "session.json");
	assert_non_null(m);
	json_error_t je;
	json_t *j = json_loadb(m->data, m->len, JSON_REJECT_DUPLICATES, &je);
	if (j == NULL)
		fail_msg("session.json: %s", je.text);
	return j;
}

static char *
slurp(const char *path, size_t *len)
{
	char *buf;
	struct kolb_err err;
	if (fs_read_file(path, 1 << 26, &buf, len, &err) != 0)
		fail_msg("%s", err.msg);
	return buf;
}

/* True if needle occurs in the bytes, case-sensitively. */
static bool
has(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle)) != NULL;
}

/* ---- a session built through the core APIs ---- */

static long long
person(struct fx *f, const char *name, const char *age_group, int minor, const char *by)
{
	struct participant_fields pf = {.name = name, .gender = "female", .age_group = age_group,
	    .role = "student", .ethnicity = "Dao", .consent = "given", .consent_by = by,
	    .is_minor = minor, .share_name = 1};
	long long id;
	struct kolb_err err;
	if (participant_add(f->db, f->sid, &pf, 0, &id, &err) != 0)
		fail_msg("%s", err.msg);
	return id;
}

static void
say(struct fx *f, long long pid, enum entry_kind kind, const char *prompt, const char *group,
    const char *body, const char *follow)
{
	struct entry_key k = {.session_id = f->sid, .participant_id = pid, .kind = kind,
	    .prompt_id = prompt, .group_name = group};
	struct kolb_err err;
	if (entry_save(f->db, &k, body, follow, 0, NULL, &err) != 0)
		fail_msg("%s", err.msg);
}

static void
complete(struct fx *f, long long pid, const char *reflection)
{
	struct kolb_err err;
	for (int d = 1; d <= 2; d++)
		if (attendance_set(f->db, pid, d, true, 0, &err) != 0)
			fail_msg("%s", err.msg);
	say(f, pid, ENTRY_REFLECTION, "what-happened", "", reflection, NULL);
	say(f, pid, ENTRY_ACTION_PLAN, "i-will", "", "Em sẽ rửa tay bằng xà phòng, trước khi ăn.",
	    "2027-01-15");
	if (assess_set(f->db, f->sid, pid, "six-steps", ASSESS_MET, 0, &err) != 0)
		fail_msg("%s", err.msg);
}

static int
setup_bare(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	struct kolb_err err;
	f->tmp = tu_tmpdir();
	f->data = kolb_xasprintf("%s/data", f->tmp);
	mkdir(f->data, 0700);
	char *dbp = kolb_xasprintf("%s/kolb.db", f->data);
	char *arc = kolb_xasprintf("%s/s.tar.gz", f->tmp);
	if (db_open(dbp, &f->db, &err) != 0 || pack_build(SAMPLE_PACK, arc, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	struct pack_install_info info;
	if (pack_install(f->db, f->data, arc, NULL, &info, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	/* Two days that ended yesterday, so that records can be signed today. */
	time_t now = clock_wall();
	struct tm tm;
	time_t t = now - 2 * 86400;
	localtime_r(&t, &tm);
	strftime(f->start, sizeof f->start, "%Y-%m-%d", &tm);
	const char *facs[] = {"Trần Hồng Điệp", "Lò Văn Pánh"};
	struct session_new sn = {.pack_id = "sample-handwashing",
	    .title = "Lớp 4A, Tả Van (cùng " MINOR ")", .province = "Lào Cai", .commune = "Tả Van",
	    .village = "Bản Giàng Tả Chải", .start_date = f->start, .days = 2, .facilitators = facs,
	    .nfacilitators = 2};
	if (session_create(f->db, &sn, &f->sid, &err) != 0)
		fail_msg("%s", err.msg);
	free(dbp);
	free(arc);
	*state = f;
	return 0;
}

/* The whole workshop: three participants (a minor with her guardian, an adult, a boy
 * who misses day 2), a group's words, a note, records for the two who completed, the
 * session closed, then a correction (version 2) and a renamed participant. */
static int
setup(void **state)
{
	setup_bare(state);
	struct fx *f = *state;
	struct kolb_err err;
	f->minor = person(f, MINOR, "child", 1, GUARDIAN);
	f->adult = person(f, ADULT, "adult", 0, "self");
	f->boy = person(f, "Vàng A Sủ", "child", 1, "");
	complete(f, f->minor, HOSTILE);
	complete(f, f->adult, "Tôi sẽ nhắc " MINOR " rửa tay; gọi 0912.345.678 nếu cần.");
	if (attendance_set(f->db, f->boy, 1, true, 0, &err) != 0)
		fail_msg("%s", err.msg);
	say(f, 0, ENTRY_REFLECTION, "feelings", "Nhóm của " BOY, "Cả nhóm vui, " BOY " hát.", NULL);
	say(f, 0, ENTRY_NOTE, "germ-glitter", "", "Ghi chú: phòng hơi tối; Vàng A Sủ đến muộn.",
	    NULL);
	/* A spelling fixed: the old spelling must not survive redaction either. */
	struct participant_fields fix = PARTICIPANT_FIELDS_UNCHANGED;
	fix.name = BOY;
	if (participant_update(f->db, f->boy, &fix, 0, &err) != 0)
		fail_msg("%s", err.msg);
	struct issuer is;
	if (issuer_init(f->db, f->data, ORG, "https://example.org", "VN", false, &is, &err) != 0 ||
	    issuer_load(f->db, f->data, true, &is, &err) != 0)
		fail_msg("%s", err.msg);
	struct cred_batch b = {0};
	if (cred_issue_session(f->db, f->data, f->sid, &is, clock_wall(), NULL, 0, &b, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(b.nissued, 2);
	cred_batch_free(&b);
	issuer_clear(&is);
	if (session_close(f->db, f->sid, 0, &err) != 0)
		fail_msg("%s", err.msg);
	say(f, f->adult, ENTRY_REFLECTION, "what-happened", "", "Đã sửa: tôi sẽ nhắc cả lớp.", NULL);
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	db_close(f->db);
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f->data);
	free(f);
	return 0;
}

static char *
export_to(struct fx *f, const char *name, bool redact, const char *recipient)
{
	char *out = kolb_xasprintf("%s/%s", f->tmp, name);
	struct export_opts o = {.redact = redact, .encrypt_to = recipient};
	struct kolb_err err;
	if (export_session(f->db, f->data, f->sid, &o, out, &err) != 0)
		fail_msg("%s", err.msg);
	return out;
}

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* ---- tests ---- */

static void
test_csv_field(void **state)
{
	(void)state;
	struct export_csv c = {0};
	export_csv_field(&c, "Lò Thị Tiên", true);
	export_csv_field(&c, "a,b", false);
	export_csv_field(&c, "nói \"rửa tay\"", false);
	export_csv_field(&c, "dòng 1\ndòng 2", false);
	export_csv_field(&c, "cr\rhere", false);
	export_csv_field(&c, "", false);
	export_csv_field(&c, NULL, false);
	export_csv_field(&c, "\"", false);
	export_csv_field(&c, " spaces kept ", false);
	export_csv_end(&c);
	assert_string_equal(c.p, "Lò Thị Tiên,\"a,b\",\"nói \"\"rửa tay\"\"\",\"dòng 1\ndòng 2\","
	    "\"cr\rhere\",,,\"\"\"\", spaces kept \r\n");
	assert_int_equal(c.len, strlen(c.p));
	free(c.p);
}

static void
test_session_json(void **state)
{
	struct fx *f = *state;
	char *out = export_to(f, "a.tar.gz", false, NULL);
	struct arc a;
	arc_read(out, &a);
	const struct member *m = arc_get(&a, "session.json");
	assert_non_null(m);
	/* keys sorted, compact, one final newline: dumping it again gives the same bytes */
	json_t *j = arc_json(&a);
	char *again = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_int_equal(m->len, strlen(again) + 1);
	assert_memory_equal(m->data, again, strlen(again));
	assert_int_equal(m->data[m->len - 1], '\n');
	assert_null(memchr(m->data, '\n', m->len - 1));
	free(again);
	/* raw UTF-8, not \u escapes */
	assert_true(has(m->data, m->len, MINOR));

	assert_int_equal(json_integer_value(json_object_get(j, "format")), 1);
	assert_true(json_is_false(json_object_get(j, "redacted")));
	json_t *s = json_object_get(j, "session");
	assert_string_equal(str(s, "title"), "Lớp 4A, Tả Van (cùng " MINOR ")");
	assert_string_equal(str(s, "start_date"), f->start);
	assert_string_equal(str(s, "phase"), "closed");
	assert_non_null(str(s, "closed_at"));
	assert_int_equal(json_integer_value(json_object_get(s, "days")), 2);
	assert_int_equal(json_array_size(json_object_get(s, "facilitators")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(s, "facilitators"), 0)),
	    "Trần Hồng Điệp");
	json_t *p = json_object_get(j, "pack");
	assert_string_equal(str(p, "id"), "sample-handwashing");
	assert_string_equal(str(p, "version"), "1.0.0");
	assert_int_equal(strlen(str(p, "sha256")), 64);

	/* participants by uid, with every field */
	json_t *parts = json_object_get(j, "participants");
	assert_int_equal(json_array_size(parts), 3);
	for (size_t i = 1; i < 3; i++)
		assert_true(strcmp(str(json_array_get(parts, i - 1), "uid"),
		    str(json_array_get(parts, i), "uid")) < 0);
	size_t i;
	json_t *o;
	int seen = 0;
	json_array_foreach(parts, i, o) {
		if (strcmp(str(o, "name"), MINOR) == 0) {
			seen++;
			assert_true(json_is_true(json_object_get(o, "is_minor")));
			assert_string_equal(str(o, "consent_by"), GUARDIAN);
			assert_string_equal(str(o, "ethnicity"), "Dao");
			assert_true(json_is_true(json_object_get(o, "share_name")));
		}
		if (strcmp(str(o, "name"), BOY) == 0)
			seen++;
	}
	assert_int_equal(seen, 2);
	/* 2 + 2 + 1 attendance rows, present is a boolean */
	assert_int_equal(json_array_size(json_object_get(j, "attendance")), 5);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(j, "attendance"), 0),
	    "present")));

	/* every version: the corrected reflection twice, in order, and the rest once */
	json_t *ents = json_object_get(j, "entries");
	assert_int_equal(json_array_size(ents), 7);
	int v1 = -1, v2 = -1;
	json_array_foreach(ents, i, o) {
		const char *b = str(o, "body");
		if (strncmp(b, "Tôi sẽ nhắc", strlen("Tôi sẽ nhắc")) == 0) {
			v1 = (int)i;
			assert_int_equal(json_integer_value(json_object_get(o, "version")), 1);
		}
		if (strcmp(b, "Đã sửa: tôi sẽ nhắc cả lớp.") == 0) {
			v2 = (int)i;
			assert_int_equal(json_integer_value(json_object_get(o, "version")), 2);
		}
		if (strcmp(str(o, "kind"), "action_plan") == 0)
			assert_string_equal(str(o, "follow_up"), "2027-01-15");
		else
			assert_true(json_is_null(json_object_get(o, "follow_up")));
	}
	assert_true(v1 >= 0 && v2 == v1 + 1);
	/* the group's words and the note (no participant) come first */
	json_t *g = json_array_get(ents, 0);
	assert_true(json_is_null(json_object_get(g, "participant")));
	assert_true(json_is_null(json_object_get(json_array_get(ents, 1), "participant")));
	assert_string_equal(str(json_array_get(ents, 1), "group"), "Nhóm của " BOY);
	assert_string_equal(str(g, "kind"), "note");

	assert_int_equal(json_array_size(json_object_get(j, "assessments")), 2);
	json_t *creds = json_object_get(j, "credentials");
	assert_int_equal(json_array_size(creds), 2);
	json_array_foreach(creds, i, o) {
		assert_int_equal(strncmp(str(o, "id"), "urn:uuid:", 9), 0);
		assert_true(json_is_null(json_object_get(o, "revoked_at")));
		/* the document as signed, and the same bytes (plus a newline) as a file */
		char *name = kolb_xasprintf("credentials/%s.json", str(o, "id") + 9);
		const struct member *cm = arc_get(&a, name);
		assert_non_null(cm);
		assert_int_equal(cm->len, strlen(str(o, "document")) + 1);
		assert_memory_equal(cm->data, str(o, "document"), cm->len - 1);
		struct cred_check ck;
		cred_verify(NULL, cm->data, cm->len - 1, &ck);
		assert_int_not_equal(ck.verdict, CRED_INVALID);
		free(name);
	}

	/* the audit trail: portable ids, never the netbook's row numbers */
	json_t *audit = json_object_get(j, "audit");
	assert_true(json_array_size(audit) > 20);
	const char *last = "";
	int entry_rows = 0, renames = 0;
	json_array_foreach(audit, i, o) {
		const char *ent = str(o, "entity"), *id = str(o, "entity_id");
		assert_non_null(id);
		if (strcmp(str(o, "wall_time"), last) > 0)
			last = str(o, "wall_time");
		if (strcmp(ent, "session") == 0)
			assert_string_equal(id, str(s, "uid"));
		if (strcmp(ent, "participant") == 0 || strcmp(ent, "attendance") == 0 ||
		    strcmp(ent, "assessment") == 0)
			assert_int_equal(strlen(id), 32);
		if (strcmp(ent, "entry") == 0) {
			entry_rows++;
			assert_non_null(strchr(id, '|'));
		}
		if (strcmp(ent, "participant") == 0 && strcmp(str(o, "field"), "name") == 0) {
			renames++;
			assert_string_equal(str(o, "old"), "Vàng A Sủ");
			assert_string_equal(str(o, "new"), BOY);
		}
	}
	assert_int_equal(renames, 1);
	assert_true(entry_rows >= 7);
	/* the group entry's key, with its group name last */
	bool group_key = false;
	json_array_foreach(audit, i, o)
		group_key = group_key || strcmp(str(o, "entity_id"),
		    "|reflection|feelings|1|Nhóm của " BOY) == 0;
	assert_true(group_key);
	/* exported_at is the last change, not now */
	assert_string_equal(str(j, "exported_at"), last);

	json_decref(j);
	arc_free(&a);
	free(out);
}

static void
test_csv_files(void **state)
{
	struct fx *f = *state;
	char *out = export_to(f, "a.tar.gz", false, NULL);
	struct arc a;
	arc_read(out, &a);
	const char *names[] = {"participants.csv", "attendance.csv", "reflections.csv",
	    "action_plans.csv", "assessments.csv", "credentials.csv"};
	for (size_t i = 0; i < 6; i++) {
		const struct member *m = arc_get(&a, names[i]);
		assert_non_null(m);
		assert_true(m->len > 3);
		assert_memory_equal(m->data, "\xEF\xBB\xBF", 3);
		/* every line ends with CRLF: as many \r\n as \n */
		size_t lf = 0, crlf = 0;
		bool quoted = false;
		for (size_t k = 0; k < m->len; k++) {
			if (m->data[k] == '"')
				quoted = !quoted;
			if (m->data[k] == '\n' && !quoted) {
				lf++;
				crlf += k > 0 && m->data[k - 1] == '\r';
			}
		}
		assert_false(quoted);
		assert_int_equal(lf, crlf);
		assert_int_equal(m->data[m->len - 1], '\n');
	}
	const struct member *r = arc_get(&a, "reflections.csv");
	assert_true(has(r->data, r->len, "\xEF\xBB\xBFparticipant,name,group,prompt,version,text,"
	    "created_at\r\n"));
	/* the reflection with a comma, quotes and a line break, quoted as RFC 4180 says */
	assert_true(has(r->data, r->len, ",\"Em thấy \"\"bột màu\"\" lan nhanh, rất nhanh;\nbạn "
	    "nguyễn thị hoà gọi"));
	/* only the current version in the CSV; the group's words with its group */
	assert_false(has(r->data, r->len, "Tôi sẽ nhắc"));
	assert_true(has(r->data, r->len, ",2,Đã sửa: tôi sẽ nhắc cả lớp.,"));
	assert_true(has(r->data, r->len, "\r\n,,Nhóm của " BOY ",feelings,1,\"Cả nhóm vui, " BOY
	    " hát.\","));
	assert_false(has(r->data, r->len, "phòng hơi tối")); /* notes are not reflections */
	const struct member *ap = arc_get(&a, "action_plans.csv");
	assert_true(has(ap->data, ap->len, ",i-will,1,\"Em sẽ rửa tay bằng xà phòng, trước khi "
	    "ăn.\",2027-01-15,"));
	const struct member *p = arc_get(&a, "participants.csv");
	assert_true(has(p->data, p->len, "," MINOR ",female,child,Dao,student,1,given," GUARDIAN
	    ",1,"));
	const struct member *c = arc_get(&a, "credentials.csv");
	assert_true(has(c->data, c->len, "," ADULT ",urn:uuid:"));
	arc_free(&a);
	free(out);
}

static void
test_sums_and_signature(void **state)
{
	struct fx *f = *state;
	char *out = export_to(f, "a.tar.gz", false, NULL);
	struct arc a;
	arc_read(out, &a);
	const struct member *sums = arc_get(&a, "SHA256SUMS");
	const struct member *sig = arc_get(&a, "SHA256SUMS.sig");
	const struct member *ij = arc_get(&a, "issuer.json");
	assert_non_null(sums);
	assert_non_null(sig);
	assert_non_null(ij);
	/* one line per file other than SHA256SUMS*, in name order, with the right hash */
	struct kolb_strlist expect = {0};
	for (size_t i = 0; i < a.n; i++) {
		const struct member *m = &a.m[i];
		if (m->dir || strncmp(m->name, "SHA256SUMS", 10) == 0)
			continue;
		unsigned char h[32];
		char hex[65];
		crypto_hash_sha256(h, (const unsigned char *)m->data, m->len);
		fs_hex(h, 32, hex);
		kolb_strlist_addf(&expect, "%s  %s\n", hex, m->name);
	}
	assert_int_equal(expect.len, 10); /* 6 CSV, session.json, 2 records, issuer.json */
	/* the archive lists files in name order; SHA256SUMS lists them the same way */
	size_t total = 0;
	for (size_t i = 0; i < expect.len; i++)
		total += strlen(expect.items[i]);
	char *want = kolb_xcalloc(total + 1, 1);
	for (size_t i = 0; i < expect.len; i++)
		strcat(want, expect.items[i]);
	assert_int_equal(sums->len, total);
	assert_memory_equal(sums->data, want, total);
	free(want);
	kolb_strlist_clear(&expect);
	/* entries sorted by name, 0:0, fixed modes, mtime = start date 00:00 UTC */
	time_t day;
	assert_true(clock_parse(f->start, &day));
	for (size_t i = 0; i < a.n; i++) {
		if (i > 0)
			assert_true(strcmp(a.m[i - 1].name, a.m[i].name) < 0);
		assert_int_equal(a.m[i].mtime, day);
		assert_int_equal(a.m[i].uid, 0);
		assert_int_equal(a.m[i].gid, 0);
		assert_int_equal(a.m[i].mode, a.m[i].dir ? 0755 : 0644);
	}
	/* the signature: 128 hex digits and a newline, valid for the issuer's key */
	assert_int_equal(sig->len, 129);
	assert_int_equal(sig->data[128], '\n');
	unsigned char s[64], pk[32];
	size_t bl;
	assert_int_equal(sodium_hex2bin(s, 64, sig->data, 128, NULL, &bl, NULL), 0);
	assert_int_equal(bl, 64);
	struct issuer is;
	struct kolb_err err;
	assert_int_equal(issuer_load(f->db, f->data, false, &is, &err), 0);
	assert_int_equal(sodium_hex2bin(pk, 32, is.public_hex, 64, NULL, &bl, NULL), 0);
	assert_int_equal(crypto_sign_verify_detached(s, (const unsigned char *)sums->data, sums->len,
	    pk), 0);
	/* one changed byte of SHA256SUMS breaks it */
	sums->data[0] ^= 1;
	assert_int_not_equal(crypto_sign_verify_detached(s, (const unsigned char *)sums->data,
	    sums->len, pk), 0);
	sums->data[0] ^= 1;
	/* issuer.json names the signer */
	json_t *ijs = json_loadb(ij->data, ij->len, 0, NULL);
	assert_non_null(ijs);
	assert_string_equal(str(ijs, "did"), is.did);
	assert_string_equal(str(ijs, "name"), ORG);
	assert_int_equal(ij->data[ij->len - 1], '\n');
	json_decref(ijs);
	/* the file is the owner's only; the temporary folder is gone */
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *tmp = kolb_xasprintf("%s/tmp", f->data);
	assert_int_equal(tu_count(tmp), 0);
	free(tmp);
	arc_free(&a);
	free(out);
}

/* The archive is exactly what packbuild_write (kolb pack build) makes of a folder
 * holding the same files: the same reproducible tar.gz. */
static void
test_same_as_packbuild(void **state)
{
	struct fx *f = *state;
	char *out = export_to(f, "a.tar.gz", false, NULL);
	struct arc a;
	arc_read(out, &a);
	char *dir = kolb_xasprintf("%s/unpacked", f->tmp);
	mkdir(dir, 0700);
	for (size_t i = 0; i < a.n; i++) {
		char *path = kolb_xasprintf("%s/%s", dir, a.m[i].name);
		if (a.m[i].dir) {
			assert_int_equal(mkdir(path, 0755), 0);
		} else {
			FILE *fp = fopen(path, "wb");
			assert_non_null(fp);
			assert_int_equal(fwrite(a.m[i].data, 1, a.m[i].len, fp), a.m[i].len);
			fclose(fp);
		}
		free(path);
	}
	struct kolb_strlist files = {0};
	uint64_t bytes;
	struct kolb_err err;
	time_t day;
	assert_true(clock_parse(f->start, &day));
	char *again = kolb_xasprintf("%s/again.tar.gz", f->tmp);
	if (packbuild_scan(dir, &files, &bytes, &err) != 0 ||
	    packbuild_write(dir, &files, day, again, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(files.len, a.n);
	size_t l1, l2;
	char *x = slurp(out, &l1), *y = slurp(again, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(x, y, l1);
	free(x);
	free(y);
	kolb_strlist_clear(&files);
	arc_free(&a);
	free(again);
	free(dir);
	free(out);
}

static void
test_unsigned_without_key(void **state)
{
	struct fx *f = *state;
	struct participant_fields pf = {.name = ADULT, .consent = "given", .consent_by = "self"};
	long long id;
	struct kolb_err err;
	assert_int_equal(participant_add(f->db, f->sid, &pf, 0, &id, &err), 0);
	char *out = export_to(f, "u.tar.gz", false, NULL);
	struct arc a;
	arc_read(out, &a);
	assert_null(arc_get(&a, "SHA256SUMS.sig"));
	assert_null(arc_get(&a, "issuer.json"));
	assert_null(arc_get(&a, "credentials/"));
	assert_non_null(arc_get(&a, "SHA256SUMS"));
	assert_int_equal(a.n, 8);
	json_t *j = arc_json(&a);
	assert_int_equal(json_array_size(json_object_get(j, "credentials")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "entries")), 0);
	assert_true(json_is_null(json_object_get(json_object_get(j, "session"), "closed_at")));
	json_decref(j);
	/* an issuer key that others can read is refused, not silently skipped */
	struct issuer is;
	assert_int_equal(issuer_init(f->db, f->data, ORG, NULL, "VN", false, &is, &err), 0);
	char *key = kolb_xasprintf("%s/issuer.key", f->data);
	chmod(key, 0644);
	struct export_opts o = {0};
	assert_int_not_equal(export_session(f->db, f->data, f->sid, &o, out, &err), 0);
	assert_non_null(strstr(err.msg, "chmod 600"));
	chmod(key, 0600);
	assert_int_equal(export_session(f->db, f->data, f->sid, &o, out, &err), 0);
	arc_free(&a);
	arc_read(out, &a);
	assert_non_null(arc_get(&a, "SHA256SUMS.sig"));
	arc_free(&a);
	free(key);
	free(out);
}

static void
test_deterministic(void **state)
{
	struct fx *f = *state;
	char *a = export_to(f, "one.tar.gz", false, NULL);
	sleep(1); /* a later export must not differ by its time */
	char *b = export_to(f, "two.tar.gz", false, NULL);
	size_t la, lb;
	char *x = slurp(a, &la), *y = slurp(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(x, y, la);
	free(x);
	free(y);
	/* a change changes the archive */
	struct kolb_err err;
	assert_int_equal(db_exec(f->db, "UPDATE entries SET body = body || '!' WHERE kind = 'note'",
	    &err), 0);
	char *c = export_to(f, "three.tar.gz", false, NULL);
	x = slurp(a, &la);
	y = slurp(c, &lb);
	assert_false(la == lb && memcmp(x, y, la) == 0);
	free(x);
	free(y);
	free(a);
	free(b);
	free(c);
}

/* Exporting only reads: it works while another connection holds the write lock (the TUI
 * saving) and while the session is open in a live view (its lock file held). */
static void
test_reads_while_open(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	char *dbp = kolb_xasprintf("%s/kolb.db", f->data);
	struct db *other;
	assert_int_equal(db_open(dbp, &other, &err), 0);
	struct live *l;
	assert_int_equal(live_open(other, f->data, f->sid, &l, &err), 0);
	assert_int_equal(db_begin(other, &err), 0);
	assert_int_equal(db_exec(other, "UPDATE entries SET body = 'chưa lưu' WHERE kind = 'note'",
	    &err), 0);
	char *out = kolb_xasprintf("%s/open.tar.gz", f->tmp);
	struct export_opts o = {0};
	db_set_busy_timeout(f->db, 200);
	assert_int_equal(export_session(f->db, f->data, f->sid, &o, out, &err), 0);
	struct arc a;
	arc_read(out, &a);
	const struct member *m = arc_get(&a, "session.json");
	/* the uncommitted change is not in it; the committed note is */
	assert_false(has(m->data, m->len, "chưa lưu"));
	assert_true(has(m->data, m->len, "Ghi chú: phòng hơi tối;"));
	arc_free(&a);
	db_rollback(other);
	assert_false(db_in_transaction(f->db));
	live_close(l);
	db_close(other);
	free(dbp);
	free(out);
}

/* db_begin_read: one snapshot for every query until db_end_read, whatever others commit. */
static void
test_read_snapshot(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	char *dbp = kolb_xasprintf("%s/kolb.db", f->data);
	struct db *other;
	assert_int_equal(db_open(dbp, &other, &err), 0);
	const char *q = "SELECT count(*) FROM participants";
	struct db_stmt *st;
	assert_int_equal(db_begin_read(f->db, &err), 0);
	assert_true(db_in_transaction(f->db));
	assert_int_equal(db_prepare(f->db, q, &st, &err), 0);
	assert_int_equal(db_step(st, &err), 1);
	long long before = db_col_int(st, 0);
	db_finalize(st);
	struct participant_fields pf = {.name = "Người mới", .consent = "given"};
	long long id;
	assert_int_equal(participant_add(other, f->sid, &pf, 0, &id, &err), 0);
	assert_int_equal(db_prepare(f->db, q, &st, &err), 0);
	assert_int_equal(db_step(st, &err), 1);
	assert_int_equal(db_col_int(st, 0), before);
	db_finalize(st);
	db_end_read(f->db);
	assert_false(db_in_transaction(f->db));
	assert_int_equal(db_prepare(f->db, q, &st, &err), 0);
	assert_int_equal(db_step(st, &err), 1);
	assert_int_equal(db_col_int(st, 0), before + 1);
	db_finalize(st);
	/* inside a write transaction a read joins it */
	assert_int_equal(db_begin(f->db, &err), 0);
	assert_int_equal(db_begin_read(f->db, &err), 0);
	db_end_read(f->db);
	assert_true(db_in_transaction(f->db));
	assert_int_equal(db_commit(f->db, &err), 0);
	db_close(other);
	free(dbp);
}

static void
test_errors(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct export_opts o = {0};
	char *out = kolb_xasprintf("%s/x.tar.gz", f->tmp);
	assert_int_equal(export_session(f->db, f->data, 999, &o, out, &err), -1);
	assert_string_equal(err.msg, "there is no session 999");
	o.encrypt_to = "ssh-ed25519 AAAA";
	assert_int_equal(export_session(f->db, f->data, f->sid, &o, out, &err), -1);
	assert_non_null(strstr(err.msg, "not an age recipient"));
	o.encrypt_to = NULL;
	char *bad = kolb_xasprintf("%s/no/such/folder/x.tar.gz", f->tmp);
	assert_int_equal(export_session(f->db, f->data, f->sid, &o, bad, &err), -1);
	assert_non_null(strstr(err.msg, "no/such/folder"));
	assert_int_equal(access(out, F_OK), -1);
	/* whatever happened, no temporary folder is left */
	char *tmp = kolb_xasprintf("%s/tmp", f->data);
	assert_int_equal(tu_count(tmp), 0);
	free(tmp);
	free(bad);
	free(out);
}

static void
test_encrypted(void **state)
{
	struct fx *f = *state;
	char id[128], rcp[128];
	struct kolb_err err;
	if (age_keygen(id, sizeof id, rcp, sizeof rcp, &err) != 0)
		fail_msg("%s", err.msg);
	char *plain = export_to(f, "plain.tar.gz", false, NULL);
	char *enc = export_to(f, "enc.age", false, rcp);
	assert_true(age_is_encrypted(enc));
	struct stat st;
	assert_int_equal(stat(enc, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *idf = kolb_xasprintf("%s/office.txt", f->tmp);
	char *line = kolb_xasprintf("# office\n%s\n", id);
	tu_write(idf, line);
	char *dec = kolb_xasprintf("%s/dec.tar.gz", f->tmp);
	if (age_decrypt_file(enc, dec, idf, &err) != 0)
		fail_msg("%s", err.msg);
	/* what the office decrypts is the very archive a plain export writes */
	size_t l1, l2;
	char *x = slurp(plain, &l1), *y = slurp(dec, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(x, y, l1);
	free(x);
	free(y);
	free(plain);
	free(enc);
	free(idf);
	free(line);
	free(dec);
}

static void
test_redacted(void **state)
{
	struct fx *f = *state;
	char *a = export_to(f, "r1.tar.gz", true, NULL);
	char *b = export_to(f, "r2.tar.gz", true, NULL);
	/* the secret was made once, private */
	char *key = kolb_xasprintf("%s/redact.key", f->data);
	struct stat st;
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 65);
	size_t la, lb;
	char *x = slurp(a, &la), *y = slurp(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(x, y, la);
	free(x);
	free(y);

	struct arc r;
	arc_read(a, &r);
	/* nothing identifying anywhere in the decompressed bytes, in any spelling */
	const char *secrets[] = {MINOR, GUARDIAN, ADULT, BOY, "Vàng A Sủ", "nguyễn thị hoà",
	    "Tiên", "Páo", "Hoà", "0912 3", "0912.3", "345 678", "345.678", "3826 4567", "+84",
	    "example.vn", "tien.lo", CCCD, "234567890"};
	for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++)
		if (has(r.raw, r.rawlen, secrets[i]))
			fail_msg("\"%s\" is in the redacted archive", secrets[i]);
	/* no signed records, which carry names */
	assert_null(arc_get(&r, "credentials/"));
	for (size_t i = 0; i < r.n; i++)
		assert_int_not_equal(strncmp(r.m[i].name, "credentials/", 12), 0);
	json_t *j = arc_json(&r);
	assert_true(json_is_true(json_object_get(j, "redacted")));
	size_t i;
	json_t *o;
	json_t *creds = json_object_get(j, "credentials");
	assert_int_equal(json_array_size(creds), 2);
	json_array_foreach(creds, i, o)
		assert_true(json_is_null(json_object_get(o, "document")));
	/* pseudonyms: P-/G- and 8 base32 characters, one per person */
	char pseud[3][16] = {{0}};
	int np = 0;
	json_array_foreach(json_object_get(j, "participants"), i, o) {
		const char *n = str(o, "name");
		assert_int_equal(strlen(n), 10);
		assert_int_equal(strncmp(n, "P-", 2), 0);
		assert_int_equal(strspn(n + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 8);
		for (int k = 0; k < np; k++)
			assert_string_not_equal(pseud[k], n);
		snprintf(pseud[np++], sizeof pseud[0], "%s", n);
		const char *by = str(o, "consent_by");
		assert_true(strcmp(by, "self") == 0 || *by == '\0' || strncmp(by, "G-", 2) == 0);
	}
	assert_int_equal(np, 3);
	/* the rest of the text is kept, the name in it replaced by the same pseudonym */
	const struct member *rc = arc_get(&r, "reflections.csv");
	assert_true(has(rc->data, rc->len, "Em thấy \"\"bột màu\"\" lan nhanh, rất nhanh;\nbạn "));
	assert_true(has(rc->data, rc->len, " gọi " REDACT_MARK " hoặc " REDACT_MARK ", thư "
	    REDACT_MARK ", CCCD " REDACT_MARK "."));
	assert_true(has(rc->data, rc->len, "Nhóm của P-"));
	const char *title = str(json_object_get(j, "session"), "title");
	assert_int_equal(strncmp(title, "Lớp 4A, Tả Van (cùng P-", strlen("Lớp 4A, Tả Van (cùng P-")),
	    0);
	/* the pseudonym in the title is the minor's own, as in participants */
	bool found = false;
	for (int k = 0; k < np; k++)
		found = found || strstr(title, pseud[k]) != NULL;
	assert_true(found);
	assert_true(has(r.raw, r.rawlen, "Trần Hồng Điệp")); /* facilitators are staff */
	assert_true(has(r.raw, r.rawlen, "Bản Giàng Tả Chải"));
	/* a name's old spelling in the audit trail became the pseudonym too */
	json_array_foreach(json_object_get(j, "audit"), i, o)
		if (strcmp(str(o, "field"), "name") == 0)
			assert_string_equal(str(o, "old"), str(o, "new"));
	json_decref(j);
	arc_free(&r);

	/* stable: after more work the same people keep the same pseudonyms */
	say(f, f->minor, ENTRY_NOTE, "germ-glitter", "", "Thêm ghi chú.", NULL);
	char *c = export_to(f, "r3.tar.gz", true, NULL);
	arc_read(c, &r);
	j = arc_json(&r);
	json_array_foreach(json_object_get(j, "participants"), i, o)
		assert_string_equal(str(o, "name"), pseud[i]);
	json_decref(j);
	arc_free(&r);
	free(a);
	free(b);
	free(c);
	free(key);
}

/* At the office: an imported session exports to the same session.json and CSV files
 * (its audit ids are portable already), and redacting there leaves no name either. */
static void
test_reexport_after_import(void **state)
{
	struct fx *f = *state;
	char *a = export_to(f, "netbook.tar.gz", false, NULL);
	char *office = kolb_xasprintf("%s/office", f->tmp);
	mkdir(office, 0700);
	char *dbp = kolb_xasprintf("%s/kolb.db", office);
	struct db *db2;
	struct kolb_err err;
	struct import_report rep;
	if (db_open(dbp, &db2, &err) != 0 ||
	    import_archive(db2, office, a, NULL, &rep, &err) != 0)
		fail_msg("%s", err.msg);
	char *b = kolb_xasprintf("%s/office.tar.gz", f->tmp);
	struct export_opts o = {0};
	if (export_session(db2, office, rep.session_id, &o, b, &err) != 0)
		fail_msg("%s", err.msg);
	struct arc x, y;
	arc_read(a, &x);
	arc_read(b, &y);
	const char *same[] = {"session.json", "participants.csv", "attendance.csv",
	    "reflections.csv", "action_plans.csv", "assessments.csv", "credentials.csv"};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		const struct member *m1 = arc_get(&x, same[i]), *m2 = arc_get(&y, same[i]);
		assert_non_null(m1);
		assert_non_null(m2);
		if (m1->len != m2->len || memcmp(m1->data, m2->data, m1->len) != 0)
			fail_msg("%s differs after import and export", same[i]);
	}
	arc_free(&y);
	o.redact = true;
	if (export_session(db2, office, rep.session_id, &o, b, &err) != 0)
		fail_msg("%s", err.msg);
	arc_read(b, &y);
	const char *secrets[] = {MINOR, GUARDIAN, ADULT, BOY, "Vàng A Sủ", "nguyễn thị hoà",
	    "0912 3", "3826 4567", "example.vn", CCCD};
	for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++)
		if (has(y.raw, y.rawlen, secrets[i]))
			fail_msg("\"%s\" is in the office's redacted archive", secrets[i]);
	/* the group's key in the audit trail is redacted too */
	assert_true(has(y.raw, y.rawlen, "|reflection|feelings|1|Nhóm của P-"));
	arc_free(&x);
	arc_free(&y);
	db_close(db2);
	free(dbp);
	free(office);
	free(a);
	free(b);
}

/* The uid of the participant's unrevoked record ("" when none). Caller frees. */
static char *
current_uid(struct db *db, long long pid)
{
	struct db_stmt *st;
	assert_int_equal(db_prepare(db, "SELECT uid FROM credentials WHERE participant_id = ? "
	    "AND revoked_at IS NULL", &st, NULL), 0);
	db_bind_int(st, 1, pid);
	char *u = db_step(st, NULL) == 1 ? db_col_dup(st, 0) : kolb_xstrdup("");
	db_finalize(st);
	return u;
}

static char *
office_query(struct db *db, const char *sql)
{
	struct db_stmt *st;
	assert_int_equal(db_prepare(db, sql, &st, NULL), 0);
	char *out = db_step(st, NULL) == 1 ? db_col_dup(st, 0) : kolb_xstrdup("");
	db_finalize(st);
	return out;
}

#define OFFICE_CREDS "SELECT group_concat(uid || '|' || coalesce(revoked_at, '-') || '|' || " \
	"coalesce(revoke_reason, '-') || '|' || length(document), ';') FROM (SELECT * FROM " \
	"credentials ORDER BY uid)"

/* A record revoked on the netbook and issued again travels to the office: every record
 * in session.json, the CSV file and credentials/; the office, holding the older export,
 * revokes the old one before the new one arrives (whatever order their ids sort in);
 * importing the same archive again, or the older one, changes nothing. */
static void
test_reissued_round_trip(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	char *a1 = export_to(f, "before.tar.gz", false, NULL);
	char *office = kolb_xasprintf("%s/office", f->tmp);
	mkdir(office, 0700);
	char *dbp = kolb_xasprintf("%s/kolb.db", office);
	struct db *db2;
	struct import_report rep;
	if (db_open(dbp, &db2, &err) != 0 || import_archive(db2, office, a1, NULL, &rep, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(rep.credentials, 2);

	/* On the netbook: the minor's record revoked and issued again, until the new id
	 * sorts before the first one (so that session.json lists the new record first:
	 * the order an import must cope with). Usually once or twice. */
	char *first = current_uid(f->db, f->minor);
	struct issuer is;
	if (issuer_load(f->db, f->data, true, &is, &err) != 0)
		fail_msg("%s", err.msg);
	char *now_uid = NULL;
	int rounds = 0;
	do {
		free(now_uid);
		if (cred_revoke(f->db, f->sid, f->minor, "Sai tên: " MINOR, &err) != 0)
			fail_msg("%s", err.msg);
		struct cred_batch b = {0};
		if (cred_issue_session(f->db, f->data, f->sid, &is, clock_wall(), &f->minor, 1, &b,
		    &err) != 0)
			fail_msg("%s", err.msg);
		assert_int_equal(b.nissued, 2);
		cred_batch_free(&b);
		now_uid = current_uid(f->db, f->minor);
		assert_string_not_equal(now_uid, "");
		rounds++;
	} while (strcmp(now_uid, first) > 0 && rounds < 64);
	assert_true(strcmp(now_uid, first) < 0);
	issuer_clear(&is);
	int nrec = 2 + rounds;

	char *a2 = export_to(f, "after.tar.gz", false, NULL);
	struct arc x;
	arc_read(a2, &x);
	json_t *j = arc_json(&x);
	json_t *creds = json_object_get(j, "credentials");
	assert_int_equal(json_array_size(creds), nrec);
	size_t i;
	json_t *o;
	int revoked = 0, minors = 0, files = 0;
	const char *prev = "";
	json_array_foreach(creds, i, o) {
		/* sorted by (participant, id) */
		char *key = kolb_xasprintf("%s %s", str(o, "participant"), str(o, "id"));
		assert_true(strcmp(prev, key) < 0 || i == 0);
		if (i > 0)
			free((char *)prev);
		prev = key;
		revoked += str(o, "revoked_at") != NULL;
		assert_non_null(str(o, "document"));
		char *name = kolb_xasprintf("credentials/%s.json", str(o, "id") + 9);
		const struct member *m = arc_get(&x, name);
		assert_non_null(m);
		files++;
		assert_memory_equal(m->data, str(o, "document"), strlen(str(o, "document")));
		free(name);
		if (str(o, "revoked_at") != NULL) {
			assert_string_equal(str(o, "revoke_reason"), "Sai tên: " MINOR);
			minors++;
		}
	}
	free((char *)prev);
	assert_int_equal(revoked, rounds);
	assert_int_equal(minors, rounds);
	assert_int_equal(files, nrec);
	const struct member *csv = arc_get(&x, "credentials.csv");
	size_t lines = 0;
	for (size_t k = 0; k < csv->len; k++)
		lines += csv->data[k] == '\n';
	assert_int_equal(lines, 1 + (size_t)nrec);
	assert_true(has(csv->data, csv->len, ",Sai tên: " MINOR "\r\n"));
	json_decref(j);

	/* At the office: the newer export merges; the first record is revoked there too. */
	if (import_archive(db2, office, a2, NULL, &rep, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(rep.credentials, nrec - 1); /* the first revoked, the others added */
	char *q = kolb_xasprintf("SELECT revoke_reason FROM credentials WHERE uid = '%s'", first);
	char *why = office_query(db2, q);
	assert_string_equal(why, "Sai tên: " MINOR);
	free(why);
	free(q);
	char *after = office_query(db2, OFFICE_CREDS);
	char *here = office_query(f->db, OFFICE_CREDS);
	assert_string_equal(after, here);
	free(here);
	/* ... and exports the same files again */
	char *b = kolb_xasprintf("%s/office.tar.gz", f->tmp);
	struct export_opts eo = {0};
	if (export_session(db2, office, rep.session_id, &eo, b, &err) != 0)
		fail_msg("%s", err.msg);
	struct arc y;
	arc_read(b, &y);
	const char *same[] = {"session.json", "credentials.csv"};
	for (size_t k = 0; k < 2; k++) {
		const struct member *m1 = arc_get(&x, same[k]), *m2 = arc_get(&y, same[k]);
		if (m1->len != m2->len || memcmp(m1->data, m2->data, m1->len) != 0)
			fail_msg("%s differs after import and export", same[k]);
	}
	for (size_t k = 0; k < x.n; k++)
		if (strncmp(x.m[k].name, "credentials/", 12) == 0) {
			const struct member *m2 = arc_get(&y, x.m[k].name);
			assert_non_null(m2);
			assert_int_equal(m2->len, x.m[k].len);
			assert_memory_equal(m2->data, x.m[k].data, x.m[k].len);
		}
	arc_free(&y);
	arc_free(&x);

	/* the same archive again, then the older one: nothing changes, nothing un-revoked */
	if (import_archive(db2, office, a2, NULL, &rep, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(import_unchanged(&rep));
	if (import_archive(db2, office, a1, NULL, &rep, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(rep.credentials, 0);
	assert_true(import_unchanged(&rep));
	char *again = office_query(db2, OFFICE_CREDS);
	assert_string_equal(again, after);
	free(again);

	/* into an empty data folder, whatever order the records come in */
	char *office2 = kolb_xasprintf("%s/office2", f->tmp);
	mkdir(office2, 0700);
	char *dbp2 = kolb_xasprintf("%s/kolb.db", office2);
	struct db *db3;
	if (db_open(dbp2, &db3, &err) != 0 || import_archive(db3, office2, a2, NULL, &rep, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(rep.credentials, nrec);
	char *third = office_query(db3, OFFICE_CREDS);
	assert_string_equal(third, after);
	free(third);

	/* an archive giving a participant another unrevoked record than the one here is
	 * refused whole, with a clear message */
	assert_int_equal(db_exec(db3, "UPDATE credentials SET uid = 'urn:uuid:ffffffff-0000-4000-"
	    "8000-000000000000' WHERE revoked_at IS NULL AND participant_id = (SELECT id FROM "
	    "participants WHERE name = '" MINOR "')", &err), 0);
	char *before3 = office_query(db3, OFFICE_CREDS);
	assert_int_equal(import_archive(db3, office2, a2, NULL, &rep, &err), -1);
	assert_non_null(strstr(err.msg, "holds another unrevoked record"));
	assert_non_null(strstr(err.msg, now_uid));
	assert_non_null(strstr(err.msg, "nothing was imported"));
	char *after3 = office_query(db3, OFFICE_CREDS);
	assert_string_equal(after3, before3);
	free(before3);
	free(after3);

	db_close(db3);
	db_close(db2);
	free(after);
	free(b);
	free(dbp2);
	free(office2);
	free(first);
	free(now_uid);
	free(dbp);
	free(office);
	free(a1);
	free(a2);
}

/* The patterns on their own: what is masked and what is kept. */
static void
test_redact_text(void **state)
{
	(void)state;
	struct redact *r = redact_new();
	redact_add_name(r, "Nguyễn Thị Lan", "P-LAN");
	redact_add_name(r, "  Nguyễn  Thị Lan   Anh ", "P-LANANH");
	redact_add_name(r, "An", "P-AN");
	redact_add_name(r, "Lò Văn Páo", "G-PAO");
	redact_add_name(r, "Lò Văn Páo", "P-OTHER"); /* two people: whose is it? */
	redact_add_name(r, "", "P-EMPTY");
	redact_add_name(r, "C++ (x)", "P-PUNCT");
	struct kolb_err err;
	assert_int_equal(redact_compile(r, &err), 0);
	const struct {
		const char *in, *out;
	} cases[] = {
		{"NGUYỄN THỊ LAN ANH và nguyễn thị lan", "P-LANANH và P-LAN"},
		{"Nguyễn Thị\nLan nói", "P-LAN nói"},
		{"Anh An ăn cơm, Ân và An.", "Anh P-AN ăn cơm, Ân và P-AN."},
		{"Bác Lò Văn Páo đến", "Bác " REDACT_MARK " đến"},
		{"học C++ (x) tốt", "học P-PUNCT tốt"},
		{"Nguyễn Thị Lanh", "Nguyễn Thị Lanh"},
		{"gọi 0912 345 678.", "gọi " REDACT_MARK "."},
		{"0912.345.678 / 0912-345-678 / 0912345678", REDACT_MARK " / " REDACT_MARK " / "
		    REDACT_MARK},
		{"+84 912 345 678 hay +84912345678 hay 0084 912 345 678", REDACT_MARK " hay "
		    REDACT_MARK " hay " REDACT_MARK},
		{"+84 (0) 912 345 678", REDACT_MARK},
		{"bàn 024 3826 4567, (024) 3826 4567, 0214 382 4567", "bàn " REDACT_MARK ", "
		    REDACT_MARK ", " REDACT_MARK},
		{"SĐT:0987654321", "SĐT:" REDACT_MARK},
		{"CCCD 001234567890, CMND 123456789, 001 234 567 890", "CCCD " REDACT_MARK ", CMND "
		    REDACT_MARK ", " REDACT_MARK},
		{"thư: lan.nguyen+x@truong-a.edu.vn.", "thư: " REDACT_MARK "."},
		{"Hòm thư cô.giáo@trường.vn", "Hòm thư " REDACT_MARK},
		/* kept: money, dates, counts, decimals, long numbers, times */
		{"150.000.000 đồng", "150.000.000 đồng"},
		{"ngày 2026-11-29 lúc 08:30", "ngày 2026-11-29 lúc 08:30"},
		{"12 học sinh, 0,5 kg, 100000 đồng", "12 học sinh, 0,5 kg, 100000 đồng"},
		{"số 1234567890123 dài", "số 1234567890123 dài"},
		{"1.234567890", "1.234567890"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *out;
		if (redact_text(r, cases[i].in, &out, &err) != 0)
			fail_msg("%s: %s", cases[i].in, err.msg);
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("redact(\"%s\") = \"%s\", wanted \"%s\"", cases[i].in, out, cases[i].out);
		free(out);
	}
	char *out = (char *)"x";
	assert_int_equal(redact_text(r, NULL, &out, &err), 0);
	assert_null(out);
	assert_int_equal(redact_text(r, "bad \xC3\x28 utf-8", &out, &err), -1);
	assert_non_null(strstr(err.msg, "UTF-8"));
	redact_free(r);

	/* pseudonyms: stable for a key, different per person, per role and per key */
	unsigned char k1[32] = {1}, k2[32] = {2};
	char p1[REDACT_PSEUDONYM_SIZE], p2[REDACT_PSEUDONYM_SIZE], g1[REDACT_PSEUDONYM_SIZE],
	    q1[REDACT_PSEUDONYM_SIZE], o1[REDACT_PSEUDONYM_SIZE];
	redact_pseudonym(k1, "0123456789abcdef0123456789abcdef", false, p1);
	redact_pseudonym(k1, "0123456789abcdef0123456789abcdef", false, p2);
	redact_pseudonym(k1, "0123456789abcdef0123456789abcdef", true, g1);
	redact_pseudonym(k2, "0123456789abcdef0123456789abcdef", false, q1);
	redact_pseudonym(k1, "0123456789abcdef0123456789abcdee", false, o1);
	assert_string_equal(p1, p2);
	assert_int_equal(strncmp(p1, "P-", 2), 0);
	assert_int_equal(strncmp(g1, "G-", 2), 0);
	assert_string_not_equal(p1 + 2, g1 + 2);
	assert_string_not_equal(p1, q1);
	assert_string_not_equal(p1, o1);
	/* the first 40 bits of HMAC-SHA256(key, uid) in base32 */
	unsigned char mac[32];
	crypto_auth_hmacsha256(mac, (const unsigned char *)"0123456789abcdef0123456789abcdef", 32,
	    k1);
	const char *b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	assert_int_equal(p1[2], b32[mac[0] >> 3]);
	assert_int_equal(p1[3], b32[((mac[0] & 7) << 2) | (mac[1] >> 6)]);
}

static void
test_redact_key(void **state)
{
	struct fx *f = *state;
	unsigned char a[32], b[32];
	struct kolb_err err;
	assert_int_equal(redact_key_load(f->data, a, &err), 0);
	assert_int_equal(redact_key_load(f->data, b, &err), 0);
	assert_memory_equal(a, b, 32);
	char *key = kolb_xasprintf("%s/redact.key", f->data);
	chmod(key, 0640);
	assert_int_equal(redact_key_load(f->data, b, &err), -1);
	assert_non_null(strstr(err.msg, "chmod 600"));
	tu_write(key, "not hex\n");
	chmod(key, 0600);
	assert_int_equal(redact_key_load(f->data, b, &err), -1);
	assert_non_null(strstr(err.msg, "damaged"));
	free(key);
}

/* docs/privacy.md lists the patterns the code uses, verbatim. */
static void
test_privacy_doc(void **state)
{
	(void)state;
	size_t len;
	char *doc = slurp("docs/privacy.md", &len);
	assert_true(has(doc, len, REDACT_RE_PHONE));
	assert_true(has(doc, len, REDACT_RE_EMAIL));
	assert_true(has(doc, len, REDACT_RE_IDCARD));
	assert_true(has(doc, len, REDACT_MARK));
	free(doc);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_redact_text),
		cmocka_unit_test(test_privacy_doc),
		cmocka_unit_test_setup_teardown(test_redact_key, setup_bare, teardown),
		cmocka_unit_test_setup_teardown(test_session_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sums_and_signature, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_as_packbuild, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsigned_without_key, setup_bare, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_while_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encrypted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redacted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reexport_after_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reissued_round_trip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
