/* Importing a roster of participants from CSV (see roster.h). */
#include "roster.h"

#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "text.h"

#define ROSTER_MAX_BYTES (1u << 20) /* of text */
#define ROSTER_MAX_ROWS 2000        /* participant rows, not counting the header */
#define ROSTER_MAX_NAME 120         /* characters of a name or a guardian's name */
#define ROSTER_SHOW_MAX 40          /* characters of a value quoted in a message */

enum roster_col {
	ROSTER_NAME,
	ROSTER_GENDER,
	ROSTER_AGE_GROUP,
	ROSTER_ETHNICITY,
	ROSTER_ROLE,
	ROSTER_MINOR,
	ROSTER_CONSENT,
	ROSTER_CONSENT_BY,
	ROSTER_SHARE_NAME,
	ROSTER_NCOLS
};

/* Names used in messages for a column the file does not have. */
static const char *const roster_col_names[ROSTER_NCOLS] = {"name", "gender", "age_group",
    "ethnicity", "role", "minor", "consent", "consent_by", "share_name"};

/*
 * Header names, folded (see roster_fold: lowercase, no diacritics, '_' and '-'
 * as spaces). The Vietnamese spelling is in the comment.
 */
static const struct {
	const char *key;
	enum roster_col col;
} roster_headers[] = {
	{"name", ROSTER_NAME}, {"full name", ROSTER_NAME},
	{"ho ten", ROSTER_NAME},     /* họ tên */
	{"ho va ten", ROSTER_NAME},  /* họ và tên */
	{"ten", ROSTER_NAME},        /* tên */
	{"gender", ROSTER_GENDER},
	{"gioi tinh", ROSTER_GENDER},  /* giới tính */
	{"age group", ROSTER_AGE_GROUP},
	{"nhom tuoi", ROSTER_AGE_GROUP}, /* nhóm tuổi */
	{"ethnicity", ROSTER_ETHNICITY},
	{"dan toc", ROSTER_ETHNICITY}, /* dân tộc */
	{"role", ROSTER_ROLE},
	{"vai tro", ROSTER_ROLE},      /* vai trò */
	{"minor", ROSTER_MINOR},
	{"tre em", ROSTER_MINOR},      /* trẻ em */
	{"duoi 16", ROSTER_MINOR},     /* dưới 16 */
	{"consent", ROSTER_CONSENT},
	{"dong y", ROSTER_CONSENT},    /* đồng ý */
	{"consent by", ROSTER_CONSENT_BY},
	{"nguoi dong y", ROSTER_CONSENT_BY}, /* người đồng ý */
	{"guardian", ROSTER_CONSENT_BY},
	{"nguoi giam ho", ROSTER_CONSENT_BY}, /* người giám hộ */
	{"share name", ROSTER_SHARE_NAME},
	{"ghi ten", ROSTER_SHARE_NAME},  /* ghi tên */
};

/* A value as written (folded) and its database spelling. Lists end with {NULL}. */
struct roster_alias {
	const char *key, *value;
};

static const struct roster_alias roster_genders[] = {
	{"female", "female"}, {"f", "female"}, {"nu", "female"},   /* nữ */
	{"male", "male"}, {"m", "male"}, {"nam", "male"},
	{"other", "other"}, {"khac", "other"},                      /* khác */
	{NULL, NULL},
};

static const struct roster_alias roster_age_groups[] = {
	{"child", "child"}, {"tre em", "child"},                    /* trẻ em */
	{"youth", "youth"}, {"thanh nien", "youth"},                /* thanh niên */
	{"adult", "adult"}, {"nguoi lon", "adult"},                 /* người lớn */
	{"elder", "elder"}, {"nguoi cao tuoi", "elder"},            /* người cao tuổi */
	{NULL, NULL},
};

static const struct roster_alias roster_roles[] = {
	{"student", "student"}, {"hoc sinh", "student"},            /* học sinh */
	{"caregiver", "caregiver"}, {"nguoi cham soc", "caregiver"}, /* người chăm sóc */
	{"parent", "parent"}, {"phu huynh", "parent"},              /* phụ huynh */
	{"cha me", "parent"},                                       /* cha mẹ */
	{"teacher", "teacher"}, {"giao vien", "teacher"},           /* giáo viên */
	{"thay co", "teacher"},                                     /* thầy cô */
	{"official", "official"}, {"can bo", "official"},           /* cán bộ */
	{"other", "other"}, {"khac", "other"},                      /* khác */
	{NULL, NULL},
};

