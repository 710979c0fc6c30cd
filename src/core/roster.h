/*
 * Importing a roster of participants from CSV (RFC 4180: commas, quoted fields
 * with "" escapes and line breaks, CRLF or LF, an optional UTF-8 byte-order
 * mark, as Excel and LibreOffice write them; semicolons instead of commas when
 * the header row has semicolons and no comma, as Excel writes in Vietnamese
 * locales). The first non-blank row names the columns, in Vietnamese or
 * English, in any case, with or without diacritics (name/họ tên, gender/giới
 * tính, age_group/nhóm tuổi, ethnicity/dân tộc, role/vai trò, minor/trẻ em/dưới
 * 16, consent/đồng ý, consent_by/người đồng ý/người giám hộ, share_name/ghi
 * tên); other columns are ignored. Values may also be Vietnamese (nữ, nam,
 * học sinh, có, không ...) and are stored in the database spelling of
 * participant.h. Blank lines are skipped.
 *
 * roster_parse builds a preview: every row either becomes participant fields
 * or is refused with the reason (an empty or over-long name, an unknown value,
 * a control character, more values than columns, a minor whose consent is not
 * given by a named guardian, a row participant_add would refuse), row by row;
 * roster_import adds the accepted rows in one transaction.
 */
#ifndef KOLB_ROSTER_H
#define KOLB_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include "db.h"
#include "kolb.h"
#include "participant.h"

struct roster_row {
	int line;             /* 1-based line number in the file where the row starts */
	bool ok;
	char *error;          /* why it is refused (ok == false), one line; owned; NULL if ok */
	/* the parsed values (owned strings; "" when absent): the database spelling,
	 * or for a refused row what the file says (control characters as spaces);
	 * consent "unknown" when empty; consent_by "self" for an adult who gave
	 * consent without naming anyone */
	char *name, *gender, *age_group, *ethnicity, *role, *consent, *consent_by;
	int is_minor, share_name; /* 0 or 1; age_group child makes is_minor 1 */
};

struct roster {
	struct roster_row *rows; /* the data rows in file order (no header, no blank lines) */
	size_t n;
	size_t accepted;         /* rows with ok == true */
};

/* Parse CSV text (UTF-8, len bytes, need not end in NUL). Fails (-1, *out empty) only
 * when the file itself is unusable: not UTF-8, a NUL byte, empty, no header row,
 * no name column or two columns for one field, a quote never closed, more than
 * 2000 rows or 1 MiB, no participant rows; bad rows are reported in their row.
 * The caller's locale does not matter. Caller roster_free()s. */
int roster_parse(const char *text, size_t len, struct roster *out, struct kolb_err *err);

/* Add every accepted row to the session with participant_add, in one transaction:
 * all or nothing (on failure nothing is added, *added is 0, and err names the line).
 * *added gets the count. */
int roster_import(struct db *db, long long session_id, const struct roster *r,
    long long elapsed_ms, size_t *added, struct kolb_err *err);

/* Free every row; the struct is left empty. NULL is fine. */
void roster_free(struct roster *r);

#endif
