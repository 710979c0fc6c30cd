/* Unit tests: Markdown instructions laid out as wrapped terminal lines. */
#include "mdtext.h"
#include "testutil.h"

#include <glob.h>
#include <stdbool.h>
#include <wchar.h>

/* "Tiếng Việt" with every accent as a combining mark (e + U+0302 + U+0301, e + U+0323 + U+0302). */
#define TIENG_COMB "Tie\xCC\x82\xCC\x81ng"
#define VIET_COMB "Vie\xCC\xA3\xCC\x82t"

struct doc {
	struct md_line *l;
	size_t n;
};

static struct doc
render(const char *md, int width)
{
	struct doc d;
	struct kolb_err err;
	if (mdtext_render(md, strlen(md), width, &d.l, &d.n, &err) != 0)
		fail_msg("%s", err.msg);
	return d;
}

/* Display width of a line's text, independently: mbstowcs + wcswidth. */
static int
text_cols(const char *s)
{
	size_t n = strlen(s);
	wchar_t *w = kolb_xcalloc(n + 1, sizeof *w);
	size_t k = mbstowcs(w, s, n + 1);
	assert_true(k != (size_t)-1);
	int c = wcswidth(w, k);
	assert_true(c >= 0);
	free(w);
	return c;
}

/* Every line fits in width, is valid, has no control characters, does not
 * start or end with a space, and its spans are in order, inside the text. */
static void
check_lines(const struct doc *d, int width)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct md_line *l = &d->l[i];
		assert_int_equal(strlen(l->text), l->len);
		int c = text_cols(l->text);
		if (l->indent + c > width)
			fail_msg("line %zu \"%s\": %d + %d columns > %d", i, l->text, l->indent, c, width);
		assert_true(l->indent >= 0);
		for (size_t j = 0; j < l->len; j++)
			assert_true((unsigned char)l->text[j] >= 0x20 && l->text[j] != 0x7f);
		if (l->len > 0) {
			assert_true(l->text[0] != ' ');
			assert_true(l->text[l->len - 1] != ' ');
			/* No line starts with a combining mark torn from its letter. */
			wchar_t wc;
			assert_true(mbtowc(&wc, l->text, l->len) > 0);
			assert_true(wcwidth(wc) > 0);
		}
		size_t end = 0;
		for (size_t j = 0; j < l->nspans; j++) {
			assert_true(l->spans[j].start >= end);
			assert_true(l->spans[j].len > 0);
			assert_true(l->spans[j].attr != 0);
			end = l->spans[j].start + l->spans[j].len;
			assert_true(end <= l->len);
		}
	}
}

/* The span covering byte `at` of a line, or 0. */
static unsigned
attr_at(const struct md_line *l, size_t at)
{
	for (size_t j = 0; j < l->nspans; j++)
		if (at >= l->spans[j].start && at < l->spans[j].start + l->spans[j].len)
			return l->spans[j].attr;
	return 0;
}

static void
test_empty(void **state)
{
	(void)state;
	struct doc d = render("", 40);
	assert_int_equal(d.n, 0);
	assert_null(d.l);
	d = render("  \n\n\t\n", 40);
	assert_int_equal(d.n, 0);
	mdtext_free(d.l, d.n);
	mdtext_free(NULL, 0);
}

static void
test_headings(void **state)
{
	(void)state;
	struct doc d = render("# Bản đồ cơ thể\n\nĐoạn *một*.\n## Chuẩn bị\nĐoạn hai.\n", 40);
	assert_int_equal(d.n, 7);
	assert_string_equal(d.l[0].text, "Bản đồ cơ thể");
	assert_int_equal(d.l[0].heading, 1);
	assert_int_equal(d.l[0].nspans, 1);
	assert_int_equal(d.l[0].spans[0].start, 0);
	assert_int_equal(d.l[0].spans[0].len, d.l[0].len);
	assert_int_equal(d.l[0].spans[0].attr, MD_ATTR_HEADING | MD_ATTR_BOLD);
	assert_string_equal(d.l[1].text, "");
	assert_int_equal(d.l[1].nspans, 0);
	assert_string_equal(d.l[2].text, "Đoạn một.");
	assert_int_equal(d.l[2].heading, 0);
	assert_string_equal(d.l[3].text, "");
	assert_string_equal(d.l[4].text, "Chuẩn bị");
	assert_int_equal(d.l[4].heading, 2);
	assert_string_equal(d.l[5].text, "");
	assert_string_equal(d.l[6].text, "Đoạn hai.");
	check_lines(&d, 40);
	mdtext_free(d.l, d.n);

	/* A long heading wraps; every line of it is a heading line. */
	d = render("### Luyện ba bước theo cặp bằng lời nói\n", 12);
	assert_true(d.n >= 3);
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.l[i].heading, 3);
		assert_int_equal(attr_at(&d.l[i], 0), MD_ATTR_HEADING | MD_ATTR_BOLD);
	}
	check_lines(&d, 12);
	mdtext_free(d.l, d.n);
}

