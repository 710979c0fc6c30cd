/* Unit tests: the issuer and its key, trusted issuers, the clock check before signing,
 * issuing completion records over a real session (completion rules, idempotence, names
 * of minors), verifying them (trusted, unknown issuer, every kind of tampering and
 * hostile input), revocation, Vietnamese text through signing and verification, and
 * matching a name printed on paper against a record (cred_match_name). */
#include <fcntl.h>
#include <sodium.h>
#include <time.h>

#include "assess.h"
#include "clock.h"
#include "compact.h"
#include "cred.h"
#include "entry.h"
#include "fsutil.h"
#include "issuer.h"
#include "multibase.h"
#include "pack.h"
#include "participant.h"
#include "proof.h"
#include "session.h"
#include "testutil.h"

#define ORG "Trung tâm Hỗ trợ Phát triển Cộng đồng Lào Cai"
#define ORG_URL "https://example.org/lao-cai"
#define TITLE_VI "Hoàn thành: Rửa tay bằng xà phòng"
#define SIX_VI "Làm đúng sáu bước rửa tay bằng xà phòng trong ít nhất 20 giây."
#define ADULT "Giàng Thị Su"
#define MINOR "Vàng Thị Mỷ"
#define LATE "Hoàng Văn Dũng"
#define CTX_VC "https://www.w3.org/ns/credentials/v2"
#define CTX_OB "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

struct fx {
	char *tmp, *data, *keyfile;
	struct db *db;
	long long sid;
	struct issuer is;
	long long adult, minor, late;
	time_t now;
	struct cred_batch batch; /* from issue_all(); freed by teardown */
};

