/* Unit tests: printed certificates and the class list (certprint.h) over a real session
 * with signed records: one page per unrevoked record, A4 and A5 page sizes read back
 * from the PDF, --participant, revoked records left out, a record whose participant
 * was renamed left out until it is revoked and issued again, the QR code's size limit,
 * hostile cases (no session, no records, an output folder that cannot be written, a
 * folder in the way) leaving no file behind, the target replaced only whole, the
 * class list of a session with and without records, and the organisation's logo
 * (validated as a PNG, size-limited, copied 0600, drawn, a damaged one skipped). */
#include <cairo.h>
#include <errno.h>
#include <time.h>

#include "assess.h"
#include "certprint.h"
#include "clock.h"
#include "compact.h"
#include "cred.h"
#include "entry.h"
#include "fault.h"
#include "fsutil.h"
#include "issuer.h"
#include "pack.h"
#include "participant.h"
#include "session.h"
#include "testutil.h"

#define ORG "Trung tâm Hỗ trợ Phát triển Cộng đồng Đắk Lắk"
#define ADULT "Nguyễn Thị Hoà"
#define MINOR "Lò Thị Tiên"
#define LATE "Vàng A Sử"

struct fx {
	char *tmp, *data, *out;
	struct db *db;
	long long sid;
	struct issuer is;
	long long adult, minor, late;
	time_t now;
};

static void
local_date(time_t t, char out[16])
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static long long
new_session(struct fx *f, const char *lang)
{
	char start[16];
	local_date(f->now - 2 * 86400, start);
	const char *facs[] = {"Trần Hồng Điệp", "H'Hen Niê"};
	struct session_new sn = {.pack_id = "sample-handwashing", .language = lang,
	    .title = "Rửa tay đến khuỷu tay", .province = "Đắk Lắk", .commune = "Ea Kao",
	    .village = "Buôn Kao", .start_date = start, .days = 2, .facilitators = facs,
	    .nfacilitators = 2};
	long long sid;
	struct kolb_err err;
	if (session_create(f->db, &sn, &sid, &err) != 0)
		fail_msg("%s", err.msg);
	return sid;
}

static long long
person(struct fx *f, long long sid, const char *name, int minor)
{
	struct participant_fields pf = {.name = name, .gender = "female",
	    .age_group = minor ? "child" : "adult", .role = "parent", .consent = "given",
	    .consent_by = minor ? "Lò Văn Páo" : "self", .is_minor = minor, .share_name = 1};
	long long id;
	struct kolb_err err;
	if (participant_add(f->db, sid, &pf, 0, &id, &err) != 0)
		fail_msg("%s", err.msg);
	return id;
}