static void
test_lists(void **state)
{
	(void)state;
	const char *md =
	    "Các bước:\n\n"
	    "1. Giới thiệu\n"
	    "2. Nói quy tắc:\n"
	    "   - Không ai được chạm\n"
	    "   - Chỉ trừ khi\n"
	    "     - khám bệnh\n"
	    "3. Dạy ba bước\n"
	    "   1. Nói KHÔNG\n"
	    "   2. Rời đi\n"
	    "\n"
	    "7) Bảy\n"
	    "8) Tám\n";
	struct doc d = render(md, 60);
	const char *text[] = {"Các bước:", "", "1. Giới thiệu", "2. Nói quy tắc:",
	    "• Không ai được chạm", "• Chỉ trừ khi", "◦ khám bệnh", "3. Dạy ba bước", "1. Nói KHÔNG",
	    "2. Rời đi", "", "7) Bảy", "8) Tám"};
	int indent[] = {0, 0, 0, 0, 3, 3, 5, 0, 3, 3, 0, 0, 0};
	assert_int_equal(d.n, sizeof text / sizeof text[0]);
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(d.l[i].text, text[i]);
		assert_int_equal(d.l[i].indent, indent[i]);
	}
	/* The marker is a BULLET span, the space after it plain. */
	assert_int_equal(d.l[2].nspans, 1);
	assert_int_equal(d.l[2].spans[0].start, 0);
	assert_int_equal(d.l[2].spans[0].len, 2);
	assert_int_equal(d.l[2].spans[0].attr, MD_ATTR_BULLET);
	assert_int_equal(d.l[4].spans[0].len, strlen("•"));
	assert_int_equal(d.l[4].spans[0].attr, MD_ATTR_BULLET);
	check_lines(&d, 60);
	mdtext_free(d.l, d.n);

	/* Continuation lines line up after the marker, "10. " included. */
	d = render("9. Hỏi các em về chuông báo động\n10. Treo hai hình Nắng lên tường\n", 16);
	check_lines(&d, 16);
	size_t item = 0;
	for (size_t i = 0; i < d.n; i++) {
		if (strncmp(d.l[i].text, "9. ", 3) == 0 || strncmp(d.l[i].text, "10. ", 4) == 0) {
			item = d.l[i].text[0] == '9' ? 3 : 4;
			assert_int_equal(d.l[i].indent, 0);
		} else {
			assert_int_equal((size_t)d.l[i].indent, item);
		}
	}
	const char *last = d.l[d.n - 1].text;
	assert_true(strlen(last) >= strlen("tường"));
	assert_string_equal(last + strlen(last) - strlen("tường"), "tường");
	assert_int_equal(d.l[d.n - 1].indent, 4);
	mdtext_free(d.l, d.n);

	/* An empty item still shows its marker; a loose list has blank lines. */
	d = render("-\n- a\n\n- b\n", 20);
	const char *loose[] = {"•", "", "• a", "", "• b"};
	assert_int_equal(d.n, 5);
	for (size_t i = 0; i < d.n; i++)
		assert_string_equal(d.l[i].text, loose[i]);
	mdtext_free(d.l, d.n);
}

static void
test_spans(void **state)
{
	(void)state;
	struct doc d = render("Chữ **đậm** và *nghiêng* và `mã nguồn`, ***cả hai*** [liên kết](http://x).", 200);
	assert_int_equal(d.n, 1);
	const struct md_line *l = &d.l[0];
	assert_string_equal(l->text, "Chữ đậm và nghiêng và mã nguồn, cả hai liên kết.");
	const char *t = l->text;
	struct {
		const char *word;
		unsigned attr;
	} want[] = {
		{"đậm", MD_ATTR_BOLD}, {"nghiêng", MD_ATTR_ITALIC}, {"mã nguồn", MD_ATTR_CODE},
		{"cả hai", MD_ATTR_BOLD | MD_ATTR_ITALIC}, {"liên kết", MD_ATTR_LINK},
	};
	assert_int_equal(l->nspans, 5);
	for (size_t i = 0; i < 5; i++) {
		size_t at = (size_t)(strstr(t, want[i].word) - t);
		assert_int_equal(l->spans[i].start, at);
		assert_int_equal(l->spans[i].len, strlen(want[i].word));
		assert_int_equal(l->spans[i].attr, want[i].attr);
	}
	assert_int_equal(attr_at(l, 0), 0);
	mdtext_free(d.l, d.n);

	/* A span cut by wrapping continues at offset 0 of the next line. */
	d = render("Nói **không phải lỗi của bạn** nhé", 14);
	check_lines(&d, 14);
	assert_string_equal(d.l[0].text, "Nói không phải");
	assert_int_equal(d.l[0].spans[0].start, strlen("Nói "));
	assert_string_equal(d.l[1].text, "lỗi của bạn");
	assert_int_equal(d.l[1].nspans, 1);
	assert_int_equal(d.l[1].spans[0].start, 0);
	assert_int_equal(d.l[1].spans[0].len, d.l[1].len);
	assert_int_equal(d.l[1].spans[0].attr, MD_ATTR_BOLD);
	assert_string_equal(d.l[2].text, "nhé");
	assert_int_equal(d.l[2].nspans, 0);
	mdtext_free(d.l, d.n);
}

