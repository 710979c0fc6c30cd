/* Unit tests: RFC 8785 JSON canonicalization (JCS) of jansson trees. */
#include "jcs.h"
#include "testutil.h"

#include <locale.h>
#include <stdbool.h>
#include <math.h>

/* Parse json (flags for json_loads), canonicalize it and compare with want. */
static void
check_canon(const char *json, size_t flags, const char *want)
{
	json_error_t jerr;
	json_t *v = json_loads(json, flags, &jerr);
	if (v == NULL)
		fail_msg("cannot parse %s: %s", json, jerr.text);
	struct kolb_err err = {{0}};
	size_t len;
	char *got = jcs_canonicalize(v, &len, &err);
	if (got == NULL)
		fail_msg("%s: %s", json, err.msg);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got %s, want %s", json, got, want);
	assert_int_equal(len, strlen(want));
	free(got);
	json_decref(v);
}

/* Canonicalize v (taking the reference) and expect a failure whose message has needle. */
static void
check_refused(json_t *v, const char *needle)
{
	struct kolb_err err = {{0}};
	size_t len = 99;
	char *got = jcs_canonicalize(v, &len, &err);
	if (got != NULL)
		fail_msg("expected a refusal (%s), got %s", needle, got);
	assert_int_equal(len, 0);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle);
	json_decref(v);
}

static void
hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = '\0';
}

/* RFC 8785 section 3.2.2 sample: numbers, escapes and literals. */
static void
test_rfc_sample(void **state)
{
	(void)state;
	static const char input[] =
	    "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, "
	    "0.000000000000000000000000001],\n"
	    "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
	    "  \"literals\": [null, true, false]\n}";
	static const char want[] = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,"
	    "1e+30,4.5,0.002,1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
	static const char want_hex[] =
	    "7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b33"
	    "33333333333333332e333333333333332c31652b33302c342e352c302e3030322c31652d32375d2c2273"
	    "7472696e67223a22e282ac245c75303030665c6e4127425c225c5c5c5c5c222f227d";
	check_canon(input, 0, want);
	check_canon(input, JSON_DECODE_INT_AS_REAL, want);
	char h[2 * sizeof want];
	hex((const unsigned char *)want, strlen(want), h);
	assert_string_equal(h, want_hex);
}

