/* Unit tests: Vietnamese typing engine (Telex and VNI) in src/core/vnkey.c. */
#include "vnkey.h"
#include "testutil.h"

struct vk_case {
	const char *telex;
	const char *vni;
	const char *want;	/* modern tone style */
};

/* Everyday words: Telex keys, VNI keys, expected NFC text. */
static const struct vk_case vk_words[] = {
	{ "nguwowif", "ngu7o7i2", "người" },
	{ "khuyur", "khuyu3", "khuỷu" },
	{ "quoocs", "quo6c1", "quốc" },
	{ "giuwax", "giu7a4", "giữa" },
	{ "thuowr", "thuo73", "thuở" },
	{ "hoaf", "hoa2", "hoà" },
	{ "DDawks", "D9a8k1", "Đắk" },
	{ "Lawks", "La8k1", "Lắk" },
	{ "truwowngf", "tru7o7ng2", "trường" },
	{ "nghieeng", "nghie6ng", "nghiêng" },
	{ "chuyeenj", "chuye6n5", "chuyện" },
	{ "dduwowcj", "d9u7o7c5", "được" },
	{ "thuwowng", "thu7o7ng", "thương" },
	{ "giuwowngf", "giu7o7ng2", "giường" },
	{ "xoef", "xoe2", "xoè" },
	{ "uyeenr", "uye6n3", "uyển" },
	{ "tieengs", "tie6ng1", "tiếng" },
	{ "Vieetj", "Vie6t5", "Việt" },
	{ "Nam", "Nam", "Nam" },
	{ "hocj", "hoc5", "học" },
	{ "sinh", "sinh", "sinh" },
	{ "ruwar", "ru7a3", "rửa" },
	{ "tay", "tay", "tay" },
	{ "xaf", "xa2", "xà" },
	{ "phongf", "phong2", "phòng" },
	{ "baoj", "bao5", "bạo" },
	{ "luwcj", "lu7c5", "lực" },
	{ "gia", "gia", "gia" },
	{ "ddinhf", "d9inh2", "đình" },
	{ "phuj", "phu5", "phụ" },
	{ "nuwx", "nu74", "nữ" },
	{ "trer", "tre3", "trẻ" },
	{ "em", "em", "em" },
	{ "giaf", "gia2", "già" },
	{ "gif", "gi2", "gì" },
	{ "ginf", "gin2", "gìn" },
	{ "gieengs", "gie6ng1", "giếng" },
	{ "quyeenr", "quye6n3", "quyển" },
	{ "quys", "quy1", "quý" },
	{ "quaf", "qua2", "quà" },
	{ "qua", "qua", "qua" },
	{ "quaanf", "qua6n2", "quần" },
	{ "queen", "que6n", "quên" },
	{ "quatj", "quat5", "quạt" },
	{ "khuya", "khuya", "khuya" },
	{ "khuyeen", "khuye6n", "khuyên" },
	{ "khuyeets", "khuye6t1", "khuyết" },
	{ "nguyeenx", "nguye6n4", "nguyễn" },
	{ "thuyeenf", "thuye6n2", "thuyền" },
	{ "thuys", "thuy1", "thuý" },
	{ "huyr", "huy3", "huỷ" },
	{ "tuyf", "tuy2", "tuỳ" },
	{ "luyx", "luy4", "luỹ" },
	{ "ruwowuj", "ru7o7u5", "rượu" },
	{ "huwowu", "hu7o7u", "hươu" },
	{ "cuwus", "cu7u1", "cứu" },
	{ "muwa", "mu7a", "mưa" },
	{ "mua", "mua", "mua" },
	{ "cuwar", "cu7a3", "cửa" },
	{ "cuar", "cua3", "của" },
	{ "luwar", "lu7a3", "lửa" },
	{ "suwax", "su7a4", "sữa" },
	{ "dduwas", "d9u7a1", "đứa" },
	{ "nguwir", "ngu7i3", "ngửi" },
	{ "guwir", "gu7i3", "gửi" },
	{ "tuwowi", "tu7o7i", "tươi" },
	{ "cuwowif", "cu7o7i2", "cười" },
	{ "muwowif", "mu7o7i2", "mười" },
	{ "luwowif", "lu7o7i2", "lười" },
	{ "buwowir", "bu7o7i3", "bưởi" },
	{ "hoawcj", "hoa8c5", "hoặc" },
	{ "hoanf", "hoan2", "hoàn" },
	{ "toans", "toan1", "toán" },
	{ "khoer", "khoe3", "khoẻ" },
	{ "hoef", "hoe2", "hoè" },
	{ "loes", "loe1", "loé" },
	{ "hoaj", "hoa5", "hoạ" },
	{ "thoar", "thoa3", "thoả" },
	{ "hoas", "hoa1", "hoá" },
	{ "tooi", "to6i", "tôi" },
	{ "banj", "ban5", "bạn" },
	{ "chungs", "chung1", "chúng" },
	{ "ta", "ta", "ta" },
	{ "hoj", "ho5", "họ" },
	{ "nois", "noi1", "nói" },
	{ "vieets", "vie6t1", "viết" },
	{ "ddocj", "d9oc5", "đọc" },
	{ "nghe", "nghe", "nghe" },
	{ "hieeur", "hie6u3", "hiểu" },
	{ "bieets", "bie6t1", "biết" },
	{ "nhows", "nho71", "nhớ" },
	{ "lamf", "lam2", "làm" },
	{ "vieecj", "vie6c5", "việc" },
	{ "ddi", "d9i", "đi" },
	{ "veef", "ve62", "về" },
	{ "awn", "a8n", "ăn" },
	{ "uoongs", "uo6ng1", "uống" },
	{ "ngur", "ngu3", "ngủ" },
	{ "daayj", "da6y5", "dậy" },
	{ "chowi", "cho7i", "chơi" },
	{ "hoir", "hoi3", "hỏi" },
	{ "trar", "tra3", "trả" },
	{ "lowif", "lo7i2", "lời" },
	{ "caau", "ca6u", "câu" },
	{ "camr", "cam3", "cảm" },
	{ "own", "o7n", "ơn" },
	{ "xin", "xin", "xin" },
	{ "chaof", "chao2", "chào" },
	{ "tamj", "tam5", "tạm" },
	{ "bieetj", "bie6t5", "biệt" },
	{ "vaang", "va6ng", "vâng" },
	{ "daj", "da5", "dạ" },
	{ "khoong", "kho6ng", "không" },
	{ "cos", "co1", "có" },
	{ "rooif", "ro6i2", "rồi" },
	{ "chuwa", "chu7a", "chưa" },
	{ "ddax", "d9a4", "đã" },
	{ "sex", "se4", "sẽ" },
	{ "ddang", "d9ang", "đang" },
	{ "raats", "ra6t1", "rất" },
	{ "nhieeuf", "nhie6u2", "nhiều" },
	{ "its", "it1", "ít" },
	{ "lowns", "lo7n1", "lớn" },
	{ "nhor", "nho3", "nhỏ" },
	{ "ddepj", "d9ep5", "đẹp" },
	{ "xaaus", "xa6u1", "xấu" },
	{ "toots", "to6t1", "tốt" },
	{ "vui", "vui", "vui" },
	{ "buoonf", "buo6n2", "buồn" },
	{ "nuwowcs", "nu7o7c1", "nước" },
	{ "cowm", "co7m", "cơm" },
	{ "banhs", "banh1", "bánh" },
	{ "mif", "mi2", "mì" },
	{ "phowr", "pho73", "phở" },
	{ "buns", "bun1", "bún" },
	{ "rau", "rau", "rau" },
	{ "thitj", "thit5", "thịt" },
	{ "cas", "ca1", "cá" },
	{ "truwngs", "tru7ng1", "trứng" },
	{ "dduwowngf", "d9u7o7ng2", "đường" },
	{ "muoois", "muo6i1", "muối" },
	{ "tieeu", "tie6u", "tiêu" },
	{ "owts", "o7t1", "ớt" },
	{ "chanh", "chanh", "chanh" },
	{ "nhaf", "nha2", "nhà" },
	{ "lowps", "lo7p1", "lớp" },
	{ "thaayf", "tha6y2", "thầy" },
	{ "coo", "co6", "cô" },
	{ "giaos", "giao1", "giáo" },
	{ "vieen", "vie6n", "viên" },
	{ "baif", "bai2", "bài" },
	{ "taapj", "ta6p5", "tập" },
	{ "sachs", "sach1", "sách" },
	{ "vowr", "vo73", "vở" },
	{ "buts", "but1", "bút" },
	{ "giaays", "gia6y1", "giấy" },
	{ "bangr", "bang3", "bảng" },
	{ "phaans", "pha6n1", "phấn" },
	{ "mej", "me5", "mẹ" },
	{ "cha", "cha", "cha" },
	{ "boos", "bo61", "bố" },
	{ "anh", "anh", "anh" },
	{ "chij", "chi5", "chị" },
	{ "oong", "o6ng", "ông" },
	{ "baf", "ba2", "bà" },
	{ "chaus", "chau1", "cháu" },
	{ "con", "con", "con" },
	{ "trai", "trai", "trai" },
	{ "gais", "gai1", "gái" },
	{ "bes", "be1", "bé" },
	{ "suwcs", "su7c1", "sức" },
	{ "beenhj", "be6nh5", "bệnh" },
	{ "vieenj", "vie6n5", "viện" },
	{ "bacs", "bac1", "bác" },
	{ "six", "si4", "sĩ" },
	{ "thuoocs", "thuo6c1", "thuốc" },
	{ "tieem", "tie6m", "tiêm" },
	{ "veej", "ve65", "vệ" },
	{ "sachj", "sach5", "sạch" },
	{ "baanr", "ba6n3", "bẩn" },
	{ "nawm", "na8m", "năm" },
	{ "thangs", "thang1", "tháng" },
	{ "ngayf", "ngay2", "ngày" },
	{ "giowf", "gio72", "giờ" },
	{ "phuts", "phut1", "phút" },
	{ "sangs", "sang1", "sáng" },
	{ "truwa", "tru7a", "trưa" },
	{ "chieeuf", "chie6u2", "chiều" },
	{ "toois", "to6i1", "tối" },
	{ "ddeem", "d9e6m", "đêm" },
	{ "hoom", "ho6m", "hôm" },
	{ "nay", "nay", "nay" },
	{ "mai", "mai", "mai" },
	{ "mootj", "mo6t5", "một" },
	{ "hai", "hai", "hai" },
	{ "ba", "ba", "ba" },
	{ "boons", "bo6n1", "bốn" },
	{ "saus", "sau1", "sáu" },
	{ "bayr", "bay3", "bảy" },
	{ "tams", "tam1", "tám" },
	{ "chins", "chin1", "chín" },
	{ "trawm", "tra8m", "trăm" },
	{ "nghinf", "nghin2", "nghìn" },
	{ "trieeuj", "trie6u5", "triệu" },
	{ "Haf", "Ha2", "Hà" },
	{ "Nooij", "No6i5", "Nội" },
	{ "Huees", "Hue61", "Huế" },
	{ "DDaf", "D9a2", "Đà" },
	{ "Nawngx", "Na8ng4", "Nẵng" },
	{ "Saif", "Sai2", "Sài" },
	{ "Gonf", "Gon2", "Gòn" },
	{ "Caanf", "Ca6n2", "Cần" },
	{ "Thow", "Tho7", "Thơ" },
	{ "Hair", "Hai3", "Hải" },
	{ "Phongf", "Phong2", "Phòng" },
	{ "Quangr", "Quang3", "Quảng" },
	{ "Ninh", "Ninh", "Ninh" },
	{ "Ngheej", "Nghe65", "Nghệ" },
	{ "An", "An", "An" },
	{ "trair", "trai3", "trải" },
	{ "nghieemj", "nghie6m5", "nghiệm" },
	{ "phanr", "phan3", "phản" },
	{ "anhs", "anh1", "ánh" },
	{ "uwngs", "u7ng1", "ứng" },
	{ "dungj", "dung5", "dụng" },
	{ "kees", "ke61", "kế" },
	{ "hoachj", "hoach5", "hoạch" },
	{ "hanhf", "hanh2", "hành" },
	{ "ddoongj", "d9o6ng5", "động" },
	{ "thaor", "thao3", "thảo" },
	{ "luaanj", "lua6n5", "luận" },
	{ "nhoms", "nhom1", "nhóm" },
	{ "baor", "bao3", "bảo" },
	{ "quyeenf", "quye6n2", "quyền" },
	{ "an", "an", "an" },
	{ "toanf", "toan2", "toàn" },
	{ "xaam", "xa6m", "xâm" },
	{ "haij", "hai5", "hại" },
	{ "baos", "bao1", "báo" },
	{ "caos", "cao1", "cáo" },
	{ "nguyeenj", "nguye6n5", "nguyện" },
	{ "vongj", "vong5", "vọng" },
	{ "khuyeens", "khuye6n1", "khuyến" },
	{ "khichs", "khich1", "khích" },
	{ "tinhf", "tinh2", "tình" },
	{ "toor", "to63", "tổ" },
	{ "chuwcs", "chu7c1", "chức" },
	{ "coongj", "co6ng5", "cộng" },
	{ "ddoongf", "d9o6ng2", "đồng" },
	{ "luyeenj", "luye6n5", "luyện" },
	{ "chuaanr", "chua6n3", "chuẩn" },
	{ "bij", "bi5", "bị" },
	{ "kieemr", "kie6m3", "kiểm" },
	{ "tra", "tra", "tra" },
	{ "ddanhs", "d9anh1", "đánh" },
	{ "gias", "gia1", "giá" },
	{ "keets", "ke6t1", "kết" },
	{ "quar", "qua3", "quả" },
	{ "chuwngs", "chu7ng1", "chứng" },
	{ "nhaanj", "nha6n5", "nhận" },
	{ "huaans", "hua6n1", "huấn" },
	{ "giangr", "giang3", "giảng" },
	{ "tham", "tham", "tham" },
	{ "tuooir", "tuo6i3", "tuổi" },
	{ "giowis", "gio7i1", "giới" },
	{ "tinhs", "tinh1", "tính" },
	{ "xuwa", "xu7a", "xưa" },
	{ "ngueechj", "ngue6ch5", "nguệch" },
	{ "ngoacj", "ngoac5", "ngoạc" },
};

