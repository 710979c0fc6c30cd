/* Unit tests: parsing CSV rosters (English and Vietnamese) and importing them. */
#include "roster.h"
#include "testutil.h"
#include "text.h"

/* A string literal and its length (it may hold NUL bytes). */
#define LIT(s) s, sizeof(s) - 1

#define HEADER "name,gender,age_group,ethnicity,role,minor,consent,consent_by,share_name\n"

/* Parse text that must be accepted as a file. */
static void
parse_ok(const char *csv, struct roster *r)
{
	struct kolb_err err;
	if (roster_parse(csv, strlen(csv), r, &err) != 0)
		fail_msg("refused: %s", err.msg);
}

/* Parse text (len bytes) that must be refused as a whole, with needle in the message. */
static void
parse_refused(const char *csv, size_t len, const char *needle)
{
	struct roster r;
	struct kolb_err err = {{0}};
	assert_int_equal(roster_parse(csv, len, &r, &err), -1);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle);
	assert_null(r.rows);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.accepted, 0);
}

static void
assert_row_ok(const struct roster *r, size_t i)
{
	assert_true(i < r->n);
	if (!r->rows[i].ok)
		fail_msg("row %zu (line %d) refused: %s", i, r->rows[i].line, r->rows[i].error);
	assert_null(r->rows[i].error);
}

/* Row i is refused and its reason contains needle. */
static void
assert_row_refused(const struct roster *r, size_t i, const char *needle)
{
	assert_true(i < r->n);
	assert_false(r->rows[i].ok);
	assert_non_null(r->rows[i].error);
	if (strstr(r->rows[i].error, needle) == NULL)
		fail_msg("row %zu reason \"%s\" lacks \"%s\"", i, r->rows[i].error, needle);
	assert_null(strchr(r->rows[i].error, '\n'));
}

static void
test_english(void **state)
{
	(void)state;
	struct roster r;
	parse_ok(HEADER
	    "Lan,female,adult,Tày,teacher,0,given,,1\n"
	    "Minh,male,child,Kinh,student,1,given,Nguyễn Văn Ba,0\n"
	    "Hoa,other,elder,H'Mông,official,no,refused,,no\n", &r);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.accepted, 3);
	assert_row_ok(&r, 0);
	assert_int_equal(r.rows[0].line, 2);
	assert_string_equal(r.rows[0].name, "Lan");
	assert_string_equal(r.rows[0].gender, "female");
	assert_string_equal(r.rows[0].age_group, "adult");
	assert_string_equal(r.rows[0].ethnicity, "Tày");
	assert_string_equal(r.rows[0].role, "teacher");
	assert_int_equal(r.rows[0].is_minor, 0);
	assert_string_equal(r.rows[0].consent, "given");
	assert_string_equal(r.rows[0].consent_by, "self"); /* an adult consents for herself */
	assert_int_equal(r.rows[0].share_name, 1);
	assert_int_equal(r.rows[1].line, 3);
	assert_int_equal(r.rows[1].is_minor, 1);
	assert_string_equal(r.rows[1].consent_by, "Nguyễn Văn Ba");
	assert_int_equal(r.rows[1].share_name, 0);
	assert_string_equal(r.rows[2].consent, "refused");
	assert_string_equal(r.rows[2].consent_by, "");
	assert_int_equal(r.rows[2].line, 4);
	roster_free(&r);
	assert_null(r.rows);
	assert_int_equal(r.n, 0);
}

static void
test_only_name_column(void **state)
{
	(void)state;
	struct roster r;
	/* unknown columns are ignored; missing columns are empty; values are trimmed */
	parse_ok("STT,  Name , Phone number\n1,  Đặng Thị Mai  ,0912 345 678\n", &r);
	assert_int_equal(r.n, 1);
	assert_row_ok(&r, 0);
	assert_string_equal(r.rows[0].name, "Đặng Thị Mai");
	assert_string_equal(r.rows[0].gender, "");
	assert_string_equal(r.rows[0].age_group, "");
	assert_string_equal(r.rows[0].role, "");
	assert_string_equal(r.rows[0].consent, "unknown");
	assert_string_equal(r.rows[0].consent_by, "");
	assert_int_equal(r.rows[0].is_minor, 0);
	assert_int_equal(r.rows[0].share_name, 0);
	roster_free(&r);
}