/* Today's date on this computer's clock, as the facilitator would confirm it. */
static void
local_date(time_t t, char out[16])
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static int
setup_bare(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	struct kolb_err err;
	f->tmp = tu_tmpdir();
	f->data = kolb_xasprintf("%s/data", f->tmp);
	f->keyfile = kolb_xasprintf("%s/issuer.key", f->data);
	mkdir(f->data, 0700);
	char *dbp = kolb_xasprintf("%s/kolb.db", f->data);
	char *arc = kolb_xasprintf("%s/s.tar.gz", f->tmp);
	if (db_open(dbp, &f->db, &err) != 0 || pack_build(SAMPLE_PACK, arc, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	struct pack_install_info info;
	if (pack_install(f->db, f->data, arc, NULL, &info, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	/* The workshop ended yesterday: two days, in Vietnamese (the pack's default). */
	f->now = clock_wall();
	char start[16];
	local_date(f->now - 2 * 86400, start);
	const char *facs[] = {"Trần Hồng Điệp"};
	struct session_new sn = {.pack_id = "sample-handwashing", .title = "Lớp cha mẹ, Tả Van",
	    .province = "Lào Cai", .commune = "Tả Van", .village = "Bản Giàng Tả Chải",
	    .start_date = start, .days = 2, .facilitators = facs, .nfacilitators = 1};
	if (session_create(f->db, &sn, &f->sid, &err) != 0)
		fail_msg("%s", err.msg);
	free(dbp);
	free(arc);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	cred_batch_free(&f->batch);
	issuer_clear(&f->is);
	db_close(f->db);
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f->data);
	free(f->keyfile);
	free(f);
	return 0;
}

static long long
count(struct fx *f, const char *sql)
{
	struct db_stmt *st;
	long long n = -1;
	assert_int_equal(db_prepare(f->db, sql, &st, NULL), 0);
	if (db_step(st, NULL) == 1)
		n = db_col_int(st, 0);
	db_finalize(st);
	return n;
}

static long long
person(struct fx *f, const char *name, const char *age_group, int minor, int share)
{
	struct participant_fields pf = {.name = name, .gender = "female", .age_group = age_group,
	    .role = "parent", .consent = "given", .consent_by = minor ? "Giàng A Pao" : "self",
	    .is_minor = minor, .share_name = share};
	long long id;
	struct kolb_err err;
	if (participant_add(f->db, f->sid, &pf, 0, &id, &err) != 0)
		fail_msg("%s", err.msg);
	return id;
}

static void
present(struct fx *f, long long pid, int day)
{
	struct kolb_err err;
	if (attendance_set(f->db, pid, day, true, 0, &err) != 0)
		fail_msg("%s", err.msg);
}

static void
say(struct fx *f, long long pid, enum entry_kind kind, const char *prompt, const char *body)
{
	struct entry_key k = {.session_id = f->sid, .participant_id = pid, .kind = kind,
	    .prompt_id = prompt, .group_name = ""};
	struct kolb_err err;
	if (entry_save(f->db, &k, body, NULL, 0, NULL, &err) != 0)
		fail_msg("%s", err.msg);
}

static void
assess(struct fx *f, long long pid, const char *outcome, enum assess_status st)
{
	struct kolb_err err;
	if (assess_set(f->db, f->sid, pid, outcome, st, 0, &err) != 0)
		fail_msg("%s", err.msg);
}

/* Everything the sample pack asks for: both days, a reflection, a plan, six steps met. */
static void
complete(struct fx *f, long long pid)
{
	present(f, pid, 1);
	present(f, pid, 2);
	say(f, pid, ENTRY_REFLECTION, "what-happened", "Bột màu dính sang tay bạn, rửa nước không sạch.");
	say(f, pid, ENTRY_ACTION_PLAN, "i-will", "Em sẽ rửa tay bằng xà phòng trước khi ăn.");
	assess(f, pid, "six-steps", ASSESS_MET);
}

/* An issuer, and three participants: a complete adult who shares her name, a complete
 * minor (whose guardian even ticked "share name": a minor's name never goes out), and
 * an adult who missed the second day and has no plan. */
static int
setup(void **state)
{
	setup_bare(state);
	struct fx *f = *state;
	struct kolb_err err;
	if (issuer_init(f->db, f->data, ORG, ORG_URL, "VN", false, &f->is, &err) != 0 ||
	    issuer_load(f->db, f->data, true, &f->is, &err) != 0)
		fail_msg("%s", err.msg);
	f->adult = person(f, ADULT, "adult", 0, 1);
	f->minor = person(f, MINOR, "child", 1, 1);
	f->late = person(f, LATE, "adult", 0, 1);
	complete(f, f->adult);
	complete(f, f->minor);
	present(f, f->late, 1);
	say(f, f->late, ENTRY_REFLECTION, "feelings", "Tôi thấy lo.");
	assess(f, f->late, "six-steps", ASSESS_NOT_YET);
	return 0;
}

/* Issue the session's records, replacing the revoked records of replace[0..n). */
static void
issue_replacing(struct fx *f, const long long *replace, size_t n)
{
	struct kolb_err err;
	cred_batch_free(&f->batch);
	if (cred_issue_session(f->db, f->data, f->sid, &f->is, f->now, replace, n, &f->batch,
	    &err) != 0)
		fail_msg("%s", err.msg);
}

static void
issue_all(struct fx *f)
{
	issue_replacing(f, NULL, 0);
}

/* The refusal of participant pid in the last batch, or a failure. */
static const struct cred_refused *
refused_to(const struct cred_batch *b, long long pid)
{
	for (size_t i = 0; i < b->nrefused; i++)
		if (b->refused[i].participant_id == pid)
			return &b->refused[i];
	fail_msg("participant %lld was not refused", pid);
	return NULL;
}

static const struct cred_issued *
issued_to(const struct cred_batch *b, long long pid)
{
	for (size_t i = 0; i < b->nissued; i++)
		if (b->issued[i].participant_id == pid)
			return &b->issued[i];
	fail_msg("no record issued to participant %lld", pid);
	return NULL;
}

static json_t *
parse(const char *doc)
{
	json_error_t je;
	json_t *v = json_loads(doc, JSON_REJECT_DUPLICATES, &je);
	if (v == NULL)
		fail_msg("stored record is not JSON: %s", je.text);
	return v;
}

static char *
dump(const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_non_null(s);
	return s;
}

/* s with the first occurrence of from (which must be there) replaced by to. Caller frees. */
static char *
replace1(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	if (at == NULL)
		fail_msg("\"%s\" not found in the record", from);
	return kolb_xasprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

/* The document without its proof, changed by fn (may be NULL), signed again with sk/vm. */
static char *
resign(const char *doc, void (*fn)(json_t *, const void *), const void *arg,
    const unsigned char *sk, const char *vm)
{
	json_t *d = parse(doc);
	char created[21];
	snprintf(created, sizeof created, "%s", json_string_value(json_object_get(
	    json_object_get(d, "proof"), "created")));
	json_object_del(d, "proof");
	if (fn)
		fn(d, arg);
	json_t *s;
	struct kolb_err err;
	if (proof_sign(d, sk, vm, created, &s, &err) != 0)
		fail_msg("%s", err.msg);
	char *out = dump(s);
	json_decref(s);
	json_decref(d);
	return out;
}

static void
set_valid_from(json_t *d, const void *arg)
{
	json_object_set_new(d, "validFrom", json_string(arg));
}

static void
set_issuer_id(json_t *d, const void *arg)
{
	json_object_set_new(json_object_get(d, "issuer"), "id", json_string(arg));
}

/* cred_verify must say invalid, with a reason containing want (when not NULL). */
static void
expect_invalid_n(struct fx *f, const char *what, const char *doc, size_t len, const char *want)
{
	struct cred_check c;
	memset(&c, 0x5a, sizeof c); /* cred_verify must overwrite all of it */
	cred_verify(f->db, doc, len, &c);
	if (c.verdict != CRED_INVALID)
		fail_msg("%s: verdict %d, wanted invalid", what, (int)c.verdict);
	if (c.reason[0] == '\0' || memchr(c.reason, '\0', sizeof c.reason) == NULL)
		fail_msg("%s: no reason given", what);
	if (want != NULL && strstr(c.reason, want) == NULL)
		fail_msg("%s: reason \"%s\" lacks \"%s\"", what, c.reason, want);
	/* the same verdict without a database */
	cred_verify(NULL, doc, len, &c);
	if (c.verdict != CRED_INVALID)
		fail_msg("%s: verdict %d without a database, wanted invalid", what, (int)c.verdict);
}

static void
expect_invalid(struct fx *f, const char *what, const char *doc, const char *want)
{
	expect_invalid_n(f, what, doc, strlen(doc), want);
}

static enum cred_verdict
verdict(struct db *db, const char *doc, struct cred_check *c)
{
	cred_verify(db, doc, strlen(doc), c);
	if (c->verdict == CRED_INVALID)
		print_message("  invalid: %s\n", c->reason);
	return c->verdict;
}

/* ---------------------------------------------------------------- issuer and keys */

static void
test_issuer_init_and_load(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct issuer is;
	/* nothing yet: a hint to run `kolb issuer init` */
	assert_int_equal(issuer_load(f->db, f->data, false, &is, &err), -1);
	assert_non_null(strstr(err.msg, "kolb issuer init"));
	assert_int_equal(issuer_load(f->db, f->data, true, &is, &err), -1);
	assert_false(is.has_key);

	/* bad profiles are refused, and leave no key behind */
	assert_int_equal(issuer_init(f->db, f->data, "", ORG_URL, "VN", false, &is, &err), -1);
	assert_int_equal(issuer_init(f->db, f->data, ORG, ORG_URL, "vn", false, &is, &err), -1);
	assert_non_null(strstr(err.msg, "ISO"));
	assert_int_equal(issuer_init(f->db, f->data, ORG, ORG_URL, "VNM", false, &is, &err), -1);
	assert_int_equal(issuer_init(f->db, f->data, ORG, ORG_URL, NULL, false, &is, &err), -1);
	assert_int_equal(issuer_init(f->db, f->data, ORG, "ftp://example.org", "VN", false, &is,
	    &err), -1);
	assert_int_equal(issuer_init(f->db, f->data, "Tên\ncó xuống dòng", NULL, "VN", false, &is,
	    &err), -1);
	assert_int_equal(issuer_init(f->db, f->data, "\xff\xfe", NULL, "VN", false, &is, &err), -1);
	struct stat st;
	assert_int_equal(stat(f->keyfile, &st), -1);

	/* a new issuer */
	if (issuer_init(f->db, f->data, ORG, ORG_URL, "VN", false, &is, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(is.name, ORG);
	assert_string_equal(is.url, ORG_URL);
	assert_string_equal(is.country, "VN");
	assert_int_equal(strncmp(is.did, "did:key:z6Mk", 12), 0);
	assert_int_equal(strlen(is.did), 56);
	char *vm = kolb_xasprintf("%s#%s", is.did, is.did + 8);
	assert_string_equal(is.vm, vm);
	free(vm);
	assert_int_equal(strlen(is.public_hex), 64);
	unsigned char pk[32], pk_hex[32];
	assert_int_equal(multibase_did_key_decode(is.did, pk, &err), 0);
	assert_int_equal(sodium_hex2bin(pk_hex, 32, is.public_hex, 64, NULL, NULL, NULL), 0);
	assert_memory_equal(pk, pk_hex, 32);
	assert_false(is.has_key);
	/* the key file: owner-only, one line of 64 hex digits, not in the database */
	assert_int_equal(stat(f->keyfile, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	char *key;
	size_t klen;
	assert_int_equal(fs_read_file(f->keyfile, 1000, &key, &klen, &err), 0);
	assert_int_equal(klen, 65);
	assert_int_equal(key[64], '\n');
	assert_int_equal(strspn(key, "0123456789abcdef"), 64);
	char *q = kolb_xasprintf("SELECT count(*) FROM settings WHERE value LIKE '%%%.16s%%'", key);
	assert_int_equal(count(f, q), 0);
	free(q);
	assert_int_equal(count(f, "SELECT count(*) FROM trust"), 1);
	assert_int_equal(trust_lookup(f->db, is.did, NULL, 0), 1);

	/* loaded without the key: the profile only */
	struct issuer l;
	memset(&l, 0x33, sizeof l);
	assert_int_equal(issuer_load(f->db, f->data, false, &l, &err), 0);
	assert_string_equal(l.name, ORG);
	assert_string_equal(l.did, is.did);
	assert_string_equal(l.vm, is.vm);
	assert_string_equal(l.country, "VN");
	assert_false(l.has_key);
	unsigned char zero[64] = {0};
	assert_memory_equal(l.sk, zero, 64);
	/* with the key: it signs for the published public key */
	assert_int_equal(issuer_load(f->db, f->data, true, &l, &err), 0);
	assert_true(l.has_key);
	assert_memory_equal(l.sk + 32, pk, 32);
	unsigned char seed[32];
	assert_int_equal(sodium_hex2bin(seed, 32, key, 64, NULL, NULL, NULL), 0);
	assert_memory_equal(l.sk, seed, 32);
	unsigned char sig[64];
	crypto_sign_detached(sig, NULL, (const unsigned char *)"kolb", 4, l.sk);
	assert_int_equal(crypto_sign_verify_detached(sig, (const unsigned char *)"kolb", 4, pk), 0);
	issuer_clear(&l);
	assert_false(l.has_key);
	assert_memory_equal(l.sk, zero, 64);
	sodium_memzero(seed, sizeof seed);

	/* a second init is refused without --force, and changes nothing */
	struct issuer again;
	assert_int_equal(issuer_init(f->db, f->data, "Tổ chức khác", NULL, "VN", false, &again,
	    &err), -1);
	assert_non_null(strstr(err.msg, "--force"));
	char *key2;
	assert_int_equal(fs_read_file(f->keyfile, 1000, &key2, &klen, &err), 0);
	assert_string_equal(key2, key);
	free(key2);
	assert_int_equal(issuer_load(f->db, f->data, false, &l, &err), 0);
	assert_string_equal(l.did, is.did);
	assert_string_equal(l.name, ORG);
	sodium_memzero(key, strlen(key));
	free(key);
}

static void
test_issuer_force_keeps_old_did_trusted(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	/* a record signed with the first key */
	issue_all(f);
	char *old_doc = kolb_xstrdup(issued_to(&f->batch, f->adult)->document);
	char old_did[128];
	snprintf(old_did, sizeof old_did, "%s", f->is.did);

	/* even when the trust list has lost the old did (an older database), the profile's
	 * did is trusted again when its key is replaced */
	assert_int_equal(db_run(f->db, &err, "DELETE FROM trust"), 0);
	assert_int_equal(trust_lookup(f->db, old_did, NULL, 0), 0);
	struct issuer n;
	if (issuer_init(f->db, f->data, "Trung tâm (khoá mới)", "https://example.org", "VN", true, &n,
	    &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_not_equal(n.did, old_did);
	struct stat st;
	assert_int_equal(stat(f->keyfile, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* both keys are trusted; the profile is the new one */
	assert_int_equal(trust_lookup(f->db, old_did, NULL, 0), 1);
	assert_int_equal(trust_lookup(f->db, n.did, NULL, 0), 1);
	struct issuer l;
	assert_int_equal(issuer_load(f->db, f->data, true, &l, &err), 0);
	assert_string_equal(l.did, n.did);
	assert_string_equal(l.name, "Trung tâm (khoá mới)");
	assert_true(l.has_key);
	/* the old record still verifies as trusted */
	struct cred_check c;
	assert_int_equal(verdict(f->db, old_doc, &c), CRED_VALID_TRUSTED);
	assert_string_equal(c.issuer_did, old_did);
	/* the record already issued is kept; a newcomer gets one from the new key */
	long long hoa = person(f, "Nguyễn Thị Hoa", "adult", 0, 1);
	complete(f, hoa);
	issuer_clear(&f->is);
	f->is = l;
	issuer_clear(&l);
	issue_all(f);
	assert_string_equal(issued_to(&f->batch, f->adult)->document, old_doc);
	assert_false(issued_to(&f->batch, f->adult)->new_record);
	const struct cred_issued *h = issued_to(&f->batch, hoa);
	assert_true(h->new_record);
	assert_int_equal(verdict(f->db, h->document, &c), CRED_VALID_TRUSTED);
	assert_string_equal(c.issuer_did, n.did);
	free(old_doc);
}

static void
test_issuer_key_file_guarded(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct issuer l;
	unsigned char zero[64] = {0};
	/* readable by others (or the group): refused with the fix */
	const mode_t bad[] = {0644, 0640, 0604, 0660};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(chmod(f->keyfile, bad[i]), 0);
		assert_int_equal(issuer_load(f->db, f->data, true, &l, &err), -1);
		assert_non_null(strstr(err.msg, "chmod 600"));
		assert_false(l.has_key);
		assert_memory_equal(l.sk, zero, 64);
		/* the profile alone still loads */
		assert_int_equal(issuer_load(f->db, f->data, false, &l, &err), 0);
	}
	assert_int_equal(chmod(f->keyfile, 0400), 0);
	assert_int_equal(issuer_load(f->db, f->data, true, &l, &err), 0);
	assert_true(l.has_key);
	issuer_clear(&l);

	/* damaged key files */
	char hex64[65];
	memset(hex64, 'a', 64);
	hex64[64] = '\0';
	const char *damaged[] = {"", "\n", "not a key at all\n", "abc\n",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n", /* 63 */
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01\n", /* 66 */
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg\n",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nzz\n"};
	assert_int_equal(chmod(f->keyfile, 0600), 0);
	for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
		unlink(f->keyfile);
		int fd = open(f->keyfile, O_WRONLY | O_CREAT | O_EXCL, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, damaged[i], strlen(damaged[i])), (ssize_t)strlen(damaged[i]));
		close(fd);
		memset(&l, 0x11, sizeof l);
		if (issuer_load(f->db, f->data, true, &l, &err) != -1)
			fail_msg("damaged key file %zu accepted", i);
		assert_non_null(strstr(err.msg, "damaged"));
		assert_false(l.has_key);
		assert_memory_equal(l.sk, zero, 64);
	}
	/* a well-formed key that is not the issuer's */
	unlink(f->keyfile);
	int fd = open(f->keyfile, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, hex64, 64), 64);
	close(fd);
	assert_int_equal(issuer_load(f->db, f->data, true, &l, &err), -1);
	assert_non_null(strstr(err.msg, "does not match"));
	assert_false(l.has_key);
	assert_memory_equal(l.sk, zero, 64);
	/* a symlink to a key is not read */
	char *elsewhere = kolb_xasprintf("%s/elsewhere.key", f->tmp);
	assert_int_equal(rename(f->keyfile, elsewhere), 0);
	assert_int_equal(symlink(elsewhere, f->keyfile), 0);
	assert_int_equal(issuer_load(f->db, f->data, true, &l, &err), -1);
	assert_false(l.has_key);
	/* no key file at all */
	unlink(f->keyfile);
	assert_int_equal(issuer_load(f->db, f->data, true, &l, &err), -1);
	assert_false(l.has_key);
	assert_int_equal(issuer_load(f->db, f->data, false, &l, &err), 0);
	free(elsewhere);
}

static void
test_trust(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	unsigned char pk[32], sk[64];
	crypto_sign_keypair(pk, sk);
	char *did = multibase_did_key(pk);
	char *vm = multibase_verification_method(pk);
	char *trunc = kolb_xasprintf("%.*s", (int)strlen(did) - 1, did);
	char *longer = kolb_xasprintf("%s1", did);
	char *zero = kolb_xstrdup(did);
	zero[20] = '0'; /* not in the base58 alphabet */
	const char *bad[] = {"", "did:key:", "did:key:z", "did:key:abc", "did:web:example.org",
	    "did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc", /* X25519, not Ed25519 */
	    "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", /* secp256k1 */
	    vm, trunc, longer, zero, did + 8, "DID:KEY:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
	    "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2 "};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (trust_add(f->db, bad[i], "x", &err) != -1)
			fail_msg("trust_add accepted \"%s\"", bad[i]);
		assert_non_null(strstr(err.msg, "did:key"));
	}
	assert_int_equal(count(f, "SELECT count(*) FROM trust"), 0);
	assert_int_equal(trust_add(f->db, did, "Sở Giáo dục\x01", &err), -1);
	assert_int_equal(trust_lookup(f->db, did, NULL, 0), 0);

	assert_int_equal(trust_add(f->db, did, "Phòng Giáo dục huyện Sa Pa", &err), 0);
	assert_int_equal(trust_add(f->db,
	    "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", NULL, &err), 0);
	char name[256];
	assert_int_equal(trust_lookup(f->db, did, name, sizeof name), 1);
	assert_string_equal(name, "Phòng Giáo dục huyện Sa Pa");
	/* re-adding renames */
	assert_int_equal(trust_add(f->db, did, "Sở Giáo dục Lào Cai", &err), 0);
	assert_int_equal(trust_lookup(f->db, did, name, sizeof name), 1);
	assert_string_equal(name, "Sở Giáo dục Lào Cai");
	struct trust_entry *list;
	size_t n;
	assert_int_equal(trust_list(f->db, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	bool seen = false;
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strlen(list[i].added_at), 20);
		if (strcmp(list[i].did, did) == 0) {
			assert_string_equal(list[i].name, "Sở Giáo dục Lào Cai");
			seen = true;
		}
	}
	assert_true(seen);
	trust_free(list, n);
	/* a did that differs in one character is not trusted */
	char *other = kolb_xstrdup(did);
	other[strlen(other) - 1] = other[strlen(other) - 1] == 'a' ? 'b' : 'a';
	assert_int_equal(trust_lookup(f->db, other, NULL, 0), 0);
	free(other);
	free(did);
	free(vm);
	free(trunc);
	free(longer);
	free(zero);
}

/* ---------------------------------------------------------------- the clock */

static void
test_check_clock(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	time_t now = clock_wall(), newest = 0;
	char today[16], yesterday[16], tomorrow[16];
	local_date(now, today);
	local_date(now - 86400, yesterday);
	local_date(now + 86400, tomorrow);

	/* the right date, confirmed */
	if (cred_check_clock(f->db, now, today, &newest, &err) != 0)
		fail_msg("%s", err.msg);
	/* the newest known time is the session or pack just saved, not later than now */
	assert_true(newest <= now);
	assert_true(newest >= now - 600);
	/* newest may be NULL */
	assert_int_equal(cred_check_clock(f->db, now, today, NULL, &err), 0);

	/* a clock earlier than the newest record: refused even with its own date confirmed */
	time_t back = now - 3 * 86400;
	char then[16];
	local_date(back, then);
	assert_int_equal(cred_check_clock(f->db, back, then, &newest, &err), -1);
	assert_non_null(strstr(err.msg, "clock"));
	char iso[21];
	clock_iso(newest, iso);
	assert_non_null(strstr(err.msg, iso));
	/* ... a clock that stopped years ago (an empty netbook battery) */
	local_date(0, then);
	assert_int_equal(cred_check_clock(f->db, 0, then, NULL, &err), -1);
	/* ... but a few seconds of difference are tolerated */
	local_date(newest - 60, then);
	assert_int_equal(cred_check_clock(f->db, newest - 60, then, NULL, &err), 0);

	/* no confirmation: refused, with the hint to pass today's date */
	assert_int_equal(cred_check_clock(f->db, now, NULL, NULL, &err), -1);
	char *hint = kolb_xasprintf("--date %s", today);
	assert_non_null(strstr(err.msg, hint));
	assert_int_equal(cred_check_clock(f->db, now, "", NULL, &err), -1);
	assert_non_null(strstr(err.msg, hint));
	free(hint);

	/* a wrong confirmed date: refused, naming both */
	const char *wrong[] = {yesterday, tomorrow, "2000-01-01"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(cred_check_clock(f->db, now, wrong[i], NULL, &err), -1);
		assert_non_null(strstr(err.msg, wrong[i]));
		assert_non_null(strstr(err.msg, today));
	}
	/* malformed confirmations */
	char with_space[20];
	snprintf(with_space, sizeof with_space, "%s ", today);
	const char *bad[] = {"29/11/2026", "2026-2-3", "2026-02-30", "hôm nay", with_space,
	    "2026-11-29T00:00:00Z"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (cred_check_clock(f->db, now, bad[i], NULL, &err) != -1)
			fail_msg("confirmation \"%s\" accepted", bad[i]);

	/* a database that knows nothing: any confirmed clock goes */
	struct db *db2;
	char *d2 = kolb_xasprintf("%s/other", f->tmp);
	char *p2 = kolb_xasprintf("%s/kolb.db", d2);
	mkdir(d2, 0700);
	assert_int_equal(db_open(p2, &db2, &err), 0);
	local_date(1000000000, then); /* 2001 */
	assert_int_equal(cred_check_clock(db2, 1000000000, then, &newest, &err), 0);
	assert_int_equal(newest, 0);
	/* the pack's release date counts: a pack released 2026-11-20, installed (by a
	 * clock that said so) in January: a clock between the two is refused */
	setenv("KOLB_NOW", "2026-01-02T03:04:05Z", 1);
	char *arc = kolb_xasprintf("%s/s.tar.gz", f->tmp);
	struct pack_install_info info;
	int rc = pack_install(db2, d2, arc, NULL, &info, NULL, &err);
	unsetenv("KOLB_NOW");
	if (rc != 0)
		fail_msg("%s", err.msg);
	time_t released, t;
	assert_true(clock_parse("2026-11-20", &released));
	assert_true(clock_parse("2026-11-10T12:00:00Z", &t));
	local_date(t, then);
	assert_int_equal(cred_check_clock(db2, t, then, &newest, &err), -1);
	assert_int_equal(newest, released);
	assert_non_null(strstr(err.msg, "2026-11-20T00:00:00Z"));
	local_date(released + 86400, then);
	assert_int_equal(cred_check_clock(db2, released + 86400, then, NULL, &err), 0);
	db_close(db2);
	free(arc);
	free(p2);
	free(d2);
}

/* ---------------------------------------------------------------- issuing */

static void
test_issue_session(void **state)
{
	struct fx *f = *state;
	issue_all(f);
	struct cred_batch *b = &f->batch;
	assert_int_equal(b->nissued, 2);
	assert_int_equal(b->nrefused, 1);
	/* the one who did not complete, with what is missing */
	assert_int_equal(b->refused[0].participant_id, f->late);
	assert_string_equal(b->refused[0].name, LATE);
	const char *want[] = {"attended 1 of 2 days (needs 100%)", "no action plan recorded",
	    "outcome not yet met: " SIX_VI};
	if (b->refused[0].missing.len != 3)
		tu_print(&b->refused[0].missing);
	assert_int_equal(b->refused[0].missing.len, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(b->refused[0].missing.items[i], want[i]);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 2);
	char *q = kolb_xasprintf("SELECT count(*) FROM credentials WHERE participant_id = %lld",
	    f->late);
	assert_int_equal(count(f, q), 0);
	free(q);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = 'credential' AND "
	    "field = 'issued'"), 2);

	const struct cred_issued *a = issued_to(b, f->adult), *m = issued_to(b, f->minor);
	assert_string_equal(a->name, ADULT);
	assert_string_equal(m->name, MINOR);
	assert_true(a->new_record);
	assert_true(m->new_record);
	assert_string_not_equal(a->uid, m->uid);
	for (int k = 0; k < 2; k++) {
		const struct cred_issued *c = k ? m : a;
		assert_int_equal(strlen(c->uid), 45);
		assert_int_equal(strncmp(c->uid, "urn:uuid:", 9), 0);
		assert_int_equal(c->uid[9 + 14], '4'); /* version 4 */
		/* the stored document is the one returned */
		char *sq = kolb_xasprintf("SELECT count(*) FROM credentials WHERE uid = '%s' AND "
		    "document = (SELECT document FROM credentials WHERE participant_id = %lld)", c->uid,
		    c->participant_id);
		assert_int_equal(count(f, sq), 1);
		free(sq);
		json_t *d = parse(c->document);
		assert_string_equal(json_string_value(json_object_get(d, "id")), c->uid);
		json_t *ctx = json_object_get(d, "@context");
		assert_int_equal(json_array_size(ctx), 2);
		assert_string_equal(json_string_value(json_array_get(ctx, 0)), CTX_VC);
		assert_string_equal(json_string_value(json_array_get(ctx, 1)), CTX_OB);
		json_t *type = json_object_get(d, "type");
		assert_string_equal(json_string_value(json_array_get(type, 0)), "VerifiableCredential");
		assert_string_equal(json_string_value(json_array_get(type, 1)), "OpenBadgeCredential");
		/* the issuer's id is the did:key itself */
		json_t *iss = json_object_get(d, "issuer");
		assert_string_equal(json_string_value(json_object_get(iss, "id")), f->is.did);
		assert_string_equal(json_string_value(json_object_get(iss, "name")), ORG);
		assert_string_equal(json_string_value(json_object_get(json_object_get(iss, "address"),
		    "addressCountryCode")), "VN");
		char iso[21];
		clock_iso(f->now, iso);
		assert_string_equal(json_string_value(json_object_get(d, "validFrom")), iso);
		json_t *ach = json_object_get(json_object_get(d, "credentialSubject"), "achievement");
		assert_string_equal(json_string_value(json_object_get(ach, "name")), TITLE_VI);
		assert_string_equal(json_string_value(json_object_get(ach, "inLanguage")), "vi");
		assert_string_equal(json_string_value(json_object_get(ach, "achievementType")),
		    "CertificateOfCompletion");
		const char *narr = json_string_value(json_object_get(json_object_get(ach, "criteria"),
		    "narrative"));
		assert_non_null(narr);
		assert_non_null(strstr(narr, SIX_VI));
		assert_non_null(strstr(narr, "in person"));
		json_t *proof = json_object_get(d, "proof");
		assert_string_equal(json_string_value(json_object_get(proof, "type")),
		    "DataIntegrityProof");
		assert_string_equal(json_string_value(json_object_get(proof, "cryptosuite")),
		    "eddsa-jcs-2022");
		assert_string_equal(json_string_value(json_object_get(proof, "proofPurpose")),
		    "assertionMethod");
		assert_string_equal(json_string_value(json_object_get(proof, "verificationMethod")),
		    f->is.vm);
		assert_true(json_equal(json_object_get(proof, "@context"), ctx));
		json_decref(d);
	}
	/* both records are for the same achievement */
	json_t *da = parse(a->document), *dm = parse(m->document);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(da,
	    "credentialSubject"), "achievement"), "id")), json_string_value(json_object_get(
	    json_object_get(json_object_get(dm, "credentialSubject"), "achievement"), "id")));
	json_decref(da);
	json_decref(dm);

	/* issuing again changes nothing: the same records, word for word */
	char *ua = kolb_xstrdup(a->uid), *um = kolb_xstrdup(m->uid);
	char *doca = kolb_xstrdup(a->document), *docm = kolb_xstrdup(m->document);
	f->now += 120; /* a little later */
	issue_all(f);
	assert_int_equal(b->nissued, 2);
	assert_int_equal(b->nrefused, 1);
	a = issued_to(b, f->adult);
	m = issued_to(b, f->minor);
	assert_false(a->new_record);
	assert_false(m->new_record);
	assert_string_equal(a->uid, ua);
	assert_string_equal(m->uid, um);
	assert_string_equal(a->document, doca);
	assert_string_equal(m->document, docm);
	assert_string_equal(a->name, ADULT);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = 'credential'"), 2);

	f->now -= 120;
	/* the late participant catches up: only she gets a new record */
	present(f, f->late, 2);
	say(f, f->late, ENTRY_ACTION_PLAN, "who-helps", "Chồng tôi sẽ nhắc.");
	assess(f, f->late, "six-steps", ASSESS_MET);
	issue_all(f);
	assert_int_equal(b->nissued, 3);
	assert_int_equal(b->nrefused, 0);
	assert_true(issued_to(b, f->late)->new_record);
	assert_false(issued_to(b, f->adult)->new_record);
	assert_string_equal(issued_to(b, f->adult)->document, doca);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 3);
	free(ua);
	free(um);
	free(doca);
	free(docm);
}

static void
test_names_of_minors_hidden(void **state)
{
	struct fx *f = *state;
	/* an adult who did not agree to share her name is hashed like a minor */
	long long shy = person(f, "Sùng Thị Dở", "adult", 0, 0);
	complete(f, shy);
	issue_all(f);
	assert_int_equal(f->batch.nissued, 3);
	const char *hidden[] = {MINOR, "Sùng Thị Dở"};
	long long ids[] = {f->minor, shy};
	char salts[2][40];
	for (size_t k = 0; k < 2; k++) {
		const char *doc = issued_to(&f->batch, ids[k])->document;
		const char *name = hidden[k];
		/* no trace of the name: not whole, not its parts */
		assert_null(strstr(doc, name));
		assert_null(strstr(doc, k == 0 ? "Vàng" : "Sùng"));
		assert_null(strstr(doc, k == 0 ? "Mỷ" : "Dở"));
		json_t *d = parse(doc);
		json_t *ids_arr = json_object_get(json_object_get(d, "credentialSubject"), "identifier");
		assert_int_equal(json_array_size(ids_arr), 1);
		json_t *id = json_array_get(ids_arr, 0);
		assert_string_equal(json_string_value(json_object_get(id, "type")), "IdentityObject");
		assert_string_equal(json_string_value(json_object_get(id, "identityType")), "name");
		assert_true(json_is_true(json_object_get(id, "hashed")));
		const char *salt = json_string_value(json_object_get(id, "salt"));
		assert_non_null(salt);
		assert_true(strlen(salt) >= 16);
		snprintf(salts[k], sizeof salts[k], "%s", salt);
		/* identityHash = "sha256$" + hex(SHA-256(name + salt)), recomputed here */
		char *in = kolb_xasprintf("%s%s", name, salt);
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const unsigned char *)in, strlen(in));
		char hex[65];
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		char *want = kolb_xasprintf("sha256$%s", hex);
		assert_string_equal(json_string_value(json_object_get(id, "identityHash")), want);
		/* the hash of someone else's name does not match */
		char *in2 = kolb_xasprintf("%s%s", ADULT, salt);
		crypto_hash_sha256(h, (const unsigned char *)in2, strlen(in2));
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		assert_null(strstr(want, hex));
		/* verify shows no name either */
		struct cred_check c;
		assert_int_equal(verdict(f->db, doc, &c), CRED_VALID_TRUSTED);
		assert_null(strstr(c.learner, name));
		assert_non_null(strstr(c.learner, "hash"));
		free(in);
		free(in2);
		free(want);
		json_decref(d);
	}
	/* each record has its own salt */
	assert_string_not_equal(salts[0], salts[1]);

	/* the adult who agreed: her name in plain */
	const char *doc = issued_to(&f->batch, f->adult)->document;
	assert_non_null(strstr(doc, ADULT));
	json_t *d = parse(doc);
	json_t *id = json_array_get(json_object_get(json_object_get(d, "credentialSubject"),
	    "identifier"), 0);
	assert_false(json_is_true(json_object_get(id, "hashed")));
	assert_true(json_is_false(json_object_get(id, "hashed")));
	assert_string_equal(json_string_value(json_object_get(id, "identityHash")), ADULT);
	assert_string_equal(json_string_value(json_object_get(id, "identityType")), "name");
	assert_null(json_object_get(id, "salt"));
	json_decref(d);
	struct cred_check c;
	assert_int_equal(verdict(f->db, doc, &c), CRED_VALID_TRUSTED);
	assert_string_equal(c.learner, ADULT);
	/* no stored record carries the minor's family and middle name */
	assert_int_equal(count(f, "SELECT count(*) FROM credentials WHERE document LIKE '%Vàng Thị%'"),
	    0);
}

