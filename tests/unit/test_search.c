/* Unit tests: Vietnamese diacritic folding (every vowel with every tone,
 * precomposed and decomposed, đ/Đ, the map back to the original) and search
 * over entries (with and without folding, case, versions, notes, errors). */
#include "entry.h"
#include "fold.h"
#include "pack.h"
#include "participant.h"
#include "search.h"
#include "session.h"
#include "testutil.h"

/* Every Vietnamese vowel letter with a diacritic: precomposed (NFC), the same
 * letter decomposed (NFD, as unicodedata.normalize gives it), and its base. */
static const struct {
	const char *nfc, *nfd;
	char base;
} letters[] = {
	{"à", "a\u0300", 'a'}, {"á", "a\u0301", 'a'}, {"ả", "a\u0309", 'a'},
	{"ã", "a\u0303", 'a'}, {"ạ", "a\u0323", 'a'}, {"ă", "a\u0306", 'a'},
	{"ằ", "a\u0306\u0300", 'a'}, {"ắ", "a\u0306\u0301", 'a'}, {"ẳ", "a\u0306\u0309", 'a'},
	{"ẵ", "a\u0306\u0303", 'a'}, {"ặ", "a\u0306\u0323", 'a'}, {"â", "a\u0302", 'a'},
	{"ầ", "a\u0302\u0300", 'a'}, {"ấ", "a\u0302\u0301", 'a'}, {"ẩ", "a\u0302\u0309", 'a'},
	{"ẫ", "a\u0302\u0303", 'a'}, {"ậ", "a\u0302\u0323", 'a'}, {"è", "e\u0300", 'e'},
	{"é", "e\u0301", 'e'}, {"ẻ", "e\u0309", 'e'}, {"ẽ", "e\u0303", 'e'},
	{"ẹ", "e\u0323", 'e'}, {"ê", "e\u0302", 'e'}, {"ề", "e\u0302\u0300", 'e'},
	{"ế", "e\u0302\u0301", 'e'}, {"ể", "e\u0302\u0309", 'e'}, {"ễ", "e\u0302\u0303", 'e'},
	{"ệ", "e\u0302\u0323", 'e'}, {"ì", "i\u0300", 'i'}, {"í", "i\u0301", 'i'},
	{"ỉ", "i\u0309", 'i'}, {"ĩ", "i\u0303", 'i'}, {"ị", "i\u0323", 'i'},
	{"ò", "o\u0300", 'o'}, {"ó", "o\u0301", 'o'}, {"ỏ", "o\u0309", 'o'},
	{"õ", "o\u0303", 'o'}, {"ọ", "o\u0323", 'o'}, {"ô", "o\u0302", 'o'},
	{"ồ", "o\u0302\u0300", 'o'}, {"ố", "o\u0302\u0301", 'o'}, {"ổ", "o\u0302\u0309", 'o'},
	{"ỗ", "o\u0302\u0303", 'o'}, {"ộ", "o\u0302\u0323", 'o'}, {"ơ", "o\u031B", 'o'},
	{"ờ", "o\u031B\u0300", 'o'}, {"ớ", "o\u031B\u0301", 'o'}, {"ở", "o\u031B\u0309", 'o'},
	{"ỡ", "o\u031B\u0303", 'o'}, {"ợ", "o\u031B\u0323", 'o'}, {"ù", "u\u0300", 'u'},
	{"ú", "u\u0301", 'u'}, {"ủ", "u\u0309", 'u'}, {"ũ", "u\u0303", 'u'},
	{"ụ", "u\u0323", 'u'}, {"ư", "u\u031B", 'u'}, {"ừ", "u\u031B\u0300", 'u'},
	{"ứ", "u\u031B\u0301", 'u'}, {"ử", "u\u031B\u0309", 'u'}, {"ữ", "u\u031B\u0303", 'u'},
	{"ự", "u\u031B\u0323", 'u'}, {"ỳ", "y\u0300", 'y'}, {"ý", "y\u0301", 'y'},
	{"ỷ", "y\u0309", 'y'}, {"ỹ", "y\u0303", 'y'}, {"ỵ", "y\u0323", 'y'},
	{"À", "A\u0300", 'A'}, {"Á", "A\u0301", 'A'}, {"Ả", "A\u0309", 'A'},
	{"Ã", "A\u0303", 'A'}, {"Ạ", "A\u0323", 'A'}, {"Ă", "A\u0306", 'A'},
	{"Ằ", "A\u0306\u0300", 'A'}, {"Ắ", "A\u0306\u0301", 'A'}, {"Ẳ", "A\u0306\u0309", 'A'},
	{"Ẵ", "A\u0306\u0303", 'A'}, {"Ặ", "A\u0306\u0323", 'A'}, {"Â", "A\u0302", 'A'},
	{"Ầ", "A\u0302\u0300", 'A'}, {"Ấ", "A\u0302\u0301", 'A'}, {"Ẩ", "A\u0302\u0309", 'A'},
	{"Ẫ", "A\u0302\u0303", 'A'}, {"Ậ", "A\u0302\u0323", 'A'}, {"È", "E\u0300", 'E'},
	{"É", "E\u0301", 'E'}, {"Ẻ", "E\u0309", 'E'}, {"Ẽ", "E\u0303", 'E'},
	{"Ẹ", "E\u0323", 'E'}, {"Ê", "E\u0302", 'E'}, {"Ề", "E\u0302\u0300", 'E'},
	{"Ế", "E\u0302\u0301", 'E'}, {"Ể", "E\u0302\u0309", 'E'}, {"Ễ", "E\u0302\u0303", 'E'},
	{"Ệ", "E\u0302\u0323", 'E'}, {"Ì", "I\u0300", 'I'}, {"Í", "I\u0301", 'I'},
	{"Ỉ", "I\u0309", 'I'}, {"Ĩ", "I\u0303", 'I'}, {"Ị", "I\u0323", 'I'},
	{"Ò", "O\u0300", 'O'}, {"Ó", "O\u0301", 'O'}, {"Ỏ", "O\u0309", 'O'},
	{"Õ", "O\u0303", 'O'}, {"Ọ", "O\u0323", 'O'}, {"Ô", "O\u0302", 'O'},
	{"Ồ", "O\u0302\u0300", 'O'}, {"Ố", "O\u0302\u0301", 'O'}, {"Ổ", "O\u0302\u0309", 'O'},
	{"Ỗ", "O\u0302\u0303", 'O'}, {"Ộ", "O\u0302\u0323", 'O'}, {"Ơ", "O\u031B", 'O'},
	{"Ờ", "O\u031B\u0300", 'O'}, {"Ớ", "O\u031B\u0301", 'O'}, {"Ở", "O\u031B\u0309", 'O'},
	{"Ỡ", "O\u031B\u0303", 'O'}, {"Ợ", "O\u031B\u0323", 'O'}, {"Ù", "U\u0300", 'U'},
	{"Ú", "U\u0301", 'U'}, {"Ủ", "U\u0309", 'U'}, {"Ũ", "U\u0303", 'U'},
	{"Ụ", "U\u0323", 'U'}, {"Ư", "U\u031B", 'U'}, {"Ừ", "U\u031B\u0300", 'U'},
	{"Ứ", "U\u031B\u0301", 'U'}, {"Ử", "U\u031B\u0309", 'U'}, {"Ữ", "U\u031B\u0303", 'U'},
	{"Ự", "U\u031B\u0323", 'U'}, {"Ỳ", "Y\u0300", 'Y'}, {"Ý", "Y\u0301", 'Y'},
	{"Ỷ", "Y\u0309", 'Y'}, {"Ỹ", "Y\u0303", 'Y'}, {"Ỵ", "Y\u0323", 'Y'},
};
#define NLETTERS (sizeof letters / sizeof letters[0])

