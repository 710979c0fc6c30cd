/* The issuing organisation, its key, and trusted issuers (see issuer.h). */
#include "issuer.h"

#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "fsutil.h"
#include "multibase.h"
#include "text.h"

/* Fill did, vm and public_hex from a public key. */
static int
issuer_names(struct issuer *is, const unsigned char pk[32], struct kolb_err *err)
{
	char *did = multibase_did_key(pk), *vm = multibase_verification_method(pk);
	int rc = 0;
	if (did == NULL || vm == NULL || strlen(did) >= sizeof is->did || strlen(vm) >= sizeof is->vm)
		rc = kolb_err_set(err, _("cannot name the issuer key"));
	else {
		snprintf(is->did, sizeof is->did, "%s", did);
		snprintf(is->vm, sizeof is->vm, "%s", vm);
		fs_hex(pk, 32, is->public_hex);
	}
	free(did);
	free(vm);
	return rc;
}

static int
issuer_check_text(const char *what, const char *s, bool required, struct kolb_err *err)
{
	if (s == NULL || *s == '\0')
		return required ? kolb_err_set(err, _("%s is required"), what) : 0;
	if (!text_utf8_valid(s, strlen(s)) || text_has_control(s) || strlen(s) > 200)
		return kolb_err_set(err, _("%s must be one line of at most 200 bytes"), what);
	return 0;
}