static void
test_issue_errors(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct cred_batch b;
	/* without the key */
	struct issuer nokey;
	assert_int_equal(issuer_load(f->db, f->data, false, &nokey, &err), 0);
	memset(&b, 0x77, sizeof b);
	assert_int_equal(cred_issue_session(f->db, f->data, f->sid, &nokey, f->now, NULL, 0, &b, &err), -1);
	assert_non_null(strstr(err.msg, "key"));
	assert_int_equal(b.nissued, 0);
	assert_null(b.issued);
	/* a session that does not exist */
	assert_int_equal(cred_issue_session(f->db, f->data, 424242, &f->is, f->now, NULL, 0, &b, &err), -1);
	assert_int_equal(b.nissued, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 0);
	/* a key that is not the profile's: refused before anything is stored */
	struct issuer wrong = f->is;
	unsigned char pk[32];
	crypto_sign_keypair(pk, wrong.sk);
	assert_int_equal(cred_issue_session(f->db, f->data, f->sid, &wrong, f->now, NULL, 0, &b, &err), -1);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 0);
	sodium_memzero(wrong.sk, sizeof wrong.sk);
	/* a clock in the future: nothing signed is stored (the record would not verify) */
	assert_int_equal(cred_issue_session(f->db, f->data, f->sid, &f->is, f->now + 86400, NULL, 0, &b,
	    &err), -1);
	assert_non_null(strstr(err.msg, "future"));
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = 'credential'"), 0);
	cred_batch_free(&b);
}