/* Everything the sample pack asks for: both days, a reflection, a plan, six steps met. */
static void
complete(struct fx *f, long long sid, long long pid)
{
	struct kolb_err err;
	for (int d = 1; d <= 2; d++)
		if (attendance_set(f->db, pid, d, true, 0, &err) != 0)
			fail_msg("%s", err.msg);
	struct entry_key k = {.session_id = sid, .participant_id = pid, .kind = ENTRY_REFLECTION,
	    .prompt_id = "what-happened", .group_name = ""};
	if (entry_save(f->db, &k, "Bột màu lan đến tận khuỷu tay bạn.", NULL, 0, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	k.kind = ENTRY_ACTION_PLAN;
	k.prompt_id = "i-will";
	if (entry_save(f->db, &k, "Em sẽ rửa tay bằng xà phòng.", NULL, 0, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	if (assess_set(f->db, sid, pid, "six-steps", ASSESS_MET, 0, &err) != 0)
		fail_msg("%s", err.msg);
}

/* Issue the session's records, replacing the revoked ones of replace[0..n). */
static void
issue_replacing(struct fx *f, long long sid, const long long *replace, size_t n)
{
	struct cred_batch b;
	struct kolb_err err;
	if (cred_issue_session(f->db, f->data, sid, &f->is, f->now, replace, n, &b, &err) != 0)
		fail_msg("%s", err.msg);
	cred_batch_free(&b);
}

static void
issue(struct fx *f, long long sid)
{
	issue_replacing(f, sid, NULL, 0);
}

/* An issuer; a session with a complete adult, a complete minor and someone who missed
 * a day; no records yet. */
static int
setup(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	struct kolb_err err;
	f->tmp = tu_tmpdir();
	f->data = kolb_xasprintf("%s/data", f->tmp);
	f->out = kolb_xasprintf("%s/out", f->tmp);
	mkdir(f->data, 0700);
	mkdir(f->out, 0700);
	char *dbp = kolb_xasprintf("%s/kolb.db", f->data);
	char *arc = kolb_xasprintf("%s/s.tar.gz", f->tmp);
	if (db_open(dbp, &f->db, &err) != 0 || pack_build(SAMPLE_PACK, arc, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	struct pack_install_info info;
	if (pack_install(f->db, f->data, arc, NULL, &info, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	free(dbp);
	free(arc);
	f->now = clock_wall();
	if (issuer_init(f->db, f->data, ORG, "https://example.org", "VN", false, &f->is, &err) != 0
	    || issuer_load(f->db, f->data, true, &f->is, &err) != 0)
		fail_msg("%s", err.msg);
	f->sid = new_session(f, "vi");
	f->adult = person(f, f->sid, ADULT, 0);
	f->minor = person(f, f->sid, MINOR, 1);
	f->late = person(f, f->sid, LATE, 0);
	complete(f, f->sid, f->adult);
	complete(f, f->sid, f->minor);
	if (attendance_set(f->db, f->late, 1, true, 0, &err) != 0)
		fail_msg("%s", err.msg);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	issuer_clear(&f->is);
	db_close(f->db);
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f->data);
	free(f->out);
	free(f);
	/* As kolb does after printing; the next test's prints load everything again. */
	certprint_release();
	return 0;
}

/* The bytes of a file ("" when missing). Caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	if (fs_read_file(path, 64 * 1024 * 1024, &buf, &n, NULL) != 0) {
		buf = kolb_xstrdup("");
		n = 0;
	}
	if (len)
		*len = n;
	return buf;
}

/* Occurrences of needle in a buffer that may hold NUL bytes. */
static size_t
count_in(const char *buf, size_t len, const char *needle)
{
	size_t k = strlen(needle), n = 0;
	for (const char *p = buf; len >= k && p <= buf + len - k;) {
		const char *hit = memmem(p, (size_t)(buf + len - p), needle, k);
		if (hit == NULL)
			break;
		n++;
		p = hit + k;
	}
	return n;
}

/* Pages of a PDF written by cairo: "/Type /Page" not followed by "s". */
static size_t
pdf_pages(const char *path)
{
	size_t len;
	char *b = slurp(path, &len);
	size_t n = count_in(b, len, "/Type /Page") - count_in(b, len, "/Type /Pages");
	free(b);
	return n;
}

static size_t
pdf_count(const char *path, const char *needle)
{
	size_t len;
	char *b = slurp(path, &len);
	size_t n = count_in(b, len, needle);
	free(b);
	return n;
}

static void
test_record_number(void **state)
{
	(void)state;
	char n[9];
	certprint_record_number("urn:uuid:a20b39f7-2adf-4ac2-a9c4-45af1bc48ae2", n);
	assert_string_equal(n, "A20B39F7");
	certprint_record_number("7881b198-7095-4421-99ba-91fd7421e692", n);
	assert_string_equal(n, "7881B198");
	certprint_record_number("urn:uuid:xyz", n);
	assert_string_equal(n, "");
	certprint_record_number("urn:uuid:a20b39", n);
	assert_string_equal(n, "");
	certprint_record_number(NULL, n);
	assert_string_equal(n, "");
}

static void
test_sizes(void **state)
{
	(void)state;
	enum certprint_size s;
	assert_true(certprint_parse_size("A4", &s));
	assert_int_equal(s, CERTPRINT_A4);
	assert_true(certprint_parse_size("a5", &s));
	assert_int_equal(s, CERTPRINT_A5);
	assert_false(certprint_parse_size("A3", &s));
	assert_false(certprint_parse_size("", &s));
	assert_false(certprint_parse_size("A44", &s));
	assert_false(certprint_parse_size(NULL, &s));
	double w, h;
	certprint_paper(CERTPRINT_A4, &w, &h);
	assert_true(w > 595.27 && w < 595.28 && h > 841.88 && h < 841.90);
	certprint_paper(CERTPRINT_A5, &w, &h);
	assert_true(w > 419.52 && w < 419.53 && h > 595.27 && h < 595.28);
}

static void
test_qr_version(void **state)
{
	(void)state;
	struct kolb_err err;
	int v = 0;
	assert_int_equal(certprint_qr_version("KOLB1:ABC", &v, &err), 0);
	assert_int_equal(v, 1);
	/* Exactly what version 40 holds at level M in alphanumeric mode, then one more. */
	char *big = kolb_xmalloc(COMPACT_QR_40M_CHARS + 2);
	static const char an[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
	for (int i = 0; i < COMPACT_QR_40M_CHARS + 1; i++)
		big[i] = an[(i * 7 + i / 45) % 45];
	big[COMPACT_QR_40M_CHARS] = '\0';
	assert_int_equal(certprint_qr_version(big, &v, &err), 0);
	assert_int_equal(v, 40);
	big[COMPACT_QR_40M_CHARS] = 'X';
	big[COMPACT_QR_40M_CHARS + 1] = '\0';
	v = 0;
	assert_int_equal(certprint_qr_version(big, &v, &err), -1);
	assert_int_equal(v, 0);
	assert_non_null(strstr(err.msg, "too large for a QR code: 3392 characters"));
	assert_non_null(strstr(err.msg, "error correction M"));
	free(big);
}

static void
test_missing_session(void **state)
{
	struct fx *f = *state;
	char *pdf = kolb_xasprintf("%s/c.pdf", f->out);
	struct certprint_opts o = {.output = pdf};
	struct certprint_result r;
	struct kolb_err err;
	assert_int_equal(certprint_session(f->db, f->data, 999, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "999"));
	assert_int_equal(certprint_class_list(f->db, f->data, 999, &o, &r, &err), -1);
	assert_int_equal(r.pages, 0);
	assert_int_equal(tu_count(f->out), 0);
	free(pdf);
}

static void
test_no_records(void **state)
{
	struct fx *f = *state;
	char *pdf = kolb_xasprintf("%s/c.pdf", f->out);
	struct certprint_opts o = {.output = pdf};
	struct certprint_result r;
	struct kolb_err err;
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "has no completion records to print"));
	assert_null(strchr(err.msg, '\n'));
	assert_int_equal(r.printed, 0);
	assert_int_equal(tu_count(f->out), 0);
	free(pdf);
}

static void
test_print_a4(void **state)
{
	struct fx *f = *state;
	issue(f, f->sid);
	char *pdf = kolb_xasprintf("%s/certificates.pdf", f->out);
	struct certprint_opts o = {.output = pdf, .size = CERTPRINT_A4};
	struct certprint_result r;
	struct kolb_err err;
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.printed, 2);
	assert_int_equal(r.pages, 2);
	assert_int_equal(r.revoked, 0);
	assert_int_equal(r.without_record, 1);
	assert_true(r.qr_version >= 20 && r.qr_version <= 40);
	assert_false(r.logo_unreadable);
	size_t len;
	char *b = slurp(pdf, &len);
	assert_true(len > 10000);
	assert_memory_equal(b, "%PDF-", 5);
	free(b);
	assert_int_equal(pdf_pages(pdf), 2);
	assert_int_equal(pdf_count(pdf, "/MediaBox [ 0 0 595.275591 841.889764 ]"), 2);
	/* Noto fonts embedded (subsets), no image without a logo. */
	assert_true(pdf_count(pdf, "NotoSerif-Bold") > 0);
	assert_true(pdf_count(pdf, "NotoSans-Regular") > 0);
	assert_int_equal(pdf_count(pdf, "/Subtype /Image"), 0);
	struct stat st;
	assert_int_equal(stat(pdf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* Only the PDF: no temporary file left beside it. */
	assert_int_equal(tu_count(f->out), 1);
	free(pdf);
}

static void
test_print_a5_one_participant(void **state)
{
	struct fx *f = *state;
	issue(f, f->sid);
	char *pdf = kolb_xasprintf("%s/one.pdf", f->out);
	struct certprint_opts o = {.output = pdf, .size = CERTPRINT_A5,
	    .participant_id = f->minor};
	struct certprint_result r;
	struct kolb_err err;
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.printed, 1);
	assert_int_equal(pdf_pages(pdf), 1);
	assert_int_equal(pdf_count(pdf, "/MediaBox [ 0 0 419.527559 595.275591 ]"), 1);
	assert_int_equal(pdf_count(pdf, "841.889764"), 0);
	/* Someone without a record, someone from no session. */
	o.participant_id = f->late;
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "has no completion record in session"));
	o.participant_id = 424242;
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "participant 424242"));
	assert_int_equal(tu_count(f->out), 1);
	free(pdf);
}

static void
test_revoked_not_printed(void **state)
{
	struct fx *f = *state;
	issue(f, f->sid);
	struct kolb_err err;
	if (cred_revoke(f->db, f->sid, f->minor, "cấp nhầm", &err) != 0)
		fail_msg("%s", err.msg);
	char *pdf = kolb_xasprintf("%s/c.pdf", f->out);
	struct certprint_opts o = {.output = pdf};
	struct certprint_result r;
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.printed, 1);
	assert_int_equal(r.revoked, 1);
	assert_int_equal(pdf_pages(pdf), 1);
	o.participant_id = f->minor;
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "is revoked: it is not printed"));
	o.participant_id = 0;
	if (cred_revoke(f->db, f->sid, f->adult, "cấp nhầm", &err) != 0)
		fail_msg("%s", err.msg);
	unlink(pdf);
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "every record of session"));
	assert_int_equal(r.revoked, 2);
	assert_int_equal(tu_count(f->out), 0);
	free(pdf);
}

