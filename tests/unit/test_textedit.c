/* Unit tests: the text field model (clusters, Vietnamese, wide characters, wrapping, limits). */
#include "testutil.h"
#include "textedit.h"
#include "text.h"
#include "vnkey.h"

#include <wchar.h>

/* "ế" written as e + COMBINING CIRCUMFLEX + COMBINING ACUTE (5 bytes). */
#define E_COMB "e\xCC\x82\xCC\x81"
/* "ệ" written as e + COMBINING DOT BELOW + COMBINING CIRCUMFLEX. */
#define EDOT_COMB "e\xCC\xA3\xCC\x82"

/* Display width by an independent route: mbstowcs + wcswidth. */
static int
tcols(const char *s, size_t n)
{
	char *copy = kolb_xmalloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	wchar_t *w = kolb_xcalloc(n + 1, sizeof *w);
	size_t k = mbstowcs(w, copy, n + 1);
	assert_true(k != (size_t)-1);
	int c = wcswidth(w, k);
	assert_true(c >= 0);
	free(w);
	free(copy);
	return c;
}

static bool
ins(struct textedit *te, const char *s)
{
	return textedit_insert(te, s, strlen(s));
}

static void
test_precomposed(void **state)
{
	(void)state;
	struct textedit *te = textedit_new(0, false);
	assert_true(ins(te, "Tiếng Việt"));
	assert_string_equal(textedit_text(te), "Tiếng Việt");
	assert_int_equal(textedit_cursor(te), strlen("Tiếng Việt"));
	assert_int_equal(textedit_cols(textedit_text(te), textedit_len(te)), 10);
	/* Left over "t", then over the 3-byte "ệ". */
	assert_true(textedit_left(te));
	assert_int_equal(textedit_cursor(te), strlen("Tiếng Việ"));
	assert_true(textedit_left(te));
	assert_int_equal(textedit_cursor(te), strlen("Tiếng Vi"));
	assert_true(textedit_backspace(te));
	assert_string_equal(textedit_text(te), "Tiếng Vệt");
	assert_true(textedit_delete(te));
	assert_string_equal(textedit_text(te), "Tiếng Vt");
	assert_true(ins(te, "iệ"));
	assert_string_equal(textedit_text(te), "Tiếng Việt");
	textedit_free(te);
}

static void
test_combining_cluster(void **state)
{
	(void)state;
	struct textedit *te = textedit_new(0, false);
	/* Typed the way a dead-key keyboard sends it: one code point at a time. */
	assert_true(ins(te, "Ti"));
	assert_true(ins(te, "e"));
	assert_true(ins(te, "\xCC\x82"));
	assert_true(ins(te, "\xCC\x81"));
	assert_int_equal(textedit_cursor(te), 2 + 5);
	assert_true(ins(te, "ng"));
	assert_string_equal(textedit_text(te), "Ti" E_COMB "ng");
	assert_int_equal(textedit_cols(textedit_text(te), textedit_len(te)), 5);
	/* Left from after "ng" twice lands after the whole cluster, a third time before it. */
	textedit_left(te);
	textedit_left(te);
	assert_int_equal(textedit_cursor(te), 7);
	textedit_left(te);
	assert_int_equal(textedit_cursor(te), 2);
	textedit_right(te);
	assert_int_equal(textedit_cursor(te), 7);
	/* Backspace removes e + both accents at once. */
	assert_true(textedit_backspace(te));
	assert_string_equal(textedit_text(te), "Ting");
	assert_int_equal(textedit_cursor(te), 2);
	/* Delete does the same forwards. */
	textedit_set_text(te, "Vi" EDOT_COMB "t");
	textedit_set_cursor(te, 2);
	assert_true(textedit_delete(te));
	assert_string_equal(textedit_text(te), "Vit");
	/* A cursor put inside a cluster goes back to its start. */
	textedit_set_text(te, "Vi" EDOT_COMB "t");
	textedit_set_cursor(te, 4);
	assert_int_equal(textedit_cursor(te), 2);
	textedit_set_cursor(te, 1000);
	assert_int_equal(textedit_cursor(te), textedit_len(te));
	/* A base typed in front of a lone combining mark takes it: the cursor skips it. */
	textedit_set_text(te, "\xCC\x81x");
	textedit_set_cursor(te, 0);
	assert_true(ins(te, "a"));
	assert_int_equal(textedit_cursor(te), 3);
	assert_true(textedit_backspace(te));
	assert_string_equal(textedit_text(te), "x");
	textedit_free(te);
}