static void
test_quoting(void **state)
{
	(void)state;
	struct roster r;
	parse_ok("name,notes,gender\n"
	    "\"Nguyễn, Thị \"\"Bé\"\" Lan\",\"first line\nsecond, with comma\nthird\",nữ\n"
	    "\"\"\"Út\"\"\",,\"male\"\n"
	    "  \"Hà\"  ,x,nam\n"
	    "\"Ngọc\"Anh,,\n"
	    "Lê \"Tí\",,\n"
	    "\"\",\"\",\"\"\n"
	    "\"Thu\nHằng\",,\n"
	    "Quang,,m", &r);
	assert_int_equal(r.n, 7);
	assert_row_ok(&r, 0);
	assert_string_equal(r.rows[0].name, "Nguyễn, Thị \"Bé\" Lan");
	assert_string_equal(r.rows[0].gender, "female");
	assert_int_equal(r.rows[0].line, 2);
	/* the quoted notes spanned lines 2-4 */
	assert_string_equal(r.rows[1].name, "\"Út\"");
	assert_string_equal(r.rows[1].gender, "male");
	assert_int_equal(r.rows[1].line, 5);
	assert_string_equal(r.rows[2].name, "Hà");
	assert_int_equal(r.rows[2].line, 6);
	/* lenient: text after a closing quote and quotes inside a bare value are kept */
	assert_string_equal(r.rows[3].name, "NgọcAnh");
	assert_string_equal(r.rows[4].name, "Lê \"Tí\"");
	/* a row of empty quoted values (line 9) is blank and skipped */
	/* a line break inside a name is refused, and the next row's line is still right */
	assert_int_equal(r.rows[5].line, 10);
	assert_row_refused(&r, 5, "name \"Thu Hằng\" contains a line break");
	assert_string_equal(r.rows[5].name, "Thu Hằng"); /* shown without the break */
	assert_int_equal(r.rows[6].line, 12);
	assert_string_equal(r.rows[6].name, "Quang");
	assert_string_equal(r.rows[6].gender, "male");
	assert_int_equal(r.accepted, 6);
	roster_free(&r);
}

static void
test_bom_crlf_blank_lines(void **state)
{
	(void)state;
	struct roster r;
	parse_ok("\xef\xbb\xbfname,gender\r\n"
	    "\r\n"
	    "An,female\r\n"
	    "   \r\n"
	    ",\r\n"
	    "\"Bình\r\nBắc\",male\r\n"
	    "Chi,female", &r);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.rows[0].name, "An"); /* the BOM is not part of the header */
	assert_int_equal(r.rows[0].line, 3);
	assert_row_refused(&r, 1, "name \"Bình Bắc\" contains a line break");
	assert_string_equal(r.rows[1].name, "Bình Bắc");
	assert_int_equal(r.rows[1].line, 6);
	assert_string_equal(r.rows[2].name, "Chi");
	assert_int_equal(r.rows[2].line, 8);
	assert_string_equal(r.rows[2].gender, "female");
	assert_int_equal(r.accepted, 2);
	roster_free(&r);

	/* old Mac line ends (a lone CR) */
	parse_ok("name\rAn\rBình\r", &r);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.rows[1].line, 3);
	assert_string_equal(r.rows[1].name, "Bình");
	roster_free(&r);
}

static void
test_semicolons(void **state)
{
	(void)state;
	struct roster r;
	/* Excel in a Vietnamese locale: semicolons, and commas are ordinary text */
	parse_ok("\xef\xbb\xbfHọ tên;Giới tính;Ghi chú\r\n"
	    "Trần Văn Nam, con ông Tư;Nam;đi học, lớp 7\r\n"
	    "\"Lò Thị; Dín\";Nữ;\r\n", &r);
	assert_int_equal(r.n, 2);
	assert_row_ok(&r, 0);
	assert_string_equal(r.rows[0].name, "Trần Văn Nam, con ông Tư");
	assert_string_equal(r.rows[0].gender, "male");
	assert_string_equal(r.rows[1].name, "Lò Thị; Dín");
	assert_string_equal(r.rows[1].gender, "female");
	roster_free(&r);

	/* a header with a comma: commas separate, semicolons are text */
	parse_ok("name,gender;x\nAn;Bình,female\n", &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.rows[0].name, "An;Bình");
	roster_free(&r);

	/* a comma inside a quoted header value does not make a comma file */
	parse_ok("Họ tên;\"Ghi chú, khác\"\nAn, Bình;x\n", &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.rows[0].name, "An, Bình");
	roster_free(&r);
}

