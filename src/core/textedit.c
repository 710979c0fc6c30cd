/* The editing model of a text field, and the wrapping rules (see textedit.h). */
#include "textedit.h"
#include "vnkey.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "kolb.h"

struct textedit {
	char *buf;		/* always NUL-terminated */
	size_t len, cap;
	size_t cur;		/* a cluster boundary */
	size_t max;		/* SIZE_MAX: no limit */
	bool multiline;
	bool dirty;
	int goal;		/* column kept by up/down; -1 none */
};

/* Decode the character at s[i]: its length in bytes (1 for an invalid byte,
 * with *ok false) and the character. */
static size_t
textedit_decode(const char *s, size_t len, size_t i, wchar_t *wc, bool *ok)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t r = mbrtowc(wc, s + i, len - i, &st);
	if (r == (size_t)-1 || r == (size_t)-2) {
		*ok = false;
		*wc = 0;
		return 1;
	}
	*ok = true;
	return r == 0 ? 1 : r;
}

/* True if the character at s[i] joins the cluster before it: valid, not '\n'
 * or NUL, display width 0. */
static bool
textedit_joins(const char *s, size_t len, size_t i)
{
	wchar_t wc;
	bool ok;
	textedit_decode(s, len, i, &wc, &ok);
	return ok && wc != L'\0' && wc != L'\n' && wcwidth(wc) == 0;
}

size_t
textedit_cluster(const char *s, size_t len, size_t i, int *cols)
{
	wchar_t wc;
	bool ok;
	size_t n = textedit_decode(s, len, i, &wc, &ok);
	int w = 1;
	if (ok && wc == L'\n') {
		if (cols != NULL)
			*cols = 0;
		return 1;
	}
	if (ok && wc != L'\0') {
		w = wcwidth(wc);
		if (w < 0)
			w = 1;
	}
	size_t j = i + n;
	while (j < len && textedit_joins(s, len, j)) {
		wchar_t m;
		j += textedit_decode(s, len, j, &m, &ok);
	}
	if (cols != NULL)
		*cols = w;
	return j - i;
}

int
textedit_cols(const char *s, size_t len)
{
	int total = 0;
	for (size_t i = 0; i < len;) {
		int w;
		i += textedit_cluster(s, len, i, &w);
		if (total > INT_MAX - w)
			return INT_MAX;
		total += w;
	}
	return total;
}

size_t
textedit_fit(const char *s, size_t len, int cols)
{
	int used = 0;
	size_t i = 0;
	while (i < len) {
		int w;
		size_t n = textedit_cluster(s, len, i, &w);
		if (used + w > cols)
			break;
		used += w;
		i += n;
	}
	return i;
}

bool
textedit_next_row(const char *s, size_t len, size_t start, int width, struct textedit_row *row)
{
	if (width < 1)
		width = 1;
	size_t i = start;
	int col = 0;
	bool have_brk = false;
	size_t brk_end = 0, brk_next = 0;
	int brk_cols = 0;

	row->start = start;
	while (i < len) {
		if (s[i] == '\n') {
			row->end = i;
			row->cols = col;
			row->next = i + 1;
			return true;
		}
		if (s[i] == ' ') {
			size_t j = i;
			while (j < len && s[j] == ' ')
				j++;
			if (j - i > (size_t)(width - col)) {
				/* The spaces do not fit: break here, they hang. */
				row->end = i;
				row->cols = col;
				row->next = j;
				return true;
			}
			if (col > 0) {
				have_brk = true;
				brk_end = i;
				brk_cols = col;
				brk_next = j;
			}
			col += (int)(j - i);
			i = j;
			continue;
		}
		int w;
		size_t n = textedit_cluster(s, len, i, &w);
		if (col + w > width) {
			if (have_brk) {
				row->end = brk_end;
				row->cols = brk_cols;
				row->next = brk_next;
				return true;
			}
			if (col == 0) {
				/* Wider than the whole row: alone on it. */
				col = w;
				i += n;
				if (i >= len)
					break;
			}
			row->end = i;
			row->cols = col;
			row->next = i;
			return true;
		}
		col += w;
		i += n;
	}
	size_t e = len;
	while (e > start && s[e - 1] == ' ') {
		e--;
		col--;
	}
	row->end = e;
	row->cols = col;
	row->next = len;
	return false;
}