static const struct roster_alias roster_consents[] = {
	{"", "unknown"}, {"unknown", "unknown"},
	{"given", "given"}, {"yes", "given"}, {"co", "given"},      /* có */
	{"dong y", "given"},                                        /* đồng ý */
	{"refused", "refused"}, {"no", "refused"}, {"khong", "refused"}, /* không */
	{NULL, NULL},
};

static const struct roster_alias roster_booleans[] = {
	{"", "0"}, {"0", "0"}, {"no", "0"}, {"khong", "0"}, {"false", "0"}, /* không */
	{"1", "1"}, {"yes", "1"}, {"co", "1"}, {"x", "1"}, {"true", "1"},   /* có */
	{NULL, NULL},
};

/* consent_by values meaning the participant consented for themselves. */
static const struct roster_alias roster_selves[] = {
	{"self", "self"}, {"ban than", "self"},                     /* bản thân */
	{NULL, NULL},
};

/* Lowercase Vietnamese letters with diacritics, by the ASCII letter they fold to. */
static const struct {
	char base;
	const wchar_t *marked;
} roster_marks[] = {
	{'a', L"àáảãạăằắẳẵặâầấẩẫậ"},
	{'e', L"èéẻẽẹêềếểễệ"},
	{'i', L"ìíỉĩị"},
	{'o', L"òóỏõọôồốổỗộơờớởỡợ"},
	{'u', L"ùúủũụưừứửữự"},
	{'y', L"ỳýỷỹỵ"},
	{'d', L"đ"},
};

/* A growable NUL-terminated byte string. */
struct roster_buf {
	char *s;
	size_t len, cap;
};

static void
roster_buf_add(struct roster_buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = b->cap ? b->cap : 64;
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->s = kolb_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
roster_buf_addc(struct roster_buf *b, char c)
{
	roster_buf_add(b, &c, 1);
}

/* Append "; " (unless first) and a formatted reason. */
static void
roster_buf_reason(struct roster_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
roster_buf_reason(struct roster_buf *b, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (b->len > 0)
		roster_buf_add(b, "; ", 2);
	roster_buf_add(b, line, strlen(line));
}

/* Length of the control character at s (C0, DEL, C1, U+2028/2029), 0 if none. */
static size_t
roster_control_at(const unsigned char *s)
{
	if (*s < 0x20 || *s == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9))
		return 3;
	return 0;
}

static bool
roster_has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (roster_control_at(p) > 0)
			return true;
	return false;
}

/* Characters (code points) in valid UTF-8. */
static size_t
roster_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* s with control characters turned into spaces and, when max > 0, cut after max
 * characters with an ellipsis: safe to quote in a one-line message or to show in
 * a preview. Caller frees. */
static char *
roster_show(const char *s, size_t max)
{
	struct roster_buf b = {0};
	size_t chars = 0;
	roster_buf_add(&b, "", 0);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t k = roster_control_at(p);
		if (k > 0) {
			roster_buf_addc(&b, ' ');
			p += p[0] == '\r' && p[1] == '\n' ? 2 : k; /* CRLF: one space */
			chars++;
			continue;
		}
		if ((*p & 0xc0) != 0x80 && max > 0 && chars++ == max) {
			roster_buf_add(&b, "…", strlen("…"));
			break;
		}
		roster_buf_addc(&b, (char)*p++);
	}
	return b.s;
}

/* Spaces, tabs, line breaks and no-break spaces around s removed. Caller frees. */
static char *
roster_trim(const char *s)
{
	const char *end = s + strlen(s);
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
			s += 2;
		else
			break;
	}
	for (;;) {
		if (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
		    end[-1] == '\n'))
			end--;
		else if (end - s >= 2 && (unsigned char)end[-2] == 0xc2 &&
		    (unsigned char)end[-1] == 0xa0)
			end -= 2;
		else
			break;
	}
	char *t = kolb_xmalloc((size_t)(end - s) + 1);
	memcpy(t, s, (size_t)(end - s));
	t[end - s] = '\0';
	return t;
}

