/* Markdown laid out as wrapped terminal lines with md4c (see mdtext.h). */
#include "mdtext.h"

#include <langinfo.h>
#include <limits.h>
#include <md4c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "textedit.h"

#define MDTEXT_REPLACEMENT "\xEF\xBF\xBD"	/* U+FFFD */
#define MDTEXT_QUOTE_INDENT 2
#define MDTEXT_RULE_MAX 400	/* columns of a horizontal rule, at most */

enum mdtext_kind { MDTEXT_LIST, MDTEXT_ITEM, MDTEXT_QUOTE };

/* An open container block: where its content starts on screen. */
struct mdtext_cont {
	enum mdtext_kind kind;
	bool ordered, tight;
	unsigned number;	/* next item number of an ordered list */
	char delim;
	int content;		/* indent of the text inside */
};

struct mdtext_ctx {
	int width;
	struct md_line *lines;
	size_t n, cap;

	/* The text of the leaf block being read, one attribute per byte. */
	char *buf;
	unsigned *attr;
	size_t len, bufcap;

	struct mdtext_cont *stack;
	size_t depth, stackcap;

	int em, strong, code, link;	/* open inline spans */
	unsigned block_attr;		/* heading or code block */
	int heading;
	bool verbatim;			/* inside a code block */

	char marker[32];		/* a list item's marker waiting for its text */
	bool marker_pending;
	int marker_indent;

	bool blank_pending;		/* a blank line before the next line */
};

static void
mdtext_put_raw(struct mdtext_ctx *c, const char *s, size_t n, unsigned attr)
{
	if (c->len + n > c->bufcap) {
		size_t cap = c->bufcap ? c->bufcap : 256;
		while (cap < c->len + n)
			cap *= 2;
		c->buf = kolb_xrealloc(c->buf, cap);
		c->attr = kolb_xrealloc(c->attr, cap * sizeof *c->attr);
		c->bufcap = cap;
	}
	memcpy(c->buf + c->len, s, n);
	for (size_t i = 0; i < n; i++)
		c->attr[c->len + i] = attr;
	c->len += n;
}

/* Append text, cleaned: invalid UTF-8 and NUL become U+FFFD, control
 * characters go, and outside code blocks runs of white space become one space
 * (none at the start of a block or of a hard-broken line). */
static void
mdtext_put(struct mdtext_ctx *c, const char *s, size_t n, unsigned attr)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	while (n > 0) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, s, n, &st);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
			mdtext_put_raw(c, MDTEXT_REPLACEMENT, 3, attr);
			memset(&st, 0, sizeof st);
			s++;
			n--;
			continue;
		}
		if (wc == L' ' || wc == L'\t' || wc == L'\n' || wc == L'\r') {
			if (c->verbatim) {
				if (wc == L'\n')
					mdtext_put_raw(c, "\n", 1, attr);
				else if (wc == L'\t')
					mdtext_put_raw(c, "    ", 4, attr);
				else if (wc == L' ')
					mdtext_put_raw(c, " ", 1, attr);
			} else if (c->len > 0 && c->buf[c->len - 1] != ' ' && c->buf[c->len - 1] != '\n') {
				mdtext_put_raw(c, " ", 1, attr);
			}
		} else if (iswcntrl((wint_t)wc)) {
			/* dropped */
		} else if (wcwidth(wc) < 0) {
			mdtext_put_raw(c, MDTEXT_REPLACEMENT, 3, attr);
		} else {
			mdtext_put_raw(c, s, r, attr);
		}
		s += r;
		n -= r;
	}
}

/* Append the character cp (U+FFFD if it is not a valid one). */
static void
mdtext_put_cp(struct mdtext_ctx *c, unsigned long cp, unsigned attr)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t r = (size_t)-1;
	if (cp != 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF))
		r = wcrtomb(mb, (wchar_t)cp, &st);
	if (r == (size_t)-1)
		mdtext_put_raw(c, MDTEXT_REPLACEMENT, 3, attr);
	else
		mdtext_put(c, mb, r, attr);
}