struct textedit *
textedit_new(size_t max_bytes, bool multiline)
{
	struct textedit *te = kolb_xcalloc(1, sizeof *te);
	te->cap = 64;
	te->buf = kolb_xmalloc(te->cap);
	te->buf[0] = '\0';
	te->max = max_bytes == 0 ? SIZE_MAX - 1 : max_bytes;
	te->multiline = multiline;
	te->goal = -1;
	return te;
}

void
textedit_free(struct textedit *te)
{
	if (te == NULL)
		return;
	free(te->buf);
	free(te);
}

/* True if pos is a cluster boundary of the text. */
static bool
textedit_is_boundary(const struct textedit *te, size_t pos)
{
	if (pos == 0 || pos >= te->len)
		return true;
	if (((unsigned char)te->buf[pos] & 0xC0) == 0x80)
		return false;	/* inside a UTF-8 sequence */
	if (te->buf[pos - 1] == '\n')
		return true;
	return !textedit_joins(te->buf, te->len, pos);
}

/* The cluster boundary before pos (pos > 0, a boundary). */
static size_t
textedit_prev(const struct textedit *te, size_t pos)
{
	size_t q = pos;
	do {
		q--;
		while (q > 0 && ((unsigned char)te->buf[q] & 0xC0) == 0x80)
			q--;
	} while (!textedit_is_boundary(te, q));
	return q;
}

/* The cluster boundary after pos (pos < len, a boundary). */
static size_t
textedit_next(const struct textedit *te, size_t pos)
{
	return pos + textedit_cluster(te->buf, te->len, pos, NULL);
}

static void
textedit_reserve(struct textedit *te, size_t extra)
{
	if (te->len + extra + 1 <= te->cap)
		return;
	size_t cap = te->cap;
	while (cap < te->len + extra + 1)
		cap *= 2;
	te->buf = kolb_xrealloc(te->buf, cap);
	te->cap = cap;
}

/* Clean s[0..len) for this field into a new buffer (*out, *outlen; caller
 * frees). Returns false if something was skipped. */
static bool
textedit_clean(const struct textedit *te, const char *s, size_t len, char **out, size_t *outlen)
{
	char *b = kolb_xmalloc(len + 1);
	size_t n = 0;
	bool all = true;
	for (size_t i = 0; i < len;) {
		wchar_t wc;
		bool ok;
		size_t k = textedit_decode(s, len, i, &wc, &ok);
		if (!ok || wc == L'\0') {
			all = false;
			i += k;
			continue;
		}
		if (wc == L'\r' || wc == L'\n') {
			if (wc == L'\r' && i + 1 < len && s[i + 1] == '\n')
				i++;
			b[n++] = te->multiline ? '\n' : ' ';
		} else if (wc == L'\t') {
			b[n++] = ' ';
		} else if (iswcntrl((wint_t)wc) || wcwidth(wc) < 0) {
			all = false;
		} else {
			memcpy(b + n, s + i, k);
			n += k;
		}
		i += k;
	}
	b[n] = '\0';
	*out = b;
	*outlen = n;
	return all;
}

bool
textedit_insert(struct textedit *te, const char *s, size_t len)
{
	char *clean;
	size_t n;
	bool all = textedit_clean(te, s, len, &clean, &n);
	size_t room = te->max > te->len ? te->max - te->len : 0;
	if (n > room) {
		/* Whole clusters of the inserted text only. */
		size_t k = 0;
		while (k < n) {
			size_t c = textedit_cluster(clean, n, k, NULL);
			if (k + c > room)
				break;
			k += c;
		}
		n = k;
		all = false;
	}
	te->goal = -1;
	if (n > 0) {
		textedit_reserve(te, n);
		memmove(te->buf + te->cur + n, te->buf + te->cur, te->len - te->cur + 1);
		memcpy(te->buf + te->cur, clean, n);
		te->len += n;
		te->cur += n;
		te->dirty = true;
		/* A base typed before a lone combining mark absorbs it. */
		while (!textedit_is_boundary(te, te->cur))
			te->cur++;
	}
	free(clean);
	return all;
}