/*
 * The form header names and values are compared in: lowercase (towlower, so
 * "NỮ" and "Học Sinh" work), without Vietnamese diacritics whether they were
 * typed precomposed or as combining marks ("Giới tính" = "gioi tinh"), with
 * '_', '-' and runs of spaces as one space, trimmed. Decoding uses loc
 * (C.UTF-8) so it does not depend on the caller's locale. Caller frees.
 */
static char *
roster_fold(locale_t loc, const char *s)
{
	locale_t old = loc != (locale_t)0 ? uselocale(loc) : (locale_t)0;
	struct roster_buf b = {0};
	roster_buf_add(&b, "", 0);
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = strlen(s);
	bool space = false;
	while (n > 0) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, n, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			/* not decodable in this locale: compare the byte as it is */
			memset(&st, 0, sizeof st);
			if (space && b.len > 0)
				roster_buf_addc(&b, ' ');
			space = false;
			roster_buf_addc(&b, *s);
			s++;
			n--;
			continue;
		}
		s += k;
		n -= k;
		wc = (wchar_t)towlower((wint_t)wc);
		if (wc >= 0x300 && wc <= 0x36f)
			continue; /* combining diacritic */
		if (iswspace((wint_t)wc) || wc == L'_' || wc == L'-' || wc == 0xa0) {
			space = true;
			continue;
		}
		for (size_t i = 0; i < sizeof roster_marks / sizeof roster_marks[0]; i++)
			if (wc > 0x7f && wcschr(roster_marks[i].marked, wc) != NULL)
				wc = (wchar_t)roster_marks[i].base;
		if (space && b.len > 0)
			roster_buf_addc(&b, ' ');
		space = false;
		if (wc <= 0x7f) {
			roster_buf_addc(&b, (char)wc);
		} else {
			char mb[MB_LEN_MAX];
			mbstate_t ost;
			memset(&ost, 0, sizeof ost);
			size_t m = wcrtomb(mb, wc, &ost);
			if (m != (size_t)-1)
				roster_buf_add(&b, mb, m);
		}
	}
	if (loc != (locale_t)0)
		uselocale(old);
	return b.s;
}

/* The database spelling of a folded value, or NULL if it is not in the list. */
static const char *
roster_lookup(const struct roster_alias *list, const char *folded)
{
	for (; list->key != NULL; list++)
		if (strcmp(list->key, folded) == 0)
			return list->value;
	return NULL;
}

/* "female, male, other" from a list of database spellings. */
static void
roster_join(const char *const *list, char *out, size_t size)
{
	out[0] = '\0';
	for (; *list; list++) {
		if (*out)
			strncat(out, ", ", size - strlen(out) - 1);
		strncat(out, *list, size - strlen(out) - 1);
	}
}

/* --- CSV records -------------------------------------------------------- */

struct roster_rec {
	char **f;
	size_t n, cap;
	int line; /* where the record starts */
};

static void
roster_rec_clear(struct roster_rec *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->f[i]);
	r->n = 0;
}

static void
roster_rec_push(struct roster_rec *r, const char *s)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->f = kolb_xrealloc(r->f, r->cap * sizeof *r->f);
	}
	r->f[r->n++] = kolb_xstrdup(s);
}

/* True if every field is empty or spaces (a blank line, or ",,," from a spreadsheet). */
static bool
roster_rec_blank(const struct roster_rec *r)
{
	for (size_t i = 0; i < r->n; i++) {
		char *t = roster_trim(r->f[i]);
		bool empty = *t == '\0';
		free(t);
		if (!empty)
			return false;
	}
	return true;
}

struct roster_csv {
	const char *p, *end;
	int line;   /* line number at p */
	char delim; /* ',' or ';' */
};

/* Consume a line break at c->p (CRLF, LF or a lone CR), counting the line. */
static bool
roster_csv_newline(struct roster_csv *c)
{
	if (*c->p == '\r') {
		c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
	} else if (*c->p == '\n') {
		c->p++;
	} else {
		return false;
	}
	c->line++;
	return true;
}

/*
 * Read one record (RFC 4180, leniently: spaces before an opening quote are
 * dropped; text after a closing quote, or a quote inside an unquoted field, is
 * kept as it is). 1: a record, 0: end of text, -1: a quote never closed.
 */