/* Append an entity such as "&amp;" or "&#x1EBF;", decoded when known. */
static void
mdtext_put_entity(struct mdtext_ctx *c, const char *s, size_t n, unsigned attr)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} named[] = {
		{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
		{"&apos;", '\''}, {"&nbsp;", 0xA0},
	};
	if (n >= 4 && s[1] == '#' && s[n - 1] == ';') {
		bool hex = s[2] == 'x' || s[2] == 'X';
		unsigned long cp = 0;
		for (size_t i = hex ? 3 : 2; i + 1 < n; i++) {
			char ch = s[i];
			unsigned d;
			if (ch >= '0' && ch <= '9')
				d = (unsigned)(ch - '0');
			else if (hex && ch >= 'a' && ch <= 'f')
				d = (unsigned)(ch - 'a' + 10);
			else if (hex && ch >= 'A' && ch <= 'F')
				d = (unsigned)(ch - 'A' + 10);
			else
				break;
			cp = cp * (hex ? 16 : 10) + d;
			if (cp > 0x10FFFF)
				cp = 0x110000;	/* invalid, and no overflow */
		}
		mdtext_put_cp(c, cp, attr);
		return;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0) {
			mdtext_put_cp(c, named[i].cp, attr);
			return;
		}
	mdtext_put(c, s, n, attr);
}

/* Append a line (copying text[0..len) and its attributes) to the output. */
static void
mdtext_emit(struct mdtext_ctx *c, const char *text, const unsigned *attr, size_t len, int indent)
{
	if (c->n + 2 > c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->lines = kolb_xrealloc(c->lines, c->cap * sizeof *c->lines);
	}
	if (c->blank_pending && c->n > 0) {
		struct md_line *b = &c->lines[c->n++];
		memset(b, 0, sizeof *b);
		b->text = kolb_xstrdup("");
	}
	c->blank_pending = false;

	struct md_line *l = &c->lines[c->n++];
	memset(l, 0, sizeof *l);
	l->text = kolb_xmalloc(len + 1);
	memcpy(l->text, text, len);
	l->text[len] = '\0';
	l->len = len;
	l->indent = indent;
	l->heading = c->heading;
	size_t ns = 0;
	for (size_t i = 0; i < len; i++)
		if (attr[i] != 0 && (i == 0 || attr[i - 1] != attr[i]))
			ns++;
	if (ns > 0) {
		l->spans = kolb_xcalloc(ns, sizeof *l->spans);
		for (size_t i = 0; i < len; i++) {
			if (attr[i] == 0)
				continue;
			if (i == 0 || attr[i - 1] != attr[i]) {
				l->spans[l->nspans].start = i;
				l->spans[l->nspans].attr = attr[i];
				l->nspans++;
			}
			l->spans[l->nspans - 1].len++;
		}
	}
}

/* The indent of text inside the innermost container. */
static int
mdtext_indent(const struct mdtext_ctx *c)
{
	return c->depth > 0 ? c->stack[c->depth - 1].content : 0;
}

/* An indent reduced so that at least half of the width, and at least two
 * columns (a wide character), are left for text. */
static int
mdtext_clamp(int indent, int width)
{
	int keep = width / 2 > 2 ? width / 2 : (width < 2 ? width : 2);
	int most = width - keep > 0 ? width - keep : 0;
	return indent < most ? indent : most;
}

/* Lay out text[0..len) from column first on its first line and column rest
 * on the others. */
static void
mdtext_wrap(struct mdtext_ctx *c, const char *text, const unsigned *attr, size_t len, int first,
    int rest)
{
	first = mdtext_clamp(first, c->width);
	rest = mdtext_clamp(rest, c->width);
	size_t pos = 0;
	int indent = first;
	struct textedit_row row;
	bool more;
	do {
		more = textedit_next_row(text, len, pos, c->width - indent, &row);
		mdtext_emit(c, text + row.start, attr + row.start, row.end - row.start, indent);
		pos = row.next;
		indent = rest;
	} while (more && pos < len);
}

/* A list item's marker on a line of its own (an empty item, or one that
 * starts with another block than text). */
static void
mdtext_flush_marker(struct mdtext_ctx *c)
{
	if (!c->marker_pending)
		return;
	c->marker_pending = false;
	size_t n = strlen(c->marker);
	unsigned attr[sizeof c->marker];
	for (size_t i = 0; i < n; i++)
		attr[i] = MD_ATTR_BULLET;
	mdtext_wrap(c, c->marker, attr, n, c->marker_indent, c->marker_indent);
}