static void
check_vietnamese_header(const char *header)
{
	struct roster r;
	char *csv = kolb_xasprintf("%s\nLò Văn Páo,nam,trẻ em,Thái,học sinh,có,có,Lò Thị Ua,x\n",
	    header);
	struct kolb_err err;
	if (roster_parse(csv, strlen(csv), &r, &err) != 0)
		fail_msg("header \"%s\" refused: %s", header, err.msg);
	assert_int_equal(r.n, 1);
	assert_row_ok(&r, 0);
	assert_string_equal(r.rows[0].name, "Lò Văn Páo");
	assert_string_equal(r.rows[0].gender, "male");
	assert_string_equal(r.rows[0].age_group, "child");
	assert_string_equal(r.rows[0].ethnicity, "Thái");
	assert_string_equal(r.rows[0].role, "student");
	assert_int_equal(r.rows[0].is_minor, 1);
	assert_string_equal(r.rows[0].consent, "given");
	assert_string_equal(r.rows[0].consent_by, "Lò Thị Ua");
	assert_int_equal(r.rows[0].share_name, 1);
	roster_free(&r);
	free(csv);
}

static void
test_vietnamese_headers(void **state)
{
	(void)state;
	check_vietnamese_header("họ tên,giới tính,nhóm tuổi,dân tộc,vai trò,trẻ em,đồng ý,"
	    "người đồng ý,ghi tên");
	check_vietnamese_header("ho ten,gioi tinh,nhom tuoi,dan toc,vai tro,tre em,dong y,"
	    "nguoi dong y,ghi ten");
	check_vietnamese_header("HỌ TÊN,GIỚI TÍNH,NHÓM TUỔI,DÂN TỘC,VAI TRÒ,DƯỚI 16,ĐỒNG Ý,"
	    "NGƯỜI GIÁM HỘ,GHI TÊN");
	check_vietnamese_header("Họ và tên , Giới  Tính,Nhom_Tuoi,DAN TOC,Vai Trò,Dưới 16,"
	    "Đồng ý,Người Đồng Ý,Ghi Tên");
	check_vietnamese_header("Tên,Gender,AGE GROUP,Ethnicity,ROLE,Minor,Consent,Guardian,"
	    "Share-Name");
	check_vietnamese_header("full name,gender,age_group,ethnicity,role,minor,consent,"
	    "consent_by,share_name");
	/* decomposed (NFD) diacritics, as some Vietnamese keyboards type them:
	 * "Họ tên" = H o U+0323 space t e U+0302 n, "Giới tính" with combining marks */
	check_vietnamese_header("Ho\xcc\xa3 te\xcc\x82n,Gio\xcc\x9b\xcc\x81i ti\xcc\x81nh,"
	    "nhóm tuổi,dân tộc,vai trò,trẻ em,đồng ý,người đồng ý,ghi tên");
}

static void
test_vietnamese_values(void **state)
{
	(void)state;
	struct roster r;
	parse_ok("Họ tên,Giới tính,Nhóm tuổi,Vai trò,Trẻ em,Đồng ý,Người đồng ý,Ghi tên\n"
	    "A,NỮ,THANH NIÊN,Học Sinh,KHÔNG,CÓ,,Có\n"
	    "B,Nu,Người Lớn,PHỤ HUYNH,0,Không,,không\n"
	    "C,Khác,người cao tuổi,Cha Mẹ,false,,,0\n"
	    "D,nam,Tre Em,Thầy Cô,true,đồng ý,Bà Nội,TRUE\n"
	    "E,F,youth,Giáo viên,no,yes,,yes\n"
	    "F,M,elder,CÁN BỘ,,no,,\n"
	    "G,Other,adult,Người chăm sóc,,Unknown,,1\n"
	    "H,,,khac,,,,\n"
	    "I,,,Can bo,,co,bản thân,\n", &r);
	assert_int_equal(r.n, 9);
	assert_int_equal(r.accepted, 9);
	static const struct {
		const char *gender, *age, *role, *consent, *by;
		int minor, share;
	} want[] = {
		{"female", "youth", "student", "given", "self", 0, 1},
		{"female", "adult", "parent", "refused", "", 0, 0},
		{"other", "elder", "parent", "unknown", "", 0, 0},
		{"male", "child", "teacher", "given", "Bà Nội", 1, 1},
		{"female", "youth", "teacher", "given", "self", 0, 1},
		{"male", "elder", "official", "refused", "", 0, 0},
		{"other", "adult", "caregiver", "unknown", "", 0, 1},
		{"", "", "other", "unknown", "", 0, 0},
		{"", "", "official", "given", "self", 0, 0},
	};
	for (size_t i = 0; i < r.n; i++) {
		assert_row_ok(&r, i);
		assert_string_equal(r.rows[i].gender, want[i].gender);
		assert_string_equal(r.rows[i].age_group, want[i].age);
		assert_string_equal(r.rows[i].role, want[i].role);
		assert_string_equal(r.rows[i].consent, want[i].consent);
		assert_string_equal(r.rows[i].consent_by, want[i].by);
		assert_int_equal(r.rows[i].is_minor, want[i].minor);
		assert_int_equal(r.rows[i].share_name, want[i].share);
	}
	roster_free(&r);
}

