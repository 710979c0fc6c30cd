/* Unit tests: installing packs into a data folder, atomically, with every outcome. */
#include "fault.h"
#include "fsutil.h"
#include "pack.h"
#include "testutil.h"

#include <fcntl.h>
#include <sys/file.h>

struct fx {
	char *tmp, *data, *sample;
	struct db *db;
	struct kolb_strlist problems;
};

static int
setup(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	struct kolb_err err;
	f->tmp = tu_tmpdir();
	f->data = kolb_xasprintf("%s/data", f->tmp);
	mkdir(f->data, 0700);
	char *dbp = kolb_xasprintf("%s/kolb.db", f->data);
	if (db_open(dbp, &f->db, &err) != 0)
		fail_msg("%s", err.msg);
	free(dbp);
	f->sample = kolb_xasprintf("%s/sample.tar.gz", f->tmp);
	if (pack_build(SAMPLE_PACK, f->sample, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	fault_set(NULL, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	db_close(f->db);
	tu_rmrf(f->tmp);
	kolb_strlist_clear(&f->problems);
	free(f->tmp);
	free(f->data);
	free(f->sample);
	free(f);
	fault_set(NULL, 0);
	return 0;
}

/* Build a variant of the sample pack: version and an optional title edit. Caller frees. */
static char *
variant(struct fx *f, const char *name, const char *version, const char *title)
{
	char *dir = kolb_xasprintf("%s/%s", f->tmp, name);
	char *arc = kolb_xasprintf("%s/%s.tar.gz", f->tmp, name);
	char *json = kolb_xasprintf("%s/pack.json", dir);
	tu_copy_sample(dir);
	tu_replace(json, "\"version\": \"1.0.0\"", version);
	if (title != NULL)
		tu_replace(json, "Handwashing with soap (sample pack)", title);
	struct kolb_err err;
	if (pack_build(dir, arc, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	free(dir);
	free(json);
	return arc;
}

static int
install(struct fx *f, const char *arc, bool force, struct pack_install_info *info,
    struct kolb_err *err)
{
	struct pack_install_opts o = {.force = force};
	return pack_install(f->db, f->data, arc, &o, info, &f->problems, err);
}

static size_t
nrows(struct fx *f)
{
	struct db_pack *rows;
	size_t n;
	assert_int_equal(db_pack_list(f->db, NULL, &rows, &n, NULL), 0);
	db_pack_free_list(rows, n);
	return n;
}

static int
exists(struct fx *f, const char *rel)
{
	char *p = kolb_xasprintf("%s/%s", f->data, rel);
	int r = access(p, F_OK) == 0;
	free(p);
	return r;
}

/* Nothing of an install may remain: no pack folder, no staging, no row. */
static void
assert_no_trace(struct fx *f)
{
	char *tmp = kolb_xasprintf("%s/tmp", f->data);
	char *packs = kolb_xasprintf("%s/packs", f->data);
	assert_int_equal(tu_count(tmp), 0);
	assert_int_equal(tu_count(packs), 0);
	assert_int_equal(nrows(f), 0);
	free(tmp);
	free(packs);
}

static void
current_is(struct fx *f, const char *version)
{
	struct db_pack row;
	assert_int_equal(pack_find(f->db, "sample-handwashing", NULL, &row, NULL), 1);
	assert_string_equal(row.version, version);
	db_pack_clear(&row);
}

static void
test_install_fresh(void **state)
{
	struct fx *f = *state;
	struct pack_install_info info;
	struct kolb_err err;
	if (install(f, f->sample, false, &info, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(info.status, PACK_INSTALLED);
	assert_string_equal(info.id, "sample-handwashing");
	assert_true(exists(f, "packs/sample-handwashing/1.0.0/pack.json"));
	assert_true(exists(f, "packs/sample-handwashing/1.0.0/activities/germ-glitter.vi.md"));
	assert_int_equal(nrows(f), 1);
	char *tmp = kolb_xasprintf("%s/tmp", f->data);
	assert_int_equal(tu_count(tmp), 0);
	free(tmp);
	struct pack_manifest *m;
	char *dir;
	assert_int_equal(pack_load(f->db, f->data, "sample-handwashing", NULL, &m, &dir, &err), 0);
	assert_string_equal(m->version, "1.0.0");
	manifest_free(m);
	free(dir);
	struct db_pack row;
	assert_int_equal(pack_find(f->db, "sample-handwashing", "1.0.0", &row, NULL), 1);
	assert_string_equal(row.sha256, info.sha256);
	assert_string_equal(row.title, "{\"vi\":\"Rửa tay bằng xà phòng (gói mẫu)\","
	    "\"en\":\"Handwashing with soap (sample pack)\"}");
	db_pack_clear(&row);
}

static void
test_same_version_noop(void **state)
{
	struct fx *f = *state;
	struct pack_install_info info;
	struct kolb_err err;
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	assert_int_equal(info.status, PACK_UNCHANGED);
	assert_int_equal(nrows(f), 1);
}

static void
test_same_version_other_content(void **state)
{
	struct fx *f = *state;
	struct pack_install_info info;
	struct kolb_err err;
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	char *arc = variant(f, "edited", "\"version\": \"1.0.0\"", "Handwashing, edited");
	assert_int_not_equal(install(f, arc, false, &info, &err), 0);
	assert_non_null(strstr(err.msg, "already installed with different content"));
	assert_int_equal(install(f, arc, true, &info, &err), 0);
	assert_int_equal(info.status, PACK_REINSTALLED);
	assert_int_equal(nrows(f), 1);
	struct db_pack row;
	assert_int_equal(pack_find(f->db, "sample-handwashing", NULL, &row, NULL), 1);
	assert_non_null(strstr(row.title, "Handwashing, edited"));
	db_pack_clear(&row);
	free(arc);
}

static void
test_upgrade_replaces_unused(void **state)
{
	struct fx *f = *state;
	struct pack_install_info info;
	struct kolb_err err;
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	char *arc = variant(f, "v11", "\"version\": \"1.1.0\"", NULL);
	assert_int_equal(install(f, arc, false, &info, &err), 0);
	assert_int_equal(info.status, PACK_UPGRADED);
	assert_string_equal(info.previous, "1.0.0");
	assert_false(exists(f, "packs/sample-handwashing/1.0.0"));
	assert_true(exists(f, "packs/sample-handwashing/1.1.0/pack.json"));
	assert_int_equal(nrows(f), 1);
	current_is(f, "1.1.0");
	free(arc);
}

static void
test_upgrade_keeps_version_in_use(void **state)
{
	struct fx *f = *state;
	struct pack_install_info info;
	struct kolb_err err;
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO sessions (uid, pack_id, pack_version, "
	    "pack_sha256, language, title, start_date, days, created_at) VALUES ('s1', "
	    "'sample-handwashing', '1.0.0', '', 'vi', 'Lớp 4A', '2026-11-29', 1, '2026-11-29')",
	    &err), 0);
	char *arc = variant(f, "v11", "\"version\": \"1.1.0\"", NULL);
	assert_int_equal(install(f, arc, false, &info, &err), 0);
	assert_true(exists(f, "packs/sample-handwashing/1.0.0/pack.json"));
	assert_true(exists(f, "packs/sample-handwashing/1.1.0/pack.json"));
	assert_int_equal(nrows(f), 2);
	current_is(f, "1.1.0");
	struct pack_manifest *m;
	assert_int_equal(pack_load(f->db, f->data, "sample-handwashing", "1.0.0", &m, NULL, &err), 0);
	manifest_free(m);
	/* removing a pack a session uses needs --force */
	assert_int_not_equal(pack_remove(f->db, f->data, "sample-handwashing", false, &err), 0);
	assert_non_null(strstr(err.msg, "used by 1 session"));
	assert_int_equal(nrows(f), 2);
	assert_int_equal(pack_remove(f->db, f->data, "sample-handwashing", true, &err), 0);
	assert_int_equal(nrows(f), 0);
	assert_false(exists(f, "packs/sample-handwashing"));
	free(arc);
}

static void
test_downgrade_needs_force(void **state)
{
	struct fx *f = *state;
	struct pack_install_info info;
	struct kolb_err err;
	char *arc = variant(f, "v2", "\"version\": \"2.0.0\"", NULL);
	assert_int_equal(install(f, arc, false, &info, &err), 0);
	assert_int_not_equal(install(f, f->sample, false, &info, &err), 0);
	assert_non_null(strstr(err.msg, "older than the installed 2.0.0"));
	current_is(f, "2.0.0");
	assert_false(exists(f, "packs/sample-handwashing/1.0.0"));
	assert_int_equal(install(f, f->sample, true, &info, &err), 0);
	assert_int_equal(info.status, PACK_DOWNGRADED);
	current_is(f, "1.0.0");
	assert_int_equal(nrows(f), 1);
	free(arc);
}

static void
test_fault_points_leave_no_trace(void **state)
{
	struct fx *f = *state;
	const struct {
		const char *point;
		int nth;
	} faults[] = {{"extract.entry", 1}, {"extract.entry", 4}, {"install.before-rename", 1},
	    {"install.before-commit", 1}};
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
		struct pack_install_info info;
		struct kolb_err err;
		fault_set(faults[i].point, faults[i].nth);
		if (install(f, f->sample, false, &info, &err) == 0)
			fail_msg("fault %s did not fail the install", faults[i].point);
		assert_non_null(strstr(err.msg, "injected fault"));
		assert_no_trace(f);
	}
	/* and the same archive installs cleanly afterwards */
	struct pack_install_info info;
	struct kolb_err err;
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	assert_int_equal(info.status, PACK_INSTALLED);
}

static void
test_failed_upgrade_keeps_old(void **state)
{
	struct fx *f = *state;
	struct pack_install_info info;
	struct kolb_err err;
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	char *arc = variant(f, "v11", "\"version\": \"1.1.0\"", NULL);
	fault_set("install.before-commit", 1);
	assert_int_not_equal(install(f, arc, false, &info, &err), 0);
	assert_true(exists(f, "packs/sample-handwashing/1.0.0/pack.json"));
	assert_false(exists(f, "packs/sample-handwashing/1.1.0"));
	current_is(f, "1.0.0");
	assert_int_equal(nrows(f), 1);
	/* a forced same-version replacement that fails puts the old content back */
	char *edited = variant(f, "edited", "\"version\": \"1.0.0\"", "Handwashing, edited");
	fault_set("install.before-commit", 1);
	assert_int_not_equal(install(f, edited, true, &info, &err), 0);
	char *json = kolb_xasprintf("%s/packs/sample-handwashing/1.0.0/pack.json", f->data);
	char *buf;
	size_t len;
	assert_int_equal(fs_read_file(json, 1 << 20, &buf, &len, &err), 0);
	assert_null(strstr(buf, "Handwashing, edited"));
	free(buf);
	free(json);
	free(edited);
	free(arc);
}

static void
test_hostile_archive_refused_whole(void **state)
{
	struct fx *f = *state;
	char *arc = kolb_xasprintf("%s/hostile.tar", f->tmp);
	char *json;
	size_t len;
	struct kolb_err err;
	assert_int_equal(fs_read_file(SAMPLE_PACK "/pack.json", 1 << 20, &json, &len, &err), 0);
	struct tu_entry e[] = {{.name = "pack.json", .data = json},
	    {.name = "activities/germ-glitter.vi.md", .data = "# x\n"},
	    {.name = "activities/evil", .type = AE_IFLNK, .link = "/etc/passwd"}};
	tu_archive(arc, "tar", e, 3);
	struct pack_install_info info;
	assert_int_not_equal(install(f, arc, false, &info, &err), 0);
	assert_non_null(strstr(err.msg, "\"activities/evil\" is a symbolic link"));
	assert_no_trace(f);
	free(json);
	free(arc);
}

static void
test_invalid_manifest_refused(void **state)
{
	struct fx *f = *state;
	char *arc = kolb_xasprintf("%s/bad.tar.gz", f->tmp);
	struct tu_entry e[] = {{.name = "pack.json", .data = "{\"format\": 1, \"id\": \"Bad\"}"}};
	tu_archive(arc, "tar.gz", e, 1);
	struct pack_install_info info;
	struct kolb_err err;
	assert_int_not_equal(install(f, arc, false, &info, &err), 0);
	assert_true(tu_has(&f->problems, "pack.json: id:"));
	assert_true(tu_has(&f->problems, "pack.json: languages:"));
	assert_no_trace(f);
	free(arc);
}

static void
test_zip_with_top_folder(void **state)
{
	struct fx *f = *state;
	char *arc = kolb_xasprintf("%s/pack.zip", f->tmp);
	char *cmd = kolb_xasprintf("cd content-packs && zip -qr '%s' sample-handwashing", arc);
	if (system(cmd) != 0)
		skip();
	struct pack_install_info info;
	struct kolb_err err;
	if (install(f, arc, false, &info, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(exists(f, "packs/sample-handwashing/1.0.0/pack.json"));
	free(cmd);
	free(arc);
}

static void
test_sweep_leftovers(void **state)
{
	struct fx *f = *state;
	/* What a power cut can leave: a staging folder, and a pack folder without its row. */
	char *p = kolb_xasprintf("%s/tmp/install-abc123/activities", f->data);
	assert_int_equal(fs_mkdir_p(p, 0700, NULL), 0);
	free(p);
	p = kolb_xasprintf("%s/packs/ghost/1.0.0", f->data);
	assert_int_equal(fs_mkdir_p(p, 0700, NULL), 0);
	free(p);
	struct pack_install_info info;
	struct kolb_err err;
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	assert_false(exists(f, "tmp/install-abc123"));
	assert_false(exists(f, "packs/ghost"));
	assert_true(exists(f, "packs/sample-handwashing/1.0.0"));
}

static void
test_concurrent_install_refused(void **state)
{
	struct fx *f = *state;
	char *lock = kolb_xasprintf("%s/.install.lock", f->data);
	int fd = open(lock, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	struct pack_install_info info;
	struct kolb_err err;
	assert_int_not_equal(install(f, f->sample, false, &info, &err), 0);
	assert_non_null(strstr(err.msg, "another kolb is installing"));
	close(fd);
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	free(lock);
}

static void
test_remove_errors(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	assert_int_not_equal(pack_remove(f->db, f->data, "nope", false, &err), 0);
	assert_non_null(strstr(err.msg, "not installed"));
	struct pack_install_info info;
	assert_int_equal(install(f, f->sample, false, &info, &err), 0);
	assert_int_equal(pack_remove(f->db, f->data, "sample-handwashing", false, &err), 0);
	assert_no_trace(f);
}

static void
test_build_reproducible(void **state)
{
	struct fx *f = *state;
	char *again = kolb_xasprintf("%s/again.tar.gz", f->tmp);
	struct kolb_err err;
	assert_int_equal(pack_build(SAMPLE_PACK, again, NULL, &err), 0);
	char a[65], b[65];
	assert_int_equal(fs_sha256_file(f->sample, a, &err), 0);
	assert_int_equal(fs_sha256_file(again, b, &err), 0);
	assert_string_equal(a, b);
	/* a broken pack is not built */
	char *dir = kolb_xasprintf("%s/broken", f->tmp);
	tu_copy_sample(dir);
	char *json = kolb_xasprintf("%s/pack.json", dir);
	tu_replace(json, "\"format\": 1,", "\"format\": 1, \"oops\": true,");
	char *out = kolb_xasprintf("%s/broken.tar.gz", f->tmp);
	assert_int_not_equal(pack_build(dir, out, &f->problems, &err), 0);
	assert_int_not_equal(access(out, F_OK), 0);
	assert_true(tu_has(&f->problems, "oops: unknown field"));
	free(out);
	free(json);
	free(dir);
	free(again);
}

int
main(void)
{
	setlocale(LC_ALL, "");
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_install_fresh),
		T(test_same_version_noop),
		T(test_same_version_other_content),
		T(test_upgrade_replaces_unused),
		T(test_upgrade_keeps_version_in_use),
		T(test_downgrade_needs_force),
		T(test_fault_points_leave_no_trace),
		T(test_failed_upgrade_keeps_old),
		T(test_hostile_archive_refused_whole),
		T(test_invalid_manifest_refused),
		T(test_zip_with_top_folder),
		T(test_sweep_leftovers),
		T(test_concurrent_install_refused),
		T(test_remove_errors),
		T(test_build_reproducible),
	};
	return cmocka_run_group_tests_name("install", tests, NULL, NULL);
}
