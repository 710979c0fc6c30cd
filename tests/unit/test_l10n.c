/* Unit tests: the interface language, local dates and numbers, settings. */
#include "testutil.h"
#include "db.h"
#include "l10n.h"
#include "vnkey.h"

#include <libgen.h>
#include <limits.h>

static char locale_dir[4096];

static void
test_dates(void **state)
{
	(void)state;
	char b[64];
	assert_string_equal(l10n_date_in("vi", "2026-11-28", b, sizeof b), "28/11/2026");
	assert_string_equal(l10n_date_in("en", "2026-11-28", b, sizeof b), "2026-11-28");
	/* A timestamp's date part. */
	assert_string_equal(l10n_date_in("vi", "2026-01-05T09:00:00Z", b, sizeof b), "05/01/2026");
	/* What is not a date is left alone. */
	assert_string_equal(l10n_date_in("vi", "2026-02-30", b, sizeof b), "2026-02-30");
	assert_string_equal(l10n_date_in("vi", "hôm qua", b, sizeof b), "hôm qua");
	assert_string_equal(l10n_date_in("vi", "", b, sizeof b), "");
	assert_string_equal(l10n_date_in("vi", "2026-11-28junk", b, sizeof b), "2026-11-28junk");
	/* Cut to the buffer, never overrun. */
	char small[4];
	l10n_date_in("vi", "2026-11-28", small, sizeof small);
	assert_string_equal(small, "28/");
}

static void
test_parse_date(void **state)
{
	(void)state;
	char d[11];
	assert_int_equal(l10n_parse_date("28/11/2026", d), 0);
	assert_string_equal(d, "2026-11-28");
	assert_int_equal(l10n_parse_date("1/2/2027", d), 0);
	assert_string_equal(d, "2027-02-01");
	assert_int_equal(l10n_parse_date(" 05-01-2026 ", d), 0);
	assert_string_equal(d, "2026-01-05");
	assert_int_equal(l10n_parse_date("29.02.2028", d), 0);
	assert_string_equal(d, "2028-02-29");
	assert_int_equal(l10n_parse_date("2026-11-28", d), 0);
	assert_string_equal(d, "2026-11-28");
	const char *bad[] = {"", "29/02/2027", "31/04/2026", "0/1/2026", "1/13/2026", "1/1/26",
	    "1/1/20260", "12/01-2026", "1//2026", "a/b/cdef", "2026/11/28", "28/11/2026/1",
	    "999/1/2026", "2026-13-01", "28 11 2026", "-1/1/2026"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		strcpy(d, "unchanged");
		assert_int_equal(l10n_parse_date(bad[i], d), -1);
		assert_string_equal(d, "unchanged");
	}
	assert_int_equal(l10n_parse_date(NULL, d), -1);
}

static void
test_numbers(void **state)
{
	(void)state;
	char b[64];
	assert_int_equal(l10n_set_language("en", NULL), 0);
	assert_string_equal(l10n_int(1234567, b, sizeof b), "1,234,567");
	assert_string_equal(l10n_int(-1000, b, sizeof b), "-1,000");
	assert_string_equal(l10n_int(999, b, sizeof b), "999");
	assert_string_equal(l10n_int(0, b, sizeof b), "0");
	assert_string_equal(l10n_int(LLONG_MIN, b, sizeof b), "-9,223,372,036,854,775,808");
	assert_int_equal(l10n_set_language("vi", NULL), 0);
	assert_string_equal(l10n_int(1234567, b, sizeof b), "1.234.567");
	assert_string_equal(l10n_decimal(NULL, 6.5, 1, b, sizeof b), "6,5");
	assert_string_equal(l10n_decimal("en", 6.5, 1, b, sizeof b), "6.5");
	assert_string_equal(l10n_decimal("vi", 6.0, 1, b, sizeof b), "6");
	assert_string_equal(l10n_decimal("vi", 1234.25, 2, b, sizeof b), "1.234,25");
	assert_string_equal(l10n_decimal("vi", 0.04, 1, b, sizeof b), "0");
	assert_string_equal(l10n_decimal("vi", -2.75, 1, b, sizeof b), "-2,8");
	assert_string_equal(l10n_decimal("en", 3.14159, 3, b, sizeof b), "3.142");
	assert_int_equal(l10n_set_language(NULL, NULL), 0);
}

