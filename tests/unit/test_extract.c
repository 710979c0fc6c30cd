/* Unit tests: every archive attack is refused, naming the entry; good archives extract. */
#include "extract.h"
#include "fsutil.h"
#include "testutil.h"

struct fx {
	char *tmp, *arc, *dest;
};

static int
setup(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	f->tmp = tu_tmpdir();
	f->arc = kolb_xasprintf("%s/a.tar", f->tmp);
	f->dest = kolb_xasprintf("%s/dest", f->tmp);
	mkdir(f->dest, 0700);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f->arc);
	free(f->dest);
	free(f);
	return 0;
}

/* Build an archive of entries, extract it, expect refusal mentioning needle. */
static void
refused(struct fx *f, const char *kind, const struct tu_entry *e, size_t n,
    const struct extract_limits *lim, const char *needle)
{
	tu_archive(f->arc, kind, e, n);
	struct extract_result res;
	struct kolb_err err = {""};
	int rc = extract_archive(f->arc, f->dest, lim, &res, &err);
	if (rc == 0 || strstr(err.msg, needle) == NULL)
		fail_msg("wanted refusal with \"%s\", got rc=%d \"%s\"", needle, rc, err.msg);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
test_absolute_path(void **state)
{
	struct tu_entry e[] = {{.name = "pack.json", .data = "{}"}, {.name = "/etc/evil", .data = "x"}};
	refused(*state, "tar", e, N(e), NULL, "\"/etc/evil\" has an absolute path");
}

static void
test_dotdot(void **state)
{
	struct tu_entry e[] = {{.name = "a/../../evil", .data = "x"}};
	refused(*state, "tar.gz", e, N(e), NULL, "\"a/../../evil\" has a \"..\" component");
	struct tu_entry e2[] = {{.name = "..", .type = AE_IFDIR}};
	refused(*state, "tar", e2, N(e2), NULL, "\"..\" component");
}

static void
test_symlink(void **state)
{
	struct tu_entry e[] = {{.name = "link", .type = AE_IFLNK, .link = "/etc/passwd"}};
	refused(*state, "tar", e, N(e), NULL, "\"link\" is a symbolic link");
	struct fx *f = *state;
	struct stat st;
	char *p = kolb_xasprintf("%s/link", f->dest);
	assert_int_not_equal(lstat(p, &st), 0);
	free(p);
}

static void
test_symlink_then_write_through(void **state)
{
	/* The classic two-step: a link to outside, then a file "through" it. */
	struct tu_entry e[] = {{.name = "d", .type = AE_IFLNK, .link = "/tmp"},
	    {.name = "d/owned", .data = "x"}};
	refused(*state, "tar", e, N(e), NULL, "\"d\" is a symbolic link");
}

static void
test_hardlink(void **state)
{
	struct tu_entry e[] = {{.name = "a", .data = "x"},
	    {.name = "b", .link = "a", .hardlink = 1}};
	refused(*state, "tar", e, N(e), NULL, "\"b\" is a hard link");
	struct tu_entry e2[] = {{.name = "b", .link = "/etc/shadow", .hardlink = 1}};
	refused(*state, "tar", e2, N(e2), NULL, "hard link");
}

static void
test_device_fifo(void **state)
{
	struct tu_entry e[] = {{.name = "dev", .type = AE_IFCHR}};
	refused(*state, "tar", e, N(e), NULL, "\"dev\" is a device");
	struct tu_entry e2[] = {{.name = "blk", .type = AE_IFBLK}};
	refused(*state, "tar", e2, N(e2), NULL, "\"blk\" is a device");
	struct tu_entry e3[] = {{.name = "pipe", .type = AE_IFIFO}};
	refused(*state, "tar", e3, N(e3), NULL, "\"pipe\" is a fifo");
}

static void
test_bad_utf8_name(void **state)
{
	struct tu_entry e[] = {{.name = "b\xe1\xbb" "a.md", .data = "x"}};
	refused(*state, "tar", e, N(e), NULL, "not valid UTF-8");
}

static void
test_control_char_name(void **state)
{
	struct tu_entry e[] = {{.name = "a\nb.md", .data = "x"}};
	refused(*state, "tar", e, N(e), NULL, "control characters");
}

static void
test_duplicate(void **state)
{
	struct tu_entry e[] = {{.name = "pack.json", .data = "{}"}, {.name = "./pack.json", .data = "{1}"}};
	refused(*state, "tar", e, N(e), NULL, "\"pack.json\" appears twice");
}

static void
test_too_many_entries(void **state)
{
	struct tu_entry e[30];
	char names[30][16];
	for (int i = 0; i < 30; i++) {
		snprintf(names[i], sizeof names[i], "f%02d", i);
		e[i] = (struct tu_entry){.name = names[i], .data = "x"};
	}
	struct extract_limits lim = {.max_entries = 20};
	refused(*state, "tar", e, N(e), &lim, "more than 20 entries");
}

static void
test_bomb_declared(void **state)
{
	/* 64 MiB of zeros compresses to ~64 KiB; refused from its header, nothing written. */
	struct fx *f = *state;
	struct tu_entry e[] = {{.name = "small", .data = "ok"}, {.name = "zeros", .zeros = 64u << 20}};
	struct extract_limits lim = {.max_bytes = 1u << 20};
	refused(f, "tar.gz", e, N(e), &lim, "\"zeros\": the archive unpacks to more than 1048576");
	assert_true(tu_du(f->dest) <= (1u << 20));
}

static void
test_bomb_many_files(void **state)
{
	struct fx *f = *state;
	struct tu_entry e[40];
	char names[40][16];
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof names[i], "z%02d", i);
		e[i] = (struct tu_entry){.name = names[i], .zeros = 100000};
	}
	struct extract_limits lim = {.max_bytes = 1000000};
	refused(f, "tar.xz", e, N(e), &lim, "more than 1000000 bytes");
	assert_true(tu_du(f->dest) <= 1000000);
}