/* Type keys in mode/style; fail with a message when the text differs from want. */
static int
vk_check(enum vnkey_mode mode, enum vnkey_style style, const char *keys, const char *want)
{
	char out[256];
	if (vnkey_type_line(mode, style, keys, out, sizeof(out)) != 0) {
		print_error("%s: vnkey_type_line failed\n", keys);
		return 0;
	}
	if (strcmp(out, want) != 0) {
		print_error("%s (%s): got \"%s\", want \"%s\"\n", keys,
		    mode == VNKEY_TELEX ? "telex" : "vni", out, want);
		return 0;
	}
	return 1;
}

static void
test_word_table(void **state)
{
	(void)state;
	size_t n = sizeof(vk_words) / sizeof(vk_words[0]), pass = 0;
	for (size_t i = 0; i < n; i++) {
		pass += (size_t)vk_check(VNKEY_TELEX, VNKEY_MODERN, vk_words[i].telex, vk_words[i].want);
		pass += (size_t)vk_check(VNKEY_VNI, VNKEY_MODERN, vk_words[i].vni, vk_words[i].want);
	}
	print_message("vnkey word table: %zu/%zu sequences pass\n", pass, 2 * n);
	assert_int_equal(pass, 2 * n);
	assert_true(2 * n >= 300);
}