static void
rename_to(struct fx *f, long long pid, const char *name)
{
	struct participant_fields pf = PARTICIPANT_FIELDS_UNCHANGED;
	pf.name = name;
	struct kolb_err err;
	if (participant_update(f->db, pid, &pf, 0, &err) != 0)
		fail_msg("%s", err.msg);
}

/* A name corrected at the closing circle: the record signed with the old name is left
 * out, and the message says what to do; once it is revoked and issued again, the new
 * record is printed, and the participant counts neither as revoked nor as renamed. */
static void
test_renamed_then_reissued(void **state)
{
	struct fx *f = *state;
	issue(f, f->sid);
	rename_to(f, f->adult, "Nguyễn Thị Hoà Bình");
	char *pdf = kolb_xasprintf("%s/c.pdf", f->out);
	struct certprint_opts o = {.output = pdf};
	struct certprint_result r;
	struct kolb_err err;
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.printed, 1);
	assert_int_equal(r.name_changed, 1);
	assert_int_equal(r.renamed_participant, f->adult);
	assert_int_equal(r.revoked, 0);
	o.participant_id = f->adult;
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	char *want = kolb_xasprintf("name was changed after the record was issued, so a printed "
	    "certificate would not match its QR code; nothing printed: revoke the record "
	    "(`kolb records revoke %lld %lld --reason ...`), then `kolb records issue %lld "
	    "--replace %lld`", f->sid, f->adult, f->sid, f->adult);
	if (strstr(err.msg, want) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
	free(want);
	assert_null(strchr(err.msg, '\n'));
	/* both renamed: one message for all */
	rename_to(f, f->minor, "Lò Thị Tiến");
	o.participant_id = 0;
	unlink(pdf);
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_int_equal(r.name_changed, 2);
	assert_non_null(strstr(err.msg, "revoke each record (`kolb records revoke"));
	assert_int_equal(tu_count(f->out), 0);
	rename_to(f, f->minor, MINOR);

	/* revoked, issued again with the corrected name: printed */
	if (cred_revoke(f->db, f->sid, f->adult, "sửa tên", &err) != 0)
		fail_msg("%s", err.msg);
	issue_replacing(f, f->sid, &f->adult, 1);
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.printed, 2);
	assert_int_equal(r.pages, 2);
	assert_int_equal(r.name_changed, 0);
	assert_int_equal(r.renamed_participant, 0);
	assert_int_equal(r.revoked, 0);
	assert_int_equal(r.without_record, 1);
	o.participant_id = f->adult;
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.printed, 1);
	assert_int_equal(pdf_pages(pdf), 1);
	/* the class list: she has completed (the new record), nobody is revoked */
	o.participant_id = 0;
	if (certprint_class_list(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.revoked, 0);
	assert_int_equal(r.without_record, 1);
	/* revoked again and not issued again: now she counts as revoked */
	if (cred_revoke(f->db, f->sid, f->adult, "lần hai", &err) != 0)
		fail_msg("%s", err.msg);
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.printed, 1);
	assert_int_equal(r.revoked, 1);
	assert_int_equal(r.without_record, 1);
	o.participant_id = f->adult;
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "is revoked: it is not printed"));
	assert_int_equal(r.revoked, 1);
	o.participant_id = 0;
	if (certprint_class_list(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.revoked, 1);
	assert_int_equal(r.without_record, 1);
	assert_int_equal(tu_count(f->out), 1);
	free(pdf);
}