static int
restore_locale(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/* Case folding must not depend on the caller's locale. */
static void
test_plain_c_locale(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	struct roster r;
	parse_ok("HỌ TÊN;GIỚI TÍNH;VAI TRÒ\nLan;NỮ;GIÁO VIÊN\n", &r);
	assert_row_ok(&r, 0);
	assert_string_equal(r.rows[0].gender, "female");
	assert_string_equal(r.rows[0].role, "teacher");
	roster_free(&r);
}

static void
test_row_refusals(void **state)
{
	(void)state;
	struct roster r;
	char name120[400] = "", name121[400] = "", ascii120[130], ascii121[130];
	for (int i = 0; i < 40; i++)
		strcat(name120, "Ngọ"); /* 120 characters, 160 bytes */
	strcpy(name121, name120);
	strcat(name121, "c");
	memset(ascii120, 'a', 120);
	ascii120[120] = '\0';
	memset(ascii121, 'a', 121);
	ascii121[121] = '\0';
	char *csv = kolb_xasprintf(HEADER
	    ",female,,,,,,,\n"                              /* 2 */
	    "An,xyz,,,,,,,\n"                               /* 3 */
	    "An,,teen,,,,,,\n"                              /* 4 */
	    "An,,,,pupil,,,,\n"                             /* 5 */
	    "An,,,,,,maybe,,\n"                             /* 6 */
	    "An,,,,,perhaps,,,\n"                           /* 7 */
	    "An,,,,,,,,sometimes\n"                         /* 8 */
	    "%s,,,,,,,,\n"                                  /* 9: too long */
	    "%s,,,,,,,,\n"                                  /* 10: 120 is fine */
	    "An\tBình,,,,,,,,\n"                            /* 11 */
	    "An,,,Kinh\x7f,,,,,\n"                          /* 12 */
	    "An,,,,,,,,,extra\n"                            /* 13 */
	    "An,,,,,,,,,,,\n"                               /* 14: trailing empties ok */
	    "An,female,child,,,,,,\n"                       /* 15 */
	    "An,\xc2\x85,,,,,,,\n"                          /* 16: C1 control */
	    "   ,,,,,,given,,\n"                            /* 17 */
	    "An,NỮ GIỚI,,,,,,,\n"                           /* 18 */
	    "An,zz,old,,boss,,,,\n"                         /* 19: three reasons */
	    "%s,,,,,,,,\n"                                  /* 20: 120 characters */
	    "%s,,,,,,,,\n",                                 /* 21: 121 characters */
	    name121, name120, ascii120, ascii121);
	parse_ok(csv, &r);
	free(csv);
	assert_int_equal(r.n, 20);
	assert_row_refused(&r, 0, "name is empty");
	assert_int_equal(r.rows[0].line, 2);
	assert_string_equal(r.rows[1].error, "gender \"xyz\" is not one of female, male, other");
	assert_string_equal(r.rows[1].gender, "xyz"); /* the preview shows what the file says */
	assert_string_equal(r.rows[2].error,
	    "age_group \"teen\" is not one of child, youth, adult, elder");
	assert_string_equal(r.rows[3].error,
	    "role \"pupil\" is not one of student, caregiver, parent, teacher, official, other");
	assert_string_equal(r.rows[4].error,
	    "consent \"maybe\" is not one of unknown, given, refused");
	assert_string_equal(r.rows[5].error, "minor \"perhaps\" is not one of yes, no");
	assert_string_equal(r.rows[6].error, "share_name \"sometimes\" is not one of yes, no");
	assert_row_refused(&r, 7, "name is 121 characters long; at most 120 are allowed");
	assert_int_equal(r.rows[7].line, 9);
	/* 120 characters in 160 bytes: accepted exactly when participant_add would
	 * accept them (its limit is in bytes), so an import never fails on the row */
	assert_int_equal(r.rows[8].line, 10);
	struct kolb_err e;
	assert_int_equal(r.rows[8].ok, participant_check(&(struct participant_fields){
	    .name = name120, .is_minor = 0, .share_name = 0}, true, &e) == 0);
	if (!r.rows[8].ok)
		assert_string_equal(r.rows[8].error, e.msg);
	assert_row_ok(&r, 18);
	assert_string_equal(r.rows[18].name, ascii120);
	assert_row_refused(&r, 19, "name is 121 characters long; at most 120 are allowed");
	assert_row_refused(&r, 9, "name \"An Bình\" contains a line break, tab or other control");
	assert_row_refused(&r, 10, "ethnicity \"Kinh \" contains");
	assert_row_refused(&r, 11, "the row has 10 values but the header has 9 columns");
	assert_row_ok(&r, 12);
	/* a child is a minor; no consent recorded is fine */
	assert_row_ok(&r, 13);
	assert_int_equal(r.rows[13].is_minor, 1);
	assert_row_refused(&r, 14, "gender \" \" contains");
	assert_row_refused(&r, 15, "name is empty");
	assert_row_refused(&r, 16, "gender \"NỮ GIỚI\" is not one of");
	/* every reason of a row, on one line */
	assert_row_refused(&r, 17, "gender \"zz\" is not one of female, male, other; "
	    "age_group \"old\" is not one of");
	assert_row_refused(&r, 17, "; role \"boss\" is not one of");
	size_t ok = 0;
	for (size_t i = 0; i < r.n; i++) {
		ok += r.rows[i].ok;
		/* refused rows say why; accepted rows have no reason */
		assert_true(r.rows[i].ok == (r.rows[i].error == NULL));
	}
	assert_int_equal(r.accepted, ok);
	roster_free(&r);
}

static void
test_reasons_name_the_column_as_written(void **state)
{
	(void)state;
	struct roster r;
	parse_ok("Họ tên,Giới tính,Trẻ em,Đồng ý,Người đồng ý\n"
	    "An,xyz,,,\n"
	    ",,,,\n"                   /* blank: skipped */
	    "   ,nam,,,\n"
	    "Bé Na,,có,có,\n"
	    "Tèo,,1,có,Bản thân\n", &r);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.rows[0].error,
	    "Giới tính \"xyz\" is not one of female, male, other");
	assert_string_equal(r.rows[1].error, "Họ tên is empty");
	assert_int_equal(r.rows[1].line, 4);
	assert_row_refused(&r, 2, "a minor's consent must be given by a guardian: write the "
	    "guardian's name in Người đồng ý");
	assert_row_refused(&r, 3, "Người đồng ý (not empty, not \"self\")");
	assert_string_equal(r.rows[3].consent_by, "self");
	assert_int_equal(r.accepted, 0);
	roster_free(&r);
	/* a long value is cut in the message */
	parse_ok("name,gender\nAn,aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeee\n", &r);
	assert_string_equal(r.rows[0].error, "gender \"aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd…\" "
	    "is not one of female, male, other");
	roster_free(&r);
}