/* Numbers written in JSON text, read as JavaScript does (every number a double). */
static void
test_number_text(void **state)
{
	(void)state;
	static const char *const table[][2] = {
		{"0", "0"}, {"-0", "0"}, {"-0.0", "0"}, {"1", "1"}, {"-1", "-1"}, {"1.0", "1"},
		{"1.5", "1.5"}, {"100", "100"}, {"0.5", "0.5"}, {"3.0", "3"}, {"42.0", "42"},
		{"4.50", "4.5"}, {"0.1", "0.1"}, {"0.30000000000000004", "0.30000000000000004"},
		{"1e21", "1e+21"}, {"1E21", "1e+21"}, {"1e20", "100000000000000000000"},
		{"123456789012345678901", "123456789012345680000"},
		{"1.2345678901234568e+20", "123456789012345680000"}, {"1e-6", "0.000001"},
		{"1e-7", "1e-7"}, {"0.000001234", "0.000001234"},
		{"9007199254740991", "9007199254740991"}, {"9007199254740993", "9007199254740992"},
		{"-1.5e-9", "-1.5e-9"}, {"2.5e+2", "250"}, {"5e-324", "5e-324"},
		{"1.7976931348623157e308", "1.7976931348623157e+308"}, {"4.5", "4.5"},
		{"0.002", "0.002"}, {"2e-3", "0.002"}, {"1E30", "1e+30"},
		{"333333333.33333329", "333333333.3333333"},
		{"0.000000000000000000000000001", "1e-27"},
		{"-1e-7", "-1e-7"}, {"1e-5", "0.00001"}, {"123e-20", "1.23e-18"},
		{"1.25e21", "1.25e+21"}, {"999999999999999999999", "1e+21"}, {"0.1e1", "1"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char *json = kolb_xasprintf("[%s]", table[i][0]);
		char *want = kolb_xasprintf("[%s]", table[i][1]);
		check_canon(json, JSON_DECODE_INT_AS_REAL, want);
		free(json);
		free(want);
	}
}

/* RFC 8785 Appendix B: IEEE-754 bit patterns and their serialization. */
static void
test_number_appendix_b(void **state)
{
	(void)state;
	static const struct {
		uint64_t bits;
		const char *want;
	} table[] = {
		{0x0000000000000000ULL, "0"},
		{0x8000000000000000ULL, "0"},
		{0x0000000000000001ULL, "5e-324"},
		{0x8000000000000001ULL, "-5e-324"},
		{0x7fefffffffffffffULL, "1.7976931348623157e+308"},
		{0xffefffffffffffffULL, "-1.7976931348623157e+308"},
		{0x4340000000000000ULL, "9007199254740992"},
		{0xc340000000000000ULL, "-9007199254740992"},
		{0x4430000000000000ULL, "295147905179352830000"},
		{0x44b52d02c7e14af5ULL, "9.999999999999997e+22"},
		{0x44b52d02c7e14af6ULL, "1e+23"},
		{0x44b52d02c7e14af7ULL, "1.0000000000000001e+23"},
		{0x444b1ae4d6e2ef4eULL, "999999999999999700000"},
		{0x444b1ae4d6e2ef4fULL, "999999999999999900000"},
		{0x444b1ae4d6e2ef50ULL, "1e+21"},
		{0x3eb0c6f7a0b5ed8cULL, "9.999999999999997e-7"},
		{0x3eb0c6f7a0b5ed8dULL, "0.000001"},
		{0x41b3de4355555553ULL, "333333333.3333332"},
		{0x41b3de4355555554ULL, "333333333.33333325"},
		{0x41b3de4355555555ULL, "333333333.3333333"},
		{0x41b3de4355555556ULL, "333333333.3333334"},
		{0x41b3de4355555557ULL, "333333333.33333343"},
		{0xbecbf647612f3696ULL, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959ULL, "1424953923781206.2"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		double d;
		memcpy(&d, &table[i].bits, sizeof d);
		char buf[JCS_NUMBER_SIZE];
		assert_int_equal(jcs_format_double(d, buf, NULL), 0);
		if (strcmp(buf, table[i].want) != 0)
			fail_msg("%016llx: got %s, want %s", (unsigned long long)table[i].bits, buf,
			    table[i].want);
		/* The same through a tree. */
		json_t *v = json_real(d);
		char *got = jcs_canonicalize(v, NULL, NULL);
		assert_string_equal(got, table[i].want);
		free(got);
		json_decref(v);
	}
}

/* Doubles next to powers of two (where the nearest p-digit decimal can miss and its
 * neighbour is the shortest form) and random doubles; expected values from Node.js
 * JSON.stringify. */
static void
test_number_cross_check(void **state)
{
	(void)state;
	static const struct {
		uint64_t bits;
		const char *want;
	} table[] = {
	{0x20f0000000000000ULL, "4.887898181599368e-150"},
	{0x2800000000000000ULL, "5.075883674631299e-116"},
	{0x1690000000000000ULL, "5.225680706521042e-200"},
	{0x77f0000000000000ULL, "5.282945311356653e+269"},
	{0x4790000000000000ULL, "5.316911983139664e+36"},
	{0x7220000000000000ULL, "5.334411546303884e+241"},
	{0x1730000000000000ULL, "5.351097043477547e-197"},
	{0x6c50000000000000ULL, "5.386379163185535e+213"},
	{0x1da0000000000000ULL, "5.426657103235053e-166"},
	{0x4830000000000000ULL, "5.444517870735016e+39"},
	{0x6150000000000000ULL, "5.623642243178996e+160"},
	{0x0660000000000000ULL, "5.641232424577593e-278"},
	{0x3d30000000000000ULL, "5.684341886080802e-14"},
	{0x61f0000000000000ULL, "5.758609657015292e+163"},
	{0x0d70000000000000ULL, "5.858190679279809e-244"},
	{0x6290000000000000ULL, "5.896816288783659e+166"},
	{0x13e0000000000000ULL, "5.940911144672375e-213"},
	{0x3e70000000000000ULL, "5.960464477539063e-8"},
	{0x2020000000000000ULL, "5.966672584960166e-154"},
	{0x4ab0000000000000ULL, "5.986310706507379e+51"},
	{0x5120000000000000ULL, "6.070840288205404e+82"},
	{0x1480000000000000ULL, "6.083493012144512e-210"},
	{0x4b50000000000000ULL, "6.129982163463556e+54"},
	{0x0eb0000000000000ULL, "6.142758149716505e-238"},
	{0x75e0000000000000ULL, "6.150157786156811e+259"},
	{0x5790000000000000ULL, "6.156563468186638e+113"},
	{0x63d0000000000000ULL, "6.183260036827614e+172"},
	{0x4580000000000000ULL, "6.189700196426902e+26"},
	{0x5e00000000000000ULL, "6.243497100631985e+144"},
	{0x2160000000000000ULL, "6.256509672447191e-148"},
	{0x0f50000000000000ULL, "6.290184345309701e-235"},
	{0x39e0000000000000ULL, "6.310887241768095e-30"},
	{0x7cf0000000000000ULL, "6.386688990511104e+293"},
	{0x58d0000000000000ULL, "6.455624695217272e+119"},
	{0x6510000000000000ULL, "6.483618076376552e+178"},
	{0x5300000000000000ULL, "6.518515124270356e+91"},
	{0x3b20000000000000ULL, "6.617444900424222e-24"},
	{0x2910000000000000ULL, "6.653062250012736e-111"},
	{0x0060000000000000ULL, "7.120236347223045e-307"},
	{0x5580000000000000ULL, "7.167183174968974e+103"},
	{0x3730000000000000ULL, "7.174648137343064e-43"},
	{0x0100000000000000ULL, "7.291122019556398e-304"},
	{0x0e80000000000000ULL, "7.678447687145631e-239"},
	{0x2d70000000000000ULL, "7.854549544476363e-90"},
	{0x0420000000000000ULL, "8.209073602596753e-289"},
	{0x5940000000000000ULL, "8.263199609878108e+121"},
	{0x0c7cce986c0a4631ULL, "1.60939194363778e-248"},
	{0x425f7e2c4dc57ebcULL, "541043275541.9802"},
	{0x3bb426f854b69f86ULL, "4.2674e-21"},
	{0x2ba51b59ce814e1dULL, "1.9299880760568503e-98"},
	{0x030b4e79d1e8a671ULL, "5.344425406808122e-294"},
	{0x46d04e0554923fd1ULL, "1.3228e+33"},
	{0x4147c82546c8b439ULL, "3117130.553"},
	{0x2269b1eefb82702dULL, "6.58478475605136e-143"},
	{0x1fd587f5626e356cULL, "2.509159230755921e-155"},
	{0x830ec01a578ffe05ULL, "-6.018455336038034e-294"},
	{0x9024830999f2433fULL, "-6.605998782475194e-231"},
	{0xc91d9804d211fca4ULL, "-1.649910796449389e+44"},
	{0xa54063095a50e682ULL, "-2.9550691698153745e-129"},
	{0x3514cf21a7c03fc8ULL, "5.431430430660488e-53"},
	{0x3dd914b9c710bd4eULL, "9.1244e-11"},
	{0x0d40aa5de6e5ad4eULL, "7.62731635994994e-245"},
	{0xa3c9802fff4d2f4bULL, "-2.74097217252297e-136"},
	{0x40b4df0000000000ULL, "5343"},
	{0x32a893081916059eULL, "1.1667366613242687e-64"},
	{0x4a2a9123af28314fULL, "1.9413821008390878e+49"},
	{0x41449a6a9b22d0e5ULL, "2700501.212"},
	{0xbc1f81e756ee96b6ULL, "-4.270053848788457e-19"},
	{0x41570295d51eb852ULL, "6031959.33"},
	{0xba80d6b59f5e9f51ULL, "-6.801100338312916e-27"},
	{0x8771a55ff580eee9ULL, "-8.154739654549457e-273"},
	{0x415b1bec96666666ULL, "7106482.35"},
	{0x42d41002dbee0000ULL, "88236000000000"},
	{0x539c226612bef823ULL, "5.8686181263033244e+94"},
	{0xda5cb1fd7c11b0feULL, "-1.942444260583157e+127"},
	{0x414dec266ccccccdULL, "3921996.85"},
	{0x8d36d48a0c650b95ULL, "-5.22436910531212e-245"},
	{0x34522314b0a105f3ULL, "1.1557585152041574e-56"},
	{0x8db478c68d3c0dbdULL, "-1.1992758878352843e-242"},
	{0x5efc598b4add95a7ULL, "3.624996449232853e+149"},
	{0x3ead5568017f57a3ULL, "8.742099479829175e-7"},
	{0x42d29ac89d100000ULL, "81824000000000"},
	{0x9c28ece3755f1fc0ULL, "-5.0388762547087994e-173"},
	{0xeac1c632dfad0849ULL, "-1.783271407731308e+206"},
	{0xceb5ef4960bf4358ULL, "-1.5138782813279991e+71"},
	{0x703699232e5f7303ULL, "3.5084103597047926e+232"},
	{0x61e8a429bf082b73ULL, "4.434356540483622e+163"},
	{0x30c01b17ee87e630ULL, "7.121546058283356e-74"},
	{0x3b4832a6e6a06ee0ULL, "4.0032e-23"},
	{0x17881691ab771068ULL, "2.5779616613463664e-195"},
	{0x8dda906acbf0a101ULL, "-6.224709454085686e-242"},
	{0x6ba3715a81e62c53ULL, "3.1959907317707797e+210"},
	{0x8bf266ec958055bdULL, "-4.01596363847744e-251"},
	{0x0de5200aa3fc4fbcULL, "9.900418339877996e-242"},
	{0x413f1aa765e353f8ULL, "2038439.398"},
	{0x6bc25c2b63e7c819ULL, "1.2072036276595134e+211"},
	{0x3f4f1471b509e961ULL, "0.0009484820566989899"},
	{0x69502d04f93cc784ULL, "1.934659096263587e+199"},
	{0x36b50ce41d571186ULL, "3.6872288987210023e-45"},
	{0x0cef33ef3b3b0e56ULL, "2.2313520155037914e-246"},
	{0xfb06a22bb4eabff3ULL, "-4.207045822808666e+284"},
	{0x44d0439b7e19ab75ULL, "3.0722e+23"},
	{0xa4ddd2fa929ba0b1ULL, "-4.2017457487332084e-131"},
	{0x760cc8763702cf51ULL, "4.4255080633990017e+260"},
	{0x8f766a4aa7487c75ULL, "-3.524893758372631e-234"},
	{0xa527303d5cb67b57ULL, "-1.0454020344280633e-129"},
	{0x3e127eefd6f705d7ULL, "1.0766e-9"},
	{0x3d8df120669d8195ULL, "3.404e-12"},
	{0x41542b1e996872b0ULL, "5287034.397"},
	{0xa24431c9e1968aefULL, "-1.2937932948285313e-143"},
	{0x83969ae5a8ca3458ULL, "-2.2652179851628346e-291"},
	{0x98ed9b497d563f3eULL, "-1.3289881804865134e-188"},
	{0x41fa414b1b7fc395ULL, "7047786935.9852495"},
	{0xd15cbeea61f461c6ULL, "-8.72554707850822e+83"},
	{0xda542a379ef68fb7ULL, "-1.3650058152343672e+127"},
	{0x425a9e4d0f400000ULL, "457300000000"},
	{0x7d80000000000001ULL, "3.269984763141686e+296"},
	{0x4119104000000000ULL, "410640"},
	{0x46df607f4dd428c0ULL, "2.5456e+33"},
	{0xc526955bf08a1f36ULL, "-1.365084831194028e+25"},
	{0x49d5517caf86083bULL, "4.868241127976426e+47"},
	{0x4665acbbe82b0960ULL, "1.3738e+31"},
	{0x416012e7cda1cac1ULL, "8427326.426"},
	{0xd424f277ff3c223cULL, "-2.237141348748895e+97"},
	{0x033c66af428543bbULL, "4.4469226222252184e-293"},
	{0xd560000000000000ULL, "-1.7917957937422434e+103"},
	{0x411804760c49ba5eULL, "393501.512"},
	{0x40b68e3333333333ULL, "5774.2"},
	{0x0e5e25c831a2859cULL, "1.8084895448110006e-239"},
	{0x5fc005df0fe927bfULL, "1.6783783884740416e+153"},
	{0x079c101e6e3e483dULL, "5.187492391635646e-272"},
	{0x70c4ee92a4382bbdULL, "1.663856249861034e+235"},
	{0x268b7e90e9da2336ULL, "5.1989544006787875e-123"},
	{0x8eb79af7c76a4a2bULL, "-9.062619685984216e-238"},
	{0xb1b9563a6e4af3f2ULL, "-3.6710750889171646e-69"},
	{0xa9d118dcb2394976ULL, "-2.9119535974290055e-107"},
	{0x43d33afe97226078ULL, "5542799041760453000"},
	{0x3ea258f9ea87e0c4ULL, "5.468e-7"},
	{0x1cabb393bb8e1c46ULL, "1.4336242205520289e-170"},
	{0x7542804c1d6facd1ULL, "6.944889036594364e+256"},
	{0xf02504a2dde07e42ULL, "-1.63154981359312e+232"},
	{0x704158a68ec6df23ULL, "5.386086268034539e+232"},
	{0x4158c72825b22d0eULL, "6495392.589"},
	{0x73d0000000000001ULL, "7.159725979618742e+249"},
	{0x3030cd5284b4dbe4ULL, "1.451052527965871e-76"},
	{0x41bf972880000000ULL, "530000000"},
	{0x6430c1858bc896a3ULL, "4.144254356752521e+174"},
	{0x25fd1fe461904d2bULL, "1.0756264447241e-125"},
	{0x3b90419b32a39c4aULL, "8.606e-22"},
	{0x5bc1afec72bb374cULL, "1.0043549291330887e+134"},
	{0x5774eb557e675735ULL, "2.012356776011961e+113"},
	{0x43301948c755d000ULL, "4531400000000000"},
	{0xe4aef8c0cf577b80ULL, "-9.805108515898845e+176"},
	{0x46118b12e0830d78ULL, "3.4748e+29"},
	{0x3fe998c7e28240b8ULL, "0.7999"},
	{0xdf61b00efbf92959ULL, "-2.894942240558301e+151"},
	{0x78ed6b6d50066874ULL, "3.183049357584877e+274"},
	{0x8b60b9a89d56c21fULL, "-7.12895280229891e-254"},
	{0x90f62df4d3389fedULL, "-5.851609847138393e-227"},
	{0x57b7f690f4ff6709ULL, "3.688266249639232e+114"},
	{0x84b177379c03360fULL, "-4.588068910947452e-286"},
	{0x454d752263697185ULL, "7.1224e+25"},
	{0x1eb31377ed421d43ULL, "8.480290825189994e-161"},
	{0x3bb0292f99c19de3ULL, "3.4222e-21"},
	{0x43d3b386c9822701ULL, "5678506030327924000"},
	{0x46e0e7ed6e3d99d6ULL, "2.743149923354334e+33"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		double d;
		memcpy(&d, &table[i].bits, sizeof d);
		char buf[JCS_NUMBER_SIZE];
		assert_int_equal(jcs_format_double(d, buf, NULL), 0);
		if (strcmp(buf, table[i].want) != 0)
			fail_msg("%016llx: got %s, want %s", (unsigned long long)table[i].bits, buf,
			    table[i].want);
		/* The shortest form reads back as the same double. */
		assert_true(strtod(buf, NULL) == d);
	}
}

/* Every power of two and its neighbours: the result reads back exactly, and dropping
 * the last digit never does (it is the shortest). */
static void
test_number_shortest(void **state)
{
	(void)state;
	for (int e = -1074; e <= 1023; e++) {
		/* 2^e as bits: a subnormal below 2^-1022, else a biased exponent. */
		uint64_t bits = e < -1022 ? 1ULL << (e + 1074) : (uint64_t)(e + 1023) << 52;
		uint64_t around[3] = {bits, bits - 1, bits + 1};
		for (int j = 0; j < 3; j++) {
			double vals[3];
			memcpy(&vals[j], &around[j], sizeof vals[j]);
			if (!isfinite(vals[j]) || vals[j] == 0)
				continue;
			char buf[JCS_NUMBER_SIZE];
			assert_int_equal(jcs_format_double(vals[j], buf, NULL), 0);
			assert_true(strlen(buf) < JCS_NUMBER_SIZE);
			if (strtod(buf, NULL) != vals[j])
				fail_msg("2^%d (%d): %s does not read back", e, j, buf);
			/* k significant digits, and the nearest k-1 digit decimal does not read
			 * back (so no shorter form was missed). */
			int k = 0, lead = 1, trailing = 0;
			for (const char *c = buf; *c && *c != 'e'; c++) {
				if (*c < '0' || *c > '9' || (lead && *c == '0'))
					continue;
				lead = 0;
				k++;
				trailing = *c == '0' ? trailing + 1 : 0;
			}
			k -= trailing;
			assert_true(k >= 1 && k <= 17);
			if (k > 1) {
				char shorter[40];
				snprintf(shorter, sizeof shorter, "%.*e", k - 2, vals[j]);
				if (strtod(shorter, NULL) == vals[j])
					fail_msg("2^%d (%d): %s is shorter than %s", e, j,
					    shorter, buf);
			}
		}
	}
}

/* Switch LC_NUMERIC to a locale whose decimal point is a comma, as kolb's main() does
 * (setlocale(LC_ALL, "")) for a Vietnamese user; when none is installed, build vi_VN
 * with localedef into dir. False when that is impossible here. */
static bool
comma_locale(const char *dir)
{
	static const char *const names[] = {"vi_VN.UTF-8", "vi_VN.utf8", "de_DE.UTF-8",
	    "fr_FR.UTF-8"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (setlocale(LC_NUMERIC, names[i]) != NULL
		    && strcmp(localeconv()->decimal_point, ",") == 0)
			return true;
	if (access("/usr/share/i18n/locales/vi_VN", R_OK) != 0)
		return false;
	char *cmd = kolb_xasprintf("localedef -i vi_VN -f UTF-8 '%s/vi_VN.UTF-8' "
	    ">/dev/null 2>&1", dir);
	int rc = system(cmd); /* 1 means warnings only: the locale is still written */
	free(cmd);
	(void)rc;
	setenv("LOCPATH", dir, 1);
	return setlocale(LC_NUMERIC, "vi_VN.UTF-8") != NULL
	    && strcmp(localeconv()->decimal_point, ",") == 0;
}

/* Numbers come out the same under a locale whose decimal point is a comma. */
static void
test_number_locale(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	if (!comma_locale(dir)) {
		tu_rmrf(dir);
		free(dir);
		print_message("no locale with a decimal comma here; skipped\n");
		skip();
	}
	char probe[16];
	snprintf(probe, sizeof probe, "%.1f", 0.5);
	assert_string_equal(probe, "0,5"); /* the locale is really in effect */
	check_canon("[333333333.33333329,0.5,1.5e-7,1e21,123.456,-0.000001234,5e-324]",
	    JSON_DECODE_INT_AS_REAL,
	    "[333333333.3333333,0.5,1.5e-7,1e+21,123.456,-0.000001234,5e-324]");
	check_canon("{\"creditsAvailable\":0.5,\"n\":4.50}", 0,
	    "{\"creditsAvailable\":0.5,\"n\":4.5}");
	double d = 0;
	uint64_t bits = 0x41b3de4355555557ULL;
	memcpy(&d, &bits, sizeof d);
	char buf[JCS_NUMBER_SIZE];
	assert_int_equal(jcs_format_double(d, buf, NULL), 0);
	assert_string_equal(buf, "333333333.33333343");
	bits = 0x4ab0000000000000ULL; /* a power of two whose shortest form is a neighbour */
	memcpy(&d, &bits, sizeof d);
	assert_int_equal(jcs_format_double(d, buf, NULL), 0);
	assert_string_equal(buf, "5.986310706507379e+51");
	setlocale(LC_NUMERIC, "C");
	unsetenv("LOCPATH");
	tu_rmrf(dir);
	free(dir);
}

static void
test_number_refused(void **state)
{
	(void)state;
	char buf[JCS_NUMBER_SIZE];
	struct kolb_err err = {{0}};
	assert_int_equal(jcs_format_double(NAN, buf, &err), -1);
	assert_non_null(strstr(err.msg, "NaN"));
	assert_int_equal(jcs_format_double(INFINITY, buf, &err), -1);
	assert_int_equal(jcs_format_double(-INFINITY, buf, NULL), -1);
	assert_string_equal(buf, "");

	/* Whole numbers: exact up to 2^53, refused beyond. */
	json_t *v = json_pack("[I,I,I,I,i]", (json_int_t)9007199254740992LL,
	    (json_int_t)-9007199254740992LL, (json_int_t)9007199254740991LL, (json_int_t)0, -7);
	char *got = jcs_canonicalize(v, NULL, NULL);
	assert_string_equal(got, "[9007199254740992,-9007199254740992,9007199254740991,0,-7]");
	free(got);
	json_decref(v);
	check_refused(json_integer(9007199254740993LL), "2^53");
	check_refused(json_integer(-9007199254740993LL), "2^53");
	check_refused(json_pack("{s:[I]}", "a", (json_int_t)INT64_MAX), "2^53");
	check_refused(json_pack("[I]", (json_int_t)INT64_MIN), "2^53");
	/* Read as integers (jansson's default), 4 and 4.0 both canonicalize to 4. */
	check_canon("[4,4.0,-0,1e2]", 0, "[4,4,0,100]");
}

/* RFC 8785 section 3.2.3: names sorted as UTF-16 code units. */
static void
test_sort_rfc(void **state)
{
	(void)state;
	static const char input[] = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
	    "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
	    "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
	    "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
	static const char want[] = "{\"\\r\":\"Carriage Return\",\"1\":\"One\","
	    "\"\xc2\x80\":\"Control\",\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
	    "\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
	    "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}";
	check_canon(input, 0, want);

	/* The vectors' variant, and proof that a UTF-8 byte sort (jansson's
	 * JSON_SORT_KEYS) orders it differently. */
	static const char input2[] = "{\"\\u20ac\":1,\"\\r\":2,\"\\ud83d\\ude00\":3,\"\\ufb33\":4,"
	    "\"1\":5,\"a\":6,\"A\":7}";
	static const char want2[] = "{\"\\r\":2,\"1\":5,\"A\":7,\"a\":6,\"\xe2\x82\xac\":1,"
	    "\"\xf0\x9f\x98\x80\":3,\"\xef\xac\xb3\":4}";
	check_canon(input2, 0, want2);
	json_t *v = json_loads(input2, 0, NULL);
	char *bytesort = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	assert_true(strstr(bytesort, "\xef\xac\xb3") < strstr(bytesort, "\xf0\x9f\x98\x80"));
	assert_string_not_equal(bytesort, want2);
	free(bytesort);
	json_decref(v);

	/* Nested objects are sorted too; arrays keep their order. */
	check_canon("{\"b\":[3,1,2],\"a\":{\"z\":null,\"y\":{\"\\ud800\\udc00\":1,"
	    "\"\\uffff\":2}}}", 0,
	    "{\"a\":{\"y\":{\"\xf0\x90\x80\x80\":1,\"\xef\xbf\xbf\":2},\"z\":null},\"b\":[3,1,2]}");
}

static void
test_utf16_cmp(void **state)
{
	(void)state;
#define CMP(a, b) jcs_utf16_cmp(a, strlen(a), b, strlen(b))
	const char *emoji = "\xf0\x9f\x98\x80", *dalet = "\xef\xac\xb3";
	assert_true(CMP(emoji, dalet) < 0);
	assert_true(CMP(dalet, emoji) > 0);
	assert_true(strcmp(emoji, dalet) > 0); /* the byte order is the other way */
	assert_true(CMP("\xef\xbf\xbf", "\xf0\x90\x80\x80") > 0); /* U+FFFF after U+10000 */
	assert_true(CMP("\xed\x9f\xbf", "\xf0\x90\x80\x80") < 0); /* U+D7FF before it */
	assert_int_equal(CMP("", ""), 0);
	assert_true(CMP("", "a") < 0);
	assert_true(CMP("a", "ab") < 0);
	assert_true(CMP("ab", "a") > 0);
	assert_true(CMP("A", "a") < 0);
	assert_int_equal(CMP("Giàng Thị Su", "Giàng Thị Su"), 0);
	/* Two surrogate pairs: the low unit decides. */
	assert_true(CMP("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x81") < 0);
	/* Embedded NUL is a code unit like any other, below every other one. */
	assert_true(jcs_utf16_cmp("a\0b", 3, "a\x01", 2) < 0);
	assert_true(jcs_utf16_cmp("a\0b", 3, "a", 1) > 0);
#undef CMP
}

/* Escapes as JSON.stringify: short forms, lowercase \u00xx, nothing else escaped. */
static void
test_strings(void **state)
{
	(void)state;
	char raw[32 + 16];
	for (int c = 0; c < 32; c++)
		raw[c] = (char)c;
	memcpy(raw + 32, "\x7f/\xe2\x80\xa8\xe2\x80\xa9\"\\", 10);
	json_t *v = json_stringn(raw, 42);
	assert_non_null(v);
	static const char want[] = "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
	    "\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015"
	    "\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"
	    "\x7f/\xe2\x80\xa8\xe2\x80\xa9\\\"\\\\\"";
	char *got = jcs_canonicalize(v, NULL, NULL);
	assert_string_equal(got, want);
	free(got);
	json_decref(v);

	/* A NUL in a member name is kept and escaped. */
	v = json_object();
	assert_int_equal(json_object_setn_new(v, "k\0x", 3, json_true()), 0);
	got = jcs_canonicalize(v, NULL, NULL);
	assert_string_equal(got, "{\"k\\u0000x\":true}");
	free(got);
	json_decref(v);

	check_canon("[\"\",{},[],\"\\/\",\"\\u00e9\"]", 0, "[\"\",{},[],\"/\",\"\xc3\xa9\"]");
	check_canon("  {  \"a\" : [ 1 , true , null ] }  ", 0, "{\"a\":[1,true,null]}");
	check_canon("\"top\"", JSON_DECODE_ANY, "\"top\"");
	check_canon("null", JSON_DECODE_ANY, "null");
}

/* Vietnamese text passes through unchanged: raw UTF-8, never normalized. */
static void
test_vietnamese(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:s,s:s,s:s}", "tên", "Giàng Thị Su", "hoạt động",
	    "Hoàn thành: Rửa tay bằng xà phòng", "Đắk Lắk", "tỉnh");
	char *got = jcs_canonicalize(v, NULL, NULL);
	/* "hoạt động" < "tên" < "Đắk Lắk" (U+0110 after ASCII). */
	assert_string_equal(got, "{\"hoạt động\":\"Hoàn thành: Rửa tay bằng xà phòng\","
	    "\"tên\":\"Giàng Thị Su\",\"Đắk Lắk\":\"tỉnh\"}");
	free(got);
	json_decref(v);

	/* Decomposed "à" (a + U+0300) is a different text, and stays so. */
	json_t *nfc = json_string("Gi\xc3\xa0ng"), *nfd = json_string("Gia\xcc\x80ng");
	char *a = jcs_canonicalize(nfc, NULL, NULL), *b = jcs_canonicalize(nfd, NULL, NULL);
	assert_string_equal(a, "\"Gi\xc3\xa0ng\"");
	assert_string_equal(b, "\"Gia\xcc\x80ng\"");
	free(a);
	free(b);
	json_decref(nfc);
	json_decref(nfd);
}

/* Text jansson was told not to check: invalid UTF-8 and surrogates are refused. */
static void
test_invalid_utf8(void **state)
{
	(void)state;
	static const char *const bad[] = {"\xff", "a\xc3", "\xc0\xaf", "\xed\xa0\x80",
	    "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xe0\x80\xaf", "Gi\xe0ng"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		check_refused(json_pack("[o]", json_string_nocheck(bad[i])), "UTF-8");
		json_t *o = json_object();
		json_object_set_new_nocheck(o, bad[i], json_null());
		check_refused(o, "member name");
	}
}

static void
test_depth(void **state)
{
	(void)state;
	json_t *top = json_array(), *cur = top;
	for (int i = 0; i < JCS_MAX_DEPTH; i++) {
		json_t *next = json_array();
		json_array_append_new(cur, next);
		cur = next;
	}
	char *got = jcs_canonicalize(top, NULL, NULL);
	assert_non_null(got);
	assert_int_equal(strlen(got), 2 * (JCS_MAX_DEPTH + 1));
	free(got);
	json_array_append_new(cur, json_object());
	check_refused(top, "nested");

	struct kolb_err err = {{0}};
	assert_null(jcs_canonicalize(NULL, NULL, &err));
	assert_true(err.msg[0] != '\0');
}

static void
test_except(void **state)
{
	(void)state;
	json_t *v = json_loads("{\"proof\":{\"proof\":1,\"proofValue\":\"z\"},\"b\":{\"proof\":2},"
	    "\"a\":1}", 0, NULL);
	char *got = jcs_canonicalize_except(v, "proof", NULL, NULL);
	assert_string_equal(got, "{\"a\":1,\"b\":{\"proof\":2}}");
	free(got);
	got = jcs_canonicalize_except(json_object_get(v, "proof"), "proofValue", NULL, NULL);
	assert_string_equal(got, "{\"proof\":1}");
	free(got);
	/* Absent member: the whole object. */
	got = jcs_canonicalize_except(v, "nothing", NULL, NULL);
	assert_string_equal(got, "{\"a\":1,\"b\":{\"proof\":2},\"proof\":{\"proof\":1,"
	    "\"proofValue\":\"z\"}}");
	free(got);
	/* Only member removed: an empty object. */
	json_t *one = json_pack("{s:i}", "proof", 1);
	got = jcs_canonicalize_except(one, "proof", NULL, NULL);
	assert_string_equal(got, "{}");
	free(got);
	json_decref(one);
	struct kolb_err err = {{0}};
	json_t *arr = json_array();
	assert_null(jcs_canonicalize_except(arr, "proof", NULL, &err));
	assert_non_null(strstr(err.msg, "not an object"));
	json_decref(arr);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_sample),
		cmocka_unit_test(test_number_text),
		cmocka_unit_test(test_number_appendix_b),
		cmocka_unit_test(test_number_cross_check),
		cmocka_unit_test(test_number_shortest),
		cmocka_unit_test(test_number_locale),
		cmocka_unit_test(test_number_refused),
		cmocka_unit_test(test_sort_rfc),
		cmocka_unit_test(test_utf16_cmp),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_vietnamese),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_except),
	};
	return cmocka_run_group_tests_name("jcs", tests, NULL, NULL);
}
