/*
 * The interface language and local conventions.
 *
 * The interface speaks the language of the message catalogue gettext picked
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), unless the data folder's settings name
 * one (l10n_set_language). Dates and numbers follow the interface language:
 * Vietnamese writes 28/11/2026 and 1.234,5; English keeps ISO dates (2026-11-28)
 * and 1,234.5. A session's content language (the pack language chosen for it) is
 * separate: l10n_in() translates a message into that language for what is
 * written for the session (certificates, record narratives), whatever the
 * interface speaks.
 */
#ifndef KOLB_L10N_H
#define KOLB_L10N_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "db.h"
#include "kolb.h"

/* Where the catalogues are: $KOLB_LOCALEDIR if set; else build_dir (relative to the
 * folder of the running executable, i.e. the checkout's build/locale) when it
 * exists there; else installed_dir. Writes into buf and returns it. */
const char *l10n_localedir(const char *build_dir, const char *installed_dir, char *buf,
    size_t bufsz);

/* setlocale(LC_ALL, "") with a way out for netbooks whose environment names a
 * locale that was never generated (LANG=vi_VN.UTF-8 without it in
 * /etc/locale.gen): then C.UTF-8 is used, and when the environment asked for
 * Vietnamese (LC_ALL, LC_MESSAGES or LANG starting with "vi") and LANGUAGE is
 * not set, LANGUAGE=vi keeps the interface Vietnamese. Returns true if the
 * environment's locale was usable as is. */
bool l10n_init_locale(void);

/* Interface language: "vi", "en", or "" / NULL for the environment's choice.
 * Takes effect for every later _() call. Other codes are refused (-1). */
int l10n_set_language(const char *code, struct kolb_err *err);

/* The language the interface speaks now: "vi" or "en". */
const char *l10n_code(void);

/* msgid translated into lang ("vi", "en"; anything else gives msgid itself),
 * whatever the interface language; the interface language is unchanged after.
 * The result is static catalogue memory or msgid: do not free. */
const char *l10n_in(const char *lang, const char *msgid);

/* A date given as YYYY-MM-DD (or a longer ISO timestamp, whose first ten
 * characters are used) in the interface convention. Anything that is not a date
 * is copied unchanged. Returns buf. */
const char *l10n_date(const char *iso, char *buf, size_t bufsz);
/* The same for lang explicitly ("vi": dd/mm/yyyy, otherwise yyyy-mm-dd). */
const char *l10n_date_in(const char *lang, const char *iso, char *buf, size_t bufsz);
/* Local date and time of t: "28/11/2026 14:05" or "2026-11-28 14:05". */
const char *l10n_datetime(time_t t, char *buf, size_t bufsz);

/* A date typed by a user: YYYY-MM-DD, or D/M/YYYY (D-M-YYYY, D.M.YYYY) as
 * Vietnamese write it; out receives YYYY-MM-DD. 0 if it is a real date, else -1. */
int l10n_parse_date(const char *text, char out[11]);

/* n with thousands grouped in the interface convention (1.234.567 / 1,234,567). */
const char *l10n_int(long long n, char *buf, size_t bufsz);
/* x with at most decimals digits after the decimal sign, trailing zeros dropped,
 * in lang's convention (6,5 / 6.5); lang NULL = the interface language. */
const char *l10n_decimal(const char *lang, double x, int decimals, char *buf, size_t bufsz);

/* Settings kept in the data folder (settings table): "ui.language" ("" = follow
 * the environment, "vi", "en"), "typing.mode" ("off", "telex", "vni"),
 * "typing.style" ("modern", "traditional"). value receives "" when unset. */
int l10n_setting_get(struct db *db, const char *key, char *value, size_t valsz);
int l10n_setting_set(struct db *db, const char *key, const char *value, struct kolb_err *err);

#endif