static void
test_bomb_zip_streaming(void **state)
{
	/* A zip whose sizes are only known after the data: counted while streaming. */
	struct fx *f = *state;
	struct tu_entry e[] = {{.name = "zeros", .zeros = 8u << 20}};
	char *zip = kolb_xasprintf("%s/bomb.zip", f->tmp);
	tu_archive(zip, "zip", e, 1);
	struct extract_result res;
	struct kolb_err err = {""};
	struct extract_limits lim = {.max_bytes = 1u << 20};
	assert_int_not_equal(extract_archive(zip, f->dest, &lim, &res, &err), 0);
	assert_non_null(strstr(err.msg, "more than 1048576 bytes"));
	assert_true(tu_du(f->dest) <= (1u << 20));
	free(zip);
}

static void
test_zip_traversal(void **state)
{
	struct fx *f = *state;
	struct tu_entry e[] = {{.name = "ok.md", .data = "x"}, {.name = "../evil.md", .data = "x"}};
	char *zip = kolb_xasprintf("%s/t.zip", f->tmp);
	tu_archive(zip, "zip", e, N(e));
	struct extract_result res;
	struct kolb_err err = {""};
	assert_int_not_equal(extract_archive(zip, f->dest, NULL, &res, &err), 0);
	assert_non_null(strstr(err.msg, "\"..\" component"));
	char *evil = kolb_xasprintf("%s/evil.md", f->tmp);
	assert_int_not_equal(access(evil, F_OK), 0);
	free(evil);
	free(zip);
}

static void
test_not_an_archive(void **state)
{
	struct fx *f = *state;
	tu_write(f->arc, "this is just text, not a tar archive at all, nothing to see\n");
	struct extract_result res;
	struct kolb_err err = {""};
	assert_int_not_equal(extract_archive(f->arc, f->dest, NULL, &res, &err), 0);
	assert_true(err.msg[0] != '\0');
	char *none = kolb_xasprintf("%s/nope.tar", f->tmp);
	assert_int_not_equal(extract_archive(none, f->dest, NULL, &res, &err), 0);
	free(none);
}