struct vk_seq {
	enum vnkey_mode mode;
	enum vnkey_style style;
	const char *keys;
	const char *want;
};

#define T VNKEY_TELEX
#define V VNKEY_VNI
#define M VNKEY_MODERN
#define R VNKEY_TRADITIONAL

static const struct vk_seq vk_special[] = {
	/* Tone style on oa/oe/uy without a final consonant. */
	{ T, M, "hoaf", "hoà" }, { T, R, "hoaf", "hòa" }, { V, R, "hoa2", "hòa" },
	{ T, M, "xoef", "xoè" }, { T, R, "xoef", "xòe" }, { V, M, "xoe2", "xoè" },
	{ T, M, "thuyr", "thuỷ" }, { T, R, "thuyr", "thủy" }, { V, R, "thuy3", "thủy" },
	{ T, R, "hoafn", "hoàn" }, { T, R, "khoer", "khỏe" }, { T, R, "quyf", "quỳ" },
	{ T, R, "khuyur", "khuỷu" }, { T, R, "hoawcj", "hoặc" },
	/* Undo by repeating the modifier. */
	{ T, M, "ass", "as" }, { T, M, "aff", "af" }, { T, M, "aaa", "aa" }, { T, M, "aww", "aw" },
	{ T, M, "eee", "ee" }, { T, M, "ooo", "oo" }, { T, M, "oww", "ow" }, { T, M, "tuww", "tuw" },
	{ T, M, "ddd", "dd" }, { T, M, "dd", "đ" }, { T, M, "ww", "w" }, { T, M, "w", "ư" },
	{ T, M, "tw", "tư" }, { T, M, "nhuwngx", "những" }, { T, M, "thuoww", "thuow" },
	{ V, M, "a11", "a1" }, { V, M, "a66", "a6" }, { V, M, "a88", "a8" }, { V, M, "u77", "u7" },
	{ V, M, "d99", "d9" }, { V, M, "d9", "đ" }, { V, M, "di9", "đi" },
	/* Tone changes, z/0 removal, z/0 as plain keys. */
	{ T, M, "asf", "à" }, { T, M, "asz", "a" }, { T, M, "z", "z" }, { T, M, "az", "az" },
	{ T, M, "vieetjz", "viêt" }, { V, M, "a12", "à" }, { V, M, "a10", "a" }, { V, M, "a0", "a0" },
	/* The tone moves when the syllable changes after it. */
	{ T, M, "tiesneg", "tiếng" }, { T, M, "hoaf", "hoà" }, { T, M, "hoafn", "hoàn" },
	{ T, M, "nguoiwf", "người" }, { T, M, "nguofiw", "người" }, { T, M, "khuyeenr", "khuyển" },
	{ T, M, "tieengs", "tiếng" }, { T, M, "muaf", "mùa" },
	{ T, M, "quaf", "quà" }, { T, M, "gias", "giá" }, { T, M, "gif", "gì" }, { T, M, "gifn", "gìn" },
	{ T, M, "duowcj", "dược" }, { T, M, "dduocwj", "được" }, { V, M, "d9u7o7c5", "được" },
	{ V, M, "nguoi72", "người" }, { V, M, "ngu7o72i", "người" }, { V, M, "tie61ng", "tiếng" },
	/* Circumflex typed later in the word (Unikey allows "tiene"). */
	{ T, M, "tiene", "tiên" }, { T, M, "vietej", "việt" }, { V, M, "tien6", "tiên" },
	/* Case. */
	{ T, M, "Ddawks Lawks", "Đắk Lắk" }, { T, M, "DDAWKS LAWKS", "ĐẮK LẮK" },
	{ T, M, "VIEETJ NAM", "VIỆT NAM" }, { T, M, "Vieetj Nam", "Việt Nam" },
	{ T, M, "NGUWOWIF", "NGƯỜI" }, { T, M, "W", "Ư" }, { V, M, "D9a8k1 La8k1", "Đắk Lắk" },
	{ V, M, "VIE65T", "VIỆT" }, { T, M, "AS", "Á" }, { T, M, "ASS", "AS" },
	/* Whole lines: spaces and punctuation end words. */
	{ T, M, "Chungs tooi hocj tieengs Vieetj.", "Chúng tôi học tiếng Việt." },
	{ T, M, "Ruwar tay bawngf xaf phongf!", "Rửa tay bằng xà phòng!" },
	{ V, M, "Ru7a3 tay ba8ng2 xa2 pho2ng!", "Rửa tay bằng xà phòng!" },
	{ T, M, "(tre3 em), 12 tuooir", "(tre3 em), 12 tuổi" },
	{ V, M, "tuo6i3 12", "tuổi 12" },
	/* Off: everything is plain. */
	{ VNKEY_OFF, M, "tieengs Vieetj", "tieengs Vieetj" },
	/* Words that are not one syllable are left alone by tone keys. */
	{ T, M, "baso", "báo" },
};