/* The folded copy of s, as a new string. */
static char *
folded(const char *s)
{
	return fold_dup(s);
}

/* Decode the first character of a well-formed UTF-8 string. */
static uint32_t
first_cp(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] < 0xE0)
		return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
}

static void
test_fold_every_letter(void **state)
{
	(void)state;
	/* 12 vowels x 2 cases x 6 forms, minus the 24 plain ones. */
	assert_int_equal(NLETTERS, 132);
	struct fold_buf fb = {0};
	for (size_t i = 0; i < NLETTERS; i++) {
		char want[2] = {letters[i].base, '\0'};
		/* precomposed */
		char *f = folded(letters[i].nfc);
		if (strcmp(f, want) != 0)
			fail_msg("%s folds to \"%s\", not %s", letters[i].nfc, f, want);
		free(f);
		assert_int_equal(fold_letter(first_cp(letters[i].nfc)), letters[i].base);
		/* decomposed */
		f = folded(letters[i].nfd);
		if (strcmp(f, want) != 0)
			fail_msg("decomposed %s folds to \"%s\", not %s", letters[i].nfc, f, want);
		free(f);
		/* the map: the one folded byte comes from offset 0, the end is the end */
		size_t len = strlen(letters[i].nfd);
		assert_true(fold_text(letters[i].nfd, len, true, &fb));
		assert_int_equal(fb.len, 1);
		assert_int_equal(fb.map[0], 0);
		assert_int_equal(fb.map[1], len);
		/* inside a word, both forms, both cases of the neighbours */
		char *word = kolb_xasprintf("Kh%sng", letters[i].nfc);
		char *wantw = kolb_xasprintf("Kh%cng", letters[i].base);
		f = folded(word);
		assert_string_equal(f, wantw);
		free(f);
		free(word);
		word = kolb_xasprintf("kh%sNG", letters[i].nfd);
		free(wantw);
		wantw = kolb_xasprintf("kh%cNG", letters[i].base);
		f = folded(word);
		assert_string_equal(f, wantw);
		free(f);
		free(word);
		free(wantw);
	}
	fold_buf_free(&fb);
	/* đ and Đ, which have no decomposition */
	char *f = folded("đĐ");
	assert_string_equal(f, "dD");
	free(f);
	assert_int_equal(fold_letter(0x111), 'd');
	assert_int_equal(fold_letter(0x110), 'D');
	/* Nothing else is folded: exactly the 132 vowels and đ/Đ in all of the
	 * first planes' letters. */
	int count = 0;
	for (uint32_t c = 0; c < 0x10000; c++)
		if (fold_letter(c) != 0)
			count++;
	assert_int_equal(count, 134);
}