static void
test_wide(void **state)
{
	(void)state;
	struct textedit *te = textedit_new(0, false);
	assert_true(ins(te, "a中文b"));
	assert_int_equal(textedit_cols(textedit_text(te), textedit_len(te)), 6);
	struct textedit_layout lay = {0};
	textedit_layout(te, 3, &lay);
	/* "a中" (3 columns) / "文b" (3 columns). */
	assert_int_equal(lay.nrows, 3);	/* the last row is full: an empty row for the cursor */
	assert_int_equal(lay.rows[0].end, 4);
	assert_int_equal(lay.rows[0].cols, 3);
	assert_int_equal(lay.rows[1].start, 4);
	assert_int_equal(lay.rows[1].cols, 3);
	assert_int_equal(lay.cur_row, 2);
	assert_int_equal(lay.cur_col, 0);
	/* After "中" the cursor is at column 3 of row 0: kept inside the box. */
	textedit_set_cursor(te, 1);
	textedit_layout(te, 3, &lay);
	assert_int_equal(lay.cur_row, 0);
	assert_int_equal(lay.cur_col, 1);
	textedit_right(te);
	textedit_layout(te, 3, &lay);
	assert_int_equal(lay.cur_row, 1);
	assert_int_equal(lay.cur_col, 0);
	/* A wide character in a 1-column field: alone on its row, no endless loop. */
	textedit_layout(te, 1, &lay);
	assert_int_equal(lay.nrows, 5);
	assert_int_equal(lay.rows[1].cols, 2);
	/* textedit_fit never splits: 3 columns fit "a中", 2 only "a". */
	assert_int_equal(textedit_fit("a中文", strlen("a中文"), 3), 4);
	assert_int_equal(textedit_fit("a中文", strlen("a中文"), 2), 1);
	assert_int_equal(textedit_fit("V" EDOT_COMB, 6, 2), 6);
	assert_int_equal(textedit_fit("V" EDOT_COMB, 6, 1), 1);
	textedit_layout_free(&lay);
	assert_null(lay.rows);
	textedit_free(te);
}

static void
test_wrap_and_move(void **state)
{
	(void)state;
	struct textedit *te = textedit_new(0, true);
	/* width 10: "một hai ba" / "bốn năm" / "sáu" */
	assert_true(ins(te, "một hai ba bốn năm sáu"));
	struct textedit_layout lay = {0};
	textedit_layout(te, 10, &lay);
	assert_int_equal(lay.nrows, 3);
	const char *s = textedit_text(te);
	assert_memory_equal(s + lay.rows[0].start, "một hai ba", lay.rows[0].end - lay.rows[0].start);
	assert_memory_equal(s + lay.rows[1].start, "bốn năm", lay.rows[1].end - lay.rows[1].start);
	assert_string_equal(s + lay.rows[2].start, "sáu");
	assert_int_equal(lay.rows[1].next, lay.rows[2].start);
	assert_int_equal(lay.cur_row, 2);
	assert_int_equal(lay.cur_col, 3);

	/* Up keeps column 3: "bốn|", then "một|". */
	assert_true(textedit_up(te, 10));
	assert_int_equal(textedit_cursor(te), lay.rows[1].start + strlen("bốn"));
	assert_true(textedit_up(te, 10));
	assert_int_equal(textedit_cursor(te), strlen("một"));
	assert_false(textedit_up(te, 10));
	assert_int_equal(textedit_cursor(te), strlen("một"));
	/* End of row 0 is after "ba", before the break space; home is its start. */
	assert_true(textedit_end(te, 10));
	assert_int_equal(textedit_cursor(te), strlen("một hai ba"));
	textedit_layout(te, 10, &lay);
	assert_int_equal(lay.cur_row, 0);
	assert_int_equal(lay.cur_col, 10 - 1);
	/* The goal column is kept across a shorter row: 9 → "bốn năm" (7) → "sáu" (3). */
	assert_true(textedit_down(te, 10));
	assert_int_equal(textedit_cursor(te), lay.rows[1].end);
	assert_true(textedit_down(te, 10));
	assert_int_equal(textedit_cursor(te), textedit_len(te));
	assert_false(textedit_down(te, 10));
	assert_true(textedit_home(te, 10));
	assert_int_equal(textedit_cursor(te), lay.rows[2].start);
	assert_false(textedit_home(te, 10));

	/* Words. */
	textedit_set_cursor(te, 0);
	assert_true(textedit_word_right(te));
	assert_int_equal(textedit_cursor(te), strlen("một "));
	textedit_word_right(te);
	assert_int_equal(textedit_cursor(te), strlen("một hai "));
	textedit_set_cursor(te, textedit_len(te));
	assert_true(textedit_word_left(te));
	assert_int_equal(textedit_cursor(te), strlen("một hai ba bốn năm "));
	textedit_set_cursor(te, strlen("một hai b"));
	textedit_word_left(te);
	assert_int_equal(textedit_cursor(te), strlen("một hai "));

	/* Newlines end rows; the cursor after a final newline is on a new empty row. */
	textedit_set_text(te, "a\n\nb\n");
	textedit_layout(te, 10, &lay);
	assert_int_equal(lay.nrows, 4);
	assert_int_equal(lay.rows[1].start, 2);
	assert_int_equal(lay.rows[1].end, 2);
	assert_int_equal(lay.cur_row, 3);
	assert_int_equal(lay.cur_col, 0);
	assert_true(textedit_up(te, 10));
	assert_int_equal(textedit_cursor(te), 3);
	assert_true(textedit_up(te, 10));
	assert_int_equal(textedit_cursor(te), 2);
	assert_true(textedit_end(te, 10) == false);
	/* A word longer than the row is broken; End stays on its row. */
	textedit_set_text(te, "abcdefghij");
	textedit_layout(te, 4, &lay);
	assert_int_equal(lay.nrows, 3);
	assert_int_equal(lay.rows[0].end, 4);
	assert_int_equal(lay.rows[1].start, 4);
	textedit_set_cursor(te, 1);
	textedit_end(te, 4);
	assert_int_equal(textedit_cursor(te), 3);
	textedit_down(te, 4);
	assert_int_equal(textedit_cursor(te), 7);
	textedit_layout_free(&lay);
	textedit_free(te);
}

