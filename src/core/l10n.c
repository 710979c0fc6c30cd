/* The interface language, dates and numbers in the local convention, settings. */
#include "l10n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"
#include "vnkey.h"

/* The environment's LANGUAGE as found before the first l10n_set_language, so that
 * "follow the environment" can put it back. */
static char *l10n_env_language;
static bool l10n_env_saved;

const char *
l10n_localedir(const char *build_dir, const char *installed_dir, char *buf, size_t bufsz)
{
	const char *env = getenv("KOLB_LOCALEDIR");
	if (env != NULL && *env) {
		snprintf(buf, bufsz, "%s", env);
		return buf;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0 && build_dir != NULL && *build_dir) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			char cand[PATH_MAX + 64];
			struct stat st;
			snprintf(cand, sizeof cand, "%s/%s", exe, build_dir);
			if (build_dir[0] == '/')
				snprintf(cand, sizeof cand, "%s", build_dir);
			if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode)) {
				snprintf(buf, bufsz, "%s", cand);
				return buf;
			}
		}
	}
	snprintf(buf, bufsz, "%s", installed_dir);
	return buf;
}

bool
l10n_init_locale(void)
{
	if (setlocale(LC_ALL, "") != NULL)
		return true;
	const char *want = NULL;
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 3 && want == NULL; i++) {
		const char *v = getenv(vars[i]);
		if (v != NULL && *v)
			want = v;
	}
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	const char *language = getenv("LANGUAGE");
	if (want != NULL && strncmp(want, "vi", 2) == 0 && (language == NULL || !*language))
		setenv("LANGUAGE", "vi", 1);
	return false;
}

/* glibc caches translations; setting the text domain again invalidates the cache
 * (it increments _nl_msg_cat_cntr), so a changed LANGUAGE takes effect. */
static void
l10n_flush(void)
{
	const char *dom = textdomain(NULL);
	if (dom != NULL) {
		char *copy = kolb_xstrdup(dom);
		textdomain(copy);
		free(copy);
	}
}

int
l10n_set_language(const char *code, struct kolb_err *err)
{
	if (code != NULL && *code && strcmp(code, "vi") != 0 && strcmp(code, "en") != 0)
		return kolb_err_set(err, _("unknown interface language \"%s\" (vi or en)"), code);
	if (!l10n_env_saved) {
		const char *env = getenv("LANGUAGE");
		l10n_env_language = env != NULL ? kolb_xstrdup(env) : NULL;
		l10n_env_saved = true;
	}
	if (code != NULL && *code)
		setenv("LANGUAGE", code, 1);
	else if (l10n_env_language != NULL)
		setenv("LANGUAGE", l10n_env_language, 1);
	else
		unsetenv("LANGUAGE");
	l10n_flush();
	return 0;
}

const char *
l10n_code(void)
{
	/* TRANSLATORS: the ISO 639-1 code of the language of this catalogue. */
	const char *c = C_("interface language code", "en");
	return strcmp(c, "vi") == 0 ? "vi" : "en";
}

void
l10n_push(const char *lang, struct l10n_saved *saved)
{
	saved->language = NULL;
	saved->pushed = false;
	if (lang == NULL || (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0) ||
	    strcmp(l10n_code(), lang) == 0)
		return;
	const char *old = getenv("LANGUAGE");
	saved->language = old != NULL ? kolb_xstrdup(old) : NULL;
	saved->pushed = true;
	setenv("LANGUAGE", lang, 1);
	l10n_flush();
}

void
l10n_pop(struct l10n_saved *saved)
{
	if (!saved->pushed)
		return;
	if (saved->language != NULL)
		setenv("LANGUAGE", saved->language, 1);
	else
		unsetenv("LANGUAGE");
	free(saved->language);
	saved->language = NULL;
	saved->pushed = false;
	l10n_flush();
}

const char *
l10n_in(const char *lang, const char *msgid)
{
	if (lang == NULL || strcmp(lang, "en") == 0)
		return msgid;
	struct l10n_saved saved;
	l10n_push(lang, &saved);
	const char *r = gettext(msgid);
	l10n_pop(&saved);
	return r;
}