static void
test_fold_half_composed_and_marks(void **state)
{
	(void)state;
	/* Some keyboards send the vowel mark precomposed and the tone combining. */
	const char *half[][2] = {
		{"\u01B0\u0301", "u"},       /* ư + acute = ứ */
		{"\u00E2\u0323", "a"},       /* â + dot below = ậ */
		{"\u01A0\u0300", "O"},       /* Ơ + grave = Ờ */
		{"\u00EA\u0303", "e"},       /* ê + tilde = ễ */
		{"a\u0341", "a"},            /* the deprecated acute tone mark */
		{"ho\u0323c sinh", "hoc sinh"},
		{"Tru\u031B\u0300ng", "Trung"},
	};
	for (size_t i = 0; i < sizeof half / sizeof half[0]; i++) {
		char *f = folded(half[i][0]);
		assert_string_equal(f, half[i][1]);
		free(f);
	}
	/* Other characters are left alone: case, other Latin letters with
	 * diacritics, marks after consonants, other scripts, punctuation. */
	const char *same[] = {
		"ñ", "n\u0303", "ü", "ç", "ß", "x\u0301", "Ñoño", "中文", "😀", "«»…–",
		"\u0301 starts with a mark", "ĀĒ",
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char *f = folded(same[i]);
		assert_string_equal(f, same[i]);
		free(f);
	}
	/* Mixed: the marks that belong to vowels go, the others stay. */
	char *f = folded("Ñ\u0303 và ü\u0301 ê\u0308");
	assert_string_equal(f, "Ñ\u0303 va ü\u0301 e\u0308");
	free(f);
	/* Case is kept. */
	f = folded("ĐẮK LẮK đắk lắk Đắk Lắk");
	assert_string_equal(f, "DAK LAK dak lak Dak Lak");
	free(f);
	/* Plain ASCII folds to itself without being copied. */
	struct fold_buf fb = {0};
	assert_false(fold_text("hoc sinh lop 4A", 15, true, &fb));
	assert_null(fb.text);
	assert_false(fold_text("", 0, true, &fb));
	/* Invalid UTF-8 is copied byte for byte; truncated sequences too. */
	const char bad[] = "a\xff\xc3(ọ\xe1\xba";
	assert_true(fold_text(bad, sizeof bad - 1, true, &fb));
	assert_int_equal(fb.len, 7);
	assert_memory_equal(fb.text, "a\xff\xc3(o\xe1\xba", 7);
	assert_int_equal(fb.map[4], 4);
	assert_int_equal(fb.map[5], 7);
	assert_int_equal(fb.map[7], sizeof bad - 1);
	fold_buf_free(&fb);
	assert_true(fold_is_mark(0x323));
	assert_true(fold_is_mark(0x31B));
	assert_false(fold_is_mark(0x308));
	assert_false(fold_is_mark('a'));
}

static void
test_fold_map(void **state)
{
	(void)state;
	/* NFC and NFD mixed in one text: the map points every folded byte to the
	 * start of the character it came from. */
	const char *s = "Em đi ho\u0323c ở Đắk Lắk 中";
	struct fold_buf fb = {0};
	assert_true(fold_text(s, strlen(s), true, &fb));
	assert_string_equal(fb.text, "Em di hoc o Dak Lak 中");
	const char *o = strstr(fb.text, "hoc");
	size_t ms = (size_t)(o - fb.text), me = ms + 3;
	/* "học" decomposed: h, o, U+0323, c */
	assert_int_equal(fb.map[me] - fb.map[ms], strlen("ho\u0323c"));
	assert_memory_equal(s + fb.map[ms], "ho\u0323c", strlen("ho\u0323c"));
	o = strstr(fb.text, "Dak Lak");
	ms = (size_t)(o - fb.text);
	me = ms + 7;
	assert_int_equal(fb.map[me] - fb.map[ms], strlen("Đắk Lắk"));
	assert_memory_equal(s + fb.map[ms], "Đắk Lắk", strlen("Đắk Lắk"));
	/* the CJK character is copied: its three bytes all come from its start */
	size_t z = fb.len - 3;
	assert_int_equal(fb.map[z], strlen(s) - 3);
	assert_int_equal(fb.map[z + 2], strlen(s) - 3);
	assert_int_equal(fb.map[fb.len], strlen(s));
	/* the map never goes backwards */
	for (size_t i = 0; i < fb.len; i++)
		assert_true(fb.map[i] <= fb.map[i + 1]);
	/* the buffer is reused by a shorter text */
	assert_true(fold_text("ạ", strlen("ạ"), true, &fb));
	assert_string_equal(fb.text, "a");
	fold_buf_free(&fb);
}

/* search_text on s: the number of spans, and the first one's original text in out. */
static size_t
find(const char *pattern, bool fold, const char *s, char *out, size_t outsz)
{
	struct kolb_err err;
	struct search *se = search_new(pattern, fold, &err);
	if (se == NULL)
		fail_msg("%s: %s", pattern, err.msg);
	struct search_span *sp;
	size_t n;
	int r = search_text(se, s, strlen(s), &sp, &n, &err);
	assert_true(r >= 0);
	assert_int_equal(r, n > 0);
	out[0] = '\0';
	if (n > 0) {
		size_t len = sp[0].end - sp[0].start;
		assert_true(len < outsz);
		memcpy(out, s + sp[0].start, len);
		out[len] = '\0';
		for (size_t i = 0; i < n; i++) {
			assert_true(sp[i].start < sp[i].end);
			assert_true(sp[i].end <= strlen(s));
			if (i > 0)
				assert_true(sp[i - 1].end <= sp[i].start);
		}
	} else {
		assert_null(sp);
	}
	free(sp);
	search_free(se);
	return n;
}