static void
test_paste_5000(void **state)
{
	(void)state;
	const char *parts[] = {"Người ", "hướng ", "dẫn ", "Ti" E_COMB "ng ", "Vi" EDOT_COMB "t ",
	    "中文字 ", "siêudàikhôngcókhoảngtrắngnàocảsiêudàikhôngcókhoảngtrắng ", "a", "  ",
	    "😀 "};
	size_t cap = 40000, n = 0;
	char *paste = kolb_xmalloc(cap);
	size_t chars = 0;
	for (size_t i = 0; chars < 5000; i++) {
		const char *p = parts[(i * 7) % (sizeof parts / sizeof parts[0])];
		size_t k = strlen(p);
		assert_true(n + k < cap);
		memcpy(paste + n, p, k);
		n += k;
		chars += (size_t)mbstowcs(NULL, p, 0);
	}
	paste[n] = '\0';
	struct textedit *te = textedit_new(0, false);
	assert_true(textedit_insert(te, paste, n));
	assert_int_equal(textedit_len(te), n);
	assert_memory_equal(textedit_text(te), paste, n);

	struct textedit_layout lay = {0};
	textedit_layout(te, 40, &lay);
	assert_true(lay.nrows > 5000 / 40);
	const char *s = textedit_text(te);
	size_t expect = 0;
	for (size_t r = 0; r < lay.nrows; r++) {
		const struct textedit_row *row = &lay.rows[r];
		assert_int_equal(row->start, expect);
		assert_true(row->end >= row->start && row->next >= row->end);
		int c = tcols(s + row->start, row->end - row->start);
		assert_int_equal(c, row->cols);
		assert_true(c <= 40);
		/* A break space never starts a row, and rows start on a cluster. */
		if (r > 0 && row->start < n) {
			assert_true(s[row->start] != ' ');
			wchar_t wc;
			assert_true(mbtowc(&wc, s + row->start, n - row->start) > 0);
			assert_true(wcwidth(wc) > 0);
		}
		expect = row->next;
	}
	assert_int_equal(expect, n);
	assert_int_equal(lay.cur_row, lay.nrows - 1);
	assert_true(lay.cur_col < 40);
	/* Scrolled into a 5-row box, the last row is shown at the bottom. */
	size_t top = textedit_scroll(&lay, 0, 5);
	assert_int_equal(top, lay.nrows - 5);
	textedit_layout_free(&lay);
	textedit_free(te);
	free(paste);
}