static int
roster_csv_next(struct roster_csv *c, struct roster_rec *r, struct roster_buf *b,
    struct kolb_err *err)
{
	roster_rec_clear(r);
	if (c->p >= c->end)
		return 0;
	r->line = c->line;
	for (;;) {
		b->len = 0;
		roster_buf_add(b, "", 0);
		const char *q = c->p;
		while (q < c->end && (*q == ' ' || *q == '\t'))
			q++;
		if (q < c->end && *q == '"') {
			int start = c->line;
			c->p = q + 1;
			for (;;) {
				if (c->p >= c->end)
					return kolb_err_set(err, _("line %d: a quoted value is "
					    "never closed (a \" is missing)"), start);
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						roster_buf_addc(b, '"');
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\r' || *c->p == '\n') {
					const char *from = c->p;
					roster_csv_newline(c);
					roster_buf_add(b, from, (size_t)(c->p - from));
					continue;
				}
				roster_buf_addc(b, *c->p++);
			}
		}
		while (c->p < c->end && *c->p != c->delim && *c->p != '\r' && *c->p != '\n')
			roster_buf_addc(b, *c->p++);
		roster_rec_push(r, b->s);
		if (c->p >= c->end)
			return 1;
		if (*c->p == c->delim) {
			c->p++;
			continue;
		}
		roster_csv_newline(c);
		return 1;
	}
}

/* ';' when the first non-blank line has semicolons and no comma outside quotes. */
static char
roster_csv_delim(const char *p, const char *end)
{
	while (p < end && (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t'))
		p++;
	size_t commas = 0, semis = 0;
	bool quoted = false;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == '\r' || *p == '\n'))
			break;
		else if (!quoted && *p == ',')
			commas++;
		else if (!quoted && *p == ';')
			semis++;
	}
	return commas == 0 && semis > 0 ? ';' : ',';
}

/* --- rows --------------------------------------------------------------- */

struct roster_parser {
	locale_t loc;
	int colmap[ROSTER_NCOLS]; /* field index of each column, -1 if absent */
	char *label[ROSTER_NCOLS]; /* the column's header as written, for messages */
	size_t nheader;           /* fields in the header row */
};

static void
roster_row_clear(struct roster_row *row)
{
	free(row->error);
	free(row->name);
	free(row->gender);
	free(row->age_group);
	free(row->ethnicity);
	free(row->role);
	free(row->consent);
	free(row->consent_by);
	memset(row, 0, sizeof *row);
}

/* Map an enumerated column to its database spelling, or explain why not.
 * Returns the spelling (static) or NULL after adding a reason. */
static const char *
roster_value(struct roster_parser *ps, enum roster_col col, const char *v,
    const struct roster_alias *aliases, const char *const *allowed, struct roster_buf *why)
{
	char *f = roster_fold(ps->loc, v);
	const char *db = roster_lookup(aliases, f);
	free(f);
	if (db != NULL)
		return db;
	char list[200];
	if (allowed != NULL)
		roster_join(allowed, list, sizeof list);
	else
		snprintf(list, sizeof list, "%s", _("yes, no"));
	char *show = roster_show(v, ROSTER_SHOW_MAX);
	roster_buf_reason(why, _("%s \"%s\" is not one of %s"), ps->label[col], show, list);
	free(show);
	return NULL;
}