/* ---------------------------------------------------------------- verifying */

static void
test_verify_trust(void **state)
{
	struct fx *f = *state;
	issue_all(f);
	struct cred_check c;
	for (size_t i = 0; i < f->batch.nissued; i++) {
		const char *doc = f->batch.issued[i].document;
		memset(&c, 0x5a, sizeof c);
		assert_int_equal(verdict(f->db, doc, &c), CRED_VALID_TRUSTED);
		assert_string_equal(c.issuer_did, f->is.did);
		assert_string_equal(c.issuer_name, ORG);
		assert_string_equal(c.title, TITLE_VI);
		assert_string_equal(c.reason, "");
		/* without the trust list: valid, issuer unknown */
		assert_int_equal(verdict(NULL, doc, &c), CRED_VALID_UNKNOWN_ISSUER);
		assert_string_equal(c.issuer_did, f->is.did);
		assert_string_equal(c.title, TITLE_VI);
		/* not NUL-terminated: only len bytes are read */
		size_t n = strlen(doc);
		char *copy = kolb_xmalloc(n);
		memcpy(copy, doc, n);
		cred_verify(f->db, copy, n, &c);
		assert_int_equal(c.verdict, CRED_VALID_TRUSTED);
		free(copy);
		/* pretty-printed and with members reordered it is the same record */
		json_t *d = parse(doc);
		char *pretty = json_dumps(d, JSON_INDENT(2) | JSON_SORT_KEYS);
		assert_int_equal(verdict(f->db, pretty, &c), CRED_VALID_TRUSTED);
		free(pretty);
		json_decref(d);
	}
	/* a record genuinely signed by another did:key that claims to be it: valid, unknown */
	unsigned char pk[32], sk[64];
	crypto_sign_keypair(pk, sk);
	char *did = multibase_did_key(pk), *vm = multibase_verification_method(pk);
	char *forged = resign(f->batch.issued[0].document, set_issuer_id, did, sk, vm);
	assert_int_equal(verdict(f->db, forged, &c), CRED_VALID_UNKNOWN_ISSUER);
	assert_string_equal(c.issuer_did, did);
	/* ... and trusted once this machine is told to trust that did */
	struct kolb_err err;
	assert_int_equal(trust_add(f->db, did, "Phòng GD&ĐT Sa Pa", &err), 0);
	assert_int_equal(verdict(f->db, forged, &c), CRED_VALID_TRUSTED);
	assert_string_equal(c.issuer_name, "Phòng GD&ĐT Sa Pa");
	free(forged);
	free(did);
	free(vm);
}

static void
drop_proof_in(json_t *d, const void *arg)
{
	(void)arg;
	json_object_del(d, "proof");
}

static void
test_tampering(void **state)
{
	struct fx *f = *state;
	issue_all(f);
	const char *a = issued_to(&f->batch, f->adult)->document;
	const char *m = issued_to(&f->batch, f->minor)->document;
	struct cred_check c;
	char *t;

	/* control: re-serializing without a change keeps it valid */
	json_t *d = parse(a);
	t = dump(d);
	assert_int_equal(verdict(f->db, t, &c), CRED_VALID_TRUSTED);
	free(t);

	/* one character of the name */
	t = replace1(a, ADULT, "Giàng Thị Sư");
	expect_invalid(f, "name changed", t, "signature");
	free(t);
	t = replace1(a, "Giàng Thị Su\"", "Giàng Thị Su \"");
	expect_invalid(f, "space after the name", t, "signature");
	free(t);
	/* one character of validFrom (a year earlier: still a valid past date) */
	char iso[21];
	clock_iso(f->now, iso);
	char *from = kolb_xasprintf("\"validFrom\":\"%s\"", iso);
	char *earlier = kolb_xstrdup(from);
	char *y = earlier + strlen("\"validFrom\":\"") + 3;
	*y = *y == '0' ? '9' : (char)(*y - 1);
	t = replace1(a, from, earlier);
	expect_invalid(f, "validFrom changed", t, "signature");
	free(t);
	free(from);
	free(earlier);
	/* one character of the achievement's name (not the credential's) */
	json_t *ach = json_object_get(json_object_get(d, "credentialSubject"), "achievement");
	json_object_set_new(ach, "name", json_string("Hoàn thành: Rửa tay bằng xà phòng!"));
	t = dump(d);
	expect_invalid(f, "achievement name changed", t, "signature");
	free(t);
	json_decref(d);
	/* the minor's salt or hash changed */
	d = parse(m);
	json_t *id = json_array_get(json_object_get(json_object_get(d, "credentialSubject"),
	    "identifier"), 0);
	json_object_set_new(id, "hashed", json_false());
	t = dump(d);
	expect_invalid(f, "hashed flag changed", t, "signature");
	free(t);
	json_decref(d);

	/* the proofValue of the other record */
	json_t *da = parse(a), *dm = parse(m);
	json_t *pa = json_object_get(da, "proof"), *pm = json_object_get(dm, "proof");
	json_object_set(pa, "proofValue", json_object_get(pm, "proofValue"));
	t = dump(da);
	expect_invalid(f, "proofValue swapped", t, "signature");
	free(t);
	/* the whole proof of the other record */
	json_decref(da);
	da = parse(a);
	json_object_set(da, "proof", pm);
	t = dump(da);
	expect_invalid(f, "proof swapped", t, "signature");
	free(t);
	json_decref(da);
	json_decref(dm);

	/* another cryptosuite, type, purpose */
	t = replace1(a, "\"eddsa-jcs-2022\"", "\"eddsa-rdfc-2022\"");
	expect_invalid(f, "cryptosuite changed", t, "cryptosuite");
	free(t);
	t = replace1(a, "\"eddsa-jcs-2022\"", "\"eddsa-jcs-2023\"");
	expect_invalid(f, "cryptosuite changed by one character", t, "cryptosuite");
	free(t);
	t = replace1(a, "\"DataIntegrityProof\"", "\"Ed25519Signature2020\"");
	expect_invalid(f, "proof type changed", t, "type");
	free(t);
	t = replace1(a, "\"assertionMethod\"", "\"authentication\"");
	expect_invalid(f, "proof purpose changed", t, "purpose");
	free(t);

	/* the proof removed, set to null, duplicated in an array, or given twice */
	d = parse(a);
	json_t *proof = json_incref(json_object_get(d, "proof"));
	json_object_del(d, "proof");
	t = dump(d);
	expect_invalid(f, "proof removed", t, "proof");
	free(t);
	json_object_set_new(d, "proof", json_null());
	t = dump(d);
	expect_invalid(f, "proof null", t, "proof");
	free(t);
	json_object_set_new(d, "proof", json_pack("[O, O]", proof, proof));
	t = dump(d);
	expect_invalid(f, "proof duplicated as an array", t, "proof");
	free(t);
	json_object_set_new(d, "proof", json_pack("[]"));
	t = dump(d);
	expect_invalid(f, "empty proof array", t, NULL);
	free(t);
	json_object_set_new(d, "proof", json_pack("[O]", proof));
	t = dump(d);
	assert_int_equal(verdict(f->db, t, &c), CRED_VALID_TRUSTED); /* one proof in an array */
	free(t);
	json_decref(d);
	char *pt = dump(proof);
	size_t alen = strlen(a);
	t = kolb_xasprintf("%.*s,\"proof\":%s}", (int)(alen - 1), a, pt);
	expect_invalid(f, "a second \"proof\" member", t, NULL);
	free(t);
	free(pt);
	json_decref(proof);

	/* issuer.id changed to another did:key, without and with a new signature by the key */
	unsigned char pk[32], sk[64];
	crypto_sign_keypair(pk, sk);
	char *did = multibase_did_key(pk);
	t = replace1(a, f->is.did, did);
	d = parse(t);
	assert_string_equal(proof_issuer_id(d), did); /* it was issuer.id that changed */
	json_decref(d);
	expect_invalid(f, "issuer.id changed", t, NULL);
	free(t);
	t = resign(a, set_issuer_id, did, f->is.sk, f->is.vm);
	expect_invalid(f, "issuer.id changed and re-signed by the real key", t, "issuer");
	free(t);
	/* the verification method pointing at another key (signature by ours) */
	char *vm2 = multibase_verification_method(pk);
	t = replace1(a, f->is.vm, vm2);
	expect_invalid(f, "verificationMethod changed", t, NULL);
	free(t);
	free(vm2);
	free(did);
	/* a proof whose @context differs from the document's */
	d = parse(a);
	json_array_append_new(json_object_get(json_object_get(d, "proof"), "@context"),
	    json_string("https://example.org/extra"));
	t = dump(d);
	expect_invalid(f, "proof @context changed", t, NULL);
	free(t);
	json_decref(d);
	/* not an Open Badges credential */
	t = replace1(a, "\"OpenBadgeCredential\"", "\"SomethingElse\"");
	expect_invalid(f, "type changed", t, NULL);
	free(t);
	t = replace1(a, CTX_VC, "https://www.w3.org/2018/credentials/v1");
	expect_invalid(f, "@context changed", t, NULL);
	free(t);

	/* a validFrom in the future, properly signed by the real key: refused for the date */
	char future[21];
	clock_iso(clock_wall() + 2 * 86400, future);
	t = resign(a, set_valid_from, future, f->is.sk, f->is.vm);
	expect_invalid(f, "validFrom in the future", t, "future");
	free(t);
	/* ... while a past validFrom re-signed by the key is a valid (if odd) record */
	char past[21];
	clock_iso(f->now - 86400, past);
	t = resign(a, set_valid_from, past, f->is.sk, f->is.vm);
	assert_int_equal(verdict(f->db, t, &c), CRED_VALID_TRUSTED);
	free(t);
	/* unsigned after being re-built */
	t = resign(a, NULL, NULL, f->is.sk, f->is.vm);
	d = parse(t);
	drop_proof_in(d, NULL);
	free(t);
	t = dump(d);
	expect_invalid(f, "unsigned", t, "proof");
	free(t);
	json_decref(d);
}