static void
test_max_bytes(void **state)
{
	(void)state;
	struct textedit *te = textedit_new(10, false);
	/* "ờ" is 3 bytes: three fit, the fourth would split nothing, it is left out. */
	assert_false(ins(te, "ờờờờ"));
	assert_string_equal(textedit_text(te), "ờờờ");
	assert_true(ins(te, "a"));
	assert_int_equal(textedit_len(te), 10);
	assert_false(ins(te, "b"));
	assert_string_equal(textedit_text(te), "ờờờa");
	/* Inserted in the middle, still nothing over the limit. */
	textedit_set_cursor(te, 3);
	assert_false(ins(te, "x"));
	assert_int_equal(textedit_len(te), 10);
	assert_true(textedit_backspace(te));
	assert_true(ins(te, "x"));
	assert_string_equal(textedit_text(te), "xờờa");
	textedit_free(te);

	/* A cluster is all or nothing: "a" + e with two marks is 6 bytes. */
	te = textedit_new(6, false);
	assert_false(ins(te, "a" E_COMB "z"));
	assert_string_equal(textedit_text(te), "a" E_COMB);
	/* set_text is cut the same way ("Việt" is 6 bytes). */
	assert_false(textedit_set_text(te, "Việt Nam"));
	assert_string_equal(textedit_text(te), "Việt");
	assert_false(textedit_dirty(te));
	textedit_free(te);
	te = textedit_new(5, false);
	assert_false(ins(te, "a" E_COMB));
	assert_string_equal(textedit_text(te), "a");
	textedit_free(te);
}

static void
test_control(void **state)
{
	(void)state;
	struct textedit *te = textedit_new(0, false);
	assert_false(ins(te, "a\x1b[31mb\x07" "c\x7f"));
	assert_string_equal(textedit_text(te), "a[31mbc");
	/* C1 controls (U+0085, U+009B) and invalid UTF-8 are refused too. */
	assert_false(ins(te, "\xC2\x85\xC2\x9B\xff\xc3(\xe1\xbb"));
	assert_string_equal(textedit_text(te), "a[31mbc(");
	/* An embedded NUL is dropped, the rest kept. */
	assert_false(textedit_insert(te, "x\0y", 3));
	assert_string_equal(textedit_text(te), "a[31mbc(xy");
	/* Tab becomes a space; newlines become spaces in a one-line field. */
	textedit_set_text(te, "");
	assert_true(ins(te, "a\tb\r\nc\nd\re"));
	assert_string_equal(textedit_text(te), "a b c d e");
	textedit_free(te);

	te = textedit_new(0, true);
	assert_true(ins(te, "a\r\nb\rc\nd"));
	assert_string_equal(textedit_text(te), "a\nb\nc\nd");
	textedit_free(te);
}

static void
test_dirty(void **state)
{
	(void)state;
	struct textedit *te = textedit_new(0, true);
	assert_false(textedit_dirty(te));
	textedit_set_text(te, "Bài học");
	assert_false(textedit_dirty(te));
	textedit_left(te);
	textedit_home(te, 20);
	assert_false(textedit_dirty(te));
	ins(te, "X");
	assert_true(textedit_dirty(te));
	textedit_mark_saved(te);
	assert_false(textedit_dirty(te));
	assert_false(ins(te, "\x01"));	/* nothing inserted: still clean */
	assert_false(textedit_dirty(te));
	textedit_set_cursor(te, 0);
	assert_false(textedit_backspace(te));
	assert_false(textedit_dirty(te));
	assert_true(textedit_delete(te));
	assert_true(textedit_dirty(te));
	textedit_free(te);
}