static void
test_unwritable(void **state)
{
	struct fx *f = *state;
	issue(f, f->sid);
	struct certprint_result r;
	struct kolb_err err;
	/* A folder that does not exist. */
	char *p1 = kolb_xasprintf("%s/missing/c.pdf", f->out);
	struct certprint_opts o = {.output = p1};
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "cannot write"));
	assert_non_null(strstr(err.msg, "missing/c.pdf"));
	/* A file where a folder should be. */
	char *file = kolb_xasprintf("%s/file", f->out);
	tu_write(file, "x");
	char *p2 = kolb_xasprintf("%s/c.pdf", file);
	o.output = p2;
	assert_int_equal(certprint_class_list(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, strerror(ENOTDIR)));
	/* A folder at the target: left as it is. */
	char *dir = kolb_xasprintf("%s/folder.pdf", f->out);
	mkdir(dir, 0700);
	o.output = dir;
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "is a folder"));
	char *slash = kolb_xasprintf("%s/", f->out);
	o.output = slash;
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	o.output = "";
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	/* Nothing but what was there. */
	assert_int_equal(tu_count(f->out), 2);
	assert_int_equal(tu_count(dir), 0);
	/* A folder without write permission (only meaningful when not root). */
	if (geteuid() != 0) {
		char *ro = kolb_xasprintf("%s/ro", f->out);
		mkdir(ro, 0500);
		char *p3 = kolb_xasprintf("%s/c.pdf", ro);
		o.output = p3;
		assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
		assert_non_null(strstr(err.msg, strerror(EACCES)));
		assert_int_equal(tu_count(ro), 0);
		chmod(ro, 0700);
		free(p3);
		free(ro);
	}
	free(p1);
	free(p2);
	free(file);
	free(dir);
	free(slash);
}