/* Lay out the text read so far, if any, and start a new one. */
static void
mdtext_flush(struct mdtext_ctx *c)
{
	while (c->len > 0 && (c->buf[c->len - 1] == ' ' || c->buf[c->len - 1] == '\n'))
		c->len--;
	if (c->len == 0)
		return;
	int rest = mdtext_indent(c);
	if (c->marker_pending) {
		size_t m = strlen(c->marker);
		size_t n = m + 1 + c->len;
		char *text = kolb_xmalloc(n);
		unsigned *attr = kolb_xmalloc(n * sizeof *attr);
		memcpy(text, c->marker, m);
		for (size_t i = 0; i < m; i++)
			attr[i] = MD_ATTR_BULLET;
		text[m] = ' ';
		attr[m] = 0;
		memcpy(text + m + 1, c->buf, c->len);
		memcpy(attr + m + 1, c->attr, c->len * sizeof *attr);
		c->marker_pending = false;
		mdtext_wrap(c, text, attr, n, c->marker_indent, rest);
		free(text);
		free(attr);
	} else {
		mdtext_wrap(c, c->buf, c->attr, c->len, rest, rest);
	}
	c->len = 0;
}

static void
mdtext_push(struct mdtext_ctx *c, const struct mdtext_cont *k)
{
	if (c->depth == c->stackcap) {
		c->stackcap = c->stackcap ? c->stackcap * 2 : 8;
		c->stack = kolb_xrealloc(c->stack, c->stackcap * sizeof *c->stack);
	}
	c->stack[c->depth++] = *k;
}

static int
mdtext_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct mdtext_ctx *c = userdata;
	mdtext_flush(c);
	int indent = mdtext_indent(c);
	struct mdtext_cont k = {.content = indent};
	switch (type) {
	case MD_BLOCK_QUOTE:
		mdtext_flush_marker(c);
		k.kind = MDTEXT_QUOTE;
		k.content = indent + MDTEXT_QUOTE_INDENT;
		mdtext_push(c, &k);
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		mdtext_flush_marker(c);
		k.kind = MDTEXT_LIST;
		k.ordered = type == MD_BLOCK_OL;
		if (k.ordered) {
			const MD_BLOCK_OL_DETAIL *d = detail;
			k.tight = d->is_tight != 0;
			k.number = d->start;
			k.delim = d->mark_delimiter;
		} else {
			const MD_BLOCK_UL_DETAIL *d = detail;
			k.tight = d->is_tight != 0;
		}
		mdtext_push(c, &k);
		break;
	case MD_BLOCK_LI: {
		mdtext_flush_marker(c);
		if (c->depth == 0 || c->stack[c->depth - 1].kind != MDTEXT_LIST)
			break;	/* md4c always nests items in a list */
		struct mdtext_cont *list = &c->stack[c->depth - 1];
		if (list->ordered) {
			snprintf(c->marker, sizeof c->marker, "%u%c", list->number, list->delim);
			list->number++;
		} else {
			size_t lists = 0;
			for (size_t i = 0; i < c->depth; i++)
				lists += c->stack[i].kind == MDTEXT_LIST && !c->stack[i].ordered;
			snprintf(c->marker, sizeof c->marker, "%s", lists % 2 ? "•" : "◦");
		}
		c->marker_pending = true;
		c->marker_indent = list->content;
		k.kind = MDTEXT_ITEM;
		k.tight = list->tight;
		int mcols = textedit_cols(c->marker, strlen(c->marker));
		k.content = list->content > INT_MAX / 2 ? list->content : list->content + mcols + 1;
		mdtext_push(c, &k);
		break;
	}
	case MD_BLOCK_HR: {
		int in = mdtext_clamp(indent, c->width);
		int cols = c->width - in < MDTEXT_RULE_MAX ? c->width - in : MDTEXT_RULE_MAX;
		size_t n = (size_t)cols * 3;
		char *text = kolb_xmalloc(n);
		unsigned *attr = kolb_xcalloc(n, sizeof *attr);
		for (int i = 0; i < cols; i++)
			memcpy(text + (size_t)i * 3, "─", 3);
		mdtext_flush_marker(c);
		mdtext_emit(c, text, attr, n, in);
		free(text);
		free(attr);
		break;
	}
	case MD_BLOCK_H:
		c->heading = (int)((const MD_BLOCK_H_DETAIL *)detail)->level;
		c->block_attr = MD_ATTR_HEADING | MD_ATTR_BOLD;
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		c->verbatim = true;
		c->block_attr = MD_ATTR_CODE;
		break;
	default:
		break;
	}
	return 0;
}

