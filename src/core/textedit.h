/*
 * The editing model behind every text field of the TUI (names, dates, the
 * reflections typed while participants speak), and the line-wrapping rules the
 * Markdown renderer shares with it. No terminal code here.
 *
 * Text is UTF-8, always valid, with no control characters except '\n' in a
 * multi-line field. The unit the cursor moves over and that backspace/delete
 * remove is a character cluster: one character plus every following character
 * of display width 0 (combining marks such as the U+0302 U+0301 of "ế" typed
 * as "e" + two accents). The cursor is a byte offset that is always at a
 * cluster boundary.
 *
 * Widths are display columns from wcwidth(), so the process must run in a
 * UTF-8 locale (the TUI checks this at start; tests call
 * setlocale(LC_ALL, "C.UTF-8")).
 *
 * Wrapping: a visual row breaks after the last space that lets the next word
 * fit; a word longer than the row is broken between clusters; '\n' always ends
 * a row. The spaces at a break stay at the end of the row they follow
 * ("hanging"), so no row starts with a space that was a break. A single
 * cluster wider than the whole row (a CJK character in a 1-column row) is put
 * alone on its row, the only case where a row is wider than asked.
 */
#ifndef KOLB_TEXTEDIT_H
#define KOLB_TEXTEDIT_H

#include <stdbool.h>
#include <stddef.h>

/* One visual row of a text: bytes [start, end) are what is drawn (no '\n', no
 * hanging spaces); the row owns the bytes up to next, where the next row begins. */
struct textedit_row {
	size_t start;
	size_t end;
	size_t next;
	int cols;	/* display columns of [start, end) */
};

/* The rows of a field wrapped to a width, and where its cursor is drawn.
 * Zero-initialise it, pass it to textedit_layout() as often as needed (the row
 * array is reused), release it with textedit_layout_free(). */
struct textedit_layout {
	struct textedit_row *rows;
	size_t nrows;
	size_t cap;
	int width;
	size_t cur_row;	/* row holding the cursor */
	int cur_col;	/* its display column, 0 .. width-1 */
};

struct textedit;

/* Bytes of the cluster starting at s[i] (i < len), and its display width in
 * *cols (may be NULL). '\n' is a cluster of its own of width 0; a byte that is
 * not valid UTF-8 counts as a cluster of one byte and one column. */
size_t textedit_cluster(const char *s, size_t len, size_t i, int *cols);

/* Display columns of s[0..len), counted cluster by cluster ('\n' counts 0). */
int textedit_cols(const char *s, size_t len);

/* Length in bytes of the longest prefix of s[0..len) that fits in cols
 * columns without splitting a cluster (for truncating a label). */
size_t textedit_fit(const char *s, size_t len, int cols);

/* Fill *row with the visual row of s[0..len) that starts at byte start, for a
 * width of width columns (values below 1 count as 1). Returns true if another
 * row follows (at row->next, possibly an empty last row at len), false if this
 * row ends the text. Trailing spaces at the end of the text are left out of
 * [start, end) but counted in next. */
bool textedit_next_row(const char *s, size_t len, size_t start, int width,
    struct textedit_row *row);

/* A new empty field that holds at most max_bytes bytes of text (0: no limit);
 * multiline allows '\n'. Never NULL (aborts on out of memory); free with
 * textedit_free(). */
struct textedit *textedit_new(size_t max_bytes, bool multiline);

/* Free a field (NULL is fine). */
void textedit_free(struct textedit *te);

/* Load text (e.g. a stored reflection): replaces everything, cursor at the
 * end, dirty flag cleared. The text is cleaned like textedit_insert() does.
 * Returns false if something was dropped (invalid, control, over max_bytes). */
bool textedit_set_text(struct textedit *te, const char *s);

/* The text, NUL-terminated, owned by te and valid until the next change. */
const char *textedit_text(const struct textedit *te);

/* Length of the text in bytes. */
size_t textedit_len(const struct textedit *te);

/* The cursor as a byte offset into the text. */
size_t textedit_cursor(const struct textedit *te);

/* Move the cursor to byte pos, moved back to the cluster boundary at or
 * before it (and to the end if pos is past it). */
void textedit_set_cursor(struct textedit *te, size_t pos);

/* True if the text changed since creation, textedit_set_text() or the last
 * textedit_mark_saved(). */
bool textedit_dirty(const struct textedit *te);

/* Record that the current text has been saved: clears the dirty flag. */
void textedit_mark_saved(struct textedit *te);

/* Insert s[0..len) at the cursor (one keypress or a whole paste) and move the
 * cursor after it. Invalid UTF-8, NUL and control characters are skipped;
 * '\t' becomes a space; "\r\n" and '\r' become '\n', and '\n' becomes a space
 * in a single-line field. If the result does not fit in max_bytes, as many
 * whole clusters as fit are inserted. Returns true if all of s was inserted
 * (allowing those conversions), false if anything was skipped or cut. */
bool textedit_insert(struct textedit *te, const char *s, size_t len);

/* Type one character c (a Unicode code point) at the cursor through the
 * Vietnamese typing engine vk (NULL or VNKEY_OFF: plain input). The engine looks
 * at the text before the cursor, so typing after the cursor was moved into a
 * word continues that word (hoa|, then s: hoá). Returns what textedit_insert
 * returns. */
struct vnkey;
bool textedit_type(struct textedit *te, const struct vnkey *vk, unsigned int c);

/* Remove the cluster before the cursor. False if the cursor is at the start. */
bool textedit_backspace(struct textedit *te);

/* Remove the cluster after the cursor. False if the cursor is at the end. */
bool textedit_delete(struct textedit *te);

/* Cursor one cluster left / right. False if it could not move. */
bool textedit_left(struct textedit *te);
bool textedit_right(struct textedit *te);

/* Cursor to the start of the previous word / the start of the next word (the
 * end of the text if none); words are separated by spaces and newlines.
 * False if it could not move. */
bool textedit_word_left(struct textedit *te);
bool textedit_word_right(struct textedit *te);

/* Cursor to the start / end of its visual row when wrapped to width. The end
 * of a row that was broken inside a word is before its last cluster, so the
 * cursor stays on that row. False if it did not move. */
bool textedit_home(struct textedit *te, int width);
bool textedit_end(struct textedit *te, int width);

/* Cursor to the visual row above / below at the same display column (or the
 * nearest one before it); repeated moves keep the column they started from.
 * False, cursor unchanged, on the first / last row (so the TUI can move to
 * the previous / next field). */
bool textedit_up(struct textedit *te, int width);
bool textedit_down(struct textedit *te, int width);

/* Wrap the text to width columns (below 1 counts as 1) into lay, and locate
 * the cursor. There is always at least one row. When the last row is full, an
 * empty row follows it, where the cursor at the end of the text is drawn. A
 * cursor inside hanging spaces or after a full row ended by '\n' is drawn on
 * the row's last column. Free with textedit_layout_free(). */
void textedit_layout(const struct textedit *te, int width, struct textedit_layout *lay);

/* Free the rows of a layout; the struct is left zeroed and reusable. */
void textedit_layout_free(struct textedit_layout *lay);

/* The first row to show in a box of height rows so that the cursor row of lay
 * is visible, moving as little as possible from top (the previous first row)
 * and not leaving empty rows below the text. */
size_t textedit_scroll(const struct textedit_layout *lay, size_t top, int height);

#endif