/* Every non-space token of the pack's text appears, in order, in the lines. */
static void
check_words_kept(const struct doc *d, const char *phrase)
{
	size_t total = 0;
	for (size_t i = 0; i < d->n; i++)
		total += d->l[i].len + 1;
	char *all = kolb_xmalloc(total + 1);
	size_t k = 0;
	for (size_t i = 0; i < d->n; i++) {
		memcpy(all + k, d->l[i].text, d->l[i].len);
		k += d->l[i].len;
		all[k++] = ' ';
	}
	all[k] = '\0';
	if (strstr(all, phrase) == NULL)
		fail_msg("\"%s\" is missing", phrase);
	free(all);
}

static void
test_packs_wrap(void **state)
{
	(void)state;
	glob_t g;
	assert_int_equal(glob("content-packs/*/activities/*.md", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 5);
	int widths[] = {20, 80, 33, 7};
	for (size_t f = 0; f < g.gl_pathc; f++) {
		FILE *fp = fopen(g.gl_pathv[f], "rb");
		assert_non_null(fp);
		char *buf = kolb_xmalloc(1 << 20);
		size_t n = fread(buf, 1, (1 << 20) - 1, fp);
		fclose(fp);
		buf[n] = '\0';
		for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
			struct doc d = render(buf, widths[w]);
			assert_true(d.n > 3);
			check_lines(&d, widths[w]);
			/* Blank lines never come twice in a row, nor first or last. */
			assert_true(d.l[0].len > 0 && d.l[d.n - 1].len > 0);
			for (size_t i = 1; i < d.n; i++)
				assert_false(d.l[i].len == 0 && d.l[i - 1].len == 0);
			mdtext_free(d.l, d.n);
		}
		free(buf);
	}
	globfree(&g);

	/* The real Vietnamese instructions: structure and words kept at 20 columns. */
	FILE *fp = fopen("content-packs/child-protection-youth/activities/body-map.vi.md", "rb");
	assert_non_null(fp);
	char *buf = kolb_xmalloc(1 << 16);
	size_t n = fread(buf, 1, (1 << 16) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	struct doc d = render(buf, 20);
	assert_string_equal(d.l[0].text, "Bản đồ cơ thể của");
	assert_int_equal(d.l[0].heading, 1);
	check_words_kept(&d, "Treo hai hình Nắng lên tường để dùng lại khi suy ngẫm.");
	check_words_kept(&d, "Không! Tôi không thích!");
	bool ten = false;
	for (size_t i = 0; i < d.n; i++)
		if (strncmp(d.l[i].text, "10. Treo", 8) == 0) {
			ten = true;
			assert_int_equal(d.l[i + 1].indent, 4);
		}
	assert_true(ten);
	mdtext_free(d.l, d.n);
	d = render(buf, 80);
	check_lines(&d, 80);
	check_words_kept(&d, "Luyện ba bước theo cặp: 15 phút.");
	mdtext_free(d.l, d.n);
	free(buf);
}

static void
test_combining_wrap(void **state)
{
	(void)state;
	/* One long "word" of combining-mark Vietnamese: broken between letters only. */
	char word[512] = "";
	for (int i = 0; i < 6; i++) {
		strcat(word, TIENG_COMB);
		strcat(word, VIET_COMB);
	}
	struct doc d = render(word, 7);
	check_lines(&d, 7);
	/* 6 x (5 + 4) = 54 columns: seven full lines and one of 5. */
	assert_int_equal(d.n, 8);
	size_t k = 0;
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(text_cols(d.l[i].text), i + 1 < d.n ? 7 : 5);
		assert_memory_equal(word + k, d.l[i].text, d.l[i].len);
		k += d.l[i].len;
	}
	assert_int_equal(k, strlen(word));
	mdtext_free(d.l, d.n);

	/* Words of combining text wrap at spaces by display width, not bytes. */
	d = render(TIENG_COMB " " VIET_COMB " " TIENG_COMB " " VIET_COMB, 10);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.l[0].text, TIENG_COMB " " VIET_COMB);
	assert_string_equal(d.l[1].text, TIENG_COMB " " VIET_COMB);
	mdtext_free(d.l, d.n);
}