static void
test_search_text_fold(void **state)
{
	(void)state;
	char got[128];
	/* "hoc" finds "học", precomposed or not; the span is the original word */
	assert_int_equal(find("hoc", true, "Em đi học ở trường", got, sizeof got), 1);
	assert_string_equal(got, "học");
	assert_int_equal(find("hoc", true, "Em đi ho\u0323c ở trường", got, sizeof got), 1);
	assert_string_equal(got, "ho\u0323c");
	/* ... but not without folding */
	assert_int_equal(find("hoc", false, "Em đi học ở trường", got, sizeof got), 0);
	assert_int_equal(find("hoc", false, "Em đi ho\u0323c", got, sizeof got), 0);
	/* Đ matches D and đ, and the other way round */
	assert_int_equal(find("Đ", true, "Dân tộc", got, sizeof got), 1);
	assert_string_equal(got, "D");
	assert_int_equal(find("Đ", true, "đi bộ", got, sizeof got), 1);
	assert_string_equal(got, "đ");
	assert_int_equal(find("D", true, "Điện Biên", got, sizeof got), 1);
	assert_string_equal(got, "Đ");
	assert_int_equal(find("Đ", false, "Dân tộc", got, sizeof got), 0);
	assert_int_equal(find("Đ", false, "đi bộ", got, sizeof got), 1); /* caseless */
	/* "dak lak" finds "Đắk Lắk"; "Đắk" finds "dak" and "DAK" */
	assert_int_equal(find("dak lak", true, "Tỉnh Đắk Lắk, huyện Krông Búk", got, sizeof got), 1);
	assert_string_equal(got, "Đắk Lắk");
	assert_int_equal(find("Đắk", true, "tinh dak lak", got, sizeof got), 1);
	assert_string_equal(got, "dak");
	assert_int_equal(find("Đắk", true, "TỈNH DAK LAK", got, sizeof got), 1);
	assert_string_equal(got, "DAK");
	assert_int_equal(find("Đắk", false, "tinh dak lak", got, sizeof got), 0);
	/* a decomposed pattern finds a precomposed text and the other way round */
	assert_int_equal(find("nu\u031Bo\u031B\u0301c", true, "NƯỚC sạch", got, sizeof got), 1);
	assert_string_equal(got, "NƯỚC");
	assert_int_equal(find("NƯỚC", true, "nu\u031Bo\u031B\u0301c sạch", got, sizeof got), 1);
	assert_string_equal(got, "nu\u031Bo\u031B\u0301c");
	/* every match is found, each mapped to its own words */
	struct kolb_err err;
	struct search *se = search_new("nuoc", true, &err);
	assert_non_null(se);
	assert_true(search_folds(se));
	const char *t = "Nước sạch, nươ\u0301c mưa và NUOC giếng";
	struct search_span *sp;
	size_t n;
	assert_int_equal(search_text(se, t, strlen(t), &sp, &n, &err), 1);
	assert_int_equal(n, 3);
	assert_memory_equal(t + sp[0].start, "Nước", sp[0].end - sp[0].start);
	assert_int_equal(sp[0].end - sp[0].start, strlen("Nước"));
	assert_int_equal(sp[1].end - sp[1].start, strlen("nươ\u0301c"));
	assert_memory_equal(t + sp[1].start, "nươ\u0301c", sp[1].end - sp[1].start);
	assert_memory_equal(t + sp[2].start, "NUOC", 4);
	assert_int_equal(sp[2].end - sp[2].start, 4);
	free(sp);
	/* a match ending on a vowel takes the marks typed after it */
	t = "ca\u0301 và cá";
	assert_int_equal(search_text(se, t, strlen(t), &sp, &n, &err), 0);
	search_free(se);
	se = search_new("ca", true, &err);
	assert_int_equal(search_text(se, t, strlen(t), &sp, &n, &err), 1);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].start, 0);
	assert_int_equal(sp[0].end, strlen("ca\u0301"));
	assert_memory_equal(t + sp[1].start, "cá", strlen("cá"));
	free(sp);
	search_free(se);
	/* ASCII text with folding on, and a folded pattern with no diacritics */
	assert_int_equal(find("soap", true, "Use SOAP and water", got, sizeof got), 1);
	assert_string_equal(got, "SOAP");
}

static void
test_search_text_case_and_errors(void **state)
{
	(void)state;
	char got[128];
	/* case-insensitive both ways, Vietnamese letters included */
	assert_int_equal(find("HỌC", false, "em đi học", got, sizeof got), 1);
	assert_string_equal(got, "học");
	assert_int_equal(find("học", false, "EM ĐI HỌC", got, sizeof got), 1);
	assert_string_equal(got, "HỌC");
	assert_int_equal(find("ƯỚC MƠ", true, "ước mơ của em", got, sizeof got), 1);
	assert_string_equal(got, "ước mơ");
	assert_int_equal(find("uoc mo", true, "ƯỚC MƠ CỦA EM", got, sizeof got), 1);
	assert_string_equal(got, "ƯỚC MƠ");
	/* PCRE2 syntax, UCP word boundaries around Vietnamese letters */
	assert_int_equal(find("\\bem\\b", false, "Thêm em nữa", got, sizeof got), 1);
	assert_string_equal(got, "em");
	assert_int_equal(find("xà phòng|nước sạch", false, "có NƯỚC SẠCH", got, sizeof got), 1);
	assert_string_equal(got, "NƯỚC SẠCH");
	/* a pattern that only matches the empty string matches nothing */
	assert_int_equal(find("x*", false, "không có chữ đó", got, sizeof got), 0);
	assert_int_equal(find("a*", false, "baaa cả", got, sizeof got), 1);
	assert_string_equal(got, "aaa");
	assert_int_equal(find("(?=ạ)|b", true, "ạ ạ b", got, sizeof got), 1);
	assert_string_equal(got, "b");
	/* mistakes */
	struct kolb_err err;
	assert_null(search_new("học(", false, &err));
	assert_non_null(strstr(err.msg, "invalid pattern at offset 6"));
	assert_non_null(strstr(err.msg, "missing closing parenthesis"));
	assert_null(search_new("[z-a]", true, &err));
	assert_non_null(strstr(err.msg, "invalid pattern at offset"));
	assert_null(search_new("", true, &err));
	assert_non_null(strstr(err.msg, "empty"));
	assert_null(search_new("\xc3(", false, &err));
	assert_non_null(strstr(err.msg, "UTF-8"));
	/* valid as written, reversed once folded */
	struct search *se = search_new("[b-ạ]", false, &err);
	assert_non_null(se);
	search_free(se);
	assert_null(search_new("[b-ạ]", true, &err));
	assert_non_null(strstr(err.msg, "diacritics ignored"));
	assert_non_null(strstr(err.msg, "[b-a]"));
	/* a text that is not UTF-8 is an error, not a crash */
	se = search_new("a", false, &err);
	struct search_span *sp = (void *)1;
	size_t n = 9;
	assert_int_equal(search_text(se, "a\xff", 2, &sp, &n, &err), -1);
	assert_null(sp);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.msg, "UTF-8"));
	search_free(se);
	search_free(NULL);
}

/* --- search over a database --- */