int
issuer_init(struct db *db, const char *datadir, const char *name, const char *url,
    const char *country, bool force, struct issuer *out, struct kolb_err *err)
{
	memset(out, 0, sizeof *out);
	if (issuer_check_text(_("the organisation's name"), name, true, err) != 0 ||
	    issuer_check_text(_("the URL"), url, false, err) != 0)
		return -1;
	if (country == NULL || strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' ||
	    country[1] < 'A' || country[1] > 'Z')
		return kolb_err_set(err, _("the country must be a two-letter ISO code such as VN"));
	if (url && *url && strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
		return kolb_err_set(err, _("the URL must start with https://"));
	char *path = kolb_xasprintf("%s/issuer.key", datadir);
	struct stat st;
	if (lstat(path, &st) == 0 && !force) {
		free(path);
		return kolb_err_set(err, _("an issuer key already exists; use --force to make a new "
		    "one (records signed with the old key stay verifiable: its did is kept trusted)"));
	}
	char old[128];
	db_setting_get(db, "issuer.did", old, sizeof old);
	unsigned char seed[32], pk[32], sk[64];
	randombytes_buf(seed, sizeof seed);
	crypto_sign_seed_keypair(pk, sk, seed);
	char hex[65];
	fs_hex(seed, sizeof seed, hex);
	char line[70];
	snprintf(line, sizeof line, "%s\n", hex);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(hex, sizeof hex);
	int rc = issuer_names(out, pk, err);
	if (rc == 0 && db_begin(db, err) == 0) {
		rc = db_setting_set(db, "issuer.name", name, err);
		if (rc == 0)
			rc = db_setting_set(db, "issuer.url", url ? url : "", err);
		if (rc == 0)
			rc = db_setting_set(db, "issuer.country", country, err);
		if (rc == 0)
			rc = db_setting_set(db, "issuer.did", out->did, err);
		if (rc == 0)
			rc = db_setting_set(db, "issuer.public", out->public_hex, err);
		/* Our own records verify as trusted here; so do those of a replaced key. */
		if (rc == 0)
			rc = trust_add(db, out->did, name, err);
		if (rc == 0 && old[0] && strcmp(old, out->did) != 0)
			rc = trust_add(db, old, name, err);
		/* The new key is written beside the old one, the profile committed, and only
		 * then does the new key replace the old: a failure in between keeps the old
		 * key and profile together. */
		char *fresh = kolb_xasprintf("%s.new", path);
		if (rc == 0)
			rc = fs_write_atomic(fresh, line, strlen(line), 0600, err);
		if (rc == 0)
			rc = db_commit(db, err);
		else
			db_rollback(db);
		if (rc == 0 && rename(fresh, path) != 0)
			rc = kolb_err_set(err, _("cannot save the issuer key: %s"), strerror(errno));
		if (rc != 0)
			unlink(fresh);
		free(fresh);
	} else {
		rc = -1;
	}
	sodium_memzero(line, sizeof line);
	sodium_memzero(sk, sizeof sk);
	free(path);
	if (rc == 0) {
		snprintf(out->name, sizeof out->name, "%s", name);
		snprintf(out->url, sizeof out->url, "%s", url ? url : "");
		snprintf(out->country, sizeof out->country, "%s", country);
	}
	return rc;
}

int
issuer_load(struct db *db, const char *datadir, bool with_key, struct issuer *out,
    struct kolb_err *err)
{
	memset(out, 0, sizeof *out);
	db_setting_get(db, "issuer.name", out->name, sizeof out->name);
	db_setting_get(db, "issuer.url", out->url, sizeof out->url);
	db_setting_get(db, "issuer.country", out->country, sizeof out->country);
	db_setting_get(db, "issuer.did", out->did, sizeof out->did);
	db_setting_get(db, "issuer.public", out->public_hex, sizeof out->public_hex);
	if (out->did[0] == '\0')
		return kolb_err_set(err, _("no issuer on this machine yet: run `kolb issuer init "
		    "--name ORGANISATION --url https://... --country VN`"));
	unsigned char pub[32];
	if (multibase_did_key_decode(out->did, pub, err) != 0 || issuer_names(out, pub, err) != 0)
		return -1;
	if (!with_key)
		return 0;
	char *path = kolb_xasprintf("%s/issuer.key", datadir);
	char *buf = NULL;
	size_t len;
	int rc = fs_read_file(path, 200, &buf, &len, err);
	struct stat st;
	if (rc == 0 && stat(path, &st) == 0 && (st.st_mode & 077) != 0)
		rc = kolb_err_set(err, _("%s can be read by other users; run chmod 600 on it"), path);
	free(path);
	if (rc != 0) {
		if (buf)
			sodium_memzero(buf, len);
		free(buf);
		return -1;
	}
	unsigned char seed[32], pk[32];
	size_t bin_len;
	if (sodium_hex2bin(seed, sizeof seed, buf, len, "\n", &bin_len, NULL) != 0 || bin_len != 32) {
		sodium_memzero(buf, len);
		free(buf);
		return kolb_err_set(err, _("the issuer key file is damaged"));
	}
	sodium_memzero(buf, len);
	free(buf);
	crypto_sign_seed_keypair(pk, out->sk, seed);
	sodium_memzero(seed, sizeof seed);
	char hex[65];
	fs_hex(pk, 32, hex);
	if (strcmp(hex, out->public_hex) != 0) {
		issuer_clear(out);
		return kolb_err_set(err, _("the issuer key file does not match the issuer profile"));
	}
	out->has_key = true;
	return 0;
}

void
issuer_clear(struct issuer *is)
{
	sodium_memzero(is->sk, sizeof is->sk);
	is->has_key = false;
}

/* Reading a PNG from memory for cairo. */
struct issuer_png {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t
issuer_png_read(void *closure, unsigned char *data, unsigned int len)
{
	struct issuer_png *r = closure;
	if (len > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, len);
	r->p += len;
	r->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

int
issuer_logo_check(const unsigned char *png, size_t len, int *width, int *height,
    struct kolb_err *err)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	if (len > ISSUER_LOGO_MAX_BYTES)
		return kolb_err_set(err, _("the logo is larger than %zu MiB"),
		    ISSUER_LOGO_MAX_BYTES / (1024 * 1024));
	/* The signature, then the IHDR chunk: length 13, "IHDR", width, height. */
	if (len < 33 || memcmp(png, sig, sizeof sig) != 0 || memcmp(png + 12, "IHDR", 4) != 0)
		return kolb_err_set(err, _("the logo is not a PNG image"));
	unsigned long w = (unsigned long)png[16] << 24 | (unsigned long)png[17] << 16 |
	    (unsigned long)png[18] << 8 | png[19];
	unsigned long h = (unsigned long)png[20] << 24 | (unsigned long)png[21] << 16 |
	    (unsigned long)png[22] << 8 | png[23];
	if (w == 0 || h == 0 || w > ISSUER_LOGO_MAX_PX || h > ISSUER_LOGO_MAX_PX)
		return kolb_err_set(err, _("the logo is %lu x %lu pixels; at most %d x %d are "
		    "accepted"), w, h, ISSUER_LOGO_MAX_PX, ISSUER_LOGO_MAX_PX);
	struct issuer_png r = {png, len};
	cairo_surface_t *img = cairo_image_surface_create_from_png_stream(issuer_png_read, &r);
	cairo_status_t st = cairo_surface_status(img);
	int rc = 0;
	if (st != CAIRO_STATUS_SUCCESS)
		rc = kolb_err_set(err, _("the logo is not a readable PNG image: %s"),
		    cairo_status_to_string(st));
	else if (width != NULL || height != NULL) {
		if (width)
			*width = cairo_image_surface_get_width(img);
		if (height)
			*height = cairo_image_surface_get_height(img);
	}
	cairo_surface_destroy(img);
	return rc;
}

int
issuer_logo_set(const char *datadir, const char *path, int *width, int *height,
    struct kolb_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > ISSUER_LOGO_MAX_BYTES)
		return kolb_err_set(err, _("the logo is larger than %zu MiB"),
		    ISSUER_LOGO_MAX_BYTES / (1024 * 1024));
	if (fs_read_file(path, ISSUER_LOGO_MAX_BYTES, &buf, &len, err) != 0)
		return -1;
	int rc = issuer_logo_check((const unsigned char *)buf, len, width, height, err);
	if (rc == 0) {
		char *dest = kolb_xasprintf("%s/%s", datadir, ISSUER_LOGO_FILE);
		rc = fs_write_atomic(dest, buf, len, 0600, err);
		free(dest);
	}
	free(buf);
	return rc;
}

int
issuer_logo_remove(const char *datadir, struct kolb_err *err)
{
	char *path = kolb_xasprintf("%s/%s", datadir, ISSUER_LOGO_FILE);
	int rc = 1;
	if (unlink(path) != 0)
		rc = errno == ENOENT ? 0 : kolb_err_set(err, _("cannot remove %s: %s"), path,
		    strerror(errno));
	else
		rc = fs_fsync_dir(datadir, err) == 0 ? 1 : -1;
	free(path);
	return rc;
}

char *
issuer_logo_path(const char *datadir)
{
	char *path = kolb_xasprintf("%s/%s", datadir, ISSUER_LOGO_FILE);
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		return path;
	free(path);
	return NULL;
}

int
trust_add(struct db *db, const char *did, const char *name, struct kolb_err *err)
{
	unsigned char pk[32];
	if (multibase_did_key_decode(did, pk, err) != 0)
		return kolb_err_prefix(err, _("not an Ed25519 did:key"));
	if (name && (text_has_control(name) || !text_utf8_valid(name, strlen(name))))
		return kolb_err_set(err, _("the name has characters that cannot be stored"));
	char now[21];
	clock_iso(clock_wall(), now);
	return db_run(db, err, "INSERT INTO trust (did, name, added_at) VALUES (?, ?, ?) "
	    "ON CONFLICT (did) DO UPDATE SET name = excluded.name", did, name ? name : "", now);
}

int
trust_remove(struct db *db, const char *did, struct kolb_err *err)
{
	if (db_run(db, err, "DELETE FROM trust WHERE did = ?", did) != 0)
		return -1;
	return db_changes(db) > 0;
}

int
trust_list(struct db *db, struct trust_entry **out, size_t *n, struct kolb_err *err)
{
	struct db_stmt *st;
	if (db_prepare(db, "SELECT did, name, added_at FROM trust ORDER BY added_at, did", &st,
	    err) != 0)
		return -1;
	struct trust_entry *list = NULL;
	size_t len = 0;
	int r;
	while ((r = db_step(st, err)) == 1) {
		list = kolb_xrealloc(list, (len + 1) * sizeof *list);
		list[len].did = db_col_dup(st, 0);
		list[len].name = db_col_dup(st, 1);
		list[len].added_at = db_col_dup(st, 2);
		len++;
	}
	db_finalize(st);
	if (r < 0) {
		trust_free(list, len);
		return -1;
	}
	*out = list;
	*n = len;
	return 0;
}

int
trust_lookup(struct db *db, const char *did, char *name_out, size_t namesz)
{
	struct db_stmt *st;
	if (db_prepare(db, "SELECT name FROM trust WHERE did = ?", &st, NULL) != 0)
		return -1;
	db_bind_text(st, 1, did);
	int r = db_step(st, NULL);
	if (r == 1 && name_out)
		snprintf(name_out, namesz, "%s", db_col_text(st, 0));
	db_finalize(st);
	return r;
}

void
trust_free(struct trust_entry *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].did);
		free(list[i].name);
		free(list[i].added_at);
	}
	free(list);
}