static void
test_hostile_input(void **state)
{
	struct fx *f = *state;
	issue_all(f);
	const char *a = issued_to(&f->batch, f->adult)->document;
	size_t n = strlen(a);
	char *t;
	/* truncated: by one byte, by half, to one byte */
	expect_invalid_n(f, "truncated by one byte", a, n - 1, "JSON");
	expect_invalid_n(f, "truncated by half", a, n / 2, "JSON");
	expect_invalid_n(f, "one byte", a, 1, "JSON");
	/* malformed */
	expect_invalid(f, "malformed", "{\"@context\": [}", "JSON");
	expect_invalid(f, "trailing garbage", "{} x", "JSON");
	t = kolb_xasprintf("%s,", a);
	expect_invalid(f, "a comma after it", t, "JSON");
	free(t);
	/* not an object */
	t = kolb_xasprintf("[%s]", a);
	expect_invalid(f, "a JSON array", t, "object");
	free(t);
	expect_invalid(f, "a string", "\"did:key\"", NULL);
	expect_invalid(f, "a number", "42", NULL);
	expect_invalid(f, "null", "null", NULL);
	expect_invalid(f, "an empty object", "{}", NULL);
	/* empty */
	expect_invalid(f, "an empty string", "", NULL);
	expect_invalid_n(f, "NULL, 0", NULL, 0, NULL);
	expect_invalid(f, "white space", " \n\t ", NULL);
	/* a NUL inside */
	char *nul = kolb_xstrdup(a);
	nul[n / 3] = '\0';
	expect_invalid_n(f, "a NUL inside", nul, n, NULL);
	free(nul);
	/* invalid UTF-8 in the name */
	t = replace1(a, ADULT, "Gi\xe0ng");
	expect_invalid(f, "invalid UTF-8", t, NULL);
	free(t);
	/* a number where jansson would overflow, huge exponents */
	t = replace1(a, "\"validFrom\":", "\"x\":1e999,\"validFrom\":");
	expect_invalid(f, "huge number", t, NULL);
	free(t);
	/* deep nesting */
	size_t depth = 100000;
	char *deep = kolb_xmalloc(2 * depth + 1);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[2 * depth] = '\0';
	expect_invalid(f, "deep nesting", deep, NULL);
	t = kolb_xasprintf("{\"a\":%s}", deep);
	expect_invalid(f, "deep nesting in an object", t, NULL);
	free(t);
	free(deep);
	/* 1 MiB of garbage, and one byte more */
	size_t mib = 1024 * 1024;
	unsigned char *g = kolb_xmalloc(mib + 2);
	randombytes_buf(g, mib + 1);
	g[0] = '{';
	expect_invalid_n(f, "1 MiB of garbage", (const char *)g, mib, NULL);
	expect_invalid_n(f, "1 MiB + 1 of garbage", (const char *)g, mib + 1, NULL);
	/* 1 MiB of valid JSON that is not a record */
	memset(g, ' ', mib);
	g[0] = '{';
	g[mib - 1] = '}';
	expect_invalid_n(f, "1 MiB of spaces in an object", (const char *)g, mib, NULL);
	/* a real record padded past 1 MiB is refused as too large */
	memcpy(g, a, n);
	memset(g + n, ' ', mib + 1 - n);
	expect_invalid_n(f, "a record padded past 1 MiB", (const char *)g, mib + 1, "large");
	/* ... and one padded to exactly 1 MiB is still read */
	memset(g + n, ' ', mib - n);
	struct cred_check c;
	cred_verify(f->db, (const char *)g, mib, &c);
	assert_int_equal(c.verdict, CRED_VALID_TRUSTED);
	free(g);
	/* members of the wrong JSON type, or missing */
	struct {
		const char *k1, *k2, *value; /* value: JSON text, NULL to remove the member */
	} odd[] = {
		{"validFrom", NULL, "7"}, {"validFrom", NULL, "\"yesterday\""},
		{"validFrom", NULL, NULL}, {"validFrom", NULL, "\"2026-13-45T99:99:99Z\""},
		{"issuer", NULL, "[]"}, {"issuer", NULL, "\"did:key:z6Mk\""}, {"issuer", NULL, NULL},
		{"issuer", "id", "null"}, {"issuer", "id", "{}"},
		{"credentialSubject", NULL, "\"x\""}, {"credentialSubject", NULL, "[]"},
		{"credentialSubject", "achievement", "null"}, {"credentialSubject", "identifier", "{}"},
		{"credentialSubject", "identifier", "[]"}, {"credentialSubject", "identifier", "[1]"},
		{"@context", NULL, "\"https://www.w3.org/ns/credentials/v2\""},
		{"@context", NULL, "[]"}, {"@context", NULL, "{}"}, {"@context", NULL, NULL},
		{"type", NULL, "\"VerifiableCredential\""}, {"type", NULL, "[{}]"},
		{"id", NULL, "1"}, {"id", NULL, NULL},
		{"proof", "proofValue", "1"}, {"proof", "proofValue", "\"z\""},
		{"proof", "proofValue", "\"u3Wp4\""}, {"proof", "proofValue", NULL},
		{"proof", "verificationMethod", "\"did:key:z6Mk#z6Mk\""},
		{"proof", "verificationMethod", "[]"}, {"proof", "created", "\"2026-11-29\""},
		{"proof", "created", "\"yesterday\""}, {"proof", "cryptosuite", NULL},
		{"proof", "type", NULL}, {"proof", "@context", "\"https://www.w3.org/ns/credentials/v2\""},
	};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		json_t *d = parse(a);
		json_t *o = odd[i].k2 ? json_object_get(d, odd[i].k1) : d;
		const char *k = odd[i].k2 ? odd[i].k2 : odd[i].k1;
		if (odd[i].value == NULL) {
			json_object_del(o, k);
		} else {
			json_t *v = json_loads(odd[i].value, JSON_DECODE_ANY, NULL);
			assert_non_null(v);
			json_object_set_new(o, k, v);
		}
		t = dump(d);
		char *what = kolb_xasprintf("%s.%s = %s", odd[i].k1, odd[i].k2 ? odd[i].k2 : "",
		    odd[i].value ? odd[i].value : "(removed)");
		expect_invalid(f, what, t, NULL);
		free(what);
		free(t);
		json_decref(d);
	}
}

/* The signed Open Badges example of shared/reference/openbadges3.md §1.5, produced by the
 * Digital Bazaar Node stack with the public W3C test key: another implementation's
 * record, with a number (creditsAvailable 0.5) and a proof carrying @context. */
static const char foreign_example[] =
	    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://purl.imsglobal.org/s"
	    "pec/ob/v3p0/context-3.0.3.json\"],\"id\":\"urn:uuid:3f1c2a9e-7b4d-4e2a-9c1f-0a6b5d8e2f"
	    "41\",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],\"name\":\"Rainwater "
	    "Harvesting Basics — Certificate of Completion\",\"description\":\"Awarded to a partici"
	    "pant who completed the 2-day experiential workshop on rainwater harvesting.\",\"issuer"
	    "\":{\"id\":\"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\",\"type\":[\"Pr"
	    "ofile\"],\"name\":\"Village Learning Cooperative\",\"address\":{\"type\":[\"Address\"]"
	    ",\"addressCountry\":\"Kenya\",\"addressCountryCode\":\"KE\",\"addressLocality\":\"Kitu"
	    "i\"}},\"validFrom\":\"2025-03-14T15:00:00Z\",\"awardedDate\":\"2025-03-14T15:00:00Z\","
	    "\"credentialSubject\":{\"type\":[\"AchievementSubject\"],\"identifier\":[{\"type\":\"I"
	    "dentityObject\",\"identityHash\":\"Amina Wanjiru\",\"identityType\":\"name\",\"hashed\""
	    ":false}],\"activityStartDate\":\"2025-03-13T08:00:00Z\",\"activityEndDate\":\"2025-03-"
	    "14T15:00:00Z\",\"achievement\":{\"id\":\"urn:uuid:8d0e4f6a-1c2b-4a3d-9e8f-7a6b5c4d3e2f"
	    "\",\"type\":[\"Achievement\"],\"achievementType\":\"CertificateOfCompletion\",\"name\""
	    ":\"Rainwater Harvesting Basics\",\"description\":\"Participants can size, build and ma"
	    "intain a household rooftop rainwater harvesting system.\",\"criteria\":{\"narrative\":"
	    "\"Attend both workshop days, build a working first-flush diverter in a group, and expl"
	    "ain tank sizing to the trainer.\"},\"inLanguage\":\"en\",\"creditsAvailable\":0.5,\"fi"
	    "eldOfStudy\":\"Water management\",\"tag\":[\"water\",\"climate adaptation\"],\"resultD"
	    "escription\":[{\"id\":\"urn:uuid:c5b9e3a1-2d4f-4b6a-8c7e-9f0a1b2c3d4e\",\"type\":[\"Re"
	    "sultDescription\"],\"name\":\"Workshop completion status\",\"resultType\":\"Status\"}]"
	    "},\"result\":[{\"type\":[\"Result\"],\"resultDescription\":\"urn:uuid:c5b9e3a1-2d4f-4b"
	    "6a-8c7e-9f0a1b2c3d4e\",\"status\":\"Completed\"}]},\"proof\":{\"type\":\"DataIntegrity"
	    "Proof\",\"created\":\"2025-03-14T15:05:00Z\",\"verificationMethod\":\"did:key:z6MkrJVn"
	    "aZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swb"
	    "TQ2\",\"cryptosuite\":\"eddsa-jcs-2022\",\"proofPurpose\":\"assertionMethod\",\"@conte"
	    "xt\":[\"https://www.w3.org/ns/credentials/v2\",\"https://purl.imsglobal.org/spec/ob/v3"
	    "p0/context-3.0.3.json\"],\"proofValue\":\"z3Wp4iWxejRqP4rtmqGF4yacxbj95CHZRzdqn4FaKkVR"
	    "JwXgShHZX116TpnvCQSN8Sy35wFhbTmokn8ywSbqUpFmA\"}}";