/* Build one participant row from a record, checking it like participant_add will. */
static void
roster_row_build(struct roster_parser *ps, const struct roster_rec *rec, struct roster_row *row)
{
	struct roster_buf why = {0};
	char *v[ROSTER_NCOLS];
	memset(row, 0, sizeof *row);
	row->line = rec->line;

	for (int c = 0; c < ROSTER_NCOLS; c++) {
		int i = ps->colmap[c];
		v[c] = roster_trim(i >= 0 && (size_t)i < rec->n ? rec->f[i] : "");
	}
	if (rec->n > ps->nheader) {
		size_t used = rec->n;
		while (used > ps->nheader) {
			char *t = roster_trim(rec->f[used - 1]);
			bool empty = *t == '\0';
			free(t);
			if (!empty)
				break;
			used--;
		}
		if (used > ps->nheader)
			roster_buf_reason(&why, _("the row has %zu values but the header has %zu "
			    "columns (a value containing a comma must be in \"quotes\")"), used,
			    ps->nheader);
	}

	bool bad[ROSTER_NCOLS] = {false};
	for (int c = 0; c < ROSTER_NCOLS; c++) {
		if (roster_has_control(v[c])) {
			char *show = roster_show(v[c], ROSTER_SHOW_MAX);
			roster_buf_reason(&why, _("%s \"%s\" contains a line break, tab or other "
			    "control character"), ps->label[c], show);
			free(show);
			bad[c] = true;
		}
	}

	if (v[ROSTER_NAME][0] == '\0')
		roster_buf_reason(&why, _("%s is empty"), ps->label[ROSTER_NAME]);
	static const enum roster_col lengthy[] = {ROSTER_NAME, ROSTER_CONSENT_BY};
	for (size_t k = 0; k < sizeof lengthy / sizeof lengthy[0]; k++) {
		size_t n = roster_chars(v[lengthy[k]]);
		if (n > ROSTER_MAX_NAME)
			roster_buf_reason(&why, _("%s is %zu characters long; at most %d are "
			    "allowed"), ps->label[lengthy[k]], n, ROSTER_MAX_NAME);
	}

	/* NULL: not recognised (or unreadable), a reason has been added */
	const char *gender = NULL, *age = NULL, *role = NULL, *consent = NULL;
	const char *minor = NULL, *share = NULL;
	if (!bad[ROSTER_GENDER])
		gender = v[ROSTER_GENDER][0] == '\0' ? "" : roster_value(ps, ROSTER_GENDER,
		    v[ROSTER_GENDER], roster_genders, participant_genders, &why);
	if (!bad[ROSTER_AGE_GROUP])
		age = v[ROSTER_AGE_GROUP][0] == '\0' ? "" : roster_value(ps, ROSTER_AGE_GROUP,
		    v[ROSTER_AGE_GROUP], roster_age_groups, participant_age_groups, &why);
	if (!bad[ROSTER_ROLE])
		role = v[ROSTER_ROLE][0] == '\0' ? "" : roster_value(ps, ROSTER_ROLE,
		    v[ROSTER_ROLE], roster_roles, participant_roles, &why);
	if (!bad[ROSTER_CONSENT])
		consent = roster_value(ps, ROSTER_CONSENT, v[ROSTER_CONSENT], roster_consents,
		    participant_consents, &why);
	if (!bad[ROSTER_MINOR])
		minor = roster_value(ps, ROSTER_MINOR, v[ROSTER_MINOR], roster_booleans, NULL,
		    &why);
	if (!bad[ROSTER_SHARE_NAME])
		share = roster_value(ps, ROSTER_SHARE_NAME, v[ROSTER_SHARE_NAME], roster_booleans,
		    NULL, &why);

	/* consent_by "self" in any spelling is stored as "self" */
	char *byf = roster_fold(ps->loc, v[ROSTER_CONSENT_BY]);
	bool self = roster_lookup(roster_selves, byf) != NULL;
	free(byf);
	if (self) {
		free(v[ROSTER_CONSENT_BY]);
		v[ROSTER_CONSENT_BY] = kolb_xstrdup("self");
	}

	/* A child is under 16, so a minor; an adult or an elder is not. */
	bool explicit_minor = v[ROSTER_MINOR][0] != '\0' && minor != NULL;
	row->is_minor = minor != NULL && strcmp(minor, "1") == 0;
	bool child = age != NULL && strcmp(age, "child") == 0;
	bool grown = age != NULL && (strcmp(age, "adult") == 0 || strcmp(age, "elder") == 0);
	if ((child && explicit_minor && !row->is_minor) || (grown && row->is_minor)) {
		char *a = roster_show(v[ROSTER_AGE_GROUP], ROSTER_SHOW_MAX);
		char *m = roster_show(v[ROSTER_MINOR], ROSTER_SHOW_MAX);
		roster_buf_reason(&why, _("%s \"%s\" contradicts %s \"%s\" (a minor is under 16)"),
		    ps->label[ROSTER_AGE_GROUP], a, ps->label[ROSTER_MINOR], m);
		free(a);
		free(m);
	}
	if (child)
		row->is_minor = 1;
	row->share_name = share != NULL && strcmp(share, "1") == 0;

	if (consent != NULL && strcmp(consent, "given") == 0) {
		if (row->is_minor && (v[ROSTER_CONSENT_BY][0] == '\0' || self)) {
			roster_buf_reason(&why, _("a minor's consent must be given by a guardian: "
			    "write the guardian's name in %s (not empty, not \"self\")"),
			    ps->label[ROSTER_CONSENT_BY]);
		} else if (!row->is_minor && v[ROSTER_CONSENT_BY][0] == '\0') {
			free(v[ROSTER_CONSENT_BY]);
			v[ROSTER_CONSENT_BY] = kolb_xstrdup("self");
		}
	}

	/* Values for the preview: the database spelling, or what the file says. */
	row->name = roster_show(v[ROSTER_NAME], 0);
	row->gender = roster_show(gender ? gender : v[ROSTER_GENDER], 0);
	row->age_group = roster_show(age ? age : v[ROSTER_AGE_GROUP], 0);
	row->ethnicity = roster_show(v[ROSTER_ETHNICITY], 0);
	row->role = roster_show(role ? role : v[ROSTER_ROLE], 0);
	row->consent = roster_show(consent ? consent : v[ROSTER_CONSENT], 0);
	row->consent_by = roster_show(v[ROSTER_CONSENT_BY], 0);

	/* Whatever participant_add would still refuse (its byte limits...) is refused now,
	 * so that an import of the accepted rows cannot fail on one of them. */
	if (why.len == 0) {
		struct participant_fields f = {.name = row->name, .gender = row->gender,
		    .age_group = row->age_group, .ethnicity = row->ethnicity, .role = row->role,
		    .consent = row->consent, .consent_by = row->consent_by,
		    .is_minor = row->is_minor, .share_name = row->share_name};
		struct kolb_err e;
		if (participant_check(&f, true, &e) != 0)
			roster_buf_reason(&why, "%s", e.msg);
	}
	for (int c = 0; c < ROSTER_NCOLS; c++)
		free(v[c]);
	row->ok = why.len == 0;
	row->error = why.s;
}

