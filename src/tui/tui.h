/* Sizes shared by the screens. */
#ifndef KOLB_TUI_H
#define KOLB_TUI_H

#define TUI_MIN_COLS 60
#define TUI_MIN_LINES 16

#endif
