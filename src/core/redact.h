/*
 * Redaction for session archives (kolb export --redact, docs/privacy.md):
 * stable pseudonyms for participants and guardians, names replaced in free
 * text, and phone numbers, e-mail addresses and identity-card numbers masked.
 *
 * A pseudonym is "P-" (participant) or "G-" (guardian) and the first 8
 * characters of the base32 (RFC 4648) of HMAC-SHA256(secret, what), where the
 * secret is 32 random bytes in DATA/redact.key (0600, created on first use):
 * the same person gets the same pseudonym in every archive of that data
 * folder, and nobody without the secret can tell who it is.
 */
#ifndef KOLB_REDACT_H
#define KOLB_REDACT_H

#include <stdbool.h>
#include <stddef.h>
#include "kolb.h"

/* What replaces a phone number, an e-mail address, an ID-card number, or a name
 * that belongs to more than one person. */
#define REDACT_MARK "[đã ẩn]"

/* "P-" or "G-", 8 characters, NUL. */
#define REDACT_PSEUDONYM_SIZE 11

/* The PCRE2 patterns (UTF, UCP) of what is masked in free text; docs/privacy.md
 * lists them verbatim. */
#define REDACT_RE_EMAIL "[\\p{L}\\p{N}._%+\\-]+@[\\p{L}\\p{N}\\-]+(?:\\.[\\p{L}\\p{N}\\-]+)+"
#define REDACT_RE_PHONE "(?<!\\p{N})(?:(?:\\+|00)84[\\h.\\-]?(?:\\(0\\)[\\h.\\-]?)?" \
	"[1-9](?:[\\h.\\-]?\\d){8,9}|\\(0\\d{2}\\)[\\h.\\-]?\\d(?:[\\h.\\-]?\\d){7}|" \
	"\\(0\\d{3}\\)[\\h.\\-]?\\d(?:[\\h.\\-]?\\d){6}|0[1-9](?:[\\h.\\-]?\\d){8,9})(?!\\p{N})"
#define REDACT_RE_IDCARD "(?<!\\p{N})(?<!\\p{N}[.,])(?:\\d{12}|\\d{3}(?:\\h\\d{3}){3}|\\d{9})" \
	"(?!\\p{N})(?![.,]\\p{N})"

/* Read the data folder's redaction secret (DATA/redact.key: 64 hex digits), creating
 * it with mode 0600 when missing (two processes creating it at once end up with the
 * same one). Refused when other users can read it. */
int redact_key_load(const char *datadir, unsigned char key[32], struct kolb_err *err);

/* The pseudonym of participant uid ("P-...") or of that participant's guardian
 * ("G-...") into out. */
void redact_pseudonym(const unsigned char key[32], const char *uid, bool guardian,
    char out[REDACT_PSEUDONYM_SIZE]);

/* A set of names to replace, with the contact patterns. Free with redact_free. */
struct redact;

struct redact *redact_new(void);

/* Replace name (case-insensitively, as a whole word sequence, any run of spaces
 * matching any run of white space) by replacement. Empty names are ignored. The
 * same name added with two different replacements is replaced by REDACT_MARK:
 * it cannot be told whose it is. */
void redact_add_name(struct redact *r, const char *name, const char *replacement);

/* Compile the names (longest first) and the contact patterns; call once, after the
 * last redact_add_name. */
int redact_compile(struct redact *r, struct kolb_err *err);

/* The text with contacts masked and names replaced. in NULL gives *out NULL.
 * Caller frees *out. Fails only on text that is not UTF-8. */
int redact_text(struct redact *r, const char *in, char **out, struct kolb_err *err);

void redact_free(struct redact *r);

#endif