void
roster_free(struct roster *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		roster_row_clear(&r->rows[i]);
	free(r->rows);
	memset(r, 0, sizeof *r);
}

/* The line number of byte off, counting line breaks as the CSV reader does. */
static int
roster_line_at(const char *text, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == off || text[i + 1] != '\n')))
			line++;
	return line;
}

/* The line of the first byte that is not valid UTF-8: check line by line (a
 * line break byte never occurs inside a UTF-8 sequence). */
static int
roster_bad_line(const char *text, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n' && text[i] != '\r')
			continue;
		if (!text_utf8_valid(text + start, i - start))
			return roster_line_at(text, start);
		start = i + 1;
	}
	return roster_line_at(text, len);
}

/* Read the header row: which field holds which column. */
static int
roster_header(struct roster_parser *ps, const struct roster_rec *rec, struct kolb_err *err)
{
	int first[ROSTER_NCOLS];
	for (int c = 0; c < ROSTER_NCOLS; c++)
		first[c] = -1;
	ps->nheader = rec->n;
	for (size_t i = 0; i < rec->n; i++) {
		char *f = roster_fold(ps->loc, rec->f[i]);
		int col = -1;
		for (size_t k = 0; k < sizeof roster_headers / sizeof roster_headers[0]; k++)
			if (strcmp(roster_headers[k].key, f) == 0)
				col = (int)roster_headers[k].col;
		free(f);
		if (col < 0)
			continue; /* a column kolb does not use (notes, phone...): ignored */
		if (first[col] >= 0) {
			char *a = roster_show(rec->f[first[col]], ROSTER_SHOW_MAX);
			char *b = roster_show(rec->f[i], ROSTER_SHOW_MAX);
			kolb_err_set(err, _("line %d: columns %d (\"%s\") and %zu (\"%s\") are "
			    "both the %s column; keep only one"), rec->line, first[col] + 1, a,
			    i + 1, b, roster_col_names[col]);
			free(a);
			free(b);
			return -1;
		}
		first[col] = (int)i;
	}
	if (first[ROSTER_NAME] < 0) {
		struct roster_buf seen = {0};
		roster_buf_add(&seen, "", 0);
		size_t i;
		for (i = 0; i < rec->n && seen.len < 200; i++) { /* the message stays short */
			char *t = roster_trim(rec->f[i]);
			char *show = roster_show(t, 20);
			roster_buf_reason(&seen, "\"%s\"", show);
			free(show);
			free(t);
		}
		if (i < rec->n)
			roster_buf_add(&seen, "; …", strlen("; …"));
		kolb_err_set(err, _("the first row (line %d) has no name column; it must name the "
		    "columns, e.g. \"name\" or \"họ tên\" (it has %s)"), rec->line, seen.s);
		free(seen.s);
		return -1;
	}
	for (int c = 0; c < ROSTER_NCOLS; c++) {
		ps->colmap[c] = first[c];
		char *t = first[c] >= 0 ? roster_trim(rec->f[first[c]]) : NULL;
		ps->label[c] = t != NULL ? roster_show(t, ROSTER_SHOW_MAX) :
		    kolb_xstrdup(roster_col_names[c]);
		free(t);
	}
	return 0;
}

