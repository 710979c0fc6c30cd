/* Printable certificates and the class list as PDF (see certprint.h). */
#include "certprint.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <jansson.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "compact.h"
#include "cred.h"
#include "completion.h"
#include "fault.h"
#include "fsutil.h"
#include "issuer.h"
#include "l10n.h"
#include "manifest.h"
#include "pack.h"
#include "participant.h"
#include "session.h"

/* Lengths in millimetres on the page; cairo's PDF unit is the point. */
#define CP_MM(x) ((x) * 72.0 / 25.4)
/* The QR text is the compact form; error correction M, never lowered. */
#define CP_QR_LEVEL QR_ECLEVEL_M
#define CP_QR_QUIET 4

/* Text styles: the family and face (Pango font description) and flags. */
#define CP_SERIF "Noto Serif"
#define CP_SERIF_BOLD "Noto Serif Bold"
#define CP_SERIF_ITALIC "Noto Serif Italic"
#define CP_SANS "Noto Sans"
#define CP_SANS_BOLD "Noto Sans Bold"
#define CP_SANS_ITALIC "Noto Sans Italic"
enum { CP_LEFT = 0, CP_CENTER = 1, CP_RIGHT = 2, CP_UPPER = 4, CP_SPACED = 8 };

/* Colours: ink (body text), accent (title, border), grey (labels, small print). */
static const double cp_ink[3] = {0.10, 0.10, 0.10};
static const double cp_accent[3] = {0.11, 0.23, 0.38};
static const double cp_grey[3] = {0.38, 0.38, 0.38};

/* The fixed texts of the pages, in the session's language. */
struct cp_labels {
	const char *title, *certify, *completed, *outcomes, *workload, *hour, *hours, *place,
	    *date, *dates, *facilitator, *facilitators, *issued_on, *number, *sign_fac,
	    *sign_fac_hint, *sign_org, *sign_org_hint, *verify, *record_id;
	const char *list_title, *col_no, *col_name, *col_day, *col_status, *col_record,
	    *col_notes, *st_completed, *st_not_yet, *st_revoked, *no_record_yet, *revoked_on,
	    *replaces, *totals, *printed_on, *page, *credential;
};

/* The fixed texts, in the session's language lang whatever the interface speaks. */
static void
cp_labels_load(struct cp_labels *L, const char *lang)
{
	struct l10n_saved saved;
	l10n_push(lang, &saved);
	L->title = _("CERTIFICATE OF COMPLETION");
	L->certify = _("This is to certify that");
	L->completed = _("has completed the workshop");
	L->outcomes = _("Learning outcomes");
	L->workload = _("Workload");
	L->hour = _("%s hour");
	L->hours = _("%s hours");
	L->place = _("Place");
	L->date = _("Date");
	L->dates = _("Dates");
	L->facilitator = _("Facilitator");
	L->facilitators = _("Facilitators");
	L->issued_on = _("Issued on");
	L->number = _("Record number");
	L->sign_fac = _("FACILITATOR");
	L->sign_fac_hint = _("(signature and full name)");
	L->sign_org = _("FOR THE ORGANISATION");
	L->sign_org_hint = _("(signature, full name and stamp)");
	L->verify = _("To check this certificate offline, scan the QR code "
	    "and run: kolb verify -");
	L->record_id = _("Record");
	L->list_title = _("CLASS LIST");
	L->col_no = _("No.");
	L->col_name = _("Full name");
	L->col_day = _("Day %d");
	L->col_status = _("Status");
	L->col_record = _("Record no.");
	L->col_notes = _("Notes");
	L->st_completed = _("Completed");
	L->st_not_yet = _("Not yet");
	L->st_revoked = _("Revoked");
	L->no_record_yet = _("no record issued yet");
	L->revoked_on = _("revoked on %s: %s");
	/* TRANSLATORS: class list note of a participant whose record was revoked and issued
	 * again: the old record's number, the date it was revoked. */
	L->replaces = _("replaces record %s, revoked on %s");
	L->totals = _("%zu participants: %zu completed, %zu not yet, %zu revoked");
	L->printed_on = _("Printed on %s");
	L->page = _("Page %d of %d");
	L->credential = _("Credential");
	l10n_pop(&saved);
}

/* One certificate: what the paper says, and the QR code of the signed record. */
struct cp_cert {
	long long pid;
	char *name;        /* from the participant row (the record may hold only a hash) */
	char *uid;         /* urn:uuid:... */
	char *title;       /* achievement name, as signed */
	char *description; /* achievement description, as signed */
	char *issuer;      /* issuer name, as signed */
	char issued[11];   /* validFrom's date, YYYY-MM-DD */
	char *compact;     /* the record's compact form, the QR code's text */
	QRcode *qr;        /* set by the encoder (cp_qr_run) */
	int qr_errno;      /* why the encoder failed, when qr is NULL */
};

/* A print job: the session's facts, the fonts, the open PDF. */
struct cp_job {
	struct session s;
	struct pack_manifest *m;
	size_t li;
	const char *lang;
	struct cp_labels L;
	char *facilitators; /* joined with ", " */
	size_t nfacilitators;
	char *place;        /* commune, province */
	char *dates;        /* first – last, in the language's convention */
	char org[256];      /* this machine's issuer profile, or "" */
	cairo_surface_t *logo;
	bool logo_unreadable;

	PangoFontMap *fontmap;
	PangoContext *pctx;
	GHashTable *layouts; /* cp_layout's: key (owned) -> PangoLayout (a reference) */
	cairo_surface_t *pdf;
	cairo_t *cr;
	double w, h;        /* page size, points */
	int fd;
	int write_errno;
	char *tmp;          /* the temporary file while writing */
};

bool
certprint_parse_size(const char *s, enum certprint_size *out)
{
	if (s == NULL)
		return false;
	if (strcasecmp(s, "A4") == 0)
		*out = CERTPRINT_A4;
	else if (strcasecmp(s, "A5") == 0)
		*out = CERTPRINT_A5;
	else
		return false;
	return true;
}

void
certprint_paper(enum certprint_size size, double *width, double *height)
{
	if (size == CERTPRINT_A5) {
		*width = CP_MM(148);
		*height = CP_MM(210);
	} else {
		*width = CP_MM(210);
		*height = CP_MM(297);
	}
}

void
certprint_record_number(const char *uid, char out[9])
{
	const char *u = uid ? strrchr(uid, ':') : NULL;
	u = u ? u + 1 : (uid ? uid : "");
	char n[9];
	for (int i = 0; i < 8; i++) {
		char c = u[i];
		if (c >= 'a' && c <= 'f')
			c = (char)(c - 'a' + 'A');
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
			out[0] = '\0';
			return;
		}
		n[i] = c;
	}
	n[8] = '\0';
	memcpy(out, n, 9);
}

/* Encode text at error correction M in the smallest version that holds it. The text
 * is all QR alphanumeric characters; libqrencode's mode splitter (hint 8-bit, case
 * sensitive) then writes it in alphanumeric segments, which gives the same version as
 * one forced alphanumeric segment for every record of the shipped packs. */
