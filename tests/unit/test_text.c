/* Unit tests: UTF-8, slugs, semantic versions, dates, language codes. */
#include "testutil.h"
#include "text.h"

static void
test_utf8(void **state)
{
	(void)state;
	const char *ok[] = {"", "abc", "Rửa tay bằng xà phòng", "Đắk Lắk", "người", "😀",
	    "abcdefghRửa tay bằng xà phòng trước khi ăn cơm", "0123456789abcdefĐ", "12345678😀"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_true(text_utf8_valid(ok[i], strlen(ok[i])));
	const char *bad[] = {"\xff", "\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
	    "\xf4\x90\x80\x80", "a\x80", "\xe1\xbb",
	    /* after runs of ASCII read eight bytes at a time */
	    "abcdefgh\xff", "abcdefghijklmnop\xc3", "abcdefghijklmno\xe1\xbb", "0123456789abcdef\x80x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(text_utf8_valid(bad[i], strlen(bad[i])));
}

static void
test_slug(void **state)
{
	(void)state;
	assert_true(text_is_slug("child-protection-youth"));
	assert_true(text_is_slug("a1"));
	assert_false(text_is_slug(""));
	assert_false(text_is_slug("-a"));
	assert_false(text_is_slug("a-"));
	assert_false(text_is_slug("a--b"));
	assert_false(text_is_slug("Child"));
	assert_false(text_is_slug("a_b"));
	assert_false(text_is_slug("../x"));
	char longs[70];
	memset(longs, 'a', 65);
	longs[65] = '\0';
	assert_false(text_is_slug(longs));
}

static void
test_semver(void **state)
{
	(void)state;
	const char *ok[] = {"1.0.0", "0.0.1", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1",
	    "1.0.0-0.3.7", "1.0.0+build.1", "1.0.0-rc.1+sha.5114f85"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_true(text_semver_valid(ok[i]));
	const char *bad[] = {"1", "1.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "v1.0.0",
	    "1.0.0.0", "1.0.x", "", "1..0"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(text_semver_valid(bad[i]));
	/* The precedence example of Semantic Versioning 2.0.0, section 11. */
	const char *order[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
	    "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0",
	    "10.0.0"};
	size_t n = sizeof order / sizeof order[0];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int c = text_semver_cmp(order[i], order[j]);
			if (i < j)
				assert_true(c < 0);
			else if (i > j)
				assert_true(c > 0);
			else
				assert_int_equal(c, 0);
		}
	assert_int_equal(text_semver_cmp("1.0.0+a", "1.0.0+b"), 0);
}

static void
test_date_lang(void **state)
{
	(void)state;
	assert_true(text_date_valid("2026-11-29"));
	assert_true(text_date_valid("2024-02-29"));
	assert_false(text_date_valid("2026-02-29"));
	assert_false(text_date_valid("2100-02-29"));
	assert_false(text_date_valid("2026-13-01"));
	assert_false(text_date_valid("2026-1-01"));
	assert_false(text_date_valid("29/11/2026"));
	assert_true(text_is_lang("vi"));
	assert_true(text_is_lang("hmn"));
	assert_true(text_is_lang("en-GB"));
	assert_false(text_is_lang("VI"));
	assert_false(text_is_lang("v"));
	assert_false(text_is_lang("en-gb"));
	assert_false(text_is_lang("vi_VN"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_semver),
		cmocka_unit_test(test_date_lang),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