int
roster_parse(const char *text, size_t len, struct roster *out, struct kolb_err *err)
{
	memset(out, 0, sizeof *out);
	if (len > ROSTER_MAX_BYTES)
		return kolb_err_set(err, _("the file is %zu bytes; a roster may be at most 1 MiB"),
		    len);
	if (!text_utf8_valid(text, len))
		return kolb_err_set(err, _("line %d is not UTF-8 text; save the file as \"CSV "
		    "UTF-8\""), roster_bad_line(text, len));
	const char *nul = memchr(text, '\0', len);
	if (nul != NULL)
		return kolb_err_set(err, _("line %d contains a NUL byte; this is not a CSV text "
		    "file"), roster_line_at(text, (size_t)(nul - text)));
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	size_t lead = 0;
	while (lead < len && strchr(" \t\r\n", text[lead]) != NULL)
		lead++;
	if (lead == len)
		return kolb_err_set(err, _("the file is empty"));

	struct roster_csv c = {text, text + len, 1, roster_csv_delim(text, text + len)};
	struct roster_parser ps = {0};
	struct roster_rec rec = {0};
	struct roster_buf b = {0};
	size_t cap = 0;
	bool header = false;
	int rc = 0, got;
	ps.loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	while ((got = roster_csv_next(&c, &rec, &b, err)) == 1) {
		if (roster_rec_blank(&rec))
			continue;
		if (!header) {
			if ((rc = roster_header(&ps, &rec, err)) != 0)
				break;
			header = true;
			continue;
		}
		if (out->n == ROSTER_MAX_ROWS) {
			rc = kolb_err_set(err, _("the file has more than %d participant rows; "
			    "split it into smaller files"), ROSTER_MAX_ROWS);
			break;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			out->rows = kolb_xrealloc(out->rows, cap * sizeof *out->rows);
		}
		struct roster_row *row = &out->rows[out->n++];
		roster_row_build(&ps, &rec, row);
		if (row->ok)
			out->accepted++;
	}
	if (got < 0)
		rc = -1;
	else if (rc == 0 && !header)
		rc = kolb_err_set(err, _("the file has no header row naming the columns"));
	else if (rc == 0 && out->n == 0)
		rc = kolb_err_set(err, _("the file has a header row but no participants"));
	roster_rec_clear(&rec);
	free(rec.f);
	free(b.s);
	for (int i = 0; i < ROSTER_NCOLS; i++)
		free(ps.label[i]);
	if (ps.loc != (locale_t)0)
		freelocale(ps.loc);
	if (rc != 0)
		roster_free(out);
	return rc;
}

int
roster_import(struct db *db, long long session_id, const struct roster *r,
    long long elapsed_ms, size_t *added, struct kolb_err *err)
{
	size_t n = 0;
	*added = 0;
	if (db_begin(db, err) != 0)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct roster_row *row = &r->rows[i];
		if (!row->ok)
			continue;
		struct participant_fields f = {.name = row->name, .gender = row->gender,
		    .age_group = row->age_group, .ethnicity = row->ethnicity, .role = row->role,
		    .consent = row->consent, .consent_by = row->consent_by,
		    .is_minor = row->is_minor, .share_name = row->share_name};
		long long id;
		if (participant_add(db, session_id, &f, elapsed_ms, &id, err) != 0) {
			db_rollback(db);
			return kolb_err_prefix(err, _("nothing was imported: line %d"), row->line);
		}
		n++;
	}
	if (db_commit(db, err) != 0)
		return kolb_err_prefix(err, _("nothing was imported"));
	*added = n;
	return 0;
}