struct fx {
	char *tmp, *data;
	struct db *db;
	long long s1, s2, p1, p2;
};

static long long
add_person(struct db *db, long long sid, const char *name)
{
	struct participant_fields pf = {.name = name, .gender = "female", .age_group = "child",
	    .consent = "given", .consent_by = "Lò Thị Mai"};
	long long id;
	struct kolb_err err;
	if (participant_add(db, sid, &pf, 0, &id, &err) != 0)
		fail_msg("%s", err.msg);
	return id;
}

static void
put(struct db *db, long long sid, long long pid, enum entry_kind kind, const char *prompt,
    const char *group, const char *body)
{
	struct entry_key k = {.session_id = sid, .participant_id = pid, .kind = kind,
	    .prompt_id = prompt, .group_name = group};
	struct kolb_err err;
	if (entry_save(db, &k, body, NULL, 0, NULL, &err) != 0)
		fail_msg("%s", err.msg);
}

static int
setup(void **state)
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
	struct session_new sn = {.pack_id = "sample-handwashing", .title = "Lớp 4A, Buôn Đôn",
	    .province = "Đắk Lắk", .start_date = "2026-11-30", .days = 1};
	if (session_create(f->db, &sn, &f->s1, &err) != 0)
		fail_msg("%s", err.msg);
	sn.title = "Hội phụ nữ thôn Sín Chéng";
	sn.start_date = "2027-01-15";
	if (session_create(f->db, &sn, &f->s2, &err) != 0)
		fail_msg("%s", err.msg);
	f->p1 = add_person(f->db, f->s1, "Đinh Thị Học");
	f->p2 = add_person(f->db, f->s2, "Giàng Thị Mỷ");
	put(f->db, f->s1, f->p1, ENTRY_REFLECTION, "what-happened", "",
	    "Em thấy bột dính sang tay bạn. Về nhà em sẽ rửa tay với xà phòng.");
	put(f->db, f->s1, f->p1, ENTRY_ACTION_PLAN, "i-will", "",
	    "Em sẽ rửa tay trước khi ăn và nhắc em trai đi ho\u0323c về rửa tay.");
	put(f->db, f->s1, 0, ENTRY_REFLECTION, "why", "Nhóm Hoa Ban",
	    "Vì nước lạnh nên mọi người rửa vội.");
	put(f->db, f->s1, 0, ENTRY_NOTE, "germ-glitter", "",
	    "Trời mưa, bắt đầu muộn. Thầy hiệu trưởng dự cả buổi học.");
	put(f->db, f->s2, f->p2, ENTRY_REFLECTION, "feelings", "",
	    "Mẹ lo cho em bé hay mút tay, ở DAK LAK cũng vậy.");
	free(dbp);
	free(arc);
	*state = f;
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

/* What the callback saw: copies of the hits. */
struct seen {
	size_t n;
	long long entry[16], session[16], participant[16];
	char who[16][64], title[16][64], date[16][11], prompt[16][32], first[16][64];
	enum entry_kind kind[16];
	int version[16];
	size_t nspans[16];
	size_t stop_after; /* 0: never */
};

static int
collect(const struct search_hit *h, void *arg)
{
	struct seen *s = arg;
	assert_true(s->n < 16);
	size_t i = s->n++;
	s->entry[i] = h->entry_id;
	s->session[i] = h->session_id;
	s->participant[i] = h->participant_id;
	snprintf(s->who[i], sizeof s->who[i], "%s", h->who);
	snprintf(s->title[i], sizeof s->title[i], "%s", h->session_title);
	snprintf(s->date[i], sizeof s->date[i], "%s", h->session_date);
	snprintf(s->prompt[i], sizeof s->prompt[i], "%s", h->prompt_id);
	s->kind[i] = h->kind;
	s->version[i] = h->version;
	s->nspans[i] = h->nspans;
	assert_true(h->nspans > 0);
	assert_int_equal(h->body_len, strlen(h->body));
	size_t len = h->spans[0].end - h->spans[0].start;
	assert_true(len < sizeof s->first[i]);
	memcpy(s->first[i], h->body + h->spans[0].start, len);
	s->first[i][len] = '\0';
	return s->stop_after > 0 && s->n >= s->stop_after;
}

static void
run(struct fx *f, const char *pattern, bool fold, struct seen *out)
{
	struct kolb_err err;
	size_t stop = out->stop_after;
	memset(out, 0, sizeof *out);
	out->stop_after = stop;
	struct search *s = search_new(pattern, fold, &err);
	if (s == NULL)
		fail_msg("%s", err.msg);
	if (search_run(f->db, s, collect, out, &err) != 0)
		fail_msg("%s", err.msg);
	search_free(s);
}

/* search_count() for pattern. */
static long long
count(struct fx *f, const char *pattern, bool fold)
{
	struct kolb_err err;
	struct search *s = search_new(pattern, fold, &err);
	long long n = -1;
	if (s == NULL || search_count(f->db, s, &n, &err) != 0)
		fail_msg("%s", err.msg);
	search_free(s);
	return n;
}