static QRcode *
certprint_qr(const char *text, struct kolb_err *err)
{
	errno = 0;
	QRcode *q = QRcode_encodeString(text, 0, CP_QR_LEVEL, QR_MODE_8, 1);
	if (q != NULL)
		return q;
	if (errno == ERANGE)
		kolb_err_set(err, _("the record is too large for a QR code: %zu characters, at most "
		    "%d fit in version 40 at error correction M"), strlen(text), COMPACT_QR_40M_CHARS);
	else
		kolb_err_set(err, _("cannot make the QR code: %s"), strerror(errno ? errno : EINVAL));
	return NULL;
}

int
certprint_qr_version(const char *text, int *version, struct kolb_err *err)
{
	QRcode *q = certprint_qr(text, err);
	if (q == NULL)
		return -1;
	*version = q->version;
	QRcode_free(q);
	return 0;
}

void
certprint_release(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}

int
certprint_default_path(const char *datadir, long long session_id, const char *kind,
    char **out, struct kolb_err *err)
{
	char *dir = kolb_xasprintf("%s/print", datadir);
	int rc = fs_mkdir_p(dir, 0700, err);
	if (rc == 0)
		*out = kolb_xasprintf("%s/session-%lld-%s.pdf", dir, session_id, kind);
	free(dir);
	return rc;
}

/* ---- the PDF file: a temporary file beside the target, renamed at the end ---- */