bool
textedit_set_text(struct textedit *te, const char *s)
{
	te->len = 0;
	te->cur = 0;
	te->buf[0] = '\0';
	bool all = textedit_insert(te, s, strlen(s));
	te->dirty = false;
	return all;
}

const char *
textedit_text(const struct textedit *te)
{
	return te->buf;
}

size_t
textedit_len(const struct textedit *te)
{
	return te->len;
}

size_t
textedit_cursor(const struct textedit *te)
{
	return te->cur;
}

void
textedit_set_cursor(struct textedit *te, size_t pos)
{
	if (pos > te->len)
		pos = te->len;
	while (!textedit_is_boundary(te, pos))
		pos--;
	te->cur = pos;
	te->goal = -1;
}

bool
textedit_dirty(const struct textedit *te)
{
	return te->dirty;
}

void
textedit_mark_saved(struct textedit *te)
{
	te->dirty = false;
}

/* Remove bytes [a, b) and put the cursor at a. */
static void
textedit_cut(struct textedit *te, size_t a, size_t b)
{
	memmove(te->buf + a, te->buf + b, te->len - b + 1);
	te->len -= b - a;
	te->cur = a;
	te->dirty = true;
	te->goal = -1;
}

bool
textedit_type(struct textedit *te, const struct vnkey *vk, unsigned int c)
{
	char key[8];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	if (vk != NULL && vk->mode != VNKEY_OFF && c < 0x80) {
		char out[4 * VNKEY_MAXWORD + 16];
		size_t rl = 0;
		if (vnkey_apply(vk, te->buf, te->cur, c, out, sizeof out, &rl) == 1 && rl <= te->cur) {
			textedit_cut(te, te->cur - rl, te->cur);
			return textedit_insert(te, out, strlen(out));
		}
	}
	size_t n = wcrtomb(key, (wchar_t)c, &st);
	if (n == (size_t)-1)
		return false;
	return textedit_insert(te, key, n);
}

bool
textedit_backspace(struct textedit *te)
{
	if (te->cur == 0)
		return false;
	textedit_cut(te, textedit_prev(te, te->cur), te->cur);
	return true;
}

bool
textedit_delete(struct textedit *te)
{
	if (te->cur >= te->len)
		return false;
	size_t at = te->cur;
	textedit_cut(te, at, textedit_next(te, at));
	return true;
}

bool
textedit_left(struct textedit *te)
{
	te->goal = -1;
	if (te->cur == 0)
		return false;
	te->cur = textedit_prev(te, te->cur);
	return true;
}

bool
textedit_right(struct textedit *te)
{
	te->goal = -1;
	if (te->cur >= te->len)
		return false;
	te->cur = textedit_next(te, te->cur);
	return true;
}

static bool
textedit_is_space(char c)
{
	return c == ' ' || c == '\n';
}

bool
textedit_word_left(struct textedit *te)
{
	size_t p = te->cur;
	while (p > 0 && textedit_is_space(te->buf[p - 1]))
		p--;
	while (p > 0 && !textedit_is_space(te->buf[p - 1]))
		p = textedit_prev(te, p);
	te->goal = -1;
	bool moved = p != te->cur;
	te->cur = p;
	return moved;
}

bool
textedit_word_right(struct textedit *te)
{
	size_t p = te->cur;
	while (p < te->len && !textedit_is_space(te->buf[p]))
		p = textedit_next(te, p);
	while (p < te->len && textedit_is_space(te->buf[p]))
		p = textedit_next(te, p);
	te->goal = -1;
	bool moved = p != te->cur;
	te->cur = p;
	return moved;
}

static void
textedit_push_row(struct textedit_layout *lay, const struct textedit_row *row)
{
	if (lay->nrows == lay->cap) {
		lay->cap = lay->cap ? lay->cap * 2 : 16;
		lay->rows = kolb_xrealloc(lay->rows, lay->cap * sizeof *lay->rows);
	}
	lay->rows[lay->nrows++] = *row;
}