static void
test_truncated(void **state)
{
	struct fx *f = *state;
	struct tu_entry e[] = {{.name = "big", .zeros = 200000}};
	tu_archive(f->arc, "tar", e, 1);
	assert_int_equal(truncate(f->arc, 100000), 0);
	struct extract_result res;
	struct kolb_err err = {""};
	assert_int_not_equal(extract_archive(f->arc, f->dest, NULL, &res, &err), 0);
}

static void
test_good_formats(void **state)
{
	struct fx *f = *state;
	const char *kinds[] = {"tar", "tar.gz", "tar.xz", "tar.zst", "zip"};
	for (size_t k = 0; k < N(kinds); k++) {
		struct tu_entry e[] = {{.name = "./pack.json", .data = "{\"a\": 1}"},
		    {.name = "activities", .type = AE_IFDIR},
		    {.name = "activities/bài-1.vi.md", .data = "# Bài một\n"},
		    {.name = "deep/er/file.txt", .data = "nested without folder entries"}};
		char *arc = kolb_xasprintf("%s/good.%s", f->tmp, kinds[k]);
		char *dest = kolb_xasprintf("%s/out-%zu", f->tmp, k);
		mkdir(dest, 0700);
		tu_archive(arc, kinds[k], e, N(e));
		struct extract_result res;
		struct kolb_err err = {""};
		if (extract_archive(arc, dest, NULL, &res, &err) != 0)
			fail_msg("%s: %s", kinds[k], err.msg);
		assert_int_equal(res.entries, 4);
		char want[65];
		assert_int_equal(fs_sha256_file(arc, want, &err), 0);
		assert_string_equal(res.sha256, want);
		char *p = kolb_xasprintf("%s/activities/bài-1.vi.md", dest);
		char *buf;
		size_t len;
		assert_int_equal(fs_read_file(p, 1000, &buf, &len, &err), 0);
		assert_string_equal(buf, "# Bài một\n");
		struct stat st;
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0644);
		free(buf);
		free(p);
		p = kolb_xasprintf("%s/deep/er/file.txt", dest);
		assert_int_equal(access(p, F_OK), 0);
		free(p);
		free(arc);
		free(dest);
	}
}

static void
test_clean_name(void **state)
{
	(void)state;
	char out[64];
	struct kolb_err err;
	assert_int_equal(extract_clean_name("./././a/b/", out, sizeof out, &err), 0);
	assert_string_equal(out, "a/b");
	assert_int_not_equal(extract_clean_name("a//b", out, sizeof out, &err), 0);
	assert_int_not_equal(extract_clean_name("a/./b", out, sizeof out, &err), 0);
	assert_int_not_equal(extract_clean_name("./", out, sizeof out, &err), 0);
	assert_int_not_equal(extract_clean_name("a\\..\\b", out, sizeof out, &err), 0);
	assert_int_not_equal(extract_clean_name("", out, sizeof out, &err), 0);
}

int
main(void)
{
	setlocale(LC_ALL, "");
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_absolute_path),
		T(test_dotdot),
		T(test_symlink),
		T(test_symlink_then_write_through),
		T(test_hardlink),
		T(test_device_fifo),
		T(test_bad_utf8_name),
		T(test_control_char_name),
		T(test_duplicate),
		T(test_too_many_entries),
		T(test_bomb_declared),
		T(test_bomb_many_files),
		T(test_bomb_zip_streaming),
		T(test_zip_traversal),
		T(test_not_an_archive),
		T(test_truncated),
		T(test_good_formats),
		T(test_clean_name),
	};
	return cmocka_run_group_tests_name("extract", tests, NULL, NULL);
}
