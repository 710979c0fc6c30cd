/*
 * The issuing organisation on this machine: its profile (name, URL, country),
 * its Ed25519 key, and the issuers this machine trusts.
 *
 * The key's 32-byte seed lives in DATA/issuer.key (mode 0600), never in the
 * database, so that no export of the database can carry it. The profile and the
 * public key are in the settings table; trusted issuers in the trust table.
 */
#ifndef KOLB_ISSUER_H
#define KOLB_ISSUER_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"

struct issuer {
	char name[256];
	char url[256];
	char country[8];     /* ISO 3166-1 alpha-2, e.g. VN */
	char did[128];       /* did:key:z6Mk... */
	char vm[256];        /* verification method: did#fragment */
	char public_hex[65]; /* raw Ed25519 public key, hex */
	unsigned char sk[64]; /* libsodium secret key (seed || pk); zero unless loaded with the key */
	bool has_key;
};

/* Create the profile and a new key. Refused if one exists, unless force (a new key
 * makes earlier records verifiable only with the old did, which stays trusted). */
int issuer_init(struct db *db, const char *datadir, const char *name, const char *url,
    const char *country, bool force, struct issuer *out, struct kolb_err *err);

/* Load the profile; with_key also reads the secret key. Fails with a hint to run
 * `kolb issuer init` when there is none. */
int issuer_load(struct db *db, const char *datadir, bool with_key, struct issuer *out,
    struct kolb_err *err);

/* Wipe the secret key from memory. */
void issuer_clear(struct issuer *is);

/*
 * The organisation's logo for printed certificates: DATA/issuer-logo.png, a PNG of
 * at most ISSUER_LOGO_MAX_BYTES and ISSUER_LOGO_MAX_PX pixels a side, mode 0600.
 */
#define ISSUER_LOGO_FILE "issuer-logo.png"
#define ISSUER_LOGO_MAX_BYTES ((size_t)2 * 1024 * 1024)
#define ISSUER_LOGO_MAX_PX 4096

/* Check that len bytes are a PNG within the limits that cairo decodes; *width and
 * *height (may be NULL) receive its size. The size is read from the header before
 * anything is decoded, so a small file claiming a huge image allocates nothing. */
int issuer_logo_check(const unsigned char *png, size_t len, int *width, int *height,
    struct kolb_err *err);

/* Check the PNG at path (issuer_logo_check) and copy it to DATA/issuer-logo.png
 * (temporary file, fsync, rename; mode 0600), replacing any earlier logo. */
int issuer_logo_set(const char *datadir, const char *path, int *width, int *height,
    struct kolb_err *err);

/* Remove the logo: 1 removed, 0 there was none, -1 error. */
int issuer_logo_remove(const char *datadir, struct kolb_err *err);

/* DATA/issuer-logo.png when it is there (a regular file), else NULL. Caller frees. */
char *issuer_logo_path(const char *datadir);

struct trust_entry {
	char *did, *name, *added_at;
};

/* Trust an issuer's did:key (validated). Re-adding updates the name. */
int trust_add(struct db *db, const char *did, const char *name, struct kolb_err *err);
/* Stop trusting did. 1 removed, 0 it was not trusted, -1 error. */
int trust_remove(struct db *db, const char *did, struct kolb_err *err);
/* All trusted issuers. Caller frees with trust_free. */
int trust_list(struct db *db, struct trust_entry **out, size_t *n, struct kolb_err *err);
/* 1 trusted (name copied into name_out when not NULL), 0 unknown, -1 error. */
int trust_lookup(struct db *db, const char *did, char *name_out, size_t namesz);
void trust_free(struct trust_entry *list, size_t n);

#endif