static void
test_language(void **state)
{
	(void)state;
	struct kolb_err err;
	unsetenv("LANGUAGE");
	assert_int_equal(l10n_set_language("", &err), 0);
	assert_string_equal(l10n_code(), "en");
	assert_string_equal(_("Home"), "Home");
	assert_int_equal(l10n_set_language("vi", &err), 0);
	assert_string_equal(l10n_code(), "vi");
	assert_string_equal(_("Home"), "Trang chính");
	char b[32];
	assert_string_equal(l10n_date("2026-11-28", b, sizeof b), "28/11/2026");
	/* Content in another language than the interface's, and back. */
	assert_string_equal(l10n_in("en", "Home"), "Home");
	assert_string_equal(_("Home"), "Trang chính");
	assert_int_equal(l10n_set_language("en", &err), 0);
	assert_string_equal(l10n_in("vi", "Home"), "Trang chính");
	assert_string_equal(_("Home"), "Home");
	assert_string_equal(l10n_code(), "en");
	assert_string_equal(l10n_in("fr", "Home"), "Home");
	assert_string_equal(l10n_in(NULL, "Home"), "Home");
	assert_int_equal(l10n_set_language("fr", &err), -1);
	assert_non_null(strstr(err.msg, "fr"));
	/* "Follow the environment" puts the environment's LANGUAGE back. */
	setenv("LANGUAGE", "vi", 1);
	assert_int_equal(l10n_set_language("en", &err), 0);
	assert_string_equal(getenv("LANGUAGE"), "en");
	assert_int_equal(l10n_set_language("", &err), 0);
	assert_null(getenv("LANGUAGE")); /* it was unset when first saved */
	assert_string_equal(l10n_code(), "en");
	/* push/pop put back exactly the environment's LANGUAGE, a list included */
	setenv("LANGUAGE", "en_GB:en", 1);
	struct l10n_saved sv;
	l10n_push("vi", &sv);
	assert_string_equal(_("Home"), "Trang chính");
	l10n_pop(&sv);
	assert_string_equal(getenv("LANGUAGE"), "en_GB:en");
	assert_string_equal(_("Home"), "Home");
	unsetenv("LANGUAGE");
	l10n_push("vi", &sv);
	l10n_pop(&sv);
	assert_null(getenv("LANGUAGE"));
	/* the interface's own language or an unknown one: nothing to do */
	l10n_push("fr", &sv);
	assert_false(sv.pushed);
	l10n_pop(&sv);
	assert_null(getenv("LANGUAGE"));
}