static void
test_narrow(void **state)
{
	(void)state;
	const char *md = "# Tiêu đề\n\n1. Xin chào 中文 " TIENG_COMB "\n   - nested\n\n> trích\n\n---\n";
	struct doc d = render(md, 1);
	assert_true(d.n > 10 && d.n < 100);
	for (size_t i = 0; i < d.n; i++) {
		assert_int_equal(d.l[i].indent, 0);
		int c = text_cols(d.l[i].text);
		/* Only a wide character may exceed one column, alone on its line. */
		assert_true(c <= 1 || (c == 2 && d.l[i].len == 3));
	}
	mdtext_free(d.l, d.n);
	d = render(md, 2);
	check_lines(&d, 2);
	mdtext_free(d.l, d.n);

	/* Deep nesting keeps at least half the width for text. */
	char deep[16384] = "";
	for (int i = 0; i < 60; i++) {
		for (int s = 0; s < i * 2; s++)
			strcat(deep, " ");
		strcat(deep, "- mục lồng nhau\n");
	}
	d = render(deep, 40);
	check_lines(&d, 40);
	assert_int_equal(d.n, 60);
	for (size_t i = 0; i < d.n; i++)
		assert_true(d.l[i].indent <= 20);
	assert_int_equal(d.l[59].indent, 20);
	mdtext_free(d.l, d.n);
	d = render(deep, 20);
	check_lines(&d, 20);
	for (size_t i = 0; i < d.n; i++)
		assert_true(d.l[i].indent <= 10);
	mdtext_free(d.l, d.n);
	d = render("> > > > > > > > > > > > > > > > > > > > > > > > sâu lắm rồi", 10);
	check_lines(&d, 10);
	mdtext_free(d.l, d.n);

	struct kolb_err err;
	struct md_line *l = (struct md_line *)&err;
	size_t n = 99;
	assert_int_equal(mdtext_render("a", 1, 0, &l, &n, &err), -1);
	assert_null(l);
	assert_int_equal(n, 0);
	assert_true(strlen(err.msg) > 0);
}

static void
test_hostile(void **state)
{
	(void)state;
	/* Invalid UTF-8, NUL, escape sequences and C1 controls cannot reach the terminal. */
	const char md[] = "a\xff" "b\x1b[2Jc\xc2\x9b" "d&#0;e&#27;f&#x110000;g\0h";
	struct doc d;
	struct kolb_err err;
	assert_int_equal(mdtext_render(md, sizeof md - 1, 40, &d.l, &d.n, &err), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.l[0].text,
	    "a\xEF\xBF\xBD" "b[2Jcd\xEF\xBF\xBD" "ef\xEF\xBF\xBD" "g\xEF\xBF\xBD" "h");
	check_lines(&d, 40);
	mdtext_free(d.l, d.n);

	/* Entities; raw HTML is text. */
	d = render("&amp; &#7871; &#x1EBF; &bogus; &lt;b&gt; <script>x</script>", 80);
	assert_string_equal(d.l[0].text, "& ế ế &bogus; <b> <script>x</script>");
	mdtext_free(d.l, d.n);

	/* Code blocks keep lines and indentation; tabs become spaces. */
	d = render("```\nint x;\n\n\tif (x)\n  y();\n```\nSau.", 40);
	const char *code[] = {"int x;", "", "    if (x)", "  y();", "", "Sau."};
	assert_int_equal(d.n, 6);
	for (size_t i = 0; i < d.n; i++)
		assert_string_equal(d.l[i].text, code[i]);
	assert_int_equal(attr_at(&d.l[0], 0), MD_ATTR_CODE);
	assert_int_equal(attr_at(&d.l[5], 0), 0);
	mdtext_free(d.l, d.n);

	/* A hard line break. */
	d = render("Dòng một  \nDòng hai\\\nba", 40);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.l[0].text, "Dòng một");
	assert_string_equal(d.l[1].text, "Dòng hai");
	assert_string_equal(d.l[2].text, "ba");
	mdtext_free(d.l, d.n);

	/* Not in a UTF-8 locale: refused rather than garbled. */
	setlocale(LC_ALL, "C");
	struct md_line *l;
	size_t n;
	assert_int_equal(mdtext_render("Việt", strlen("Việt"), 40, &l, &n, &err), -1);
	setlocale(LC_ALL, "C.UTF-8");
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_packs_wrap),
		cmocka_unit_test(test_combining_wrap),
		cmocka_unit_test(test_narrow),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