void
textedit_layout(const struct textedit *te, int width, struct textedit_layout *lay)
{
	if (width < 1)
		width = 1;
	lay->nrows = 0;
	lay->width = width;
	struct textedit_row row;
	size_t pos = 0;
	while (textedit_next_row(te->buf, te->len, pos, width, &row)) {
		textedit_push_row(lay, &row);
		pos = row.next;
	}
	textedit_push_row(lay, &row);
	/* A full last row: the end of the text is drawn on an empty row after it. */
	size_t hang = te->len - row.end;
	if (row.start < te->len && (size_t)row.cols + hang >= (size_t)width) {
		struct textedit_row empty = {te->len, te->len, te->len, 0};
		textedit_push_row(lay, &empty);
	}

	size_t lo = 0, hi = lay->nrows - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (lay->rows[mid].start <= te->cur)
			lo = mid;
		else
			hi = mid - 1;
	}
	lay->cur_row = lo;
	size_t s = lay->rows[lo].start;
	int col = textedit_cols(te->buf + s, te->cur - s);
	lay->cur_col = col < width ? col : width - 1;
}

void
textedit_layout_free(struct textedit_layout *lay)
{
	free(lay->rows);
	memset(lay, 0, sizeof *lay);
}

size_t
textedit_scroll(const struct textedit_layout *lay, size_t top, int height)
{
	size_t h = height < 1 ? 1 : (size_t)height;
	if (lay->cur_row < top)
		top = lay->cur_row;
	else if (lay->cur_row >= top + h)
		top = lay->cur_row - h + 1;
	if (lay->nrows <= h)
		return 0;
	if (top > lay->nrows - h)
		top = lay->nrows - h;
	return top;
}

/* The last cursor position that is drawn on row r. */
static size_t
textedit_row_last(const struct textedit *te, const struct textedit_layout *lay, size_t r)
{
	const struct textedit_row *row = &lay->rows[r];
	if (r + 1 == lay->nrows)
		return te->len;
	if (row->end < lay->rows[r + 1].start)
		return row->end;
	return row->end > row->start ? textedit_prev(te, row->end) : row->start;
}

/* The position on row r nearest to column goal without passing it. */
static size_t
textedit_at_col(const struct textedit *te, const struct textedit_layout *lay, size_t r, int goal)
{
	size_t p = lay->rows[r].start;
	size_t last = textedit_row_last(te, lay, r);
	int col = 0;
	while (p < last) {
		int w;
		size_t n = textedit_cluster(te->buf, te->len, p, &w);
		if (col + w > goal)
			break;
		col += w;
		p += n;
	}
	return p;
}

bool
textedit_home(struct textedit *te, int width)
{
	struct textedit_layout lay = {0};
	textedit_layout(te, width, &lay);
	size_t p = lay.rows[lay.cur_row].start;
	textedit_layout_free(&lay);
	te->goal = -1;
	bool moved = p != te->cur;
	te->cur = p;
	return moved;
}

bool
textedit_end(struct textedit *te, int width)
{
	struct textedit_layout lay = {0};
	textedit_layout(te, width, &lay);
	size_t p = textedit_row_last(te, &lay, lay.cur_row);
	textedit_layout_free(&lay);
	te->goal = -1;
	bool moved = p != te->cur;
	te->cur = p;
	return moved;
}

/* Move to the row dir (-1 or +1) away, keeping the goal column. */
static bool
textedit_vertical(struct textedit *te, int width, int dir)
{
	struct textedit_layout lay = {0};
	textedit_layout(te, width, &lay);
	bool moved = false;
	if (dir < 0 ? lay.cur_row > 0 : lay.cur_row + 1 < lay.nrows) {
		if (te->goal < 0)
			te->goal = lay.cur_col;
		size_t r = dir < 0 ? lay.cur_row - 1 : lay.cur_row + 1;
		te->cur = textedit_at_col(te, &lay, r, te->goal);
		moved = true;
	}
	textedit_layout_free(&lay);
	return moved;
}

bool
textedit_up(struct textedit *te, int width)
{
	return textedit_vertical(te, width, -1);
}

bool
textedit_down(struct textedit *te, int width)
{
	return textedit_vertical(te, width, 1);
}