static void
test_special(void **state)
{
	(void)state;
	size_t n = sizeof(vk_special) / sizeof(vk_special[0]), pass = 0;
	for (size_t i = 0; i < n; i++)
		pass += (size_t)vk_check(vk_special[i].mode, vk_special[i].style,
		    vk_special[i].keys, vk_special[i].want);
	print_message("vnkey special cases: %zu/%zu sequences pass\n", pass, n);
	assert_int_equal(pass, n);
}

/* Apply key to the text before the cursor and return the full new text before it. */
static void
vk_apply_expect(enum vnkey_mode mode, const char *before, char key, const char *want, size_t want_rep)
{
	struct vnkey k;
	vnkey_init(&k, mode, VNKEY_MODERN);
	char out[64], text[256];
	size_t rep = 99;
	int r = vnkey_apply(&k, before, strlen(before), (unsigned char)key, out, sizeof(out), &rep);
	assert_true(r == 0 || r == 1);
	if (r == 0) {
		snprintf(text, sizeof(text), "%s%c", before, key);
		assert_int_equal(rep, 0);
	} else {
		assert_true(rep <= strlen(before));
		snprintf(text, sizeof(text), "%.*s%s", (int)(strlen(before) - rep), before, out);
	}
	assert_string_equal(text, want);
	if (want_rep != (size_t)-1)
		if (rep != want_rep)
			fail_msg("%s + %c: replace %zu, want %zu", before, key, rep, want_rep);
}

