/*
 * Markdown (an activity's instructions in a content pack) laid out as lines of
 * plain text for a terminal of a given width, parsed with md4c (CommonMark;
 * raw HTML is shown as text). No terminal code here: the TUI draws each line
 * at its indent and applies the attributes of its spans.
 *
 * Layout: paragraphs, headings and lists are separated by one blank line
 * (items of a tight list are not); a heading is on its own lines with
 * MD_ATTR_HEADING | MD_ATTR_BOLD; a list item starts with its marker ("1.",
 * "2)" as written, "•" or "◦" for nested bullet lists, span MD_ATTR_BULLET)
 * and a space, and its next lines are indented to the text after the marker;
 * nested lists and block quotes are indented further; code blocks keep their
 * line breaks and spaces. Lines wrap at spaces, and a word longer than a line
 * is broken between characters (never inside a UTF-8 sequence or between a
 * letter and its combining marks), with the rules of textedit_next_row().
 * Widths are display columns (wcwidth), so a UTF-8 locale is required.
 *
 * Invalid UTF-8 and NUL become U+FFFD; other control characters are dropped.
 * Entities: numeric ones and &amp; &lt; &gt; &quot; &apos; &nbsp; are
 * decoded; other named ones are shown as written.
 */
#ifndef KOLB_MDTEXT_H
#define KOLB_MDTEXT_H

#include <stddef.h>

#include "kolb.h"

/* Attributes of a span; they combine (bold italic code is possible). */
#define MD_ATTR_BOLD	0x01u	/* **strong**, and every heading */
#define MD_ATTR_ITALIC	0x02u	/* *emphasis* */
#define MD_ATTR_HEADING	0x04u	/* a heading line (level in md_line.heading) */
#define MD_ATTR_CODE	0x08u	/* `code span` or code block */
#define MD_ATTR_BULLET	0x10u	/* a list item's marker */
#define MD_ATTR_LINK	0x20u	/* the text of a link */

/* Bytes [start, start+len) of a line's text carry attr (never 0). Spans of a
 * line are in order, do not overlap, and each is a run of one attribute set. */
struct md_span {
	size_t start;
	size_t len;
	unsigned attr;
};

/* One screen line: draw text at column indent. indent plus the display width
 * of text is at most the width asked for, except when a single character is
 * wider than the whole width (a CJK character at width 1). A blank line
 * between blocks has text "" and no spans. */
struct md_line {
	char *text;		/* NUL-terminated UTF-8, no control characters */
	size_t len;		/* strlen(text) */
	struct md_span *spans;
	size_t nspans;
	int indent;		/* columns of space before text */
	int heading;		/* 1..6 on heading lines, else 0 */
};

/* Lay out the Markdown md[0..len) for width display columns (at least 1).
 * On success returns 0 with *lines (NULL when there is none, e.g. empty
 * input) and *n set; free them with mdtext_free(). Returns -1 with err set if
 * width is below 1, the input is larger than md4c accepts, the locale is not
 * UTF-8, or md4c fails. Indents are reduced on narrow widths so that at least
 * half of each line (and at least two columns) is left for text. */
int mdtext_render(const char *md, size_t len, int width, struct md_line **lines, size_t *n,
    struct kolb_err *err);

/* Free the lines returned by mdtext_render() (NULL is fine). */
void mdtext_free(struct md_line *lines, size_t n);

#endif