#define W3C_TEST_DID "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"

static void
test_verify_foreign_record(void **state)
{
	struct fx *f = *state;
	struct cred_check c;
	assert_int_equal(verdict(f->db, foreign_example, &c), CRED_VALID_UNKNOWN_ISSUER);
	assert_string_equal(c.issuer_did, W3C_TEST_DID);
	assert_string_equal(c.title, "Rainwater Harvesting Basics");
	assert_string_equal(c.learner, "Amina Wanjiru");
	assert_string_equal(c.issuer_name, "Village Learning Cooperative");
	struct kolb_err err;
	assert_int_equal(trust_add(f->db, W3C_TEST_DID, "W3C test key", &err), 0);
	assert_int_equal(verdict(f->db, foreign_example, &c), CRED_VALID_TRUSTED);
	/* 0.5 written as 5e-1 is the same number: still valid; 0.6 is not */
	char *t = replace1(foreign_example, "\"creditsAvailable\":0.5", "\"creditsAvailable\":5e-1");
	assert_int_equal(verdict(f->db, t, &c), CRED_VALID_TRUSTED);
	free(t);
	t = replace1(foreign_example, "\"creditsAvailable\":0.5", "\"creditsAvailable\":0.6");
	expect_invalid(f, "creditsAvailable changed", t, "signature");
	free(t);
	/* the learner's name, one letter */
	t = replace1(foreign_example, "Amina", "Amira");
	expect_invalid(f, "foreign name changed", t, "signature");
	free(t);
}

/* ---------------------------------------------------------------- revocation */

static void
test_revoke(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	issue_all(f);
	const char *a = issued_to(&f->batch, f->adult)->document;
	const char *m = issued_to(&f->batch, f->minor)->document;
	/* refused: no reason, bad reason, no record, wrong session */
	assert_int_equal(cred_revoke(f->db, f->sid, f->adult, "", &err), -1);
	assert_int_equal(cred_revoke(f->db, f->sid, f->adult, NULL, &err), -1);
	assert_int_equal(cred_revoke(f->db, f->sid, f->adult, "lý do\x1b[2J", &err), -1);
	assert_int_equal(cred_revoke(f->db, f->sid, f->late, "Cấp nhầm", &err), -1);
	assert_non_null(strstr(err.msg, "no record"));
	assert_int_equal(cred_revoke(f->db, f->sid + 1, f->adult, "Cấp nhầm", &err), -1);
	assert_int_equal(cred_revoke(f->db, f->sid, 999999, "Cấp nhầm", &err), -1);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials WHERE revoked_at IS NOT NULL"), 0);

	const char *why = "Cấp nhầm người: trùng tên với học viên khác";
	if (cred_revoke(f->db, f->sid, f->adult, why, &err) != 0)
		fail_msg("%s", err.msg);
	struct cred_check c;
	assert_int_equal(verdict(f->db, a, &c), CRED_REVOKED);
	assert_non_null(strstr(c.reason, why));
	assert_string_equal(c.issuer_did, f->is.did);
	/* without the local list nobody can know */
	assert_int_equal(verdict(NULL, a, &c), CRED_VALID_UNKNOWN_ISSUER);
	/* the other record is untouched */
	assert_int_equal(verdict(f->db, m, &c), CRED_VALID_TRUSTED);
	/* revoking twice is refused, and keeps the first reason */
	assert_int_equal(cred_revoke(f->db, f->sid, f->adult, "lần hai", &err), -1);
	assert_non_null(strstr(err.msg, "already revoked"));
	assert_int_equal(verdict(f->db, a, &c), CRED_REVOKED);
	assert_non_null(strstr(c.reason, why));
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = 'credential' AND "
	    "field = 'revoked'"), 1);
	/* a tampered copy of a revoked record is invalid, not merely revoked */
	char *t = replace1(a, ADULT, "Giàng Thị Sú");
	expect_invalid(f, "tampered revoked record", t, NULL);
	free(t);
	/* issuing again neither resurrects it nor replaces it: it stays withdrawn, and
	 * says how to replace it */
	char *saved = kolb_xstrdup(a);
	issue_all(f);
	assert_true(refused_to(&f->batch, f->adult)->revoked);
	assert_non_null(strstr(refused_to(&f->batch, f->adult)->missing.items[0], "--replace"));
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 2);
	/* asked for (--replace), she still completes, so she gets a new one */
	issue_replacing(f, &f->adult, 1);
	assert_true(issued_to(&f->batch, f->adult)->new_record);
	assert_string_not_equal(issued_to(&f->batch, f->adult)->document, saved);
	assert_int_equal(verdict(f->db, saved, &c), CRED_REVOKED);
	assert_non_null(strstr(c.reason, why));
	free(saved);
}

/* The name of a participant's record (named, not hashed). */
static const char *
record_name(json_t *d)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(json_object_get(d,
	    "credentialSubject"), "identifier"), 0), "identityHash"));
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

/* The field case: at the closing circle a name is found misspelt and corrected; the
 * record signed with the old name is revoked and issued again, with the new name. */
static void
test_reissue_after_revoke(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct cred_check c;
	issue_all(f);
	char *ua = kolb_xstrdup(issued_to(&f->batch, f->adult)->uid);
	char *da = kolb_xstrdup(issued_to(&f->batch, f->adult)->document);
	char *um = kolb_xstrdup(issued_to(&f->batch, f->minor)->uid);
	char *dm = kolb_xstrdup(issued_to(&f->batch, f->minor)->document);
	const char *fixed = "Giàng Thị Sú", *fixed_minor = "Vàng Thị Mỹ";
	rename_to(f, f->adult, fixed);
	rename_to(f, f->minor, fixed_minor);

	/* without a revocation nothing changes, even though the names did */
	f->now += 60;
	issue_all(f);
	assert_false(issued_to(&f->batch, f->adult)->new_record);
	assert_string_equal(issued_to(&f->batch, f->adult)->uid, ua);
	assert_string_equal(issued_to(&f->batch, f->adult)->document, da);
	assert_string_equal(issued_to(&f->batch, f->minor)->document, dm);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 2);
	assert_int_equal(cred_match_name(da, strlen(da), fixed, NULL), 0);

	/* revoked, then issued again: a new record, signed now, with today's name */
	if (cred_revoke(f->db, f->sid, f->adult, "Sai chính tả tên: Su → Sú", &err) != 0 ||
	    cred_revoke(f->db, f->sid, f->minor, "Sai dấu: Mỷ → Mỹ", &err) != 0)
		fail_msg("%s", err.msg);
	f->now += 60;
	issue_all(f);
	assert_int_equal(f->batch.nissued, 0);
	assert_true(refused_to(&f->batch, f->adult)->revoked);
	assert_true(refused_to(&f->batch, f->minor)->revoked);
	long long both[] = {f->adult, f->minor};
	issue_replacing(f, both, 2);
	assert_int_equal(f->batch.nissued, 2);
	assert_int_equal(f->batch.nrefused, 1);
	const struct cred_issued *na = issued_to(&f->batch, f->adult);
	const struct cred_issued *nm = issued_to(&f->batch, f->minor);
	assert_true(na->new_record);
	assert_true(nm->new_record);
	assert_string_not_equal(na->uid, ua);
	assert_string_not_equal(nm->uid, um);
	assert_string_equal(na->name, fixed);
	assert_string_equal(nm->name, fixed_minor);
	json_t *d = parse(na->document);
	assert_string_equal(record_name(d), fixed);
	char iso[21];
	clock_iso(f->now, iso);
	assert_string_equal(json_string_value(json_object_get(d, "validFrom")), iso);
	json_decref(d);
	assert_int_equal(cred_match_name(na->document, strlen(na->document), fixed, NULL), 1);
	assert_int_equal(cred_match_name(na->document, strlen(na->document), ADULT, NULL), 0);
	/* the minor's new record: still only a hash, with a new salt, of the new name */
	assert_null(strstr(nm->document, "Vàng"));
	assert_int_equal(cred_match_name(nm->document, strlen(nm->document), fixed_minor, NULL), 1);
	assert_int_equal(cred_match_name(nm->document, strlen(nm->document), MINOR, NULL), 0);
	json_t *d1 = parse(dm), *d2 = parse(nm->document);
	json_t *i1 = json_array_get(json_object_get(json_object_get(d1, "credentialSubject"),
	    "identifier"), 0);
	json_t *i2 = json_array_get(json_object_get(json_object_get(d2, "credentialSubject"),
	    "identifier"), 0);
	assert_string_not_equal(json_string_value(json_object_get(i1, "salt")),
	    json_string_value(json_object_get(i2, "salt")));
	json_decref(d1);
	json_decref(d2);
	assert_int_equal(verdict(f->db, na->document, &c), CRED_VALID_TRUSTED);
	assert_int_equal(verdict(f->db, nm->document, &c), CRED_VALID_TRUSTED);
	/* the old ones stay revoked, with their reasons, and still verify as revoked */
	assert_int_equal(verdict(f->db, da, &c), CRED_REVOKED);
	assert_non_null(strstr(c.reason, "Su → Sú"));
	assert_int_equal(verdict(f->db, dm, &c), CRED_REVOKED);
	assert_non_null(strstr(c.reason, "Mỷ → Mỹ"));
	char *q = kolb_xasprintf("SELECT count(*) || ',' || sum(revoked_at IS NULL) || ',' || "
	    "sum(uid = '%s' AND revoked_at IS NOT NULL AND document = (SELECT document FROM "
	    "credentials WHERE uid = '%s')) FROM credentials WHERE participant_id = %lld", ua, ua,
	    f->adult);
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->db, q, &st, NULL), 0);
	assert_int_equal(db_step(st, NULL), 1);
	assert_string_equal(db_col_text(st, 0), "2,1,1");
	db_finalize(st);
	free(q);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = 'credential' AND "
	    "field = 'issued'"), 4);

	/* issuing again without a revocation is a no-op again: the new record, byte for byte */
	char *nua = kolb_xstrdup(na->uid), *nda = kolb_xstrdup(na->document);
	f->now += 60;
	issue_all(f);
	assert_false(issued_to(&f->batch, f->adult)->new_record);
	assert_string_equal(issued_to(&f->batch, f->adult)->uid, nua);
	assert_string_equal(issued_to(&f->batch, f->adult)->document, nda);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 4);

	/* revoking revokes the current record; then "already revoked" */
	if (cred_revoke(f->db, f->sid, f->adult, "lần hai", &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(verdict(f->db, nda, &c), CRED_REVOKED);
	assert_non_null(strstr(c.reason, "lần hai"));
	assert_int_equal(verdict(f->db, da, &c), CRED_REVOKED);
	assert_non_null(strstr(c.reason, "Su → Sú")); /* the first reason kept */
	assert_int_equal(cred_revoke(f->db, f->sid, f->adult, "lần ba", &err), -1);
	assert_non_null(strstr(err.msg, "already revoked"));

	/* one whose records are all revoked and who no longer completes gets none, even
	 * when a replacement is asked for */
	assess(f, f->adult, "six-steps", ASSESS_NOT_YET);
	issue_replacing(f, &f->adult, 1);
	assert_int_equal(f->batch.nissued, 1);
	assert_int_equal(f->batch.nrefused, 2);
	bool refused = false;
	for (size_t i = 0; i < f->batch.nrefused; i++)
		refused |= f->batch.refused[i].participant_id == f->adult;
	assert_true(refused);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 4);
	assert_false(refused_to(&f->batch, f->adult)->revoked);
	/* ... until she does again: a third record */
	assess(f, f->adult, "six-steps", ASSESS_MET);
	issue_replacing(f, &f->adult, 1);
	assert_true(issued_to(&f->batch, f->adult)->new_record);
	assert_string_not_equal(issued_to(&f->batch, f->adult)->uid, nua);
	assert_string_not_equal(issued_to(&f->batch, f->adult)->uid, ua);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 5);

	/* the database itself refuses a second unrevoked record */
	char *ins = kolb_xasprintf("INSERT INTO credentials (participant_id, uid, issued_at, "
	    "document) VALUES (%lld, 'urn:uuid:00000000-0000-4000-8000-000000000000', "
	    "'2026-12-01T00:00:00Z', '{}')", f->adult);
	assert_int_not_equal(db_exec(f->db, ins, &err), 0);
	assert_non_null(strstr(err.msg, "UNIQUE"));
	free(ins);
	assert_int_equal(count(f, "SELECT count(*) FROM credentials"), 5);
	free(nua);
	free(nda);
	free(ua);
	free(da);
	free(um);
	free(dm);
}