static void
test_run_fields(void **state)
{
	struct fx *f = *state;
	struct seen s = {0};
	run(f, "rửa", false, &s);
	/* three entries of session 1 (two of the participant, one of a group) */
	assert_int_equal(s.n, 3);
	for (size_t i = 0; i < s.n; i++) {
		assert_int_equal(s.session[i], f->s1);
		assert_string_equal(s.title[i], "Lớp 4A, Buôn Đôn");
		assert_string_equal(s.date[i], "2026-11-30");
		assert_string_equal(s.first[i], "rửa");
		assert_int_equal(s.version[i], 1);
	}
	/* in the order they were written */
	assert_int_equal(s.kind[0], ENTRY_REFLECTION);
	assert_string_equal(s.prompt[0], "what-happened");
	assert_string_equal(s.who[0], "Đinh Thị Học");
	assert_int_equal(s.participant[0], f->p1);
	assert_int_equal(s.kind[1], ENTRY_ACTION_PLAN);
	assert_string_equal(s.prompt[1], "i-will");
	assert_int_equal(s.nspans[1], 2);
	assert_string_equal(s.who[1], "Đinh Thị Học");
	assert_int_equal(s.entry[0] < s.entry[1] && s.entry[1] < s.entry[2], 1);
	assert_string_equal(s.prompt[2], "why");
	assert_string_equal(s.who[2], "Nhóm Hoa Ban");
	assert_int_equal(s.participant[2], 0);
	/* notes are searched too; a note has no one */
	run(f, "hiệu trưởng", false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.kind[0], ENTRY_NOTE);
	assert_string_equal(s.prompt[0], "germ-glitter");
	assert_string_equal(s.who[0], "");
	/* only the words are searched, not the names or titles */
	run(f, "Đinh|Buôn", false, &s);
	assert_int_equal(s.n, 0);
	/* the callback can stop the run */
	s.stop_after = 1;
	run(f, "tay", false, &s);
	assert_int_equal(s.n, 1);
	s.stop_after = 0;
	run(f, "tay", false, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(count(f, "tay", false), 3);
	assert_int_equal(count(f, "TAY|hiệu", false), 4);
	assert_int_equal(count(f, "hieu", false), 0);
	assert_int_equal(count(f, "hieu", true), 1);
	/* the second session comes after the first */
	assert_int_equal(s.session[0], f->s1);
	assert_int_equal(s.session[2], f->s2);
	assert_string_equal(s.who[2], "Giàng Thị Mỷ");
	assert_string_equal(s.title[2], "Hội phụ nữ thôn Sín Chéng");
	assert_string_equal(s.date[2], "2027-01-15");
}

static void
test_run_fold(void **state)
{
	struct fx *f = *state;
	struct seen s = {0};
	/* "hoc" finds "học" in the note and the decomposed "học" in the plan */
	run(f, "hoc", true, &s);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.kind[0], ENTRY_ACTION_PLAN);
	assert_string_equal(s.first[0], "ho\u0323c");
	assert_int_equal(s.kind[1], ENTRY_NOTE);
	assert_string_equal(s.first[1], "học");
	run(f, "hoc", false, &s);
	assert_int_equal(s.n, 0);
	/* "Đắk Lắk" finds "DAK LAK" with folding only */
	run(f, "Đắk Lắk", true, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.first[0], "DAK LAK");
	run(f, "Đắk Lắk", false, &s);
	assert_int_equal(s.n, 0);
	/* "xa phong" */
	run(f, "XA PHONG", true, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.first[0], "xà phòng");
}

static void
test_run_versions(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct seen s = {0};
	/* while the session is open a save replaces the text */
	put(f->db, f->s1, 0, ENTRY_REFLECTION, "why", "Nhóm Hoa Ban", "Vì nước suối lạnh quá.");
	run(f, "rửa vội", false, &s);
	assert_int_equal(s.n, 0);
	run(f, "suối", false, &s);
	assert_int_equal(s.n, 1);
	/* after closing a correction is a new version: only it is searched */
	assert_int_equal(session_close(f->db, f->s1, 0, &err), 0);
	put(f->db, f->s1, 0, ENTRY_REFLECTION, "why", "Nhóm Hoa Ban", "Vì nước giếng lạnh quá.");
	put(f->db, f->s1, 0, ENTRY_REFLECTION, "why", "Nhóm Hoa Ban", "Vì nước giếng rất lạnh.");
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->db, "SELECT count(*) FROM entries WHERE group_name = "
	    "'Nhóm Hoa Ban'", &st, NULL), 0);
	assert_int_equal(db_step(st, NULL), 1);
	assert_int_equal(db_col_int(st, 0), 3);
	db_finalize(st);
	run(f, "suối", false, &s);
	assert_int_equal(s.n, 0);
	run(f, "lạnh quá", false, &s);
	assert_int_equal(s.n, 0);
	run(f, "giếng rất", false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.version[0], 3);
	assert_int_equal(count(f, "lạnh", false), 1);
	assert_int_equal(count(f, "giếng|suối", false), 1);
	run(f, "nước", false, &s);
	assert_int_equal(s.n, 1); /* the reflection "why" once, not once a version */
	run(f, "nuoc gieng", true, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.first[0], "nước giếng");
}

static void
test_run_empty_and_bad(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct seen s = {0};
	run(f, "không có ở đâu cả", true, &s);
	assert_int_equal(s.n, 0);
	/* a body that is not UTF-8 (written behind kolb's back) stops the run
	 * with a message naming the entry */
	assert_int_equal(db_exec(f->db, "UPDATE entries SET body = CAST(X'61FF62' AS TEXT) "
	    "WHERE kind = 'note'", &err), 0);
	struct search *se = search_new("a", false, &err);
	assert_int_equal(search_run(f->db, se, collect, &s, &err), -1);
	assert_non_null(strstr(err.msg, "not valid UTF-8"));
	search_free(se);
}

/* The corpus file of f's data folder. */
static char *
corpus_path(struct fx *f)
{
	char *p = search_corpus_path(f->db);
	assert_non_null(p);
	char *want = kolb_xasprintf("%s/search.corpus", f->data);
	assert_string_equal(p, want);
	free(want);
	return p;
}