static cairo_status_t
cp_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct cp_job *j = closure;
	if (fault_hit("certprint.write")) {
		j->write_errno = ENOSPC;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	while (len > 0) {
		ssize_t n = write(j->fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			j->write_errno = n < 0 ? errno : EIO;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		data += n;
		len -= (unsigned int)n;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* The folder of path ("." when it has none). Caller frees. */
static char *
cp_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return kolb_xstrdup(".");
	if (slash == path)
		return kolb_xstrdup("/");
	return kolb_xasprintf("%.*s", (int)(slash - path), path);
}

/* Fonts and text layout: Pango on cairo, in points (72 per inch), unhinted metrics so
 * that what is measured is what the PDF shows. */
static void
cp_fonts_open(struct cp_job *j)
{
	j->fontmap = pango_cairo_font_map_new();
	j->pctx = pango_font_map_create_context(j->fontmap);
	pango_cairo_context_set_resolution(j->pctx, 72.0);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(j->pctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(j->pctx, FALSE);
	j->layouts = g_hash_table_new_full(g_str_hash, g_str_equal, free, g_object_unref);
}

static void
cp_fonts_close(struct cp_job *j)
{
	if (j->layouts)
		g_hash_table_destroy(j->layouts);
	if (j->pctx)
		g_object_unref(j->pctx);
	if (j->fontmap)
		g_object_unref(j->fontmap);
	j->layouts = NULL;
	j->pctx = NULL;
	j->fontmap = NULL;
}

static int
cp_begin(struct cp_job *j, const char *output, double w, double h, const char *title,
    struct kolb_err *err)
{
	if (output == NULL || *output == '\0')
		return kolb_err_set(err, _("no file to print to"));
	size_t olen = strlen(output);
	if (output[olen - 1] == '/')
		return kolb_err_set(err, _("%s is a folder, not a file name"), output);
	struct stat st;
	if (stat(output, &st) == 0 && S_ISDIR(st.st_mode))
		return kolb_err_set(err, _("%s is a folder, not a file name"), output);
	char *dir = cp_dirname(output);
	const char *base = strrchr(output, '/') ? strrchr(output, '/') + 1 : output;
	j->tmp = kolb_xasprintf("%s/.%s.XXXXXX", dir, base);
	free(dir);
	j->fd = mkstemp(j->tmp);
	if (j->fd < 0) {
		int e = errno;
		free(j->tmp);
		j->tmp = NULL;
		return kolb_err_set(err, _("cannot write %s: %s"), output, strerror(e));
	}
	fchmod(j->fd, 0600);
	j->w = w;
	j->h = h;
	j->pdf = cairo_pdf_surface_create_for_stream(cp_write, j, w, h);
	cairo_pdf_surface_set_metadata(j->pdf, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(j->pdf, CAIRO_PDF_METADATA_CREATOR, "kolb " KOLB_VERSION);
	j->cr = cairo_create(j->pdf);
	cp_fonts_open(j);
	pango_cairo_update_context(j->cr, j->pctx);
	return 0;
}

/* Finish the PDF; when ok, make it durable and move it to output. On any failure the
 * temporary file is removed and output is untouched. */
static int
cp_end(struct cp_job *j, const char *output, bool ok, struct kolb_err *err)
{
	if (j->tmp == NULL)
		return ok ? 0 : -1;
	cp_fonts_close(j);
	if (j->cr)
		cairo_destroy(j->cr);
	j->cr = NULL;
	int rc = ok ? 0 : -1;
	if (j->pdf) {
		cairo_surface_finish(j->pdf);
		cairo_status_t cs = cairo_surface_status(j->pdf);
		if (rc == 0 && cs != CAIRO_STATUS_SUCCESS)
			rc = kolb_err_set(err, _("cannot write %s: %s"), output, j->write_errno ?
			    strerror(j->write_errno) : cairo_status_to_string(cs));
		cairo_surface_destroy(j->pdf);
		j->pdf = NULL;
	}
	if (rc == 0 && fsync(j->fd) != 0)
		rc = kolb_err_set(err, _("cannot write %s: %s"), output, strerror(errno));
	if (close(j->fd) != 0 && rc == 0)
		rc = kolb_err_set(err, _("cannot write %s: %s"), output, strerror(errno));
	j->fd = -1;
	if (rc == 0 && fault_hit("certprint.before-rename"))
		rc = kolb_err_set(err, _("cannot write %s: %s"), output, strerror(EIO));
	if (rc == 0 && rename(j->tmp, output) != 0)
		rc = kolb_err_set(err, _("cannot write %s: %s"), output, strerror(errno));
	if (rc != 0) {
		unlink(j->tmp);
	} else {
		char *dir = cp_dirname(output);
		rc = fs_fsync_dir(dir, err);
		free(dir);
	}
	free(j->tmp);
	j->tmp = NULL;
	return rc;
}

/* ---- drawing helpers ---- */

static void
cp_colour(struct cp_job *j, const double c[3])
{
	cairo_set_source_rgb(j->cr, c[0], c[1], c[2]);
}

/* The layout of text in width w (points; -1: one line) with font at size points:
 * made once and kept for the job, because the same texts (outcomes, labels) are
 * measured again at each trial size and on every page, and shaping them is most of
 * the work. Borrowed from the job. */
static PangoLayout *
cp_layout(struct cp_job *j, double w, const char *font, double size, int flags,
    const char *text)
{
	char *key = kolb_xasprintf("%s\x1f%.4f\x1f%.4f\x1f%d\x1f%s", font, size, w, flags, text);
	PangoLayout *l = g_hash_table_lookup(j->layouts, key);
	if (l != NULL) {
		free(key);
		return l;
	}
	l = pango_layout_new(j->pctx);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, w < 0 ? -1 : (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, (flags & CP_CENTER) ? PANGO_ALIGN_CENTER :
	    (flags & CP_RIGHT) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	if (flags & (CP_UPPER | CP_SPACED)) {
		PangoAttrList *attrs = pango_attr_list_new();
		if (flags & CP_UPPER)
			pango_attr_list_insert(attrs, pango_attr_text_transform_new(
			    PANGO_TEXT_TRANSFORM_UPPERCASE));
		if (flags & CP_SPACED)
			pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(
			    (int)(size * 0.06 * PANGO_SCALE)));
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
	pango_layout_set_text(l, text, -1);
	g_hash_table_insert(j->layouts, key, l);
	return l;
}

/* Lay text out in width w (points) with font at size points; draw it at (x, y) when
 * draw; return its height. */
static double
cp_text(struct cp_job *j, bool draw, double x, double y, double w, const char *font,
    double size, int flags, const double colour[3], const char *text)
{
	PangoLayout *l = cp_layout(j, w, font, size, flags, text);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	if (draw) {
		cp_colour(j, colour);
		cairo_move_to(j->cr, x, y);
		pango_cairo_show_layout(j->cr, l);
	}
	return (double)lh / PANGO_SCALE;
}

/* Width of one line of text (no wrapping). */
static double
cp_text_width(struct cp_job *j, const char *font, double size, const char *text)
{
	PangoLayout *l = cp_layout(j, -1, font, size, 0, text);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	return (double)lw / PANGO_SCALE;
}

static void
cp_line(struct cp_job *j, double x0, double y0, double x1, double y1, double width,
    const double colour[3])
{
	cp_colour(j, colour);
	cairo_set_line_width(j->cr, width);
	cairo_move_to(j->cr, x0, y0);
	cairo_line_to(j->cr, x1, y1);
	cairo_stroke(j->cr);
}

/* The QR code with its quiet zone in a square of side size at (x, y): a white
 * square, then the dark modules as lines one module thick with butt caps, that is
 * filled rectangles: every horizontal run of two or more modules, then every
 * vertical run that holds a module no horizontal run covered. All of them are one
 * path stroked once, so that renderers fill the union without seams between rows or
 * runs. Vector, crisp at any resolution; no bitmap is scaled. A run costs two points
 * in the PDF (a filled rectangle would cost four), and writing those numbers is
 * most of the time a page takes. */
static void
cp_qr_draw(struct cp_job *j, const QRcode *q, double x, double y, double size)
{
	int n = q->width;
	double mod = size / (n + 2 * CP_QR_QUIET);
	cairo_t *cr = j->cr;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* In module units: coordinates are small numbers with at most one decimal. */
	cairo_translate(cr, x + CP_QR_QUIET * mod, y + CP_QR_QUIET * mod);
	cairo_scale(cr, mod, mod);
	cairo_set_line_width(cr, 1);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_new_path(cr);
	unsigned char *covered = kolb_xcalloc((size_t)n * (size_t)n, 1);
#define CP_DARK(r, c) (q->data[(size_t)(r) * (size_t)n + (size_t)(c)] & 1)
	for (int r = 0; r < n; r++) {
		for (int c = 0; c < n;) {
			if (!CP_DARK(r, c)) {
				c++;
				continue;
			}
			int s = c;
			while (c < n && CP_DARK(r, c))
				c++;
			if (c - s < 2)
				continue;
			memset(covered + (size_t)r * (size_t)n + s, 1, (size_t)(c - s));
			cairo_move_to(cr, s, r + 0.5);
			cairo_line_to(cr, c, r + 0.5);
		}
	}
	for (int c = 0; c < n; c++) {
		for (int r = 0; r < n;) {
			if (!CP_DARK(r, c)) {
				r++;
				continue;
			}
			int s = r;
			bool needed = false;
			while (r < n && CP_DARK(r, c))
				needed |= !covered[(size_t)r++ * (size_t)n + (size_t)c];
			if (needed) {
				cairo_move_to(cr, c + 0.5, s);
				cairo_line_to(cr, c + 0.5, r);
			}
		}
	}
#undef CP_DARK
	free(covered);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* Draw the logo scaled into a box (max_w x max_h) centred on cx, top at y; returns
 * the height used (0 without a logo). */
static double
cp_logo(struct cp_job *j, bool draw, double cx, double y, double max_w, double max_h)
{
	if (j->logo == NULL)
		return 0;
	double iw = cairo_image_surface_get_width(j->logo);
	double ih = cairo_image_surface_get_height(j->logo);
	if (iw <= 0 || ih <= 0)
		return 0;
	double k = max_h / ih;
	if (iw * k > max_w)
		k = max_w / iw;
	if (draw) {
		cairo_save(j->cr);
		cairo_translate(j->cr, cx - iw * k / 2, y);
		cairo_scale(j->cr, k, k);
		cairo_set_source_surface(j->cr, j->logo, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(j->cr), CAIRO_FILTER_BEST);
		cairo_paint(j->cr);
		cairo_restore(j->cr);
	}
	return ih * k;
}

/* ---- the session's facts ---- */

static void
cp_job_free(struct cp_job *j)
{
	session_clear(&j->s);
	manifest_free(j->m);
	free(j->facilitators);
	free(j->place);
	free(j->dates);
	if (j->logo)
		cairo_surface_destroy(j->logo);
	cp_fonts_close(j);
}

/* Load the session, its pack (outcomes and workload in the session's language), the
 * organisation's profile and logo, and the fixed texts. */
static int
cp_job_load(struct cp_job *j, struct db *db, const char *datadir, long long sid,
    struct kolb_err *err)
{
	memset(j, 0, sizeof *j);
	j->fd = -1;
	if (session_get(db, sid, &j->s, err) != 0)
		return -1;
	if (pack_load(db, datadir, j->s.pack_id, j->s.pack_version, &j->m, NULL, err) != 0)
		return -1;
	j->li = manifest_lang(j->m, j->s.language);
	j->lang = j->m->languages[j->li];
	cp_labels_load(&j->L, j->lang);

	json_t *f = json_loads(j->s.facilitators ? j->s.facilitators : "[]", 0, NULL);
	struct kolb_strlist names = {0};
	size_t i;
	json_t *v;
	json_array_foreach(f, i, v)
		if (json_string_value(v) && *json_string_value(v))
			kolb_strlist_add(&names, json_string_value(v));
	json_decref(f);
	size_t total = 1;
	for (i = 0; i < names.len; i++)
		total += strlen(names.items[i]) + 2;
	j->facilitators = kolb_xcalloc(total, 1);
	for (i = 0; i < names.len; i++) {
		if (i)
			strcat(j->facilitators, ", ");
		strcat(j->facilitators, names.items[i]);
	}
	j->nfacilitators = names.len;
	kolb_strlist_clear(&names);

	const char *commune = j->s.commune ? j->s.commune : "";
	const char *province = j->s.province ? j->s.province : "";
	j->place = kolb_xasprintf("%s%s%s", commune, *commune && *province ? ", " : "", province);

	char a[32], b[32], last[21];
	time_t t0;
	l10n_date_in(j->lang, j->s.start_date, a, sizeof a);
	if (j->s.days > 1 && clock_parse(j->s.start_date, &t0)) {
		clock_iso(t0 + (time_t)(j->s.days - 1) * 86400, last);
		last[10] = '\0';
		j->dates = kolb_xasprintf("%s – %s", a, l10n_date_in(j->lang, last, b, sizeof b));
	} else {
		j->dates = kolb_xstrdup(a);
	}

	struct issuer is;
	if (issuer_load(db, datadir, false, &is, NULL) == 0)
		snprintf(j->org, sizeof j->org, "%s", is.name);
	issuer_clear(&is);
	char *logo = issuer_logo_path(datadir);
	if (logo != NULL) {
		j->logo = cairo_image_surface_create_from_png(logo);
		if (cairo_surface_status(j->logo) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(j->logo);
			j->logo = NULL;
			j->logo_unreadable = true;
		}
		free(logo);
	}
	return 0;
}

/* "1,5 giờ" / "1.5 hours". */
static void
cp_hours(const struct cp_job *j, char *buf, size_t n)
{
	char num[32];
	l10n_decimal(j->lang, j->m->workload_hours, 1, num, sizeof num);
	snprintf(buf, n, j->m->workload_hours == 1.0 ? j->L.hour : j->L.hours, num);
}

/* ---- certificates ---- */

static void
cp_cert_clear(struct cp_cert *c)
{
	free(c->name);
	free(c->uid);
	free(c->title);
	free(c->description);
	free(c->issuer);
	free(c->compact);
	if (c->qr)
		QRcode_free(c->qr);
}

/* Paper geometry: border and margin, the QR's side, the base text scale. */
struct cp_geom {
	double border, margin, qr, gap, scale;
};

static struct cp_geom
cp_geom_for(enum certprint_size size)
{
	/* A5: 80 mm for a version 40 code is 0.43 mm a module, 5 pixels at 300 dpi. */
	if (size == CERTPRINT_A5)
		return (struct cp_geom){CP_MM(7), CP_MM(13), CP_MM(80), CP_MM(4), 0.70};
	return (struct cp_geom){CP_MM(10), CP_MM(20), CP_MM(92), CP_MM(6), 1.0};
}

/* The upper part of a certificate (organisation to details) at text scale s, from
 * y, with or without the credential's description; returns where it ends. */
static double
cp_cert_body(struct cp_job *j, const struct cp_cert *c, const struct cp_geom *g, bool draw,
    bool desc, double s, double y)
{
	double x = g->margin, w = j->w - 2 * g->margin, cx = j->w / 2;
	double lh = cp_logo(j, draw, cx, y, CP_MM(60) * s, CP_MM(20) * s);
	if (lh > 0)
		y += lh + CP_MM(3) * s;
	const char *org = c->issuer && *c->issuer ? c->issuer : j->org;
	if (*org)
		y += cp_text(j, draw, x, y, w, CP_SANS_BOLD, 10.5 * s, CP_CENTER | CP_UPPER | CP_SPACED,
		    cp_accent, org) + CP_MM(7) * s;
	y += cp_text(j, draw, x, y, w, CP_SERIF_BOLD, 25 * s, CP_CENTER | CP_SPACED, cp_accent,
	    j->L.title);
	y += CP_MM(3) * s;
	if (draw)
		cp_line(j, cx - CP_MM(22), y, cx + CP_MM(22), y, 0.8, cp_accent);
	y += CP_MM(5) * s;
	y += cp_text(j, draw, x, y, w, CP_SERIF_ITALIC, 12 * s, CP_CENTER, cp_ink, j->L.certify);
	y += CP_MM(2) * s;
	y += cp_text(j, draw, x, y, w, CP_SERIF_BOLD, 28 * s, CP_CENTER, cp_ink, c->name);
	y += CP_MM(2) * s;
	y += cp_text(j, draw, x, y, w, CP_SERIF_ITALIC, 12 * s, CP_CENTER, cp_ink, j->L.completed);
	y += CP_MM(2) * s;
	y += cp_text(j, draw, x, y, w, CP_SERIF_BOLD, 17 * s, CP_CENTER, cp_accent, c->title);
	if (desc && c->description && *c->description) {
		y += CP_MM(2) * s;
		double dw = w * 0.86;
		y += cp_text(j, draw, cx - dw / 2, y, dw, CP_SERIF_ITALIC, 10 * s, CP_CENTER, cp_grey,
		    c->description);
	}
	y += CP_MM(6) * s;

	/* Outcomes and details in a column narrower than the page. */
	double colw = w * 0.90, colx = cx - colw / 2;
	if (j->m->noutcomes > 0) {
		y += cp_text(j, draw, colx, y, colw, CP_SANS_BOLD, 9.5 * s, CP_SPACED, cp_accent,
		    j->L.outcomes) + CP_MM(1.5) * s;
		double ind = CP_MM(4.5) * s;
		for (size_t i = 0; i < j->m->noutcomes; i++) {
			cp_text(j, draw, colx, y, ind, CP_SANS, 9.5 * s, CP_LEFT, cp_accent, "•");
			y += cp_text(j, draw, colx + ind, y, colw - ind, CP_SANS, 9.5 * s, CP_LEFT, cp_ink,
			    j->m->outcomes[i].text[j->li]) + CP_MM(1) * s;
		}
		y += CP_MM(4) * s;
	}
	char hours[64], issued[32], number[9];
	cp_hours(j, hours, sizeof hours);
	l10n_date_in(j->lang, c->issued, issued, sizeof issued);
	certprint_record_number(c->uid, number);
	const char *rows[][2] = {
		{j->L.workload, hours},
		{j->L.place, j->place},
		{j->s.days > 1 ? j->L.dates : j->L.date, j->dates},
		{j->nfacilitators > 1 ? j->L.facilitators : j->L.facilitator, j->facilitators},
		{j->L.issued_on, issued},
		{j->L.number, number},
	};
	size_t nrows = sizeof rows / sizeof rows[0];
	double labw = 0;
	for (size_t i = 0; i < nrows; i++) {
		double lw = cp_text_width(j, CP_SANS, 8.5 * s, rows[i][0]);
		if (lw > labw)
			labw = lw;
	}
	labw += CP_MM(4) * s;
	if (labw > colw * 0.4)
		labw = colw * 0.4;
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i][1] == NULL || rows[i][1][0] == '\0')
			continue;
		double h1 = cp_text(j, draw, colx, y + 0.8 * s, labw, CP_SANS, 8.5 * s, CP_LEFT,
		    cp_grey, rows[i][0]);
		double h2 = cp_text(j, draw, colx + labw, y, colw - labw, i + 1 == nrows ? CP_SANS_BOLD :
		    CP_SANS, 9.5 * s, CP_LEFT, cp_ink, rows[i][1]);
		y += (h1 > h2 ? h1 : h2) + CP_MM(0.8) * s;
	}
	return y;
}

/* The lower part: the QR code with its caption on the left, the place and date and
 * two signature areas (the facilitator's; the organisation's, with its stamp) on the
 * right. Returns the top of the part (body must end above it). */
static double
cp_cert_foot(struct cp_job *j, const struct cp_cert *c, const struct cp_geom *g, bool draw)
{
	double s = g->scale;
	double x = g->margin, w = j->w - 2 * g->margin;
	double capw = g->qr;
	/* Caption: how to verify, then the full record id in small print. */
	double cap1 = cp_text(j, false, 0, 0, capw, CP_SANS, 7 * s + 0.8, CP_CENTER, cp_ink,
	    j->L.verify);
	char *id = kolb_xasprintf("%s: %s", j->L.record_id, c->uid);
	double cap2 = cp_text(j, false, 0, 0, capw, CP_SANS, 6 * s + 0.8, CP_CENTER, cp_grey, id);
	double bottom = j->h - g->margin;
	double qy = bottom - cap2 - cap1 - CP_MM(1.5) - g->qr;
	double top = qy - g->gap;
	if (!draw) {
		free(id);
		return top;
	}
	cp_qr_draw(j, c->qr, x, qy, g->qr);
	double cy = qy + g->qr + CP_MM(1);
	cy += cp_text(j, true, x, cy, capw, CP_SANS, 7 * s + 0.8, CP_CENTER, cp_ink, j->L.verify);
	cp_text(j, true, x, cy + CP_MM(0.5), capw, CP_SANS, 6 * s + 0.8, CP_CENTER, cp_grey, id);
	free(id);

	/* Signatures: to the right of the QR code, over its height. */
	double sx = x + g->qr + g->gap, sw = x + w - sx;
	double sy = qy;
	char issued[32];
	l10n_date_in(j->lang, c->issued, issued, sizeof issued);
	char *when = kolb_xasprintf("%s%s%s", j->s.commune && *j->s.commune ? j->s.commune : "",
	    j->s.commune && *j->s.commune ? ", " : "", issued);
	sy += cp_text(j, true, sx, sy, sw, CP_SERIF_ITALIC, 10 * s, CP_CENTER, cp_ink, when);
	free(when);
	sy += CP_MM(3) * s;
	double half = (qy + g->qr - sy) / 2;
	double y1 = sy;
	y1 += cp_text(j, true, sx, y1, sw, CP_SANS_BOLD, 8.5 * s, CP_CENTER | CP_SPACED, cp_accent,
	    j->L.sign_fac);
	cp_text(j, true, sx, y1, sw, CP_SANS_ITALIC, 7.5 * s, CP_CENTER, cp_grey, j->L.sign_fac_hint);
	double y2 = sy + half + CP_MM(2) * s;
	y2 += cp_text(j, true, sx, y2, sw, CP_SANS_BOLD, 8.5 * s, CP_CENTER | CP_SPACED, cp_accent,
	    j->L.sign_org);
	cp_text(j, true, sx, y2, sw, CP_SANS_ITALIC, 7.5 * s, CP_CENTER, cp_grey, j->L.sign_org_hint);
	return top;
}

static void
cp_border(struct cp_job *j, double inset)
{
	cp_colour(j, cp_accent);
	cairo_set_line_width(j->cr, 1.4);
	cairo_rectangle(j->cr, inset, inset, j->w - 2 * inset, j->h - 2 * inset);
	cairo_stroke(j->cr);
	double in2 = inset + CP_MM(1.6);
	cairo_set_line_width(j->cr, 0.4);
	cairo_rectangle(j->cr, in2, in2, j->w - 2 * in2, j->h - 2 * in2);
	cairo_stroke(j->cr);
}

/* The largest text scale, in steps of 3% down to 55% of the paper's, at which the
 * body fits: a binary search (a smaller scale never makes the body taller). */
static double
cp_cert_fit(struct cp_job *j, const struct cp_cert *c, const struct cp_geom *g, bool desc,
    double top, double limit)
{
	int lo = 0, hi = 15; /* scale * (1 - 0.03 k) for k in [lo, hi] */
	if (cp_cert_body(j, c, g, false, desc, g->scale, top) <= limit)
		return g->scale;
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (cp_cert_body(j, c, g, false, desc, g->scale * (1 - 0.03 * mid), top) <= limit)
			hi = mid;
		else
			lo = mid;
	}
	return g->scale * (1 - 0.03 * hi);
}

/* One certificate page: the text shrinks (down to 55% of the paper's size) until the
 * body fits above the QR code and the signatures; the body is clipped there, never
 * drawn over them. */
static void
cp_cert_page(struct cp_job *j, const struct cp_cert *c, const struct cp_geom *g)
{
	cp_border(j, g->border);
	double top = g->margin - CP_MM(2);
	double limit = cp_cert_foot(j, c, g, false);
	double s = cp_cert_fit(j, c, g, true, top, limit);
	/* Long outcomes on small paper: the description (the pack's summary of the
	 * credential) gives way before the text gets much smaller. */
	bool desc = true;
	if (s < g->scale * 0.85) {
		double s2 = cp_cert_fit(j, c, g, false, top, limit);
		if (s2 > s + g->scale * 0.02) {
			s = s2;
			desc = false;
		}
	}
	/* Centre the body in its space when it is shorter. */
	double used = cp_cert_body(j, c, g, false, desc, s, top) - top;
	double slack = limit - top - used;
	double y = top + (slack > 0 ? slack / 3 : 0);
	cairo_save(j->cr);
	cairo_rectangle(j->cr, 0, 0, j->w, limit);
	cairo_clip(j->cr);
	cp_cert_body(j, c, g, true, desc, s, y);
	cairo_restore(j->cr);
	cp_cert_foot(j, c, g, true);
	cairo_show_page(j->cr);
}

/* Fill a certificate from a stored record. */
static int
cp_cert_from(struct cp_cert *c, long long pid, const char *name, const char *uid,
    const char *doc, struct kolb_err *err)
{
	memset(c, 0, sizeof *c);
	c->pid = pid;
	c->name = kolb_xstrdup(name);
	c->uid = kolb_xstrdup(uid);
	json_t *d = json_loads(doc, 0, NULL);
	json_t *ach = json_object_get(json_object_get(d, "credentialSubject"), "achievement");
	const char *title = json_string_value(json_object_get(ach, "name"));
	const char *desc = json_string_value(json_object_get(ach, "description"));
	const char *iss = json_string_value(json_object_get(json_object_get(d, "issuer"), "name"));
	const char *from = json_string_value(json_object_get(d, "validFrom"));
	if (title == NULL || from == NULL || strlen(from) < 10) {
		json_decref(d);
		return kolb_err_set(err, _("the stored record %s is damaged"), uid);
	}
	c->title = kolb_xstrdup(title);
	c->description = kolb_xstrdup(desc ? desc : "");
	c->issuer = kolb_xstrdup(iss ? iss : "");
	snprintf(c->issued, sizeof c->issued, "%.10s", from);
	json_decref(d);
	if (compact_encode(doc, strlen(doc), &c->compact, err) != 0)
		return kolb_err_prefix(err, _("record %s"), uid);
	/* Every character is QR alphanumeric: this many fit in version 40 at level M. */
	if (strlen(c->compact) > COMPACT_QR_40M_CHARS)
		return kolb_err_set(err, _("record %s is too large for a QR code: %zu characters, at "
		    "most %d fit in version 40 at error correction M"), uid, strlen(c->compact),
		    COMPACT_QR_40M_CHARS);
	return 0;
}

/*
 * QR codes are made on a second thread while the first writes the pages: encoding
 * (eight masks tried on up to 177 x 177 modules) is a tenth of the work, and a
 * netbook has two cores. The encoder fills certs in order; the writer waits for
 * the one it needs.
 */
struct cp_qr_queue {
	struct cp_cert *certs;
	size_t n, done;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *
cp_qr_run(void *arg)
{
	struct cp_qr_queue *q = arg;
	for (size_t i = 0; i < q->n; i++) {
		errno = 0;
		QRcode *code = QRcode_encodeString(q->certs[i].compact, 0, CP_QR_LEVEL, QR_MODE_8, 1);
		int e = code ? 0 : (errno ? errno : EINVAL);
		pthread_mutex_lock(&q->mu);
		q->certs[i].qr = code;
		q->certs[i].qr_errno = e;
		q->done = i + 1;
		pthread_cond_signal(&q->cv);
		pthread_mutex_unlock(&q->mu);
	}
	return NULL;
}

/* Wait until certificate i has its QR code (or the encoder's error). */
static void
cp_qr_wait(struct cp_qr_queue *q, size_t i)
{
	pthread_mutex_lock(&q->mu);
	while (q->done <= i)
		pthread_cond_wait(&q->cv, &q->mu);
	pthread_mutex_unlock(&q->mu);
}

int
certprint_session(struct db *db, const char *datadir, long long session_id,
    const struct certprint_opts *o, struct certprint_result *res, struct kolb_err *err)
{
	struct certprint_result r = {0};
	struct cp_job j;
	struct cp_cert *certs = NULL;
	size_t ncerts = 0, nrecords = 0;
	bool participant_revoked = false;
	int rc = -1;
	if (cp_job_load(&j, db, datadir, session_id, err) != 0)
		goto out;
	/* One row per participant with a record: the current (unrevoked) one, or, when
	 * all of them are revoked, the latest. */
	struct db_stmt *st;
	if (db_prepare(db, "SELECT c.participant_id, p.name, c.uid, c.document, "
	    "c.revoked_at IS NOT NULL FROM credentials c JOIN participants p ON p.id = "
	    "c.participant_id WHERE p.session_id = ? AND c.id = (SELECT c2.id FROM credentials "
	    "c2 WHERE c2.participant_id = c.participant_id ORDER BY c2.revoked_at IS NOT NULL, "
	    "c2.issued_at DESC, c2.id DESC LIMIT 1) ORDER BY p.id", &st, err) != 0)
		goto out;
	db_bind_int(st, 1, session_id);
	int step;
	while ((step = db_step(st, err)) == 1) {
		long long pid = db_col_int(st, 0);
		if (o->participant_id > 0 && pid != o->participant_id)
			continue;
		nrecords++;
		if (db_col_int(st, 4)) {
			r.revoked++;
			participant_revoked = o->participant_id > 0;
			continue;
		}
		/* The paper shows today's name; the record proves the name it was issued
		 * to. A name corrected since would make an honest paper fail the check. */
		const char *doc = db_col_text(st, 3);
		if (cred_match_name(doc, strlen(doc), db_col_text(st, 1), NULL) == 0) {
			if (r.name_changed++ == 0)
				r.renamed_participant = pid;
			continue;
		}
		certs = kolb_xrealloc(certs, (ncerts + 1) * sizeof *certs);
		if (cp_cert_from(&certs[ncerts], pid, db_col_text(st, 1), db_col_text(st, 2),
		    db_col_text(st, 3), err) != 0) {
			cp_cert_clear(&certs[ncerts]);
			step = -1;
			break;
		}
		ncerts++;
	}
	db_finalize(st);
	if (step < 0)
		goto out;
	if (ncerts == 0) {
		if (r.name_changed == 1)
			kolb_err_set(err, _("the participant's name was changed after the record was "
			    "issued, so a printed certificate would not match its QR code; nothing "
			    "printed: revoke the record (`kolb records revoke %lld %lld --reason ...`), "
			    "then `kolb records issue %lld --replace %lld`"), session_id,
			    r.renamed_participant, session_id, r.renamed_participant);
		else if (r.name_changed > 1)
			kolb_err_set(err, _("the participants' names were changed after their records "
			    "were issued, so printed certificates would not match their QR codes; "
			    "nothing printed: revoke each record (`kolb records revoke %lld PARTICIPANT "
			    "--reason ...`), then `kolb records issue %lld --replace PARTICIPANT...`"),
			    session_id, session_id);
		else if (o->participant_id > 0 && participant_revoked)
			kolb_err_set(err, _("the record of participant %lld is revoked: it is not "
			    "printed"), o->participant_id);
		else if (o->participant_id > 0)
			kolb_err_set(err, _("participant %lld has no completion record in session %lld"),
			    o->participant_id, session_id);
		else if (nrecords > 0)
			kolb_err_set(err, _("every record of session %lld is revoked: there is nothing "
			    "to print"), session_id);
		else
			kolb_err_set(err, _("session %lld has no completion records to print: issue "
			    "them first"), session_id);
		goto out;
	}
	if (o->participant_id <= 0) {
		struct db_stmt *cnt;
		if (db_prepare(db, "SELECT count(*) FROM participants p WHERE p.session_id = ? AND "
		    "NOT EXISTS (SELECT 1 FROM credentials c WHERE c.participant_id = p.id)", &cnt,
		    err) != 0)
			goto out;
		db_bind_int(cnt, 1, session_id);
		if (db_step(cnt, err) == 1)
			r.without_record = (size_t)db_col_int(cnt, 0);
		db_finalize(cnt);
	}
	double w, h;
	certprint_paper(o->size, &w, &h);
	struct cp_geom g = cp_geom_for(o->size);
	if (cp_begin(&j, o->output, w, h, certs[0].title, err) != 0)
		goto out;
	struct cp_qr_queue q = {.certs = certs, .n = ncerts};
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.cv, NULL);
	pthread_t encoder;
	bool threaded = pthread_create(&encoder, NULL, cp_qr_run, &q) == 0;
	if (!threaded)
		cp_qr_run(&q);
	bool ok = true;
	for (size_t i = 0; i < ncerts && ok; i++) {
		cp_qr_wait(&q, i);
		if (certs[i].qr == NULL) {
			kolb_err_set(err, _("record %s: cannot make its QR code: %s"), certs[i].uid,
			    certs[i].qr_errno == ERANGE ? _("too large for version 40 at error "
			    "correction M") : strerror(certs[i].qr_errno));
			ok = false;
			break;
		}
		if (certs[i].qr->version > r.qr_version)
			r.qr_version = certs[i].qr->version;
		cp_cert_page(&j, &certs[i], &g);
	}
	if (threaded)
		pthread_join(encoder, NULL);
	pthread_cond_destroy(&q.cv);
	pthread_mutex_destroy(&q.mu);
	if (!ok)
		goto out;
	rc = cp_end(&j, o->output, true, err);
	if (rc == 0) {
		r.pages = ncerts;
		r.printed = ncerts;
	}
out:
	if (rc != 0)
		cp_end(&j, o->output, false, NULL);
	r.logo_unreadable = j.logo_unreadable;
	for (size_t i = 0; i < ncerts; i++)
		cp_cert_clear(&certs[i]);
	free(certs);
	cp_job_free(&j);
	if (res)
		*res = r;
	return rc;
}

/* ---- the class list ---- */

struct cp_row {
	long long pid;
	const char *name;     /* borrowed from the completion rows */
	const char *status;   /* a label */
	char number[9];
	char *notes;
	int present[3];
};

/* The completion rules' lines are written with _(): in the session's language. */
static int
cp_completion_in(struct db *db, struct cp_job *j, long long sid, struct completion_row **rows,
    size_t *n, struct kolb_err *err)
{
	struct l10n_saved saved;
	l10n_push(j->lang, &saved);
	int rc = completion_session(db, sid, j->m, j->li, rows, n, err);
	l10n_pop(&saved);
	return rc;
}

/* Column x positions and widths for the class list. */
struct cp_cols {
	double x[8], w[8];
	int n;
};

static double
cp_list_header(struct cp_job *j, const struct cp_cols *k, bool draw, double s, double y)
{
	double h = 0, pad = CP_MM(1.2) * s;
	const char *names[8];
	char days[3][64];
	int n = 0;
	names[n++] = j->L.col_no;
	names[n++] = j->L.col_name;
	for (int d = 0; d < j->s.days && d < 3; d++) {
		snprintf(days[d], sizeof days[d], j->L.col_day, d + 1);
		names[n++] = days[d];
	}
	names[n++] = j->L.col_status;
	names[n++] = j->L.col_record;
	names[n++] = j->L.col_notes;
	for (int i = 0; i < n; i++) {
		double th = cp_text(j, false, 0, 0, k->w[i] - 2 * pad, CP_SANS_BOLD, 8 * s, CP_LEFT,
		    cp_ink, names[i]);
		if (th > h)
			h = th;
	}
	h += 2 * pad;
	if (draw) {
		cairo_set_source_rgb(j->cr, 0.90, 0.92, 0.95);
		cairo_rectangle(j->cr, k->x[0], y, k->x[n - 1] + k->w[n - 1] - k->x[0], h);
		cairo_fill(j->cr);
		for (int i = 0; i < n; i++)
			cp_text(j, true, k->x[i] + pad, y + pad, k->w[i] - 2 * pad, CP_SANS_BOLD, 8 * s,
			    CP_LEFT, cp_accent, names[i]);
		cp_line(j, k->x[0], y + h, k->x[n - 1] + k->w[n - 1], y + h, 0.6, cp_accent);
	}
	return h;
}

static double
cp_list_row(struct cp_job *j, const struct cp_cols *k, const struct cp_row *r, size_t no,
    bool draw, double s, double y)
{
	double pad = CP_MM(1.2) * s, h = 0;
	char num[24];
	snprintf(num, sizeof num, "%zu", no);
	const char *cells[8];
	int n = 0;
	cells[n++] = num;
	cells[n++] = r->name;
	for (int d = 0; d < j->s.days && d < 3; d++)
		cells[n++] = r->present[d] ? "✓" : "–";
	cells[n++] = r->status;
	cells[n++] = r->number;
	cells[n++] = r->notes ? r->notes : "";
	for (int i = 0; i < n; i++) {
		const char *font = i == 1 ? CP_SERIF : CP_SANS;
		double th = cp_text(j, draw, k->x[i] + pad, y + pad, k->w[i] - 2 * pad, font,
		    (i == n - 1 ? 7.5 : 8.5) * s, CP_LEFT, i == n - 1 ? cp_grey : cp_ink, cells[i]);
		if (th > h)
			h = th;
	}
	h += 2 * pad;
	if (draw)
		cp_line(j, k->x[0], y + h, k->x[n - 1] + k->w[n - 1], y + h, 0.3, cp_grey);
	return h;
}

/* The heading of the class list; returns where it ends. */
static double
cp_list_top(struct cp_job *j, bool draw, double s, double x, double w, double y)
{
	double lh = cp_logo(j, draw, j->w / 2, y, CP_MM(40) * s, CP_MM(12) * s);
	if (lh > 0)
		y += lh + CP_MM(2) * s;
	if (j->org[0])
		y += cp_text(j, draw, x, y, w, CP_SANS_BOLD, 9.5 * s, CP_CENTER | CP_UPPER | CP_SPACED,
		    cp_accent, j->org) + CP_MM(3) * s;
	y += cp_text(j, draw, x, y, w, CP_SERIF_BOLD, 18 * s, CP_CENTER | CP_SPACED, cp_accent,
	    j->L.list_title) + CP_MM(2) * s;
	y += cp_text(j, draw, x, y, w, CP_SERIF_BOLD, 12 * s, CP_CENTER, cp_ink, j->s.title);
	char *line = kolb_xasprintf("%s: %s", j->L.credential, j->m->cred_name[j->li]);
	y += cp_text(j, draw, x, y, w, CP_SERIF, 10 * s, CP_CENTER, cp_ink, line);
	free(line);
	char hours[64];
	cp_hours(j, hours, sizeof hours);
	line = kolb_xasprintf("%s%s%s · %s · %s: %s", j->place, *j->place ? " · " : "", j->dates,
	    hours, j->nfacilitators > 1 ? j->L.facilitators : j->L.facilitator,
	    *j->facilitators ? j->facilitators : "—");
	y += cp_text(j, draw, x, y, w, CP_SANS, 8.5 * s, CP_CENTER, cp_grey, line) + CP_MM(5) * s;
	free(line);
	return y;
}

/* The footer: totals, the print date and the facilitator's signature; its height. */
static double
cp_list_foot(struct cp_job *j, bool draw, double s, double x, double w, double y,
    const char *totals, const char *printed)
{
	double h = cp_text(j, draw, x, y, w * 0.55, CP_SANS, 8.5 * s, CP_LEFT, cp_ink, totals);
	h += cp_text(j, draw, x, y + h, w * 0.55, CP_SANS_ITALIC, 8 * s, CP_LEFT, cp_grey, printed);
	double sx = x + w * 0.6, sw = w * 0.4;
	double h2 = cp_text(j, draw, sx, y, sw, CP_SANS_BOLD, 8.5 * s, CP_CENTER | CP_SPACED,
	    cp_accent, j->L.sign_fac);
	h2 += cp_text(j, draw, sx, y + h2, sw, CP_SANS_ITALIC, 7.5 * s, CP_CENTER, cp_grey,
	    j->L.sign_fac_hint);
	h2 += CP_MM(18) * s;
	return h > h2 ? h : h2;
}

/* Laying the class list out on pages. */
struct cp_list_pages {
	bool draw;
	int total;          /* pages, when drawing (0 while counting) */
	double s, x, w, top, bottom;
};

/* "Page n of N" under the table, when there is more than one page. */
static void
cp_list_page_number(struct cp_job *j, const struct cp_list_pages *lp, int page)
{
	if (!lp->draw || lp->total < 2)
		return;
	char buf[96];
	snprintf(buf, sizeof buf, j->L.page, page, lp->total);
	cp_text(j, true, lp->x, lp->bottom + CP_MM(3), lp->w, CP_SANS, 7.5, CP_RIGHT, cp_grey, buf);
}

/* The heading, the table (its header again on every page) and the footer; returns
 * the number of pages. */
static int
cp_list_pages(struct cp_job *j, const struct cp_cols *k, const struct cp_list_pages *lp,
    const struct cp_row *rows, size_t n, const char *totals, const char *printed)
{
	double s = lp->s;
	double y = cp_list_top(j, lp->draw, s, lp->x, lp->w, lp->top);
	y += cp_list_header(j, k, lp->draw, s, y);
	int page = 1;
	for (size_t i = 0; i < n; i++) {
		double rh = cp_list_row(j, k, &rows[i], i + 1, false, s, y);
		if (y + rh > lp->bottom) {
			cp_list_page_number(j, lp, page);
			if (lp->draw)
				cairo_show_page(j->cr);
			page++;
			y = lp->top + cp_list_header(j, k, lp->draw, s, lp->top);
		}
		y += cp_list_row(j, k, &rows[i], i + 1, lp->draw, s, y);
	}
	double fh = cp_list_foot(j, false, s, lp->x, lp->w, 0, totals, printed);
	if (y + CP_MM(5) * s + fh > lp->bottom) {
		cp_list_page_number(j, lp, page);
		if (lp->draw)
			cairo_show_page(j->cr);
		page++;
		y = lp->top;
	}
	cp_list_foot(j, lp->draw, s, lp->x, lp->w, y + CP_MM(5) * s, totals, printed);
	cp_list_page_number(j, lp, page);
	if (lp->draw)
		cairo_show_page(j->cr);
	return page;
}

int
certprint_class_list(struct db *db, const char *datadir, long long session_id,
    const struct certprint_opts *o, struct certprint_result *res, struct kolb_err *err)
{
	struct certprint_result r = {0};
	struct cp_job j;
	struct completion_row *done = NULL;
	size_t ndone = 0;
	struct cp_row *rows = NULL;
	int rc = -1;
	if (cp_job_load(&j, db, datadir, session_id, err) != 0 ||
	    cp_completion_in(db, &j, session_id, &done, &ndone, err) != 0)
		goto out;
	rows = kolb_xcalloc(ndone ? ndone : 1, sizeof *rows);
	size_t ncompleted = 0, nnot = 0, nrevoked = 0;
	for (size_t i = 0; i < ndone; i++) {
		struct cp_row *row = &rows[i];
		row->pid = done[i].participant_id;
		row->name = done[i].name;
		for (int d = 0; d < j.s.days && d < 3; d++)
			row->present[d] = attendance_get(db, row->pid, d + 1) == 1;
		/* The current record first (the unrevoked one, else the latest), then the
		 * one it replaced, if any. */
		struct db_stmt *st;
		if (db_prepare(db, "SELECT uid, revoked_at, coalesce(revoke_reason, '') FROM "
		    "credentials WHERE participant_id = ? ORDER BY revoked_at IS NOT NULL, "
		    "issued_at DESC, id DESC LIMIT 2", &st, err) != 0)
			goto out;
		db_bind_int(st, 1, row->pid);
		int step = db_step(st, err);
		if (step < 0) {
			db_finalize(st);
			goto out;
		}
		if (step == 1 && !db_col_is_null(st, 1)) {
			char when[32];
			row->status = j.L.st_revoked;
			certprint_record_number(db_col_text(st, 0), row->number);
			row->notes = kolb_xasprintf(j.L.revoked_on, l10n_date_in(j.lang, db_col_text(st, 1),
			    when, sizeof when), db_col_text(st, 2));
			nrevoked++;
		} else if (step == 1) {
			row->status = j.L.st_completed;
			certprint_record_number(db_col_text(st, 0), row->number);
			ncompleted++;
			step = db_step(st, err);
			if (step < 0) {
				db_finalize(st);
				goto out;
			}
			if (step == 1) {
				char old[9], when[32];
				certprint_record_number(db_col_text(st, 0), old);
				row->notes = kolb_xasprintf(j.L.replaces, old, l10n_date_in(j.lang,
				    db_col_text(st, 1), when, sizeof when));
			}
		} else if (done[i].result.complete) {
			row->status = j.L.st_completed;
			row->notes = kolb_xstrdup(j.L.no_record_yet);
			ncompleted++;
		} else {
			row->status = j.L.st_not_yet;
			const struct kolb_strlist *m = &done[i].result.missing;
			size_t total = 1;
			for (size_t k = 0; k < m->len; k++)
				total += strlen(m->items[k]) + 2;
			row->notes = kolb_xcalloc(total, 1);
			for (size_t k = 0; k < m->len; k++) {
				if (k)
					strcat(row->notes, "; ");
				strcat(row->notes, m->items[k]);
			}
			nnot++;
		}
		db_finalize(st);
	}
	char *totals = kolb_xasprintf(j.L.totals, ndone, ncompleted, nnot, nrevoked);
	char today[16], shown[32];
	time_t now = clock_wall();
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	char *printed = kolb_xasprintf(j.L.printed_on, l10n_date_in(j.lang, today, shown,
	    sizeof shown));

	double w, h;
	certprint_paper(CERTPRINT_A4, &w, &h);
	if (cp_begin(&j, o->output, w, h, j.L.list_title, err) != 0) {
		free(totals);
		free(printed);
		goto out;
	}
	double margin = CP_MM(12), x = margin, cw = w - 2 * margin, bottom = h - margin;
	/* Columns: no., name, one per day, status, record number, notes (the rest). */
	struct cp_cols k = {0};
	double widths[8];
	int n = 0;
	widths[n++] = CP_MM(8);
	widths[n++] = CP_MM(46);
	for (int d = 0; d < j.s.days && d < 3; d++)
		widths[n++] = CP_MM(10.5);
	widths[n++] = CP_MM(23);
	widths[n++] = CP_MM(19);
	double used = 0;
	for (int i = 0; i < n; i++)
		used += widths[i];
	widths[n++] = cw - used;
	k.n = n;
	double cx = x;
	for (int i = 0; i < n; i++) {
		k.x[i] = cx;
		k.w[i] = widths[i];
		cx += widths[i];
	}
	/* The largest text scale (down to 56%) at which everything fits on one page;
	 * when nothing does, the table continues on further pages at a size that reads
	 * comfortably. */
	double s = 1.0;
	for (;; s -= 0.04) {
		double y = cp_list_top(&j, false, s, x, cw, margin);
		y += cp_list_header(&j, &k, false, s, y);
		for (size_t i = 0; i < ndone; i++)
			y += cp_list_row(&j, &k, &rows[i], i + 1, false, s, y);
		y += CP_MM(5) * s + cp_list_foot(&j, false, s, x, cw, y, totals, printed);
		if (y <= bottom)
			break;
		if (s <= 0.56) {
			s = 0.8;
			break;
		}
	}
	/* Once to count the pages, once to draw them with "page n of N" when more than one. */
	int pages = 0;
	for (int pass = 0; pass < 2; pass++) {
		struct cp_list_pages lp = {.draw = pass == 1, .total = pages, .s = s, .x = x,
		    .w = cw, .top = margin, .bottom = bottom};
		pages = cp_list_pages(&j, &k, &lp, rows, ndone, totals, printed);
	}
	free(totals);
	free(printed);
	rc = cp_end(&j, o->output, true, err);
	if (rc == 0) {
		r.pages = (size_t)pages;
		r.revoked = nrevoked;
		for (size_t i = 0; i < ndone; i++)
			r.without_record += rows[i].number[0] == '\0';
	}
out:
	if (rc != 0)
		cp_end(&j, o->output, false, NULL);
	r.logo_unreadable = j.logo_unreadable;
	for (size_t i = 0; rows && i < ndone; i++)
		free(rows[i].notes);
	free(rows);
	completion_free(done, ndone);
	cp_job_free(&j);
	if (res)
		*res = r;
	return rc;
}
