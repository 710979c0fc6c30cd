/* Error values, string lists and aborting allocators shared by all modules. */
#include "kolb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void (*kolb_fatal_hook)(void);

static void
kolb_oom(void)
{
	if (kolb_fatal_hook != NULL)
		kolb_fatal_hook();
	fputs("kolb: out of memory\n", stderr);
	abort();
}

void *
kolb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		kolb_oom();
	return p;
}

void *
kolb_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		kolb_oom();
	return p;
}

void *
kolb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		kolb_oom();
	return q;
}

char *
kolb_xstrdup(const char *s)
{
	char *d = strdup(s);
	if (d == NULL)
		kolb_oom();
	return d;
}

static char *
kolb_xvasprintf(const char *fmt, va_list ap)
{
	char *s;
	if (vasprintf(&s, fmt, ap) < 0)
		kolb_oom();
	return s;
}

char *
kolb_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = kolb_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

int
kolb_err_set(struct kolb_err *err, const char *fmt, ...)
{
	if (err == NULL)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int
kolb_err_prefix(struct kolb_err *err, const char *fmt, ...)
{
	if (err == NULL)
		return -1;
	char prefix[256], old[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	char joined[sizeof prefix + sizeof old + 2];
	snprintf(joined, sizeof joined, "%s: %s", prefix, old);
	snprintf(err->msg, sizeof err->msg, "%.*s", (int)sizeof err->msg - 1, joined);
	return -1;
}

void
kolb_strlist_add(struct kolb_strlist *l, const char *s)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = kolb_xrealloc(l->items, l->cap * sizeof *l->items);
	}
	l->items[l->len++] = kolb_xstrdup(s);
}

void
kolb_strlist_addf(struct kolb_strlist *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = kolb_xvasprintf(fmt, ap);
	va_end(ap);
	kolb_strlist_add(l, s);
	free(s);
}

static int
kolb_strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
kolb_strlist_sort(struct kolb_strlist *l)
{
	if (l->len > 1)
		qsort(l->items, l->len, sizeof *l->items, kolb_strcmp_ptr);
}

void
kolb_strlist_clear(struct kolb_strlist *l)
{
	for (size_t i = 0; i < l->len; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->len = l->cap = 0;
}

const char *
kolb_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = gettext(ctx_msgid);
	return t == ctx_msgid ? msgid : t;
}