/* ---------------------------------------------------------------- Vietnamese text */

static void
test_vietnamese_round_trip(void **state)
{
	struct fx *f = *state;
	/* names with every tone mark, the đ, a decomposed (NFD) spelling, and a chữ Nôm
	 * character outside the BMP: bytes in, the same bytes out, signature intact */
	const char *names[] = {"Đặng Thị Ngọc Ánh", "Hờ A Tủa", "Nguyễn Văn Quyết",
	    "Le\xcc\x82 Thi\xcc\xa3 Hu\xcc\x9bo\xcc\x9b\xcc\x80ng", "Phạm 𡨸 Hoà"};
	long long ids[5];
	for (size_t i = 0; i < 5; i++) {
		ids[i] = person(f, names[i], "adult", 0, 1);
		complete(f, ids[i]);
	}
	issue_all(f);
	assert_int_equal(f->batch.nissued, 7);
	for (size_t i = 0; i < 5; i++) {
		const struct cred_issued *r = issued_to(&f->batch, ids[i]);
		assert_string_equal(r->name, names[i]);
		assert_non_null(strstr(r->document, names[i]));
		struct cred_check c;
		assert_int_equal(verdict(f->db, r->document, &c), CRED_VALID_TRUSTED);
		assert_string_equal(c.learner, names[i]);
		assert_string_equal(c.title, TITLE_VI);
		assert_string_equal(c.issuer_name, ORG);
		/* composing the decomposed name (NFC) is a change the signature catches */
		if (i == 3) {
			char *t = replace1(r->document, names[i], "Lê Thị Hường");
			expect_invalid(f, "NFD name recomposed", t, "signature");
			free(t);
		}
	}
	/* an English session gives the English title, also verified intact */
	const char *facs[] = {"Lò Văn Pánh"};
	char start[16];
	local_date(f->now - 86400, start);
	struct session_new sn = {.pack_id = "sample-handwashing", .language = "en",
	    .title = "Parents' meeting, Sa Pa", .start_date = start, .days = 1, .facilitators = facs,
	    .nfacilitators = 1};
	struct kolb_err err;
	long long sid_vi = f->sid;
	assert_int_equal(session_create(f->db, &sn, &f->sid, &err), 0);
	long long en = person(f, "Thào Thị Mai", "adult", 0, 1);
	present(f, en, 1);
	say(f, en, ENTRY_REFLECTION, "why", "Water does not wash the oil away.");
	say(f, en, ENTRY_ACTION_PLAN, "i-will", "Before every meal.");
	assess(f, en, "six-steps", ASSESS_MET);
	issue_all(f);
	assert_int_equal(f->batch.nissued, 1);
	struct cred_check c;
	assert_int_equal(verdict(f->db, f->batch.issued[0].document, &c), CRED_VALID_TRUSTED);
	assert_string_equal(c.title, "Completed: Handwashing with soap");
	assert_string_equal(c.learner, "Thào Thị Mai");
	assert_non_null(strstr(f->batch.issued[0].document, "\"inLanguage\":\"en\""));
	f->sid = sid_vi;
}


/* ---------------------------------------------------------------- the name on the paper */

/* cred_match_name on a NUL-terminated record; a -1 must come with a message. */
static int
match(const char *doc, const char *name)
{
	struct kolb_err err;
	memset(&err, 0, sizeof err);
	int r = cred_match_name(doc, doc ? strlen(doc) : 0, name, &err);
	if (r < 0 && err.msg[0] == '\0')
		fail_msg("cred_match_name -1 for \"%s\" without a message", name ? name : "(null)");
	return r;
}

/* -1 with a message containing want. */
static void
expect_match_error(const char *what, const char *doc, size_t len, const char *name,
    const char *want)
{
	struct kolb_err err;
	memset(&err, 0, sizeof err);
	int r = cred_match_name(doc, len, name, &err);
	if (r != -1)
		fail_msg("%s: %d, wanted -1", what, r);
	if (strstr(err.msg, want) == NULL)
		fail_msg("%s: message \"%s\" lacks \"%s\"", what, err.msg, want);
}

/* The record with its first identifier's member key set to v (deleted when v is NULL;
 * v is stolen). Caller frees. */
static char *
with_ident(const char *doc, const char *key, json_t *v)
{
	json_t *d = parse(doc);
	json_t *id = json_array_get(json_object_get(json_object_get(d, "credentialSubject"),
	    "identifier"), 0);
	assert_non_null(id);
	if (v == NULL)
		json_object_del(id, key);
	else
		json_object_set_new(id, key, v);
	char *out = dump(d);
	json_decref(d);
	return out;
}

/* "sha256$" + hex(SHA-256(name bytes + salt bytes)). */
static json_t *
hash_of(const char *name, const char *salt, size_t saltlen)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)name, strlen(name));
	crypto_hash_sha256_update(&st, (const unsigned char *)salt, saltlen);
	crypto_hash_sha256_final(&st, h);
	char hex[65], val[80];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(val, sizeof val, "sha256$%s", hex);
	return json_string(val);
}

static void
test_match_name_minor(void **state)
{
	struct fx *f = *state;
	/* an adult who did not agree to share her name: hashed like the minor */
	long long shy = person(f, "Sùng Thị Dở", "adult", 0, 0);
	complete(f, shy);
	issue_all(f);
	const char *m = issued_to(&f->batch, f->minor)->document;
	const char *s = issued_to(&f->batch, shy)->document;
	assert_non_null(strstr(m, "\"hashed\":true"));
	assert_null(strstr(m, MINOR));
	/* her own name matches her record, nobody else's does */
	assert_int_equal(match(m, MINOR), 1);
	assert_int_equal(match(m, ADULT), 0);
	assert_int_equal(match(m, "Sùng Thị Dở"), 0);
	assert_int_equal(match(s, "Sùng Thị Dở"), 1);
	assert_int_equal(match(s, MINOR), 0);
	/* spaces typed around and between the words do not matter */
	assert_int_equal(match(m, "  Vàng   Thị\tMỷ \n"), 1);
	assert_int_equal(match(m, "\r\nVàng Thị \v\fMỷ"), 1);
	/* but every letter and accent does */
	assert_int_equal(match(m, "Vàng Thị Mỹ"), 0);   /* ngã instead of hỏi */
	assert_int_equal(match(m, "Vàng Thị My"), 0);   /* without the tone */
	assert_int_equal(match(m, "Vang Thi My"), 0);   /* without any accent */
	assert_int_equal(match(m, "vàng thị mỷ"), 0);   /* lower case */
	assert_int_equal(match(m, "VàngThị Mỷ"), 0);    /* a space missing */
	assert_int_equal(match(m, "Vàng Thị"), 0);      /* part of it */
	assert_int_equal(match(m, "Vàng Thị Mỷ Mỷ"), 0);
	/* the same letters decomposed (NFD: a + combining grave...) are other bytes: no
	 * Unicode normalisation, the name must be typed as composed as on the paper */
	assert_int_equal(match(m, "Va\xcc\x80ng Thi\xcc\xa3 My\xcc\x89"), 0);
	/* a space that is not ASCII white space (no-break space) is a different name */
	assert_int_equal(match(m, "Vàng\xc2\xa0Thị Mỷ"), 0);
	/* the record's salt appended to the name, or the hash itself, is not the name */
	json_t *d = parse(m);
	json_t *id = json_array_get(json_object_get(json_object_get(d, "credentialSubject"),
	    "identifier"), 0);
	const char *salt = json_string_value(json_object_get(id, "salt"));
	char *t = kolb_xasprintf("%s%s", MINOR, salt);
	assert_int_equal(match(m, t), 0);
	free(t);
	assert_int_equal(match(m, json_string_value(json_object_get(id, "identityHash"))), 0);
	json_decref(d);
	/* through the QR code's compact form: the decoded record matches the same way */
	char *q = NULL, *back = NULL;
	size_t blen = 0;
	struct kolb_err err;
	assert_int_equal(compact_encode(m, strlen(m), &q, &err), 0);
	assert_int_equal(compact_decode(q, strlen(q), &back, &blen, &err), 0);
	assert_int_equal(cred_match_name(back, blen, MINOR, &err), 1);
	assert_int_equal(cred_match_name(back, blen, "Lò Thị Tiên", &err), 0);
	free(q);
	free(back);
	/* upper-case hex digits are the same hash */
	d = parse(m);
	id = json_array_get(json_object_get(json_object_get(d, "credentialSubject"), "identifier"), 0);
	char *up = kolb_xstrdup(json_string_value(json_object_get(id, "identityHash")));
	for (char *p = up + 7; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'f' ? *p - 'a' + 'A' : *p);
	json_decref(d);
	t = with_ident(m, "identityHash", json_string(up));
	assert_string_not_equal(t, m);
	assert_int_equal(match(t, MINOR), 1);
	free(t);
	free(up);
}

static void
test_match_name_stored_spacing(void **state)
{
	struct fx *f = *state;
	/* names are stored as typed: a minor entered with a double space is hashed with it.
	 * Typed the same way the name still matches (the name as given is tried after the
	 * normalised one); typed with single spaces it cannot, the hash hides the spacing. */
	long long odd = person(f, "Lò  Thị Tiên", "child", 1, 0);
	complete(f, odd);
	issue_all(f);
	const char *doc = issued_to(&f->batch, odd)->document;
	assert_int_equal(match(doc, "Lò  Thị Tiên"), 1);
	assert_int_equal(match(doc, "Lò Thị Tiên"), 0);
	assert_int_equal(match(doc, "Lò   Thị Tiên"), 0);
	/* a named record is normalised on both sides */
	long long adult = person(f, " Hờ  A   Tủa ", "adult", 0, 1);
	complete(f, adult);
	issue_all(f);
	doc = issued_to(&f->batch, adult)->document;
	assert_non_null(strstr(doc, "\" Hờ  A   Tủa \""));
	assert_int_equal(match(doc, "Hờ A Tủa"), 1);
	assert_int_equal(match(doc, "Hờ\tA\nTủa"), 1);
	assert_int_equal(match(doc, "Hờ A Tua"), 0);
}