static void
test_scroll_and_edges(void **state)
{
	(void)state;
	struct textedit_layout lay = {0};
	struct textedit_row r = {0, 0, 0, 0};
	for (int i = 0; i < 10; i++) {
		if (lay.nrows == lay.cap) {
			lay.cap = lay.cap ? lay.cap * 2 : 4;
			lay.rows = kolb_xrealloc(lay.rows, lay.cap * sizeof *lay.rows);
		}
		lay.rows[lay.nrows++] = r;
	}
	lay.cur_row = 7;
	assert_int_equal(textedit_scroll(&lay, 0, 3), 5);
	assert_int_equal(textedit_scroll(&lay, 6, 3), 6);
	assert_int_equal(textedit_scroll(&lay, 9, 3), 7);
	lay.cur_row = 9;
	assert_int_equal(textedit_scroll(&lay, 9, 0), 9);
	assert_int_equal(textedit_scroll(&lay, 0, 20), 0);
	lay.cur_row = 8;
	assert_int_equal(textedit_scroll(&lay, 9, 4), 6);	/* no empty space below */
	textedit_layout_free(&lay);

	/* An empty field: one empty row, the cursor at 0,0, nothing moves. */
	struct textedit *te = textedit_new(0, true);
	textedit_layout(te, 0, &lay);
	assert_int_equal(lay.nrows, 1);
	assert_int_equal(lay.cur_row, 0);
	assert_int_equal(lay.cur_col, 0);
	assert_false(textedit_left(te));
	assert_false(textedit_right(te));
	assert_false(textedit_word_left(te));
	assert_false(textedit_word_right(te));
	assert_false(textedit_up(te, 10));
	assert_false(textedit_down(te, 10));
	assert_false(textedit_delete(te));
	/* Only spaces, more than a row: they hang, the cursor after them is below. */
	ins(te, "          ");
	textedit_layout(te, 4, &lay);
	assert_int_equal(lay.nrows, 2);
	assert_int_equal(lay.rows[0].end, 0);
	assert_int_equal(lay.cur_row, 1);
	textedit_layout_free(&lay);
	textedit_free(te);
}

/* Type the ASCII keys one by one through textedit_type. */
static void
type_keys(struct textedit *te, const struct vnkey *vk, const char *keys)
{
	for (const char *p = keys; *p; p++)
		textedit_type(te, vk, (unsigned char)*p);
}

/* Typing through the Telex/VNI engine in a field: the engine sees the text before
 * the cursor, so words are finished correctly after the cursor was moved. */
static void
test_type_vietnamese(void **state)
{
	(void)state;
	struct vnkey telex, vni, off;
	vnkey_init(&telex, VNKEY_TELEX, VNKEY_MODERN);
	vnkey_init(&vni, VNKEY_VNI, VNKEY_MODERN);
	vnkey_init(&off, VNKEY_OFF, VNKEY_MODERN);
	struct textedit *te = textedit_new(1000, true);
	type_keys(te, &telex, "Em sex nois vowis nguwowif lowns tin caayj");
	assert_string_equal(textedit_text(te), "Em sẽ nói với người lớn tin cậy");
	assert_int_equal(textedit_cursor(te), strlen(textedit_text(te)));
	/* Back into "nói" (after its last letter) and add a tone change: nói -> nòi. */
	textedit_set_text(te, "Em sẽ noi với");
	textedit_set_cursor(te, strlen("Em sẽ noi"));
	textedit_type(te, &telex, 'f');
	assert_string_equal(textedit_text(te), "Em sẽ nòi với");
	assert_int_equal(textedit_cursor(te), strlen("Em sẽ nòi"));
	/* The same key again undoes it and keeps the letter. */
	textedit_type(te, &telex, 'f');
	assert_string_equal(textedit_text(te), "Em sẽ noif với");
	/* Plain mode inserts the keys as they are; a non-ASCII character always is. */
	textedit_set_text(te, "");
	type_keys(te, &off, "nguwowif");
	assert_string_equal(textedit_text(te), "nguwowif");
	textedit_set_text(te, "");
	type_keys(te, &vni, "D9a81k La81k");
	textedit_type(te, &vni, 0x1ec7); /* ệ typed by a real input method */
	assert_string_equal(textedit_text(te), "Đắk Lắkệ");
	/* NULL engine = plain. */
	textedit_set_text(te, "");
	type_keys(te, NULL, "aa");
	assert_string_equal(textedit_text(te), "aa");
	/* At the field's limit the replacement is cut at a whole character, never mid-way. */
	struct textedit *small = textedit_new(3, false);
	type_keys(small, &telex, "aa");
	assert_string_equal(textedit_text(small), "â");
	type_keys(small, &telex, "s");
	assert_string_equal(textedit_text(small), "ấ");
	assert_true(text_utf8_valid(textedit_text(small), textedit_len(small)));
	textedit_free(small);
	textedit_free(te);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precomposed),
		cmocka_unit_test(test_combining_cluster),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_wrap_and_move),
		cmocka_unit_test(test_paste_5000),
		cmocka_unit_test(test_max_bytes),
		cmocka_unit_test(test_control),
		cmocka_unit_test(test_dirty),
		cmocka_unit_test(test_scroll_and_edges),
		cmocka_unit_test(test_type_vietnamese),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