static void
test_cursor_in_word(void **state)
{
	(void)state;
	/* Cursor moved back into the first word of "tieng Viet": only "tieng" is before it. */
	vk_apply_expect(VNKEY_TELEX, "tieng", 's', "tiéng", strlen("tieng"));
	vk_apply_expect(VNKEY_TELEX, "tiêng", 's', "tiếng", strlen("tiêng"));
	vk_apply_expect(VNKEY_TELEX, "Chúng tôi học tiêng", 's', "Chúng tôi học tiếng", strlen("tiêng"));
	/* Middle of a word: "ngươi|" of "người" missing its tone. */
	vk_apply_expect(VNKEY_TELEX, "ngươi", 'f', "người", strlen("ngươi"));
	vk_apply_expect(VNKEY_VNI, "ngươi", '2', "người", strlen("ngươi"));
	/* Existing tone moves when a letter is added in the middle of a word. */
	vk_apply_expect(VNKEY_TELEX, "hòa", 'n', "hoàn", strlen("hòa"));
	vk_apply_expect(VNKEY_TELEX, "hoà", 'n', "hoàn", 0);
	vk_apply_expect(VNKEY_TELEX, "đuơ", 'c', "đươc", strlen("đuơ"));
	/* Plain keys and non-letters are inserted as is. */
	vk_apply_expect(VNKEY_TELEX, "ba", 'n', "ban", 0);
	vk_apply_expect(VNKEY_TELEX, "bàn", ' ', "bàn ", 0);
	vk_apply_expect(VNKEY_TELEX, "", 's', "s", 0);
	vk_apply_expect(VNKEY_TELEX, "x, ", 'j', "x, j", 0);
	vk_apply_expect(VNKEY_VNI, "a", '9', "a9", 0);
	vk_apply_expect(VNKEY_VNI, "2024", '1', "20241", 0);
	/* Decomposed (non-NFC) input is not a letter: the word after it starts fresh. */
	vk_apply_expect(VNKEY_TELEX, "a\xcc\x81" "a", 'a', "a\xcc\x81" "â", strlen("a"));
}