/* Run pattern over the corpus and over the rows: both must see the same. */
static void
same_both_ways(struct fx *f, const char *pattern, bool fold)
{
	struct seen a = {0}, b = {0};
	run(f, pattern, fold, &a);
	long long ca = count(f, pattern, fold);
	search_use_corpus(false);
	run(f, pattern, fold, &b);
	long long cb = count(f, pattern, fold);
	search_use_corpus(true);
	assert_int_equal(a.n, b.n);
	assert_int_equal(ca, cb);
	assert_int_equal((long long)a.n, ca);
	for (size_t i = 0; i < a.n; i++) {
		assert_int_equal(a.entry[i], b.entry[i]);
		assert_int_equal(a.session[i], b.session[i]);
		assert_int_equal(a.participant[i], b.participant[i]);
		assert_string_equal(a.who[i], b.who[i]);
		assert_string_equal(a.title[i], b.title[i]);
		assert_string_equal(a.prompt[i], b.prompt[i]);
		assert_string_equal(a.first[i], b.first[i]);
		assert_int_equal(a.kind[i], b.kind[i]);
		assert_int_equal(a.version[i], b.version[i]);
		assert_int_equal(a.nspans[i], b.nspans[i]);
	}
}

static void
test_corpus_rebuilt_on_change(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	struct seen s = {0};
	char *path = corpus_path(f);
	struct stat st;
	assert_int_not_equal(stat(path, &st), 0); /* nothing searched yet */
	unsigned long b = search_corpus_builds();
	/* built on the first search, private like the database */
	run(f, "rửa tay", false, &s);
	assert_int_equal(s.n, 2);
	assert_int_equal(search_corpus_builds(), b + 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* reused while nothing changes, by search_count too */
	run(f, "tay", false, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(count(f, "hoc", true), 2);
	assert_int_equal(search_corpus_builds(), b + 1);
	/* a new entry */
	put(f->db, f->s2, f->p2, ENTRY_ACTION_PLAN, "i-will", "", "Em sẽ mua xà phòng cho mẹ.");
	run(f, "xà phòng", false, &s);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.session[1], f->s2);
	assert_int_equal(search_corpus_builds(), b + 2);
	/* a change of text while the session is open */
	put(f->db, f->s2, f->p2, ENTRY_ACTION_PLAN, "i-will", "", "Em sẽ mua bánh xà bông.");
	run(f, "xà phòng", false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(search_corpus_builds(), b + 3);
	/* a correction after closing supersedes: only the new version */
	assert_int_equal(session_close(f->db, f->s1, 0, &err), 0);
	put(f->db, f->s1, 0, ENTRY_REFLECTION, "why", "Nhóm Hoa Ban", "Vì nước suối lạnh quá.");
	run(f, "lạnh", false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.version[0], 2);
	assert_string_equal(s.first[0], "lạnh");
	run(f, "rửa vội", false, &s);
	assert_int_equal(s.n, 0);
	assert_int_equal(search_corpus_builds(), b + 4);
	same_both_ways(f, "lạnh|vội", false);
	/* a deletion */
	assert_int_equal(db_exec(f->db, "DELETE FROM entries WHERE kind = 'note'", &err), 0);
	run(f, "hiệu trưởng", false, &s);
	assert_int_equal(s.n, 0);
	assert_int_equal(search_corpus_builds(), b + 5);
	run(f, "hoc", true, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(search_corpus_builds(), b + 5);
	/* a change rolled back leaves the corpus as it was usable */
	assert_int_equal(db_begin(f->db, &err), 0);
	assert_int_equal(db_exec(f->db, "UPDATE entries SET body = 'mới' WHERE id = 1", &err), 0);
	db_rollback(f->db);
	run(f, "hoc", true, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(search_corpus_builds(), b + 5);
	free(path);
}

/* Replace the corpus file with len bytes of data. */
static void
corpus_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* The whole corpus file into *len bytes (caller frees). */
static char *
corpus_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *buf = kolb_xmalloc(1 << 16);
	*len = fread(buf, 1, 1 << 16, fp);
	assert_true(*len > 0 && *len < (1 << 16));
	fclose(fp);
	return buf;
}

static void
test_corpus_damaged(void **state)
{
	struct fx *f = *state;
	struct seen s = {0};
	char *path = corpus_path(f);
	run(f, "hoc", true, &s);
	assert_int_equal(s.n, 2);
	size_t len;
	char *good = corpus_read(path, &len);
	unsigned long b = search_corpus_builds();
	/* cut short at every length: never used, always rebuilt, same results */
	for (size_t cut = 0; cut < len; cut += cut < 80 ? 1 : 7) {
		corpus_write(path, good, cut);
		run(f, "hoc", true, &s);
		assert_int_equal(s.n, 2);
		assert_string_equal(s.first[0], "ho\u0323c");
		assert_string_equal(s.first[1], "học");
	}
	assert_true(search_corpus_builds() > b);
	b = search_corpus_builds();
	/* the same header, then garbage: a length pointing past the end, bytes
	 * that are not UTF-8 */
	const char *nl = memchr(good, '\n', len);
	assert_non_null(nl);
	size_t hl = (size_t)(nl - good) + 1;
	char *bad = kolb_xmalloc(len);
	memcpy(bad, good, len);
	memset(bad + hl, 0xFF, len - hl);
	corpus_write(path, bad, len);
	run(f, "tay", false, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(search_corpus_builds(), b + 1);
	/* a NUL inside a body: the text would no longer be the row's */
	memcpy(bad, good, len);
	bad[hl + 12 + 3] = '\0';
	corpus_write(path, bad, len);
	run(f, "tay", false, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(search_corpus_builds(), b + 2);
	/* a record's length one too long: its NUL is not where it says */
	memcpy(bad, good, len);
	bad[hl + 8] = (char)(bad[hl + 8] + 1);
	corpus_write(path, bad, len);
	run(f, "tay", false, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(search_corpus_builds(), b + 3);
	b++;
	/* the right structure for another database's token */
	memcpy(bad, good, len);
	bad[hl - 2] = bad[hl - 2] == '0' ? '1' : '0';
	corpus_write(path, bad, len);
	run(f, "tay", false, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(search_corpus_builds(), b + 3);
	/* the rebuilt file is the one we had */
	size_t len2;
	char *again = corpus_read(path, &len2);
	assert_int_equal(len2, len);
	assert_memory_equal(again, good, len);
	/* the folded file damaged, or of another corpus: rebuilt too */
	char *fpath = kolb_xasprintf("%s/search.folded", f->data);
	struct stat fst;
	assert_int_equal(stat(fpath, &fst), 0);
	assert_int_equal(fst.st_mode & 0777, 0600);
	size_t flen;
	char *fgood = corpus_read(fpath, &flen);
	corpus_write(fpath, fgood, flen - 1);
	run(f, "hoc", true, &s);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.first[0], "học");
	assert_int_equal(search_corpus_builds(), b + 4);
	b++;
	/* the folded file of an older corpus: one record fewer, same token */
	put(f->db, f->s2, f->p2, ENTRY_ACTION_PLAN, "i-will", "", "Em sẽ học bài.");
	run(f, "hoc", true, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(search_corpus_builds(), b + 4);
	b++;
	size_t flen2;
	char *fnew = corpus_read(fpath, &flen2);
	const char *fnl = memchr(fgood, '\n', flen);
	const char *fnl2 = memchr(fnew, '\n', flen2);
	assert_non_null(fnl);
	assert_non_null(fnl2);
	size_t fhl = (size_t)(fnl - fgood) + 1, fhl2 = (size_t)(fnl2 - fnew) + 1;
	char *mixed = kolb_xmalloc(fhl2 + flen - fhl);
	memcpy(mixed, fnew, fhl2);
	memcpy(mixed + fhl2, fgood + fhl, flen - fhl);
	corpus_write(fpath, mixed, fhl2 + flen - fhl);
	run(f, "hoc", true, &s);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.first[2], "học");
	assert_int_equal(search_corpus_builds(), b + 4);
	b++;
	free(mixed);
	free(fnew);
	free(fgood);
	free(fpath);
	free(good);
	good = corpus_read(path, &len);
	/* a symbolic link in its place is not followed */
	assert_int_equal(unlink(path), 0);
	char *target = kolb_xasprintf("%s/elsewhere", f->tmp);
	corpus_write(target, good, len);
	assert_int_equal(symlink(target, path), 0);
	run(f, "tay", false, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(search_corpus_builds(), b + 4);
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	free(target);
	free(again);
	free(bad);
	free(good);
	free(path);
}

static void
test_corpus_same_as_rows(void **state)
{
	struct fx *f = *state;
	struct kolb_err err;
	const char *pats[] = {"tay", "rửa tay|xà phòng", "\\bem\\b", "ho\u0323c", "HỌC", "x*",
	    "^Vì", "lạnh\\.$", "Đắk", "mút tay", "[àáạ]", "không có ở đâu"};
	for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
		same_both_ways(f, pats[i], false);
		same_both_ways(f, pats[i], true);
	}
	/* an empty body and a long one */
	put(f->db, f->s2, 0, ENTRY_NOTE, "germ-glitter", "", "");
	char *big = kolb_xmalloc(60001);
	for (size_t i = 0; i < 60000; i += 7)
		memcpy(big + i, "hoc tay", 7 < 60000 - i ? 7 : 60000 - i);
	big[60000] = 0;
	put(f->db, f->s2, f->p2, ENTRY_ACTION_PLAN, "i-will", "", big);
	free(big);
	same_both_ways(f, "tay", false);
	same_both_ways(f, "hoc", true);
	/* where the corpus cannot be written (here a folder in its way), the
	 * rows are read and the results are the same */
	char *path = corpus_path(f);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	unsigned long b = search_corpus_builds();
	same_both_ways(f, "rửa|lạnh", false);
	same_both_ways(f, "dak lak", true);
	assert_int_equal(search_corpus_builds(), b);
	assert_int_equal(rmdir(path), 0);
	char *fpath = kolb_xasprintf("%s/search.folded", f->data);
	assert_int_equal(unlink(fpath), 0);
	assert_int_equal(mkdir(fpath, 0700), 0);
	same_both_ways(f, "rửa|lạnh", false);
	same_both_ways(f, "dak lak", true);
	assert_int_equal(search_corpus_builds(), b);
	assert_int_equal(rmdir(fpath), 0);
	free(fpath);
	/* a bad body there is reported as with the rows, by search_count too */
	assert_int_equal(db_exec(f->db, "UPDATE entries SET body = CAST(X'C3A9FF' AS TEXT) "
	    "WHERE id = 2", &err), 0);
	struct search *se = search_new("zzz", false, &err);
	long long n;
	assert_int_equal(search_count(f->db, se, &n, &err), -1);
	assert_non_null(strstr(err.msg, "entry 2 is not valid UTF-8"));
	search_use_corpus(false);
	assert_int_equal(search_count(f->db, se, &n, &err), -1);
	assert_non_null(strstr(err.msg, "entry 2 is not valid UTF-8"));
	search_use_corpus(true);
	search_free(se);
	free(path);
}

static void
test_corpus_memory_db(void **state)
{
	(void)state;
	struct db *db;
	struct kolb_err err;
	assert_int_equal(db_open(":memory:", &db, &err), 0);
	assert_null(search_corpus_path(db));
	struct search *s = search_new("a", false, &err);
	long long n = -1;
	unsigned long b = search_corpus_builds();
	assert_int_equal(search_count(db, s, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(search_corpus_builds(), b);
	search_free(s);
	db_close(db);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_every_letter),
		cmocka_unit_test(test_fold_half_composed_and_marks),
		cmocka_unit_test(test_fold_map),
		cmocka_unit_test(test_search_text_fold),
		cmocka_unit_test(test_search_text_case_and_errors),
		cmocka_unit_test_setup_teardown(test_run_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_empty_and_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corpus_rebuilt_on_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corpus_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corpus_same_as_rows, setup, teardown),
		cmocka_unit_test(test_corpus_memory_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