static void
test_minor_consent(void **state)
{
	(void)state;
	struct roster r;
	parse_ok("name,age_group,minor,consent,consent_by\n"
	    "A,child,,given,Mẹ: Hà Thị Lụa\n"    /* 2 ok: child implies minor */
	    "B,child,,given,\n"                  /* 3 no guardian */
	    "C,,1,given,self\n"                  /* 4 self */
	    "D,youth,yes,given,SELF\n"           /* 5 self, any case */
	    "E,child,,refused,\n"                /* 6 ok: refusal needs no guardian */
	    "F,child,,,\n"                       /* 7 ok: not asked yet */
	    "G,youth,x,given,Bố\n"               /* 8 ok */
	    "H,adult,,given,\n"                  /* 9 ok: self */
	    "I,child,no,,\n"                     /* 10 contradiction */
	    "J,adult,yes,,\n"                    /* 11 contradiction */
	    "K,elder,1,,\n"                      /* 12 contradiction */
	    "L,youth,,given,\n"                  /* 13 ok: youth not marked minor */
	    "M,,có,có,bản thân\n", &r);          /* 14 self in Vietnamese */
	assert_int_equal(r.n, 13);
	assert_row_ok(&r, 0);
	assert_int_equal(r.rows[0].is_minor, 1);
	assert_string_equal(r.rows[0].consent_by, "Mẹ: Hà Thị Lụa");
	assert_row_refused(&r, 1, "a minor's consent must be given by a guardian");
	assert_int_equal(r.rows[1].line, 3);
	assert_row_refused(&r, 2, "a minor's consent must be given by a guardian");
	assert_row_refused(&r, 3, "a minor's consent must be given by a guardian");
	assert_row_ok(&r, 4);
	assert_row_ok(&r, 5);
	assert_row_ok(&r, 6);
	assert_int_equal(r.rows[6].is_minor, 1);
	assert_row_ok(&r, 7);
	assert_string_equal(r.rows[7].consent_by, "self");
	assert_string_equal(r.rows[8].error,
	    "age_group \"child\" contradicts minor \"no\" (a minor is under 16)");
	assert_row_refused(&r, 9, "age_group \"adult\" contradicts minor \"yes\"");
	assert_row_refused(&r, 10, "age_group \"elder\" contradicts minor \"1\"");
	assert_row_ok(&r, 11);
	assert_string_equal(r.rows[11].consent_by, "self");
	assert_row_refused(&r, 12, "a minor's consent must be given by a guardian");
	assert_int_equal(r.accepted, 6);
	roster_free(&r);
}