static void
test_replaced_whole(void **state)
{
	struct fx *f = *state;
	issue(f, f->sid);
	char *pdf = kolb_xasprintf("%s/c.pdf", f->out);
	tu_write(pdf, "an older print");
	struct certprint_opts o = {.output = pdf, .participant_id = f->late};
	struct certprint_result r;
	struct kolb_err err;
	/* A refused print leaves the old file as it was. */
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	char *b = slurp(pdf, NULL);
	assert_string_equal(b, "an older print");
	free(b);
	/* A successful one replaces it whole. */
	o.participant_id = 0;
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	size_t len;
	b = slurp(pdf, &len);
	assert_memory_equal(b, "%PDF-", 5);
	assert_non_null(memmem(b, len, "%%EOF", 5));
	free(b);
	assert_int_equal(tu_count(f->out), 1);
	free(pdf);
}

/* A disk that fills up while the PDF is written, or a failure just before the rename:
 * an error, the old file untouched, no temporary file. */
static void
test_write_fails(void **state)
{
	struct fx *f = *state;
	issue(f, f->sid);
	char *pdf = kolb_xasprintf("%s/c.pdf", f->out);
	tu_write(pdf, "an older print");
	struct certprint_opts o = {.output = pdf};
	struct certprint_result r;
	struct kolb_err err;
	fault_set("certprint.write", 3);
	assert_int_equal(certprint_session(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, strerror(ENOSPC)));
	assert_int_equal(r.printed, 0);
	char *b = slurp(pdf, NULL);
	assert_string_equal(b, "an older print");
	free(b);
	assert_int_equal(tu_count(f->out), 1);
	fault_set("certprint.before-rename", 1);
	assert_int_equal(certprint_class_list(f->db, f->data, f->sid, &o, &r, &err), -1);
	assert_non_null(strstr(err.msg, "cannot write"));
	b = slurp(pdf, NULL);
	assert_string_equal(b, "an older print");
	free(b);
	assert_int_equal(tu_count(f->out), 1);
	fault_set(NULL, 0);
	/* And then it works. */
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(pdf_pages(pdf), 2);
	free(pdf);
}