static void
test_match_name_adult(void **state)
{
	struct fx *f = *state;
	issue_all(f);
	const char *a = issued_to(&f->batch, f->adult)->document;
	assert_non_null(strstr(a, "\"hashed\":false"));
	assert_int_equal(match(a, ADULT), 1);
	assert_int_equal(match(a, "   Giàng \t Thị   Su  "), 1);
	assert_int_equal(match(a, "Giàng Thị Sú"), 0);
	assert_int_equal(match(a, "Giang Thi Su"), 0);
	assert_int_equal(match(a, "Giàng Thị"), 0);
	assert_int_equal(match(a, "Giàng Thị Su Su"), 0);
	assert_int_equal(match(a, "Gia\xcc\x80ng Thi\xcc\xa3 Su"), 0); /* NFD */
	assert_int_equal(match(a, MINOR), 0);
	/* the other way round: the minor's name is not matched by the adult's record, and
	 * the adult's name not by the minor's */
	assert_int_equal(match(issued_to(&f->batch, f->minor)->document, ADULT), 0);
	/* the tone mark on another vowel (traditional against modern placement) is another
	 * name, for a named record and for a hashed one */
	long long hoa = person(f, "Lương Thị Hoà", "adult", 0, 1);
	long long hoa_m = person(f, "Lương Thị Thuỷ", "child", 1, 0);
	complete(f, hoa);
	complete(f, hoa_m);
	issue_all(f);
	const char *h = issued_to(&f->batch, hoa)->document;
	const char *hm = issued_to(&f->batch, hoa_m)->document;
	assert_int_equal(match(h, "Lương Thị Hoà"), 1);
	assert_int_equal(match(h, "Lương Thị Hòa"), 0);
	assert_int_equal(match(hm, "Lương Thị Thuỷ"), 1);
	assert_int_equal(match(hm, "Lương Thị Thủy"), 0);
}

static void
test_match_name_hostile(void **state)
{
	struct fx *f = *state;
	issue_all(f);
	const char *a = issued_to(&f->batch, f->adult)->document;
	const char *m = issued_to(&f->batch, f->minor)->document;
	size_t n = strlen(m);
	char *t;
	/* the name given */
	expect_match_error("no name", m, n, NULL, "UTF-8");
	expect_match_error("an empty name", m, n, "", "empty");
	expect_match_error("only white space", m, n, " \t\r\n ", "empty");
	expect_match_error("invalid UTF-8", m, n, "V\xe0ng Th\xe1 M", "UTF-8");
	expect_match_error("an overlong encoding", a, strlen(a), "Gi\xc0\xa0ng", "UTF-8");
	assert_int_equal(match(m, "Vàng Thị Mỷ\x1b[2J"), 0);
	assert_int_equal(match(a, ADULT "\x1b[2J"), 0);
	char *longname = kolb_xmalloc(200001);
	memset(longname, 'a', 200000);
	longname[200000] = '\0';
	assert_int_equal(match(m, longname), 0);
	assert_int_equal(match(a, longname), 0);
	free(longname);
	/* not a record */
	expect_match_error("NULL, 0", NULL, 0, MINOR, "JSON");
	expect_match_error("empty", "", 0, MINOR, "JSON");
	expect_match_error("truncated", m, n - 1, MINOR, "JSON");
	expect_match_error("half", m, n / 2, MINOR, "JSON");
	expect_match_error("an array", "[]", 2, MINOR, "object");
	expect_match_error("an empty object", "{}", 2, MINOR, "no learner");
	expect_match_error("over 1 MiB", m, 1024 * 1024 + 1, MINOR, "too large");
	char *nul = kolb_xstrdup(m);
	nul[n / 3] = '\0';
	expect_match_error("a NUL inside", nul, n, MINOR, "JSON");
	free(nul);
	/* a repeated member is refused as cred_verify refuses it (a second identifier
	 * would otherwise override the signed one for a lax reader) */
	t = replace1(m, "\"credentialSubject\":{", "\"credentialSubject\":{\"identifier\":[{"
	    "\"type\":\"IdentityObject\",\"identityType\":\"name\",\"hashed\":false,"
	    "\"identityHash\":\"" ADULT "\"}],");
	expect_match_error("a repeated identifier", t, strlen(t), ADULT, "JSON");
	free(t);
	size_t depth = 100000;
	char *deep = kolb_xmalloc(2 * depth + 1);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[2 * depth] = '\0';
	expect_match_error("deep nesting", deep, 2 * depth, MINOR, "JSON");
	free(deep);
	/* no identity, or not one name */
	json_t *d = parse(m);
	json_t *subj = json_object_get(d, "credentialSubject");
	json_t *ids = json_object_get(subj, "identifier");
	json_t *id0 = json_deep_copy(json_array_get(ids, 0));
	json_array_clear(ids);
	t = dump(d);
	expect_match_error("no identifier", t, strlen(t), MINOR, "no learner");
	free(t);
	json_object_set_new(subj, "identifier", json_string(MINOR));
	t = dump(d);
	expect_match_error("identifier a string", t, strlen(t), MINOR, "no learner");
	free(t);
	json_object_set_new(subj, "identifier", json_pack("[O, O]", id0, id0));
	t = dump(d);
	expect_match_error("two name identities", t, strlen(t), MINOR, "one name");
	free(t);
	json_object_set_new(subj, "identifier", json_pack("[{s:s, s:s, s:b, s:s}, O]", "type",
	    "IdentityObject", "identityType", "emailAddress", "hashed", 0, "identityHash",
	    "tien@example.vn", id0));
	t = dump(d);
	expect_match_error("the name not first", t, strlen(t), MINOR, "one name");
	free(t);
	json_t *email = json_pack("{s:s, s:s, s:b, s:s}", "type", "IdentityObject",
	    "identityType", "emailAddress", "hashed", 0, "identityHash", MINOR);
	json_object_set_new(subj, "identifier", json_pack("[o]", email));
	t = dump(d);
	expect_match_error("an email identity holding the name", t, strlen(t), MINOR, "one name");
	free(t);
	json_object_set_new(subj, "identifier", json_pack("[{s:s, s:b, s:s}]", "identityType",
	    "name", "hashed", 0, "identityHash", MINOR));
	t = dump(d);
	expect_match_error("no IdentityObject type", t, strlen(t), MINOR, "one name");
	free(t);
	json_object_set_new(d, "credentialSubject", json_pack("[{s:[O]}]", "identifier", id0));
	t = dump(d);
	expect_match_error("credentialSubject an array", t, strlen(t), MINOR, "no learner");
	free(t);
	json_decref(id0);
	json_decref(d);
	/* a malformed identity */
	t = with_ident(m, "hashed", json_string("true"));
	expect_match_error("hashed a string", t, strlen(t), MINOR, "malformed");
	free(t);
	t = with_ident(m, "hashed", NULL);
	expect_match_error("hashed missing", t, strlen(t), MINOR, "malformed");
	free(t);
	t = with_ident(m, "identityHash", NULL);
	expect_match_error("identityHash missing", t, strlen(t), MINOR, "malformed");
	free(t);
	t = with_ident(a, "identityHash", json_integer(42));
	expect_match_error("identityHash a number", t, strlen(t), ADULT, "malformed");
	free(t);
	/* the hash: sha256$ and exactly 64 hex digits */
	const char *bad[] = {"md5$d41d8cd98f00b204e9800998ecf8427e", "", "sha256$",
	    "SHA256$0000000000000000000000000000000000000000000000000000000000000000",
	    "sha256$000000000000000000000000000000000000000000000000000000000000000",
	    "sha256$00000000000000000000000000000000000000000000000000000000000000000",
	    "sha256$000000000000000000000000000000000000000000000000000000000000000g",
	    "sha256$00000000000000000000000000000000 0000000000000000000000000000000",
	    MINOR};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t = with_ident(m, "identityHash", json_string(bad[i]));
		expect_match_error(bad[i], t, strlen(t), MINOR, "sha256$");
		free(t);
	}
	/* a NUL in a string (\u0000) is refused as cred_verify refuses it: the right hash
	 * followed by a NUL and more, a salt or a name with a NUL inside */
	d = parse(m);
	const char *hv = json_string_value(json_object_get(json_array_get(json_object_get(
	    json_object_get(d, "credentialSubject"), "identifier"), 0), "identityHash"));
	assert_non_null(hv);
	assert_int_equal(strlen(hv), 71);
	char hv0[80];
	size_t hvlen = strlen(hv);
	memcpy(hv0, hv, hvlen);
	memcpy(hv0 + hvlen, "\0ab", 3);
	json_decref(d);
	t = with_ident(m, "identityHash", json_stringn(hv0, hvlen + 3));
	expect_match_error("the hash, a NUL and more", t, strlen(t), MINOR, "JSON");
	free(t);
	/* the salt: a number is refused; none means an unsalted hash; its bytes count */
	t = with_ident(m, "salt", json_integer(7));
	expect_match_error("salt a number", t, strlen(t), MINOR, "salt");
	free(t);
	t = with_ident(m, "salt", NULL);
	assert_int_equal(match(t, MINOR), 0);
	char *t2 = with_ident(t, "identityHash", hash_of(MINOR, "", 0));
	assert_int_equal(match(t2, MINOR), 1);
	assert_int_equal(match(t2, ADULT), 0);
	free(t2);
	free(t);
	t = with_ident(m, "salt", json_string("Tiên"));
	t2 = with_ident(t, "identityHash", hash_of(MINOR, "Tiên", strlen("Tiên")));
	assert_int_equal(match(t2, MINOR), 1);
	free(t2);
	t2 = with_ident(t, "identityHash", hash_of(MINOR, "Ti", 2));
	assert_int_equal(match(t2, MINOR), 0);
	free(t2);
	free(t);
	t = with_ident(m, "salt", json_stringn("ab\0cd", 5));
	expect_match_error("a NUL in the salt", t, strlen(t), MINOR, "JSON");
	free(t);
	char nm[64];
	size_t al = strlen(ADULT);
	memcpy(nm, ADULT, al);
	memcpy(nm + al, "\0 x", 3);
	t = with_ident(a, "identityHash", json_stringn(nm, al + 3));
	expect_match_error("a NUL in the name", t, strlen(t), ADULT, "JSON");
	free(t);
	t = with_ident(a, "identityHash", json_stringn(nm, al + 1));
	expect_match_error("a NUL after the name", t, strlen(t), ADULT, "JSON");
	free(t);
	/* a named record with an empty name matches no name */
	t = with_ident(a, "identityHash", json_string("  "));
	assert_int_equal(match(t, ADULT), 0);
	free(t);
	/* a record switched from hashed to named without changing the hash: the hash
	 * text is not a name anyone types */
	t = with_ident(m, "hashed", json_false());
	assert_int_equal(match(t, MINOR), 0);
	free(t);
}

int
main(void)
{
	setlocale(LC_ALL, "");
	/* Messages are compared in English: no catalogue is bound here. */
	setenv("LANGUAGE", "C", 1);
	unsetenv("KOLB_NOW");
	if (sodium_init() < 0)
		return 1;
#define B(fn) cmocka_unit_test_setup_teardown(fn, setup_bare, teardown)
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		B(test_issuer_init_and_load),
		T(test_issuer_force_keeps_old_did_trusted),
		T(test_issuer_key_file_guarded),
		B(test_trust),
		T(test_check_clock),
		T(test_issue_session),
		T(test_names_of_minors_hidden),
		T(test_issue_errors),
		T(test_verify_trust),
		B(test_verify_foreign_record),
		T(test_tampering),
		T(test_hostile_input),
		T(test_revoke),
		T(test_reissue_after_revoke),
		T(test_vietnamese_round_trip),
		T(test_match_name_minor),
		T(test_match_name_stored_spacing),
		T(test_match_name_adult),
		T(test_match_name_hostile),
	};
	return cmocka_run_group_tests_name("cred", tests, NULL, NULL);
}