const char *
l10n_date_in(const char *lang, const char *iso, char *buf, size_t bufsz)
{
	char d[11];
	if (iso == NULL || strlen(iso) < 10) {
		snprintf(buf, bufsz, "%s", iso ? iso : "");
		return buf;
	}
	memcpy(d, iso, 10);
	d[10] = '\0';
	if (!text_date_valid(d) || (iso[10] != '\0' && iso[10] != 'T' && iso[10] != ' ')) {
		snprintf(buf, bufsz, "%s", iso);
		return buf;
	}
	if (lang != NULL && strcmp(lang, "vi") == 0)
		snprintf(buf, bufsz, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
	else
		snprintf(buf, bufsz, "%s", d);
	return buf;
}

const char *
l10n_date(const char *iso, char *buf, size_t bufsz)
{
	return l10n_date_in(l10n_code(), iso, buf, bufsz);
}

const char *
l10n_datetime(time_t t, char *buf, size_t bufsz)
{
	struct tm tm;
	char iso[32];
	localtime_r(&t, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
	char d[16];
	l10n_date(iso, d, sizeof d);
	snprintf(buf, bufsz, "%s %02d:%02d", d, tm.tm_hour, tm.tm_min);
	return buf;
}

/* Digits only, 1 to maxlen of them, as a number. -1 otherwise. */
static int
l10n_num(const char *s, size_t len, size_t maxlen)
{
	if (len == 0 || len > maxlen)
		return -1;
	int v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
l10n_parse_date(const char *text, char out[11])
{
	if (text == NULL)
		return -1;
	while (*text == ' ')
		text++;
	size_t len = strlen(text);
	while (len > 0 && text[len - 1] == ' ')
		len--;
	char cand[40];
	if (len == 10 && text[4] == '-' && text[7] == '-') {
		memcpy(cand, text, 10);
		cand[10] = '\0';
	} else {
		/* D/M/YYYY with one separator kind used twice */
		const char *s1 = NULL, *s2 = NULL;
		char sep = 0;
		for (size_t i = 0; i < len; i++) {
			char c = text[i];
			if (c == '/' || c == '-' || c == '.') {
				if (sep == 0)
					sep = c;
				else if (c != sep)
					return -1;
				if (s1 == NULL)
					s1 = text + i;
				else if (s2 == NULL)
					s2 = text + i;
				else
					return -1;
			} else if (c < '0' || c > '9') {
				return -1;
			}
		}
		if (s1 == NULL || s2 == NULL)
			return -1;
		int d = l10n_num(text, (size_t)(s1 - text), 2);
		int m = l10n_num(s1 + 1, (size_t)(s2 - s1 - 1), 2);
		int y = l10n_num(s2 + 1, (size_t)(text + len - s2 - 1), 4);
		if (d < 1 || m < 1 || y < 1000 || (size_t)(text + len - s2 - 1) != 4)
			return -1;
		snprintf(cand, sizeof cand, "%04d-%02d-%02d", y, m, d);
	}
	if (strlen(cand) != 10 || !text_date_valid(cand))
		return -1;
	memcpy(out, cand, 11);
	return 0;
}

/* Group the digits of the unsigned decimal string digits with sep. */
static const char *
l10n_group(const char *sign, const char *digits, const char *sep, const char *tail, char *buf,
    size_t bufsz)
{
	char tmp[96];
	size_t n = strlen(digits), o = 0;
	size_t seplen = strlen(sep);
	for (size_t i = 0; i < n && o + seplen + 2 < sizeof tmp; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(tmp + o, sep, seplen);
			o += seplen;
		}
		tmp[o++] = digits[i];
	}
	tmp[o] = '\0';
	snprintf(buf, bufsz, "%s%s%s", sign, tmp, tail);
	return buf;
}

const char *
l10n_int(long long n, char *buf, size_t bufsz)
{
	char digits[32];
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	snprintf(digits, sizeof digits, "%llu", u);
	bool vi = strcmp(l10n_code(), "vi") == 0;
	return l10n_group(n < 0 ? "-" : "", digits, vi ? "." : ",", "", buf, bufsz);
}

const char *
l10n_decimal(const char *lang, double x, int decimals, char *buf, size_t bufsz)
{
	if (lang == NULL)
		lang = l10n_code();
	bool vi = strcmp(lang, "vi") == 0;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	/* Format in the C convention whatever LC_NUMERIC says, then localise. */
	bool neg = x < 0;
	double ax = neg ? -x : x;
	double scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	unsigned long long whole = (unsigned long long)(ax * scale + 0.5);
	unsigned long long ip = whole / (unsigned long long)scale;
	unsigned long long fp = whole % (unsigned long long)scale;
	char digits[32], frac[32] = "";
	snprintf(digits, sizeof digits, "%llu", ip);
	if (decimals > 0 && fp > 0) {
		char f[24];
		snprintf(f, sizeof f, "%0*llu", decimals, fp);
		size_t fl = strlen(f);
		while (fl > 0 && f[fl - 1] == '0')
			f[--fl] = '\0';
		snprintf(frac, sizeof frac, "%s%s", vi ? "," : ".", f);
	}
	return l10n_group(neg && whole > 0 ? "-" : "", digits, vi ? "." : ",", frac, buf, bufsz);
}

void
l10n_apply_setting(struct db *db, char *lang)
{
	char v[L10N_LANG_SIZE];
	/* A value this version does not know means: follow the environment. */
	if (db_setting_get(db, L10N_SETTING_LANGUAGE, v, sizeof v) != 0 ||
	    l10n_set_language(v[0] ? v : NULL, NULL) != 0) {
		v[0] = '\0';
		l10n_set_language(NULL, NULL);
	}
	if (lang != NULL)
		memcpy(lang, v, sizeof v);
}

void
l10n_typing_load(struct db *db, struct vnkey *out)
{
	char v[32];
	enum vnkey_mode mode = VNKEY_OFF;
	if (db_setting_get(db, "typing.mode", v, sizeof v) != 0 || !vnkey_mode_parse(v, &mode))
		mode = VNKEY_OFF;
	bool trad = db_setting_get(db, "typing.style", v, sizeof v) == 0 &&
	    strcmp(v, "traditional") == 0;
	vnkey_init(out, mode, trad ? VNKEY_TRADITIONAL : VNKEY_MODERN);
}

int
l10n_typing_save(struct db *db, const struct vnkey *k, struct kolb_err *err)
{
	if (db_begin(db, err) != 0)
		return -1;
	if (db_setting_set(db, "typing.mode", vnkey_mode_id(k->mode), err) != 0 ||
	    db_setting_set(db, "typing.style", k->style == VNKEY_TRADITIONAL ? "traditional" :
	    "modern", err) != 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, err);
}