static void
test_file_refusals(void **state)
{
	(void)state;
	parse_refused(LIT(""), "the file is empty");
	parse_refused(LIT("\xef\xbb\xbf"), "the file is empty");
	parse_refused(LIT("\r\n  \n\t\n"), "the file is empty");
	parse_refused(LIT(",,\n;\n"), "no name column");
	parse_refused(LIT(",,,\n\"\",\n ; \n"), "no name column");
	parse_refused(LIT(",,,\n\"\",\n"), "the file has no header row");
	/* Windows-1258 (Excel's plain "CSV"), not UTF-8: the line is named */
	const char *cp = "name,gender\nAn,male\nL\xea,n\xf7\n";
	parse_refused(cp, strlen(cp), "line 3 is not UTF-8 text");
	/* UTF-16 with its byte-order mark */
	parse_refused(LIT("\xff\xfen\0a\0m\0e\0"), "line 1 is not UTF-8");
	parse_refused(LIT("name\nAn\0Bình\n"), "line 2 contains a NUL byte");
	const char *noname = "Giới tính,Tuổi,Ghi chú\nnữ,12,\n";
	parse_refused(noname, strlen(noname), "the first row (line 1) has no name column");
	parse_refused(noname, strlen(noname), "(it has \"Giới tính\"; \"Tuổi\"; \"Ghi chú\")");
	/* many unknown columns: the message lists a few and stays one short valid line */
	char wide[4096] = "";
	for (int i = 0; i < 40; i++)
		strcat(wide, "Ghi chú của người tổ chức lớp học,");
	strcat(wide, "\nx\n");
	struct roster r;
	struct kolb_err err;
	assert_int_equal(roster_parse(wide, strlen(wide), &r, &err), -1);
	assert_non_null(strstr(err.msg, "(it has \"Ghi chú của người tổ…\"; "));
	assert_non_null(strstr(err.msg, "; …)"));
	assert_true(strlen(err.msg) < sizeof err.msg - 1);
	assert_true(text_utf8_valid(err.msg, strlen(err.msg)));
	/* a data row where the header should be */
	parse_refused(LIT("An,female,child\n"), "no name column");
	parse_refused(LIT("\n\nname\n"), "the file has a header row but no participants");
	parse_refused(LIT("name,gender,ho ten\nAn,,\n"),
	    "columns 1 (\"name\") and 3 (\"ho ten\") are both the name column");
	const char *open = "name,notes\nAn,ok\nBình,\"never closed\nChi,x\n";
	parse_refused(open, strlen(open), "line 3: a quoted value is never closed");
}

