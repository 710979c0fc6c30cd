/* The text field: a textedit drawn in a box, with the editing keys. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "textedit.h"
#include "timer.h"

void
field_open(struct app *a, const char *text, size_t max, bool multiline)
{
	field_close(a);
	a->edit = textedit_new(max, multiline);
	textedit_set_text(a->edit, text ? text : "");
	textedit_mark_saved(a->edit);
	textedit_set_cursor(a->edit, textedit_len(a->edit));
	a->edit_top = 0;
	a->edit_saved_ms = timer_now_ms();
}

void
field_close(struct app *a)
{
	textedit_free(a->edit);
	a->edit = NULL;
}

void
field_draw(struct app *a, int y, int x, int h, int w)
{
	if (a->edit == NULL || h <= 0 || w <= 1)
		return;
	struct textedit_layout lay = {0};
	textedit_layout(a->edit, w, &lay);
	a->edit_top = textedit_scroll(&lay, a->edit_top, h);
	const char *s = textedit_text(a->edit);
	for (int r = 0; r < h; r++) {
		mvhline(y + r, x, ' ', w);
		size_t i = a->edit_top + (size_t)r;
		if (i < lay.nrows)
			tui_putn(y + r, x, w, s + lay.rows[i].start, lay.rows[i].end - lay.rows[i].start);
	}
	int cy = y + (int)(lay.cur_row - a->edit_top), cx = x + lay.cur_col;
	textedit_layout_free(&lay);
	if (cy >= y && cy < y + h) {
		move(cy, cx);
		curs_set(1);
	}
}

bool
field_key(struct app *a, const struct tui_key *k, int width)
{
	struct textedit *te = a->edit;
	if (te == NULL)
		return false;
	if (!k->is_code) {
		wchar_t wc = (wchar_t)k->wch;
		if (wc == 127 || wc == 8) {
			textedit_backspace(te);
			return true;
		}
		if (wc == '\n' || wc == '\r' || wc == '\t' || wc == 27)
			return false; /* the screen decides */
		if (wc == 1) { /* ^A */
			textedit_home(te, width);
			return true;
		}
		if (wc == 5) { /* ^E */
			textedit_end(te, width);
			return true;
		}
		if (wc < 32)
			return false;
		textedit_type(te, &a->typing, (unsigned int)wc);
		return true;
	}
	switch (k->code) {
	case KEY_BACKSPACE:
		textedit_backspace(te);
		return true;
	case KEY_DC:
		textedit_delete(te);
		return true;
	case KEY_LEFT:
		textedit_left(te);
		return true;
	case KEY_RIGHT:
		textedit_right(te);
		return true;
	case KEY_UP:
		return textedit_up(te, width);
	case KEY_DOWN:
		return textedit_down(te, width);
	case KEY_HOME:
		textedit_home(te, width);
		return true;
	case KEY_END:
		textedit_end(te, width);
		return true;
	case 0x223: /* ctrl-left in xterm-like terminals (kLFT5) */
		textedit_word_left(te);
		return true;
	case 0x232: /* ctrl-right (kRIT5) */
		textedit_word_right(te);
		return true;
	default:
		return false;
	}
}