static void
test_class_list(void **state)
{
	struct fx *f = *state;
	char *pdf = kolb_xasprintf("%s/list.pdf", f->out);
	struct certprint_opts o = {.output = pdf, .size = CERTPRINT_A5, .participant_id = 12};
	struct certprint_result r;
	struct kolb_err err;
	/* Before any record: everyone listed, nobody with a record. */
	if (certprint_class_list(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.pages, 1);
	assert_int_equal(r.without_record, 3);
	assert_int_equal(r.revoked, 0);
	assert_int_equal(r.qr_version, 0);
	assert_int_equal(pdf_pages(pdf), 1);
	/* Always A4, whatever the certificates' size. */
	assert_int_equal(pdf_count(pdf, "/MediaBox [ 0 0 595.275591 841.889764 ]"), 1);
	issue(f, f->sid);
	if (cred_revoke(f->db, f->sid, f->minor, "cấp nhầm", &err) != 0)
		fail_msg("%s", err.msg);
	if (certprint_class_list(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.pages, 1);
	assert_int_equal(r.without_record, 1);
	assert_int_equal(r.revoked, 1);
	assert_int_equal(tu_count(f->out), 1);
	free(pdf);
}

/* 40 participants fit on one page; 120 continue on more, every row drawn. */
static void
test_class_list_long(void **state)
{
	struct fx *f = *state;
	long long sid = new_session(f, "en");
	char name[64];
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof name, "Hoàng Thị Ngọc Ánh %d", i + 1);
		long long pid = person(f, sid, name, i % 3 == 0);
		if (i % 2 == 0)
			complete(f, sid, pid);
	}
	issue(f, sid);
	char *pdf = kolb_xasprintf("%s/list.pdf", f->out);
	struct certprint_opts o = {.output = pdf};
	struct certprint_result r;
	struct kolb_err err;
	if (certprint_class_list(f->db, f->data, sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.pages, 1);
	assert_int_equal(r.without_record, 20);
	assert_int_equal(pdf_pages(pdf), 1);
	for (int i = 40; i < 120; i++) {
		snprintf(name, sizeof name, "Hoàng Thị Ngọc Ánh %d", i + 1);
		person(f, sid, name, 0);
	}
	if (certprint_class_list(f->db, f->data, sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(r.pages >= 2 && r.pages <= 8);
	assert_int_equal(pdf_pages(pdf), r.pages);
	/* The certificates of that session: 20, one per page. */
	o.output = pdf;
	if (certprint_session(f->db, f->data, sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.printed, 20);
	assert_int_equal(r.without_record, 100);
	assert_int_equal(pdf_pages(pdf), 20);
	free(pdf);
}

static void
test_default_path(void **state)
{
	struct fx *f = *state;
	char *p = NULL;
	struct kolb_err err;
	assert_int_equal(certprint_default_path(f->data, 7, "certificates", &p, &err), 0);
	char *want = kolb_xasprintf("%s/print/session-7-certificates.pdf", f->data);
	assert_string_equal(p, want);
	struct stat st;
	char *dir = kolb_xasprintf("%s/print", f->data);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	free(p);
	free(want);
	free(dir);
}

/* A PNG of w x h pixels made with cairo, in memory. */
struct png_buf {
	unsigned char *p;
	size_t len;
};

static cairo_status_t
png_put(void *closure, const unsigned char *data, unsigned int len)
{
	struct png_buf *b = closure;
	b->p = kolb_xrealloc(b->p, b->len + len);
	memcpy(b->p + b->len, data, len);
	b->len += len;
	return CAIRO_STATUS_SUCCESS;
}

static struct png_buf
make_png(int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.1, 0.3, 0.6);
	cairo_arc(cr, w / 2.0, h / 2.0, (w < h ? w : h) / 2.5, 0, 6.2832);
	cairo_fill(cr);
	cairo_destroy(cr);
	struct png_buf b = {0};
	assert_int_equal(cairo_surface_write_to_png_stream(s, png_put, &b), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	return b;
}

static void
write_bytes(const char *path, const void *p, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, len, fp), len);
	fclose(fp);
}

static void
test_logo_check(void **state)
{
	(void)state;
	struct kolb_err err;
	int w = 0, h = 0;
	struct png_buf b = make_png(120, 60);
	assert_int_equal(issuer_logo_check(b.p, b.len, &w, &h, &err), 0);
	assert_int_equal(w, 120);
	assert_int_equal(h, 60);
	/* Truncated: the header is fine, the image data is not there. */
	assert_int_equal(issuer_logo_check(b.p, 40, &w, &h, &err), -1);
	assert_non_null(strstr(err.msg, "not a readable PNG"));
	/* A header claiming 5000 x 10 pixels is refused before anything is decoded. */
	unsigned char *big = kolb_xmalloc(b.len);
	memcpy(big, b.p, b.len);
	big[16] = 0;
	big[17] = 0;
	big[18] = 0x13;
	big[19] = 0x88;
	assert_int_equal(issuer_logo_check(big, b.len, &w, &h, &err), -1);
	assert_non_null(strstr(err.msg, "5000 x 60 pixels"));
	big[18] = big[19] = 0;
	assert_int_equal(issuer_logo_check(big, b.len, &w, &h, &err), -1);
	free(big);
	/* Not a PNG at all; a JPEG's start; empty. */
	const char *text = "this is not an image, although the file is called logo.png";
	assert_int_equal(issuer_logo_check((const unsigned char *)text, strlen(text), NULL, NULL,
	    &err), -1);
	assert_non_null(strstr(err.msg, "not a PNG"));
	static const unsigned char jpeg[40] = {0xff, 0xd8, 0xff, 0xe0};
	assert_int_equal(issuer_logo_check(jpeg, sizeof jpeg, NULL, NULL, &err), -1);
	assert_int_equal(issuer_logo_check(b.p, 0, NULL, NULL, &err), -1);
	/* More than 2 MiB. */
	assert_int_equal(issuer_logo_check(b.p, ISSUER_LOGO_MAX_BYTES + 1, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "larger than 2 MiB"));
	free(b.p);
}

static void
test_logo_printed(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	issue(f, f->sid);
	assert_null(issuer_logo_path(f->data));
	char *src = kolb_xasprintf("%s/logo.png", f->tmp);
	struct png_buf b = make_png(300, 150);
	write_bytes(src, b.p, b.len);
	int w, h;
	if (issuer_logo_set(f->data, src, &w, &h, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(w, 300);
	assert_int_equal(h, 150);
	char *logo = issuer_logo_path(f->data);
	assert_non_null(logo);
	size_t len;
	char *copy = slurp(logo, &len);
	assert_int_equal(len, b.len);
	assert_memory_equal(copy, b.p, len);
	free(copy);
	struct stat st;
	assert_int_equal(stat(logo, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	char *pdf = kolb_xasprintf("%s/c.pdf", f->out);
	struct certprint_opts o = {.output = pdf};
	struct certprint_result r;
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_false(r.logo_unreadable);
	/* One image, drawn on both pages (cairo writes it once). */
	assert_true(pdf_count(pdf, "/Subtype /Image") >= 1);
	if (certprint_class_list(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(pdf_count(pdf, "/Subtype /Image") >= 1);

	/* A text file is refused and the logo stays. */
	char *bad = kolb_xasprintf("%s/bad.png", f->tmp);
	tu_write(bad, "not a png");
	assert_int_equal(issuer_logo_set(f->data, bad, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "not a PNG"));
	copy = slurp(logo, &len);
	assert_int_equal(len, b.len);
	free(copy);
	/* A missing file. */
	char *none = kolb_xasprintf("%s/none.png", f->tmp);
	assert_int_equal(issuer_logo_set(f->data, none, NULL, NULL, &err), -1);

	/* A logo damaged after it was saved: printed without it, and said so. */
	tu_write(logo, "\x89PNG damaged");
	if (certprint_session(f->db, f->data, f->sid, &o, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(r.logo_unreadable);
	assert_int_equal(pdf_count(pdf, "/Subtype /Image"), 0);

	assert_int_equal(issuer_logo_remove(f->data, &err), 1);
	assert_null(issuer_logo_path(f->data));
	assert_int_equal(issuer_logo_remove(f->data, &err), 0);
	free(b.p);
	free(src);
	free(logo);
	free(pdf);
	free(bad);
	free(none);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_number),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_qr_version),
		cmocka_unit_test(test_logo_check),
		cmocka_unit_test_setup_teardown(test_missing_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_a4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_a5_one_participant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revoked_not_printed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renamed_then_reissued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_class_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_class_list_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_logo_printed, setup, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	certprint_release();
	return failed;
}