static void
test_limits(void **state)
{
	(void)state;
	struct roster r;
	size_t cap = 2100 * 24 + 64, len;
	char *buf = kolb_xmalloc(cap);
	len = (size_t)snprintf(buf, cap, "name,gender\n");
	for (int i = 1; i <= 2000; i++)
		len += (size_t)snprintf(buf + len, cap - len, "Người %d,nữ\n", i);
	parse_ok(buf, &r);
	assert_int_equal(r.n, 2000);
	assert_int_equal(r.accepted, 2000);
	assert_int_equal(r.rows[1999].line, 2001);
	assert_string_equal(r.rows[1999].name, "Người 2000");
	roster_free(&r);
	len += (size_t)snprintf(buf + len, cap - len, "Người 2001,nữ\n");
	parse_refused(buf, len, "more than 2000 participant rows");
	free(buf);

	/* exactly 1 MiB is read (its one row is refused); one byte more is not */
	size_t big = (1u << 20) + 1;
	buf = kolb_xmalloc(big);
	memcpy(buf, "name\n", 5);
	memset(buf + 5, 'a', big - 5);
	struct kolb_err err;
	if (roster_parse(buf, big - 1, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.n, 1);
	assert_row_refused(&r, 0, "name is 1048571 characters long");
	roster_free(&r);
	parse_refused(buf, big, "at most 1 MiB");
	free(buf);
}

/* Hostile input: random damage to a valid file never crashes nor leaks, and the
 * invariants of the result hold. */
static void
test_mangled_input(void **state)
{
	(void)state;
	static const char base[] = "\xef\xbb\xbfHọ tên;Giới tính;Trẻ em;Đồng ý;Người đồng ý\r\n"
	    "\"Lan;\"\"A\"\"\";NỮ;có;có;Mẹ\r\n\"x\ny\";nam;;;\r\nBé;;1;;\r\n";
	char buf[sizeof base];
	unsigned seed = 12345;
	const char pick[] = "\";,\r\n \xc3\xa1\xff\x00x";
	for (int round = 0; round < 5000; round++) {
		memcpy(buf, base, sizeof base);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % (sizeof base - 1);
			seed = seed * 1103515245u + 12345u;
			buf[at] = pick[(seed >> 8) % (sizeof pick - 1)];
		}
		size_t len = (seed >> 4) % (sizeof base);
		struct roster r;
		struct kolb_err err;
		if (roster_parse(buf, len, &r, &err) != 0) {
			assert_null(r.rows);
			assert_true(err.msg[0] != '\0');
			continue;
		}
		size_t ok = 0;
		for (size_t i = 0; i < r.n; i++) {
			const struct roster_row *row = &r.rows[i];
			assert_true(row->line >= 2);
			assert_true(i == 0 || row->line > r.rows[i - 1].line);
			if (row->ok) {
				ok++;
				assert_true(row->name[0] != '\0');
				assert_int_equal(participant_check(&(struct participant_fields){
				    .name = row->name, .gender = row->gender,
				    .age_group = row->age_group, .role = row->role,
				    .consent = row->consent, .consent_by = row->consent_by,
				    .is_minor = row->is_minor, .share_name = row->share_name},
				    true, NULL), 0);
			} else {
				assert_non_null(row->error);
				assert_null(strchr(row->error, '\n'));
			}
		}
		assert_int_equal(r.accepted, ok);
		roster_free(&r);
	}
}

struct fx {
	char *tmp;
	struct db *db;
	long long session;
};

static int
db_setup(void **state)
{
	struct fx *f = kolb_xcalloc(1, sizeof *f);
	struct kolb_err err;
	f->tmp = tu_tmpdir();
	char *dbp = kolb_xasprintf("%s/kolb.db", f->tmp);
	if (db_open(dbp, &f->db, &err) != 0)
		fail_msg("%s", err.msg);
	free(dbp);
	if (db_exec(f->db, "INSERT INTO sessions (uid, pack_id, pack_version, pack_sha256, "
	    "language, title, start_date, days, created_at) VALUES ('s1', 'sample-handwashing', "
	    "'1.0.0', '', 'vi', 'Lớp 4A', '2026-11-29', 2, '2026-11-29')", &err) != 0)
		fail_msg("%s", err.msg);
	f->session = db_last_id(f->db);
	*state = f;
	return 0;
}