static void
test_hostile(void **state)
{
	(void)state;
	struct vnkey k;
	vnkey_init(&k, VNKEY_TELEX, VNKEY_MODERN);
	char out[8], big[4096];
	size_t rep;
	/* Bad arguments. */
	assert_int_equal(vnkey_apply(NULL, "a", 1, 's', out, sizeof(out), &rep), -1);
	assert_int_equal(vnkey_apply(&k, NULL, 1, 's', out, sizeof(out), &rep), -1);
	assert_int_equal(vnkey_apply(&k, "a", 1, 's', NULL, sizeof(out), &rep), -1);
	assert_int_equal(vnkey_apply(&k, NULL, 0, 'a', out, sizeof(out), &rep), 0);
	/* Output too small for the replacement. */
	assert_int_equal(vnkey_apply(&k, "nguoi", 5, 'w', out, 3, &rep), -1);
	/* Non-ASCII and control keys are inserted as is. */
	assert_int_equal(vnkey_apply(&k, "a", 1, 0x1EA1, out, sizeof(out), &rep), 0);
	assert_int_equal(vnkey_apply(&k, "a", 1, '\n', out, sizeof(out), &rep), 0);
	/* Invalid UTF-8 and very long words: no crash, no transformation. */
	assert_int_equal(vnkey_apply(&k, "\xff\xfe\xc3", 3, 's', out, sizeof(out), &rep), 0);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(vnkey_apply(&k, big, strlen(big), 's', out, sizeof(out), &rep), 0);
	/* Two tones in one word (pasted text): left alone. */
	assert_int_equal(vnkey_apply(&k, "áá", strlen("áá"), 's', out, sizeof(out), &rep), 0);
	/* type_line: out too small, NULLs. */
	assert_int_equal(vnkey_type_line(VNKEY_TELEX, VNKEY_MODERN, "nguwowif", out, 4), -1);
	assert_int_equal(vnkey_type_line(VNKEY_TELEX, VNKEY_MODERN, NULL, out, sizeof(out)), -1);
	assert_int_equal(vnkey_type_line(VNKEY_TELEX, VNKEY_MODERN, "ok", NULL, 8), -1);
	/* Non-ASCII bytes in the keys are copied through. */
	char line[64];
	assert_int_equal(vnkey_type_line(VNKEY_TELEX, VNKEY_MODERN, "đi hocj", line, sizeof(line)), 0);
	assert_string_equal(line, "đi học");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_table),
		cmocka_unit_test(test_special),
		cmocka_unit_test(test_cursor_in_word),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
