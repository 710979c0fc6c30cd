/* Drawing helpers shared by the screens: clipped UTF-8 text, wrapping, bars. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "textedit.h"

int
tui_putn(int y, int x, int width, const char *s, size_t len)
{
	if (width <= 0)
		return 0;
	move(y, x);
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int used = 0;
	size_t i = 0;
	while (i < len && used <= width) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + i, len - i, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			wc = L'?';
			n = 1;
			memset(&st, 0, sizeof st);
		} else if (n == 0) {
			break;
		}
		int w = wcwidth(wc);
		if (w < 0) {
			wc = L'?';
			w = 1;
		}
		if (used + w > width)
			break;
		if (w == 0 && used == 0) {
			/* A stray combining mark at the start: nothing to attach to. */
			i += n;
			continue;
		}
		/* A base character and its combining marks go out as one cell. */
		wchar_t cell[8];
		int k = 0;
		cell[k++] = wc;
		size_t j = i + n;
		while (j < len && k < 7) {
			wchar_t c2;
			mbstate_t st2 = st;
			size_t n2 = mbrtowc(&c2, s + j, len - j, &st2);
			if (n2 == (size_t)-1 || n2 == (size_t)-2 || n2 == 0 || wcwidth(c2) != 0)
				break;
			cell[k++] = c2;
			j += n2;
			st = st2;
		}
		cell[k] = 0;
		cchar_t cc;
		attr_t attrs;
		short pair;
		attr_get(&attrs, &pair, NULL);
		setcchar(&cc, cell, attrs, pair, NULL);
		add_wch(&cc);
		used += w;
		i = j;
	}
	return used;
}

int
tui_put(int y, int x, int width, const char *utf8)
{
	return tui_putn(y, x, width, utf8, strlen(utf8));
}

int
tui_wrap_rows(const char *text, int w)
{
	size_t len = strlen(text), pos = 0;
	int rows = 0;
	struct textedit_row row;
	if (len == 0)
		return 0;
	for (;;) {
		bool more = textedit_next_row(text, len, pos, w, &row);
		rows++;
		if (!more)
			break;
		pos = row.next;
	}
	return rows;
}

int
tui_wrap(int y, int x, int h, int w, const char *text, size_t skip, const size_t *hl,
    size_t nhl)
{
	size_t len = strlen(text), pos = 0, r = 0;
	struct textedit_row row;
	int drawn = 0;
	if (len == 0)
		return 0;
	for (;;) {
		bool more = textedit_next_row(text, len, pos, w, &row);
		if (r >= skip && drawn < h) {
			/* Draw the row in runs, switching the highlight at span edges. */
			int col = x;
			size_t a = row.start;
			while (a < row.end) {
				bool on = false;
				size_t b = row.end;
				for (size_t k = 0; k < nhl; k++) {
					size_t hs = hl[2 * k], he = hl[2 * k + 1];
					if (a >= hs && a < he) {
						on = true;
						if (he < b)
							b = he;
					} else if (hs > a && hs < b) {
						b = hs;
					}
				}
				if (on)
					attron(A_REVERSE | A_UNDERLINE);
				col += tui_putn(y + drawn, col, x + w - col, text + a, b - a);
				if (on)
					attroff(A_REVERSE | A_UNDERLINE);
				a = b;
			}
			drawn++;
		}
		r++;
		if (!more)
			break;
		pos = row.next;
	}
	return drawn;
}

void
tui_hline(int y, int x, int w)
{
	mvhline(y, x, ACS_HLINE, w);
}

void
tui_bar(int y, const char *left, const char *right)
{
	attron(A_REVERSE);
	mvhline(y, 0, ' ', COLS);
	int rw = right ? textedit_cols(right, strlen(right)) : 0;
	tui_put(y, 1, COLS - rw - 3, left);
	if (right)
		tui_put(y, COLS - rw - 1, rw, right);
	attroff(A_REVERSE);
}
