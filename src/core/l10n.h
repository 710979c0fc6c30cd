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

/* Translate everything between l10n_push and l10n_pop into lang ("vi", "en"; others
 * leave the language alone), e.g. messages a core function writes with _() for a
 * session's document; l10n_pop puts back exactly what was there (the environment's
 * choice or the setting). Pairs do not nest; saved holds the state between them. */
struct l10n_saved {
	char *language; /* LANGUAGE before the push, or NULL if it was unset */
	bool pushed;
};
void l10n_push(const char *lang, struct l10n_saved *saved);
void l10n_pop(struct l10n_saved *saved);

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

/* The data folder's own choices (settings table, db_setting_*):
 * "ui.language": "" (follow the environment), "vi" or "en". */
#define L10N_SETTING_LANGUAGE "ui.language"

/* Apply the data folder's interface language, if it names one; lang (if not NULL,
 * L10N_LANG_SIZE bytes) receives the stored value. */
#define L10N_LANG_SIZE 8
void l10n_apply_setting(struct db *db, char *lang);

/* The typing mode and tone style kept in the data folder ("typing.mode":
 * off/telex/vni, "typing.style": modern/traditional); unset or unknown values
 * give plain typing, modern style. */
struct vnkey;
void l10n_typing_load(struct db *db, struct vnkey *out);
int l10n_typing_save(struct db *db, const struct vnkey *k, struct kolb_err *err);

#endif
