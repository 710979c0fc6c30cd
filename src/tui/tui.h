/*
 * The facilitator's screens (ncursesw). This is the only part of kolb that
 * includes <curses.h>; screens draw from core state and turn keys into core
 * actions. One file per screen.
 */
#ifndef KOLB_TUI_H
#define KOLB_TUI_H

#include <stddef.h>

struct cli_ctx;

#define TUI_MIN_COLS 60
#define TUI_MIN_LINES 16

/* Draw UTF-8 text at (y, x), clipped to width columns (by display width). Returns
 * the columns used. */
int tui_put(int y, int x, int width, const char *utf8);

/* The home screen: installed packs and sessions. Returns when the user quits. */
int home_run(struct cli_ctx *ctx);

#endif
