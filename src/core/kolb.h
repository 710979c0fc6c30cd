/*
 * Types and helpers shared by every kolb module.
 *
 * Errors travel as values: a function that can fail takes a struct kolb_err *
 * and fills in a one-line, already translated message the caller can print.
 * Nothing below main() prints, exits or touches the terminal.
 */
#ifndef KOLB_H
#define KOLB_H

#include <stdarg.h>
#include <stddef.h>
#include <libintl.h>

#ifndef KOLB_VERSION
#define KOLB_VERSION "0.1.0"
#endif

/* gettext: _() translates now, N_() marks a string translated later. */
#define _(s) gettext(s)
#define N_(s) (s)
/* A message with a context, for words that translate differently by use:
 * C_("interface language code", "en"). */
#define C_(ctx, s) kolb_pgettext(ctx "\004" s, s)

/* gettext of "context\004msgid", or msgid when there is no translation. */
const char *kolb_pgettext(const char *ctx_msgid, const char *msgid);

struct kolb_err {
	char msg[512];
};

/* Set err's message (printf format); err may be NULL. Returns -1 for `return kolb_err_set(...)`. */
int kolb_err_set(struct kolb_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefix an existing message: "prefix: old message". Returns -1. */
int kolb_err_prefix(struct kolb_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A growable list of owned strings (problem reports, file lists). */
struct kolb_strlist {
	char **items;
	size_t len, cap;
};

/* Append a formatted string. Aborts on out of memory like every allocation here. */
void kolb_strlist_addf(struct kolb_strlist *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kolb_strlist_add(struct kolb_strlist *l, const char *s);
/* Sort bytewise. */
void kolb_strlist_sort(struct kolb_strlist *l);
/* Free every item and the array; the struct is left empty and reusable. */
void kolb_strlist_clear(struct kolb_strlist *l);

/* Allocation that aborts on failure: there is nothing useful to do without memory. */
void *kolb_xmalloc(size_t n);
void *kolb_xcalloc(size_t n, size_t size);
void *kolb_xrealloc(void *p, size_t n);
char *kolb_xstrdup(const char *s);
/* Caller frees result. */
char *kolb_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before abort() on out of memory; the TUI sets it to restore the terminal. */
extern void (*kolb_fatal_hook)(void);

#endif
