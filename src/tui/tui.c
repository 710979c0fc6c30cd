/* Terminal set-up, shared drawing helpers, and the TUI entry point. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui.h"

#include <curses.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli.h"
#include "kolb.h"

static void
tui_restore(void)
{
	if (!isendwin())
		endwin();
}

int
tui_put(int y, int x, int width, const char *utf8)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int used = 0;
	const char *s = utf8;
	size_t left = strlen(utf8);
	move(y, x);
	while (left > 0 && used < width) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, left, &st);
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
		/* Combining marks (width 0) join the preceding character. */
		wchar_t buf[2] = {wc, 0};
		addnwstr(buf, 1);
		used += w;
		s += n;
		left -= n;
	}
	return used;
}

int
tui_main(struct cli_ctx *ctx)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		return cli_error(_("the terminal's locale is not UTF-8, so Vietnamese cannot be "
		    "shown; run with LANG=C.UTF-8 (or vi_VN.UTF-8)"));
	if (initscr() == NULL)
		return cli_error(_("cannot start the terminal screen (is TERM set?)"));
	kolb_fatal_hook = tui_restore;
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_BLACK, COLOR_CYAN);
		init_pair(2, COLOR_YELLOW, -1);
	}
	int rc = home_run(ctx);
	tui_restore();
	kolb_fatal_hook = NULL;
	return rc;
}