static int
db_teardown(void **state)
{
	struct fx *f = *state;
	db_close(f->db);
	tu_rmrf(f->tmp);
	free(f->tmp);
	free(f);
	return 0;
}

static void
test_import(void **state)
{
	struct fx *f = *state;
	struct roster r;
	struct kolb_err err;
	parse_ok("Họ tên,Giới tính,Nhóm tuổi,Dân tộc,Vai trò,Đồng ý,Người đồng ý,Ghi tên\n"
	    "Lò Văn Páo,Nam,trẻ em,Thái,Học sinh,có,Lò Thị Ua,có\n"
	    ",nữ,,,,,,\n"
	    "Hà Thị Lụa,NỮ,người lớn,Mường,Phụ huynh,có,,không\n", &r);
	assert_int_equal(r.accepted, 2);
	size_t added = 99;
	if (roster_import(f->db, f->session, &r, 1234, &added, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(added, 2);
	assert_false(db_in_transaction(f->db));
	roster_free(&r);

	struct participant *list;
	size_t n;
	assert_int_equal(participant_list(f->db, f->session, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "Lò Văn Páo");
	assert_string_equal(list[0].gender, "male");
	assert_string_equal(list[0].age_group, "child");
	assert_string_equal(list[0].ethnicity, "Thái");
	assert_string_equal(list[0].role, "student");
	assert_true(list[0].is_minor);
	assert_string_equal(list[0].consent, "given");
	assert_string_equal(list[0].consent_by, "Lò Thị Ua");
	assert_true(list[0].share_name);
	assert_string_equal(list[1].name, "Hà Thị Lụa");
	assert_false(list[1].is_minor);
	assert_string_equal(list[1].consent_by, "self");
	assert_false(list[1].share_name);
	participant_free_list(list, n);
}

/* One failing row rolls back every row added before it. */
static void
test_import_all_or_nothing(void **state)
{
	struct fx *f = *state;
	struct roster r;
	struct kolb_err err;
	parse_ok("name,consent\nAn,có\nBình,\nChi,không\n", &r);
	assert_int_equal(r.accepted, 3);
	/* damage the third row behind the parser's back, as a buggy caller might */
	free(r.rows[2].consent);
	r.rows[2].consent = kolb_xstrdup("perhaps");
	r.rows[2].line = 4;
	size_t added = 99;
	assert_int_equal(roster_import(f->db, f->session, &r, 0, &added, &err), -1);
	assert_int_equal(added, 0);
	assert_non_null(strstr(err.msg, "nothing was imported: line 4: "));
	assert_false(db_in_transaction(f->db));
	struct participant *list;
	size_t n;
	assert_int_equal(participant_list(f->db, f->session, &list, &n, &err), 0);
	assert_int_equal(n, 0);
	participant_free_list(list, n);

	/* a session that does not exist: nothing either */
	free(r.rows[2].consent);
	r.rows[2].consent = kolb_xstrdup("refused");
	assert_int_equal(roster_import(f->db, f->session + 100, &r, 0, &added, &err), -1);
	assert_int_equal(added, 0);
	assert_false(db_in_transaction(f->db));

	/* repaired, the same roster imports whole */
	assert_int_equal(roster_import(f->db, f->session, &r, 0, &added, &err), 0);
	assert_int_equal(added, 3);
	assert_int_equal(participant_list(f->db, f->session, &list, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[2].name, "Chi");
	assert_string_equal(list[2].consent, "refused");
	participant_free_list(list, n);
	roster_free(&r);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
#define D(fn) cmocka_unit_test_setup_teardown(fn, db_setup, db_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_only_name_column),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_bom_crlf_blank_lines),
		cmocka_unit_test(test_semicolons),
		cmocka_unit_test(test_vietnamese_headers),
		cmocka_unit_test(test_vietnamese_values),
		cmocka_unit_test_teardown(test_plain_c_locale, restore_locale),
		cmocka_unit_test(test_row_refusals),
		cmocka_unit_test(test_reasons_name_the_column_as_written),
		cmocka_unit_test(test_minor_consent),
		cmocka_unit_test(test_file_refusals),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_mangled_input),
		D(test_import),
		D(test_import_all_or_nothing),
	};
	return cmocka_run_group_tests_name("roster", tests, NULL, NULL);
}