static void
test_settings(void **state)
{
	(void)state;
	char *tmp = tu_tmpdir();
	char *path = kolb_xasprintf("%s/kolb.db", tmp);
	struct db *db;
	struct kolb_err err;
	assert_int_equal(db_open(path, &db, &err), 0);
	/* Nothing stored: plain typing, modern style, the environment's language. */
	struct vnkey k = {.mode = VNKEY_VNI, .style = VNKEY_TRADITIONAL};
	l10n_typing_load(db, &k);
	assert_int_equal(k.mode, VNKEY_OFF);
	assert_int_equal(k.style, VNKEY_MODERN);
	char lang[L10N_LANG_SIZE] = "x";
	l10n_apply_setting(db, lang);
	assert_string_equal(lang, "");
	assert_string_equal(l10n_code(), "en");
	vnkey_init(&k, VNKEY_TELEX, VNKEY_TRADITIONAL);
	assert_int_equal(l10n_typing_save(db, &k, &err), 0);
	assert_int_equal(db_setting_set(db, L10N_SETTING_LANGUAGE, "vi", &err), 0);
	db_close(db);
	/* Kept in the data folder: a new connection sees them. */
	assert_int_equal(db_open(path, &db, &err), 0);
	struct vnkey back;
	l10n_typing_load(db, &back);
	assert_int_equal(back.mode, VNKEY_TELEX);
	assert_int_equal(back.style, VNKEY_TRADITIONAL);
	l10n_apply_setting(db, lang);
	assert_string_equal(lang, "vi");
	assert_string_equal(l10n_code(), "vi");
	/* A value this version does not know falls back, never half-applies. */
	assert_int_equal(db_setting_set(db, "typing.mode", "unikey", &err), 0);
	assert_int_equal(db_setting_set(db, L10N_SETTING_LANGUAGE, "fr", &err), 0);
	l10n_typing_load(db, &back);
	assert_int_equal(back.mode, VNKEY_OFF);
	l10n_apply_setting(db, lang);
	assert_string_equal(lang, "");
	assert_string_equal(l10n_code(), "en");
	/* db_setting_set with NULL deletes */
	char v[16];
	assert_int_equal(db_setting_set(db, "typing.mode", NULL, &err), 0);
	assert_int_equal(db_setting_get(db, "typing.mode", v, sizeof v), 0);
	assert_string_equal(v, "");
	db_close(db);
	tu_rmrf(tmp);
	free(path);
	free(tmp);
}

static void
test_typing_modes(void **state)
{
	(void)state;
	enum vnkey_mode m = VNKEY_VNI;
	for (int i = VNKEY_OFF; i <= VNKEY_VNI; i++) {
		assert_true(vnkey_mode_parse(vnkey_mode_id((enum vnkey_mode)i), &m));
		assert_int_equal(m, i);
	}
	assert_false(vnkey_mode_parse("Telex", &m));
	assert_false(vnkey_mode_parse(NULL, &m));
	assert_int_equal(m, VNKEY_VNI);
	assert_int_equal(vnkey_mode_next(VNKEY_OFF), VNKEY_TELEX);
	assert_int_equal(vnkey_mode_next(VNKEY_TELEX), VNKEY_VNI);
	assert_int_equal(vnkey_mode_next(VNKEY_VNI), VNKEY_OFF);
	assert_string_equal(vnkey_mode_label(VNKEY_TELEX), "Telex");
	assert_int_equal(l10n_set_language("vi", NULL), 0);
	assert_string_not_equal(vnkey_mode_label(VNKEY_OFF), "plain");
	assert_int_equal(l10n_set_language(NULL, NULL), 0);
	assert_string_equal(vnkey_mode_label(VNKEY_OFF), "plain");
}

static void
test_localedir(void **state)
{
	(void)state;
	char b[4096];
	setenv("KOLB_LOCALEDIR", "/x/y", 1);
	assert_string_equal(l10n_localedir("build/locale", "/usr/share/locale", b, sizeof b), "/x/y");
	unsetenv("KOLB_LOCALEDIR");
	assert_string_equal(l10n_localedir("no/such/dir", "/usr/share/locale", b, sizeof b),
	    "/usr/share/locale");
	/* This test program lives in BUILD/tests; BUILD/locale is found next to it. */
	assert_string_equal(l10n_localedir("../locale", "/usr/share/locale", b, sizeof b),
	    locale_dir);
}

int
main(int argc, char **argv)
{
	(void)argc;
	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	snprintf(locale_dir, sizeof locale_dir, "%s/../locale", dirname(exe));
	(void)argv;
	bindtextdomain("kolb", locale_dir);
	bind_textdomain_codeset("kolb", "UTF-8");
	textdomain("kolb");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_typing_modes),
		cmocka_unit_test(test_localedir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