static int
mdtext_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	(void)detail;
	struct mdtext_ctx *c = userdata;
	mdtext_flush(c);
	switch (type) {
	case MD_BLOCK_H:
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		c->heading = 0;
		c->block_attr = 0;
		c->verbatim = false;
		c->blank_pending = true;
		break;
	case MD_BLOCK_P:
	case MD_BLOCK_HR:
	case MD_BLOCK_TABLE:
		c->blank_pending = true;
		break;
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		if (c->depth > 0)
			c->depth--;
		/* No blank line after a list nested in an item of a tight list. */
		c->blank_pending = !(type != MD_BLOCK_QUOTE && c->depth > 0 &&
		    c->stack[c->depth - 1].kind == MDTEXT_ITEM && c->stack[c->depth - 1].tight);
		break;
	case MD_BLOCK_LI:
		mdtext_flush_marker(c);
		if (c->depth > 0 && c->stack[c->depth - 1].kind == MDTEXT_ITEM) {
			/* Items of a loose list are separated by a blank line. */
			if (!c->stack[c->depth - 1].tight)
				c->blank_pending = true;
			c->depth--;
		}
		break;
	default:
		break;
	}
	return 0;
}

static int
mdtext_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	(void)detail;
	struct mdtext_ctx *c = userdata;
	if (type == MD_SPAN_EM)
		c->em++;
	else if (type == MD_SPAN_STRONG)
		c->strong++;
	else if (type == MD_SPAN_CODE)
		c->code++;
	else if (type == MD_SPAN_A)
		c->link++;
	return 0;
}

static int
mdtext_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	(void)detail;
	struct mdtext_ctx *c = userdata;
	if (type == MD_SPAN_EM)
		c->em--;
	else if (type == MD_SPAN_STRONG)
		c->strong--;
	else if (type == MD_SPAN_CODE)
		c->code--;
	else if (type == MD_SPAN_A)
		c->link--;
	return 0;
}

static int
mdtext_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	struct mdtext_ctx *c = userdata;
	unsigned attr = c->block_attr;
	if (c->em > 0)
		attr |= MD_ATTR_ITALIC;
	if (c->strong > 0)
		attr |= MD_ATTR_BOLD;
	if (c->code > 0)
		attr |= MD_ATTR_CODE;
	if (c->link > 0)
		attr |= MD_ATTR_LINK;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		mdtext_put_raw(c, MDTEXT_REPLACEMENT, 3, attr);
		break;
	case MD_TEXT_BR:
		while (c->len > 0 && c->buf[c->len - 1] == ' ')
			c->len--;
		mdtext_put_raw(c, "\n", 1, 0);
		break;
	case MD_TEXT_SOFTBR:
		mdtext_put(c, " ", 1, attr);
		break;
	case MD_TEXT_ENTITY:
		mdtext_put_entity(c, text, size, attr);
		break;
	default:
		mdtext_put(c, text, size, attr);
		break;
	}
	return 0;
}

int
mdtext_render(const char *md, size_t len, int width, struct md_line **lines, size_t *n,
    struct kolb_err *err)
{
	*lines = NULL;
	*n = 0;
	if (width < 1)
		return kolb_err_set(err, _("the text area is too narrow to show the instructions"));
	if (len > (MD_SIZE)-1)
		return kolb_err_set(err, _("the instructions are too long to show"));
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		return kolb_err_set(err, _("the instructions can only be shown in a UTF-8 locale"));

	struct mdtext_ctx c = {.width = width};
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_DIALECT_COMMONMARK | MD_FLAG_COLLAPSEWHITESPACE | MD_FLAG_NOHTML,
		.enter_block = mdtext_enter_block,
		.leave_block = mdtext_leave_block,
		.enter_span = mdtext_enter_span,
		.leave_span = mdtext_leave_span,
		.text = mdtext_text,
	};
	int rc = md_parse(md, (MD_SIZE)len, &parser, &c);
	if (rc == 0) {
		mdtext_flush(&c);
		mdtext_flush_marker(&c);
	}
	free(c.buf);
	free(c.attr);
	free(c.stack);
	if (rc != 0) {
		mdtext_free(c.lines, c.n);
		return kolb_err_set(err, _("the instructions could not be read as Markdown"));
	}
	*lines = c.lines;
	*n = c.n;
	return 0;
}

void
mdtext_free(struct md_line *lines, size_t n)
{
	if (lines == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(lines[i].text);
		free(lines[i].spans);
	}
	free(lines);
}
