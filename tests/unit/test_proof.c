/* Unit tests: base58btc/multibase/did:key and eddsa-jcs-2022 Data Integrity proofs,
 * against the exact vectors of shared/reference/eddsa-jcs-2022-vectors.md. */
#include <sodium.h>

#include "jcs.h"
#include "multibase.h"
#include "proof.h"
#include "testutil.h"

/* The W3C vc-di-eddsa test key (public; never for real credentials). */
#define KEY_PK_MB "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
#define KEY_SK_MB "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
#define KEY_PK_MB_BYTES \
	"ed01b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"
#define KEY_SK_MB_BYTES \
	"8026c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6"
#define KEY_PK "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"
#define KEY_SEED "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6"
#define KEY_DID "did:key:" KEY_PK_MB
#define KEY_VM KEY_DID "#" KEY_PK_MB

static const char V1_UNSIGNED[] =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://www.w3.org"
	"/ns/credentials/examples/v2\"],\"id\":\"urn:uuid:58172aac-d8ba-11ed-83dd-0b3"
	"aef56cc33\",\"type\":[\"VerifiableCredential\",\"AlumniCredential\"],\"name"
	"\":\"Alumni Credential\",\"description\":\"A minimum viable example of an Al"
	"umni Credential.\",\"issuer\":\"https://vc.example/issuers/5678\",\"validFro"
	"m\":\"2023-01-01T00:00:00Z\",\"credentialSubject\":{\"id\":\"did:example:abc"
	"defgh\",\"alumniOf\":\"The School of Examples\"}}";

static const char V1_CANON_DOC[] =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://www.w3.org"
	"/ns/credentials/examples/v2\"],\"credentialSubject\":{\"alumniOf\":\"The Sch"
	"ool of Examples\",\"id\":\"did:example:abcdefgh\"},\"description\":\"A minim"
	"um viable example of an Alumni Credential.\",\"id\":\"urn:uuid:58172aac-d8ba"
	"-11ed-83dd-0b3aef56cc33\",\"issuer\":\"https://vc.example/issuers/5678\",\"n"
	"ame\":\"Alumni Credential\",\"type\":[\"VerifiableCredential\",\"AlumniCrede"
	"ntial\"],\"validFrom\":\"2023-01-01T00:00:00Z\"}";

static const char V1_CONFIG[] =
	"{\"type\":\"DataIntegrityProof\",\"cryptosuite\":\"eddsa-jcs-2022\",\"create"
	"d\":\"2023-02-24T23:36:38Z\",\"verificationMethod\":\"did:key:z6MkrJVnaZkeFz"
	"dQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt"
	"4swbTQ2\",\"proofPurpose\":\"assertionMethod\",\"@context\":[\"https://www.w"
	"3.org/ns/credentials/v2\",\"https://www.w3.org/ns/credentials/examples/v2\"]"
	"}";

static const char V1_CANON_CONFIG[] =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://www.w3.org"
	"/ns/credentials/examples/v2\"],\"created\":\"2023-02-24T23:36:38Z\",\"crypto"
	"suite\":\"eddsa-jcs-2022\",\"proofPurpose\":\"assertionMethod\",\"type\":\"D"
	"ataIntegrityProof\",\"verificationMethod\":\"did:key:z6MkrJVnaZkeFzdQyMZu1cg"
	"jg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\""
	"}";

static const char V1_SIGNED[] =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://www.w3.org"
	"/ns/credentials/examples/v2\"],\"id\":\"urn:uuid:58172aac-d8ba-11ed-83dd-0b3"
	"aef56cc33\",\"type\":[\"VerifiableCredential\",\"AlumniCredential\"],\"name"
	"\":\"Alumni Credential\",\"description\":\"A minimum viable example of an Al"
	"umni Credential.\",\"issuer\":\"https://vc.example/issuers/5678\",\"validFro"
	"m\":\"2023-01-01T00:00:00Z\",\"credentialSubject\":{\"id\":\"did:example:abc"
	"defgh\",\"alumniOf\":\"The School of Examples\"},\"proof\":{\"type\":\"DataI"
	"ntegrityProof\",\"cryptosuite\":\"eddsa-jcs-2022\",\"created\":\"2023-02-24T"
	"23:36:38Z\",\"verificationMethod\":\"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ"
	"6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\",\"proof"
	"Purpose\":\"assertionMethod\",\"@context\":[\"https://www.w3.org/ns/credenti"
	"als/v2\",\"https://www.w3.org/ns/credentials/examples/v2\"],\"proofValue\":"
	"\"z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfj"
	"oJdcnTMuVor51aX\"}}";

static const char V2_CANON_CONFIG[] =
	"{\"created\":\"2023-02-24T23:36:38Z\",\"cryptosuite\":\"eddsa-jcs-2022\",\"p"
	"roofPurpose\":\"assertionMethod\",\"type\":\"DataIntegrityProof\",\"verifica"
	"tionMethod\":\"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6Mk"
	"rJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\"}";

static const char V3_UNSIGNED[] =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://purl.imsgl"
	"obal.org/spec/ob/v3p0/context-3.0.3.json\"],\"id\":\"urn:uuid:3f1c2a9e-7b4d-"
	"4e2a-9c1f-0a6b5d8e2f41\",\"type\":[\"VerifiableCredential\",\"OpenBadgeCrede"
	"ntial\"],\"name\":\"Rainwater Harvesting Basics — Certificate of Completion"
	"\",\"description\":\"Awarded to a participant who completed the 2-day experi"
	"ential workshop on rainwater harvesting.\",\"issuer\":{\"id\":\"did:key:z6Mk"
	"rJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\",\"type\":[\"Profile\"],\"name"
	"\":\"Village Learning Cooperative\",\"address\":{\"type\":[\"Address\"],\"ad"
	"dressCountry\":\"Kenya\",\"addressCountryCode\":\"KE\",\"addressLocality\":"
	"\"Kitui\"}},\"validFrom\":\"2025-03-14T15:00:00Z\",\"awardedDate\":\"2025-03"
	"-14T15:00:00Z\",\"credentialSubject\":{\"type\":[\"AchievementSubject\"],\"i"
	"dentifier\":[{\"type\":\"IdentityObject\",\"identityHash\":\"Amina Wanjiru\""
	",\"identityType\":\"name\",\"hashed\":false}],\"activityStartDate\":\"2025-0"
	"3-13T08:00:00Z\",\"activityEndDate\":\"2025-03-14T15:00:00Z\",\"achievement"
	"\":{\"id\":\"urn:uuid:8d0e4f6a-1c2b-4a3d-9e8f-7a6b5c4d3e2f\",\"type\":[\"Ach"
	"ievement\"],\"achievementType\":\"CertificateOfCompletion\",\"name\":\"Rainw"
	"ater Harvesting Basics\",\"description\":\"Participants can size, build and "
	"maintain a household rooftop rainwater harvesting system.\",\"criteria\":{\""
	"narrative\":\"Attend both workshop days, build a working first-flush diverte"
	"r in a group, and explain tank sizing to the trainer.\"},\"inLanguage\":\"en"
	"\",\"creditsAvailable\":0.5,\"fieldOfStudy\":\"Water management\",\"tag\":["
	"\"water\",\"climate adaptation\"],\"resultDescription\":[{\"id\":\"urn:uuid:"
	"c5b9e3a1-2d4f-4b6a-8c7e-9f0a1b2c3d4e\",\"type\":[\"ResultDescription\"],\"na"
	"me\":\"Workshop completion status\",\"resultType\":\"Status\"}]},\"result\":"
	"[{\"type\":[\"Result\"],\"resultDescription\":\"urn:uuid:c5b9e3a1-2d4f-4b6a-"
	"8c7e-9f0a1b2c3d4e\",\"status\":\"Completed\"}]}}";

static const char V3_CANON_DOC[] =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://purl.imsgl"
	"obal.org/spec/ob/v3p0/context-3.0.3.json\"],\"awardedDate\":\"2025-03-14T15:"
	"00:00Z\",\"credentialSubject\":{\"achievement\":{\"achievementType\":\"Certi"
	"ficateOfCompletion\",\"creditsAvailable\":0.5,\"criteria\":{\"narrative\":\""
	"Attend both workshop days, build a working first-flush diverter in a group, "
	"and explain tank sizing to the trainer.\"},\"description\":\"Participants ca"
	"n size, build and maintain a household rooftop rainwater harvesting system."
	"\",\"fieldOfStudy\":\"Water management\",\"id\":\"urn:uuid:8d0e4f6a-1c2b-4a3"
	"d-9e8f-7a6b5c4d3e2f\",\"inLanguage\":\"en\",\"name\":\"Rainwater Harvesting "
	"Basics\",\"resultDescription\":[{\"id\":\"urn:uuid:c5b9e3a1-2d4f-4b6a-8c7e-9"
	"f0a1b2c3d4e\",\"name\":\"Workshop completion status\",\"resultType\":\"Statu"
	"s\",\"type\":[\"ResultDescription\"]}],\"tag\":[\"water\",\"climate adaptati"
	"on\"],\"type\":[\"Achievement\"]},\"activityEndDate\":\"2025-03-14T15:00:00Z"
	"\",\"activityStartDate\":\"2025-03-13T08:00:00Z\",\"identifier\":[{\"hashed"
	"\":false,\"identityHash\":\"Amina Wanjiru\",\"identityType\":\"name\",\"type"
	"\":\"IdentityObject\"}],\"result\":[{\"resultDescription\":\"urn:uuid:c5b9e3"
	"a1-2d4f-4b6a-8c7e-9f0a1b2c3d4e\",\"status\":\"Completed\",\"type\":[\"Result"
	"\"]}],\"type\":[\"AchievementSubject\"]},\"description\":\"Awarded to a part"
	"icipant who completed the 2-day experiential workshop on rainwater harvestin"
	"g.\",\"id\":\"urn:uuid:3f1c2a9e-7b4d-4e2a-9c1f-0a6b5d8e2f41\",\"issuer\":{\""
	"address\":{\"addressCountry\":\"Kenya\",\"addressCountryCode\":\"KE\",\"addr"
	"essLocality\":\"Kitui\",\"type\":[\"Address\"]},\"id\":\"did:key:z6MkrJVnaZk"
	"eFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\",\"name\":\"Village Learning Cooperat"
	"ive\",\"type\":[\"Profile\"]},\"name\":\"Rainwater Harvesting Basics — Certi"
	"ficate of Completion\",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredent"
	"ial\"],\"validFrom\":\"2025-03-14T15:00:00Z\"}";

static const char V3_CANON_CONFIG[] =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://purl.imsgl"
	"obal.org/spec/ob/v3p0/context-3.0.3.json\"],\"created\":\"2025-03-14T15:05:0"
	"0Z\",\"cryptosuite\":\"eddsa-jcs-2022\",\"proofPurpose\":\"assertionMethod\""
	",\"type\":\"DataIntegrityProof\",\"verificationMethod\":\"did:key:z6MkrJVnaZ"
	"keFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7"
	"XJPt4swbTQ2\"}";

static const char V3_SIGNED[] =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://purl.imsgl"
	"obal.org/spec/ob/v3p0/context-3.0.3.json\"],\"id\":\"urn:uuid:3f1c2a9e-7b4d-"
	"4e2a-9c1f-0a6b5d8e2f41\",\"type\":[\"VerifiableCredential\",\"OpenBadgeCrede"
	"ntial\"],\"name\":\"Rainwater Harvesting Basics — Certificate of Completion"
	"\",\"description\":\"Awarded to a participant who completed the 2-day experi"
	"ential workshop on rainwater harvesting.\",\"issuer\":{\"id\":\"did:key:z6Mk"
	"rJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\",\"type\":[\"Profile\"],\"name"
	"\":\"Village Learning Cooperative\",\"address\":{\"type\":[\"Address\"],\"ad"
	"dressCountry\":\"Kenya\",\"addressCountryCode\":\"KE\",\"addressLocality\":"
	"\"Kitui\"}},\"validFrom\":\"2025-03-14T15:00:00Z\",\"awardedDate\":\"2025-03"
	"-14T15:00:00Z\",\"credentialSubject\":{\"type\":[\"AchievementSubject\"],\"i"
	"dentifier\":[{\"type\":\"IdentityObject\",\"identityHash\":\"Amina Wanjiru\""
	",\"identityType\":\"name\",\"hashed\":false}],\"activityStartDate\":\"2025-0"
	"3-13T08:00:00Z\",\"activityEndDate\":\"2025-03-14T15:00:00Z\",\"achievement"
	"\":{\"id\":\"urn:uuid:8d0e4f6a-1c2b-4a3d-9e8f-7a6b5c4d3e2f\",\"type\":[\"Ach"
	"ievement\"],\"achievementType\":\"CertificateOfCompletion\",\"name\":\"Rainw"
	"ater Harvesting Basics\",\"description\":\"Participants can size, build and "
	"maintain a household rooftop rainwater harvesting system.\",\"criteria\":{\""
	"narrative\":\"Attend both workshop days, build a working first-flush diverte"
	"r in a group, and explain tank sizing to the trainer.\"},\"inLanguage\":\"en"
	"\",\"creditsAvailable\":0.5,\"fieldOfStudy\":\"Water management\",\"tag\":["
	"\"water\",\"climate adaptation\"],\"resultDescription\":[{\"id\":\"urn:uuid:"
	"c5b9e3a1-2d4f-4b6a-8c7e-9f0a1b2c3d4e\",\"type\":[\"ResultDescription\"],\"na"
	"me\":\"Workshop completion status\",\"resultType\":\"Status\"}]},\"result\":"
	"[{\"type\":[\"Result\"],\"resultDescription\":\"urn:uuid:c5b9e3a1-2d4f-4b6a-"
	"8c7e-9f0a1b2c3d4e\",\"status\":\"Completed\"}]},\"proof\":{\"type\":\"DataIn"
	"tegrityProof\",\"created\":\"2025-03-14T15:05:00Z\",\"verificationMethod\":"
	"\"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQy"
	"MZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\",\"cryptosuite\":\"eddsa-jcs-2022\",\"proof"
	"Purpose\":\"assertionMethod\",\"@context\":[\"https://www.w3.org/ns/credenti"
	"als/v2\",\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],\"p"
	"roofValue\":\"z3Wp4iWxejRqP4rtmqGF4yacxbj95CHZRzdqn4FaKkVRJwXgShHZX116TpnvCQ"
	"SN8Sy35wFhbTmokn8ywSbqUpFmA\"}}";

#define V1_DOC_HASH \
	"59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
#define V1_CONFIG_HASH \
	"66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
#define V1_HASH_DATA \
	"66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
#define V1_SIG \
	"407cd12654b33d718ecbb99179a1506daaa849450bf3fc523cce3e1c96f8b80351da3f253d725c6f00b07c9e5448d50b3ef78012b9ab54255116d069c6dd2808"
#define V1_PROOF_VALUE \
	"z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
#define V2_CONFIG_HASH \
	"c46b3487ab7087c4f426b546c449094ff57b8fefa6fd85e83f1b31e24c230da8"
#define V2_HASH_DATA \
	"c46b3487ab7087c4f426b546c449094ff57b8fefa6fd85e83f1b31e24c230da859b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
#define V2_SIG \
	"1e04ce056c39eb657691a7f2187aa8514d7587fbf9ab0ec14774a32d5930151ac242f77f8e3ada94748cbc4bf81de97a1d1c1a224da24cf1956117f34543b407"
#define V2_PROOF_VALUE \
	"zboydVv31kj6jP37GMBZwYyjbvrqr9MWeY9NCEfYUwLcKwkdqAcB44dqEcqaMi8mfdvT2Vbnvdrv6XRaYzgpuPWn"
#define V3_DOC_HASH \
	"380336de2cdc51f96b897a34c7547323ec740f3ac394d8995e927f61e7e80fb2"
#define V3_CONFIG_HASH \
	"1d18a0901e2d5ac491dca8156e69ceef87bfc7d75ae7ebe046f811cf0b297e86"
#define V3_HASH_DATA \
	"1d18a0901e2d5ac491dca8156e69ceef87bfc7d75ae7ebe046f811cf0b297e86380336de2cdc51f96b897a34c7547323ec740f3ac394d8995e927f61e7e80fb2"
#define V3_SIG \
	"7dbe04b1acc86d919956c5dd83a4b3a0adbb50ac38bcee0eb02ea4d49f0180b57ae94e9a605910c1df3369af747bffa8f45dbcf1200bba5d597fefe820ab5301"
#define V3_PROOF_VALUE \
	"z3Wp4iWxejRqP4rtmqGF4yacxbj95CHZRzdqn4FaKkVRJwXgShHZX116TpnvCQSN8Sy35wFhbTmokn8ywSbqUpFmA"

static void
hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = '\0';
}

/* Assert that n bytes at b are the lowercase hex want. */
static void
assert_hex(const unsigned char *b, size_t n, const char *want)
{
	char *h = kolb_xmalloc(2 * n + 1);
	hex(b, n, h);
	if (strcmp(h, want) != 0)
		fail_msg("got %s, want %s", h, want);
	free(h);
}

/* Decode hex (2n digits) into n bytes. */
static void
unhex(const char *h, unsigned char *out, size_t n)
{
	assert_int_equal(strlen(h), 2 * n);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}

static json_t *
load(const char *text)
{
	json_t *v = NULL;
	struct kolb_err err = {{0}};
	if (proof_parse(text, strlen(text), &v, &err) != 0)
		fail_msg("%s", err.msg);
	return v;
}

/* The test key's libsodium secret key (seed || public key), from its seed. */
static void
test_key(unsigned char pk[32], unsigned char sk[64])
{
	unsigned char seed[32];
	unhex(KEY_SEED, seed, 32);
	assert_int_equal(crypto_sign_seed_keypair(pk, sk, seed), 0);
}

/* Expect proof_verify (or proof_verify_proof when proof_only) to refuse doc with a
 * message containing needle. */
static void
expect_refused(const json_t *doc, bool proof_only, const char *needle)
{
	struct kolb_err err = {{0}};
	char did[MULTIBASE_DID_SIZE] = "untouched";
	int rc = proof_only ? proof_verify_proof(doc, NULL, did, sizeof did, &err)
	                    : proof_verify(doc, did, sizeof did, &err);
	if (rc != -1)
		fail_msg("accepted; expected a refusal with \"%s\"", needle);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle);
	for (const char *c = err.msg; *c; c++)
		assert_true((unsigned char)*c >= 0x20 && *c != 0x7f);
}

/* Verify doc with proof_verify; its did:key must be want_did. */
static void
expect_valid(const json_t *doc, const char *want_did)
{
	struct kolb_err err = {{0}};
	char did[MULTIBASE_DID_SIZE];
	if (proof_verify(doc, did, sizeof did, &err) != 0)
		fail_msg("refused: %s", err.msg);
	assert_string_equal(did, want_did);
}

/* Section 0: the key pair, its multibase forms, did:key and verificationMethod. */
static void
test_key_pair(void **state)
{
	(void)state;
	unsigned char pk[32], sk[64], seed[32], buf[64];
	size_t n;
	test_key(pk, sk);
	assert_hex(pk, 32, KEY_PK);
	assert_hex(sk, 64, KEY_SEED KEY_PK);

	char *mb = multibase_pubkey_encode(pk);
	assert_string_equal(mb, KEY_PK_MB);
	free(mb);
	unhex(KEY_SEED, seed, 32);
	mb = multibase_seckey_encode(seed);
	assert_string_equal(mb, KEY_SK_MB);
	free(mb);
	char *did = multibase_did_key(pk), *vm = multibase_verification_method(pk);
	assert_string_equal(did, KEY_DID);
	assert_string_equal(vm, KEY_VM);
	assert_true(strlen(did) < MULTIBASE_DID_SIZE);
	assert_true(strlen(vm) < MULTIBASE_VM_SIZE);
	free(did);
	free(vm);

	assert_int_equal(multibase_decode(KEY_PK_MB, buf, sizeof buf, &n, NULL), 0);
	assert_int_equal(n, 34);
	assert_hex(buf, n, KEY_PK_MB_BYTES);
	assert_int_equal(multibase_decode(KEY_SK_MB, buf, sizeof buf, &n, NULL), 0);
	assert_int_equal(n, 34);
	assert_hex(buf, n, KEY_SK_MB_BYTES);

	unsigned char back[32];
	assert_int_equal(multibase_pubkey_decode(KEY_PK_MB, back, NULL), 0);
	assert_memory_equal(back, pk, 32);
	assert_int_equal(multibase_seckey_decode(KEY_SK_MB, back, NULL), 0);
	assert_memory_equal(back, seed, 32);
	assert_int_equal(multibase_did_key_decode(KEY_DID, back, NULL), 0);
	assert_memory_equal(back, pk, 32);
	char d[MULTIBASE_DID_SIZE];
	memset(back, 0, sizeof back);
	assert_int_equal(multibase_vm_decode(KEY_VM, back, d, sizeof d, NULL), 0);
	assert_memory_equal(back, pk, 32);
	assert_string_equal(d, KEY_DID);
}

/* Section V6: base58btc both ways. */
static void
test_base58_vectors(void **state)
{
	(void)state;
	static const char *const table[][2] = {
		{"", ""},
		{"00", "1"},
		{"0000287fb4cd", "11233QC4"},
		{"48656c6c6f20576f726c6421", "2NEpo7TZRRrLZSi2U"},
		{"ed010000000000000000000000000000000000000000000000000000000000000000",
		    "6MkeTG3bFFSLYVU7VqhgZxqr6YzpaGrQtFMh1uvqGy1vDnP"},
		{"ed01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
		    "6MkwgaR63138bEEgad7uk993KMX54vBA6KTB4sFhCPnSB2e"},
		{"000000", "111"},
		{"ff", "5Q"},
		{"0001", "12"},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		unsigned char in[64], out[64];
		size_t n = strlen(table[i][0]) / 2, m = 99;
		unhex(table[i][0], in, n);
		char *s = multibase_base58_encode(in, n);
		assert_string_equal(s, table[i][1]);
		free(s);
		assert_int_equal(multibase_base58_decode(table[i][1], strlen(table[i][1]), out,
		    sizeof out, &m, NULL), 0);
		assert_int_equal(m, n);
		assert_memory_equal(out, in, n);
		s = multibase_encode(in, n);
		assert_true(s[0] == 'z');
		assert_string_equal(s + 1, table[i][1]);
		assert_int_equal(multibase_decode(s, out, sizeof out, &m, NULL), 0);
		assert_int_equal(m, n);
		free(s);
	}
	/* Round trips of every length up to 70 with random bytes and leading zeros. */
	for (size_t n = 0; n <= 70; n++) {
		unsigned char in[70], out[70];
		size_t m;
		randombytes_buf(in, n);
		for (size_t z = 0; z < n && z < n % 4; z++)
			in[z] = 0;
		char *s = multibase_base58_encode(in, n);
		assert_int_equal(multibase_base58_decode(s, strlen(s), out, n, &m, NULL), 0);
		assert_int_equal(m, n);
		assert_memory_equal(out, in, n);
		free(s);
	}
}

/* Hostile base58 and multibase text: refused with a reason, never overrunning. */
static void
test_base58_hostile(void **state)
{
	(void)state;
	unsigned char out[8];
	size_t n;
	struct kolb_err err = {{0}};
	static const char *const bad[] = {"0", "O", "I", "l", "+", "/", "2N 3", "-1",
	    "\xc3\xa0", "2NEp\x7f", "abc\xff"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(multibase_base58_decode(bad[i], strlen(bad[i]), out, sizeof out,
		    &n, &err), -1);
		assert_non_null(strstr(err.msg, "alphabet"));
		assert_int_equal(n, 0);
	}
	/* A NUL inside the given length is not a base58 character either. */
	assert_int_equal(multibase_base58_decode("2\0" "3", 3, out, sizeof out, &n, &err), -1);

	/* Too long for the buffer: by digits, by leading '1's, by a huge input. */
	assert_int_equal(multibase_base58_decode("2NEpo7TZRRrLZSi2U", 17, out, 8, &n, &err), -1);
	assert_non_null(strstr(err.msg, "too long"));
	assert_int_equal(multibase_base58_decode("111111111", 9, out, 8, &n, &err), -1);
	assert_int_equal(multibase_base58_decode("11111111", 8, out, 8, &n, NULL), 0);
	assert_int_equal(n, 8);
	/* Exactly 8 bytes of 0xff fit; one more unit does not. */
	unsigned char ff[9];
	memset(ff, 0xff, sizeof ff);
	char *s8 = multibase_base58_encode(ff, 8), *s9 = multibase_base58_encode(ff, 9);
	assert_int_equal(multibase_base58_decode(s8, strlen(s8), out, 8, &n, NULL), 0);
	assert_int_equal(n, 8);
	assert_memory_equal(out, ff, 8);
	assert_int_equal(multibase_base58_decode(s9, strlen(s9), out, 8, &n, &err), -1);
	assert_non_null(strstr(err.msg, "too long"));
	free(s8);
	free(s9);
	size_t big = 1 << 20;
	char *huge = kolb_xmalloc(big + 1);
	memset(huge, 'z', big);
	huge[big] = '\0';
	assert_int_equal(multibase_decode(huge, out, sizeof out, &n, &err), -1);
	free(huge);
	assert_int_equal(multibase_base58_decode("", 0, out, 0, &n, NULL), 0);
	assert_int_equal(n, 0);

	/* Multibase prefixes other than 'z' (base58btc). */
	static const char *const nomb[] = {"", "Z6Mk", "m6Mk", "u6Mk", "6Mk", "f00", " z6Mk"};
	for (size_t i = 0; i < sizeof nomb / sizeof nomb[0]; i++) {
		assert_int_equal(multibase_decode(nomb[i], out, sizeof out, &n, &err), -1);
		assert_non_null(strstr(err.msg, "'z'"));
	}
	assert_int_equal(multibase_decode(NULL, out, sizeof out, &n, &err), -1);
	assert_int_equal(multibase_decode("z", out, sizeof out, &n, NULL), 0);
	assert_int_equal(n, 0);
}

/* publicKeyMultibase / secretKeyMultibase decoders check prefix and length. */
static void
test_multikey_hostile(void **state)
{
	(void)state;
	unsigned char key[32], buf[40];
	struct kolb_err err = {{0}};
	/* The secret key given as a public key and the other way round. */
	assert_int_equal(multibase_pubkey_decode(KEY_SK_MB, key, &err), -1);
	assert_non_null(strstr(err.msg, "not an Ed25519 key"));
	assert_non_null(strstr(err.msg, "80 26"));
	assert_int_equal(multibase_seckey_decode(KEY_PK_MB, key, &err), -1);
	assert_non_null(strstr(err.msg, "not an Ed25519 key"));
	/* secp256k1 (0xe7 0x01, 33 bytes) and X25519 (0xec 0x01) keys. */
	memset(buf, 7, sizeof buf);
	buf[0] = 0xe7;
	buf[1] = 0x01;
	char *mb = multibase_encode(buf, 35);
	assert_int_equal(multibase_pubkey_decode(mb, key, &err), -1);
	assert_non_null(strstr(err.msg, "not an Ed25519 key (multicodec prefix e7 01)"));
	free(mb);
	buf[0] = 0xec;
	mb = multibase_encode(buf, 34);
	assert_int_equal(multibase_pubkey_decode(mb, key, &err), -1);
	assert_non_null(strstr(err.msg, "prefix ec 01"));
	free(mb);
	/* ed 01 with 31, 33 and no key bytes; a lone byte; 38 key bytes. */
	buf[0] = 0xed;
	mb = multibase_encode(buf, 40);
	assert_int_equal(multibase_pubkey_decode(mb, key, &err), -1);
	assert_non_null(strstr(err.msg, "too long"));
	free(mb);
	static const size_t lens[] = {33, 35, 2, 1};
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		mb = multibase_encode(buf, lens[i]);
		assert_int_equal(multibase_pubkey_decode(mb, key, &err), -1);
		char want[32];
		snprintf(want, sizeof want, "%zu bytes instead of 34", lens[i]);
		assert_non_null(strstr(err.msg, want));
		free(mb);
	}
	assert_int_equal(multibase_pubkey_decode("z", key, &err), -1);
	assert_int_equal(multibase_pubkey_decode("6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
	    key, &err), -1);
	assert_int_equal(multibase_pubkey_decode(KEY_PK_MB "2", key, &err), -1);
	assert_int_equal(multibase_pubkey_decode("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ0",
	    key, &err), -1);
	assert_non_null(strstr(err.msg, "alphabet"));
}

/* did:key identifiers and verification methods. */
static void
test_did_key_hostile(void **state)
{
	(void)state;
	unsigned char pk[32];
	char did[MULTIBASE_DID_SIZE];
	struct kolb_err err = {{0}};
	static const struct {
		const char *vm, *needle;
	} bad[] = {
		{"", "not a did:key"},
		{"did:web:example.org#key-1", "not a did:key"},
		{"DID:KEY:" KEY_PK_MB "#" KEY_PK_MB, "not a did:key"},
		{KEY_DID, "no #fragment"},
		{KEY_DID "#", "fragment"},
		{KEY_DID "#key-1", "fragment"},
		{KEY_DID "#" KEY_PK_MB "x", "fragment"},
		{KEY_DID "#" KEY_PK_MB "#" KEY_PK_MB, "fragment"},
		{"did:key:#", "does not start with 'z'"},
		{"did:key:" KEY_SK_MB "#" KEY_SK_MB, "not an Ed25519 key"},
		{"did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme#zQ3shokFTS3brHcDQrn82RUDfCZ"
		    "ESWL1ZdCEJwekUDPQiYBme", "not an Ed25519 key"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		if (multibase_vm_decode(bad[i].vm, pk, did, sizeof did, &err) != -1)
			fail_msg("accepted %s", bad[i].vm);
		if (strstr(err.msg, bad[i].needle) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].vm, err.msg, bad[i].needle);
	}
	assert_int_equal(multibase_vm_decode(NULL, pk, did, sizeof did, &err), -1);
	/* A long fragment-less garbage DID. */
	char *longvm = kolb_xasprintf("did:key:z%0500d#z%0500d", 1, 1);
	assert_int_equal(multibase_vm_decode(longvm, pk, did, sizeof did, &err), -1);
	free(longvm);
	/* No room for the DID in the caller's buffer. */
	char small[10];
	assert_int_equal(multibase_vm_decode(KEY_VM, pk, small, sizeof small, &err), -1);
	assert_non_null(strstr(err.msg, "no room"));

	assert_int_equal(multibase_did_key_decode(KEY_VM, pk, &err), -1);
	assert_non_null(strstr(err.msg, "fragment"));
	assert_int_equal(multibase_did_key_decode("did:example:123", pk, &err), -1);
	assert_int_equal(multibase_did_key_decode(NULL, pk, &err), -1);
	assert_int_equal(multibase_did_key_decode("did:key:" KEY_SK_MB, pk, &err), -1);
	assert_non_null(strstr(err.msg, "did:key"));
}

/* Section V1: the W3C example, every intermediate value, signing and verifying. */
static void
test_v1(void **state)
{
	(void)state;
	unsigned char pk[32], sk[64];
	test_key(pk, sk);
	json_t *doc = load(V1_UNSIGNED);
	struct kolb_err err = {{0}};

	json_t *config = proof_config_new(doc, KEY_VM, "2023-02-24T23:36:38Z");
	json_t *want_config = load(V1_CONFIG);
	assert_true(json_equal(config, want_config));
	json_decref(want_config);

	struct proof_hashes h;
	if (proof_hash_data(doc, config, &h, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(h.canon_document, V1_CANON_DOC);
	assert_int_equal(strlen(h.canon_document), 462);
	assert_string_equal(h.canon_config, V1_CANON_CONFIG);
	assert_int_equal(strlen(h.canon_config), 355);
	assert_hex(h.document_hash, 32, V1_DOC_HASH);
	assert_hex(h.config_hash, 32, V1_CONFIG_HASH);
	assert_hex(h.hash_data, 64, V1_HASH_DATA);
	unsigned char sig[64];
	crypto_sign_detached(sig, NULL, h.hash_data, 64, sk);
	assert_hex(sig, 64, V1_SIG);
	proof_hashes_clear(&h);
	assert_null(h.canon_document);
	json_decref(config);

	json_t *before = json_deep_copy(doc);
	json_t *signed_doc = NULL;
	if (proof_sign(doc, sk, KEY_VM, "2023-02-24T23:36:38Z", &signed_doc, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(json_equal(doc, before)); /* the input is not changed */
	json_t *proof = json_object_get(signed_doc, "proof");
	assert_string_equal(json_string_value(json_object_get(proof, "proofValue")),
	    V1_PROOF_VALUE);
	json_t *want = load(V1_SIGNED);
	assert_true(json_equal(signed_doc, want));
	/* The proof members come out in the vector's order. */
	static const char *const order[] = {"type", "cryptosuite", "created",
	    "verificationMethod", "proofPurpose", "@context", "proofValue"};
	size_t i = 0;
	const char *key;
	json_t *val;
	json_object_foreach(proof, key, val) {
		assert_true(i < 7);
		assert_string_equal(key, order[i++]);
	}
	assert_int_equal(i, 7);
	unsigned char dec[65];
	size_t n;
	assert_int_equal(multibase_decode(V1_PROOF_VALUE, dec, sizeof dec, &n, NULL), 0);
	assert_int_equal(n, 64);
	assert_hex(dec, 64, V1_SIG);

	/* The proof verifies; the credential does not, as its issuer is a web URL. */
	unsigned char vpk[32];
	char did[MULTIBASE_DID_SIZE];
	if (proof_verify_proof(want, vpk, did, sizeof did, &err) != 0)
		fail_msg("%s", err.msg);
	assert_memory_equal(vpk, pk, 32);
	assert_string_equal(did, KEY_DID);
	expect_refused(want, false, "issuer is not the did:key");

	json_decref(want);
	json_decref(signed_doc);
	json_decref(before);
	json_decref(doc);
}

/* Section V2: a proof without @context (earlier drafts) still verifies. */
static void
test_v2_legacy(void **state)
{
	(void)state;
	unsigned char pk[32], sk[64];
	test_key(pk, sk);
	json_t *doc = load(V1_UNSIGNED);
	json_t *config = proof_config_new(doc, KEY_VM, "2023-02-24T23:36:38Z");
	json_object_del(config, "@context");
	struct proof_hashes h;
	assert_int_equal(proof_hash_data(doc, config, &h, NULL), 0);
	assert_string_equal(h.canon_config, V2_CANON_CONFIG);
	assert_int_equal(strlen(h.canon_config), 255);
	assert_hex(h.config_hash, 32, V2_CONFIG_HASH);
	assert_hex(h.document_hash, 32, V1_DOC_HASH);
	assert_hex(h.hash_data, 64, V2_HASH_DATA);
	unsigned char sig[64];
	crypto_sign_detached(sig, NULL, h.hash_data, 64, sk);
	assert_hex(sig, 64, V2_SIG);
	char *pv = multibase_encode(sig, 64);
	assert_string_equal(pv, V2_PROOF_VALUE);
	free(pv);
	proof_hashes_clear(&h);

	json_object_set_new(config, "proofValue", json_string(V2_PROOF_VALUE));
	json_object_set_new(doc, "proof", config);
	char did[MULTIBASE_DID_SIZE];
	struct kolb_err err = {{0}};
	if (proof_verify_proof(doc, NULL, did, sizeof did, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(did, KEY_DID);
	/* The V1 signature does not fit the configuration without @context. */
	json_object_set_new(config, "proofValue", json_string(V1_PROOF_VALUE));
	expect_refused(doc, true, "signature does not match");
	json_decref(doc);
}

/* Section V3: an Open Badges 3.0 credential issued by the did:key. */
static void
test_v3_open_badge(void **state)
{
	(void)state;
	unsigned char pk[32], sk[64];
	test_key(pk, sk);
	json_t *doc = load(V3_UNSIGNED);
	struct kolb_err err = {{0}};
	json_t *config = proof_config_new(doc, KEY_VM, "2025-03-14T15:05:00Z");
	struct proof_hashes h;
	if (proof_hash_data(doc, config, &h, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(h.canon_document, V3_CANON_DOC);
	assert_int_equal(strlen(h.canon_document), 1776);
	assert_non_null(strstr(h.canon_document, "Basics \xe2\x80\x94 Certificate"));
	assert_non_null(strstr(h.canon_document, "\"creditsAvailable\":0.5,"));
	assert_string_equal(h.canon_config, V3_CANON_CONFIG);
	assert_int_equal(strlen(h.canon_config), 368);
	assert_hex(h.document_hash, 32, V3_DOC_HASH);
	assert_hex(h.config_hash, 32, V3_CONFIG_HASH);
	assert_hex(h.hash_data, 64, V3_HASH_DATA);
	proof_hashes_clear(&h);
	json_decref(config);

	json_t *signed_doc = NULL;
	if (proof_sign(doc, sk, KEY_VM, "2025-03-14T15:05:00Z", &signed_doc, &err) != 0)
		fail_msg("%s", err.msg);
	json_t *proof = json_object_get(signed_doc, "proof");
	assert_string_equal(json_string_value(json_object_get(proof, "proofValue")),
	    V3_PROOF_VALUE);
	unsigned char dec[64];
	size_t n;
	assert_int_equal(multibase_decode(V3_PROOF_VALUE, dec, sizeof dec, &n, NULL), 0);
	assert_hex(dec, 64, V3_SIG);
	json_t *want = load(V3_SIGNED);
	assert_true(json_equal(signed_doc, want));
	expect_valid(want, KEY_DID);
	expect_valid(signed_doc, KEY_DID);
	assert_string_equal(proof_issuer_id(want), KEY_DID);
	json_decref(want);
	json_decref(signed_doc);
	json_decref(doc);
}

/* Section V4: the negative vectors. */
static void
test_v4_negative(void **state)
{
	(void)state;
	json_t *v1 = load(V1_SIGNED), *v3 = load(V3_SIGNED);
	json_t *proof = json_object_get(v1, "proof");

	json_object_set_new(json_object_get(v1, "credentialSubject"), "alumniOf",
	    json_string("The School of Exampels"));
	expect_refused(v1, true, "signature does not match");
	json_object_set_new(json_object_get(v1, "credentialSubject"), "alumniOf",
	    json_string("The School of Examples"));
	assert_int_equal(proof_verify_proof(v1, NULL, NULL, 0, NULL), 0);

	json_object_set_new(proof, "created", json_string("2023-02-24T23:36:39Z"));
	expect_refused(v1, true, "signature does not match");
	json_object_set_new(proof, "created", json_string("2023-02-24T23:36:38Z"));

	json_t *id0 = json_array_get(json_object_get(json_object_get(v3, "credentialSubject"),
	    "identifier"), 0);
	json_object_set_new(id0, "identityHash", json_string("Amina Wanjiku"));
	expect_refused(v3, false, "signature does not match");
	json_object_set_new(id0, "identityHash", json_string("Amina Wanjiru"));
	expect_valid(v3, KEY_DID);

	json_t *unsigned_v3 = load(V3_UNSIGNED);
	expect_refused(unsigned_v3, false, "no proof");
	json_decref(unsigned_v3);

	/* A proof @context that is only a prefix of the document's, or in another order. */
	json_t *pctx = json_object_get(json_object_get(v3, "proof"), "@context");
	json_t *saved = json_deep_copy(pctx);
	json_array_remove(pctx, 1);
	expect_refused(v3, false, "@context");
	json_array_insert_new(pctx, 0, json_string("https://purl.imsglobal.org/spec/ob/v3p0/"
	    "context-3.0.3.json"));
	expect_refused(v3, false, "@context");
	json_object_set(json_object_get(v3, "proof"), "@context", saved);
	expect_valid(v3, KEY_DID);
	/* A document @context changed to match a changed proof @context: signature. */
	json_array_append_new(saved, json_string("https://purl.imsglobal.org/spec/ob/v3p0/"
	    "extensions.json"));
	json_object_set(v3, "@context", saved);
	expect_refused(v3, false, "signature does not match");
	json_object_del(v3, "@context");
	expect_refused(v3, false, "@context");
	json_decref(saved);

	json_decref(v1);
	json_decref(v3);
}

/* A kolb-style completion record in Vietnamese: a fixed key, the issuer is its did:key. */
static json_t *
vn_credential(const char *did, const char *name, const char *achievement)
{
	json_t *doc = json_pack("{s:[s,s],s:s,s:[s,s],s:s,s:{s:s,s:[s],s:s,s:{s:s,s:s}},"
	    "s:s,s:{s:[s],s:[{s:s,s:s,s:s,s:b}],s:{s:s,s:[s],s:s,s:{s:s}}}}",
	    "@context", "https://www.w3.org/ns/credentials/v2",
	    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
	    "id", "urn:uuid:0b0e7c4e-3f0a-4c52-9d59-1f2e3d4c5b6a",
	    "type", "VerifiableCredential", "OpenBadgeCredential",
	    "name", achievement,
	    "issuer", "id", did, "type", "Profile", "name", "Trung tâm Phát triển Cộng đồng",
	    "address", "addressCountry", "Việt Nam", "addressRegion", "Lào Cai",
	    "validFrom", "2025-06-01T09:00:00Z",
	    "credentialSubject", "type", "AchievementSubject",
	    "identifier", "type", "IdentityObject", "identityHash", name,
	    "identityType", "name", "hashed", 0,
	    "achievement", "id", "urn:uuid:7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
	    "type", "Achievement", "name", achievement,
	    "criteria", "narrative", "Tham gia đủ 2 ngày và lập kế hoạch hành động.");
	assert_non_null(doc);
	return doc;
}

static void
vn_key(unsigned char pk[32], unsigned char sk[64], unsigned char fill)
{
	unsigned char seed[32];
	memset(seed, fill, sizeof seed);
	crypto_sign_seed_keypair(pk, sk, seed);
}

/* Sign doc with sk/vm; abort the test on failure. Caller json_decref()s. */
static json_t *
sign_ok(const json_t *doc, const unsigned char sk[64], const char *vm)
{
	json_t *out = NULL;
	struct kolb_err err = {{0}};
	if (proof_sign(doc, sk, vm, "2025-06-01T09:05:00+07:00", &out, &err) != 0)
		fail_msg("%s", err.msg);
	return out;
}

static void
test_vietnamese(void **state)
{
	(void)state;
	unsigned char pk[32], sk[64];
	vn_key(pk, sk, 0x42);
	char *did = multibase_did_key(pk), *vm = multibase_verification_method(pk);
	json_t *doc = vn_credential(did, "Giàng Thị Su", "Hoàn thành: Rửa tay bằng xà phòng");
	char *canon = jcs_canonicalize(doc, NULL, NULL);
	assert_non_null(strstr(canon, "\"identityHash\":\"Gi\xc3\xa0ng Th\xe1\xbb\x8b Su\""));
	assert_non_null(strstr(canon, "\"name\":\"Ho\xc3\xa0n th\xc3\xa0nh: R\xe1\xbb\xad"
	    "a tay b\xe1\xba\xb1ng x\xc3\xa0 ph\xc3\xb2ng\""));
	free(canon);

	json_t *signed_doc = sign_ok(doc, sk, vm);
	expect_valid(signed_doc, did);
	/* Serialized as text and read back (as a verifier would): still valid. */
	char *text = json_dumps(signed_doc, JSON_INDENT(2));
	json_t *again = load(text);
	expect_valid(again, did);
	json_decref(again);
	free(text);

	/* One character of a signed field changed: "Su" -> "Sư". */
	json_t *t = json_deep_copy(signed_doc);
	json_t *id0 = json_array_get(json_object_get(json_object_get(t, "credentialSubject"),
	    "identifier"), 0);
	json_object_set_new(id0, "identityHash", json_string("Giàng Thị Sư"));
	expect_refused(t, false, "signature does not match");
	/* Same letters, decomposed (NFD): a different text, so refused too. */
	json_object_set_new(id0, "identityHash", json_string("Gia\xcc\x80ng Thi\xcc\xa3 Su"));
	expect_refused(t, false, "signature does not match");
	json_decref(t);

	/* A proofValue taken from another credential signed by the same key. */
	json_t *other = vn_credential(did, "Lò Thị Mai", "Hoàn thành: Rửa tay bằng xà phòng");
	json_t *signed_other = sign_ok(other, sk, vm);
	expect_valid(signed_other, did);
	t = json_deep_copy(signed_doc);
	json_object_set(json_object_get(t, "proof"), "proofValue",
	    json_object_get(json_object_get(signed_other, "proof"), "proofValue"));
	expect_refused(t, false, "signature does not match");
	json_decref(t);
	/* The whole proof of the other credential. */
	t = json_deep_copy(signed_doc);
	json_object_set(t, "proof", json_object_get(signed_other, "proof"));
	expect_refused(t, false, "signature does not match");
	json_decref(t);

	json_decref(signed_other);
	json_decref(other);
	json_decref(signed_doc);
	json_decref(doc);
	free(did);
	free(vm);
}

/* Change one proof member of a copy of signed_doc (NULL removes it) and expect needle. */
static void
tamper_proof(const json_t *signed_doc, const char *member, json_t *value, const char *needle)
{
	json_t *t = json_deep_copy(signed_doc);
	json_t *proof = json_object_get(t, "proof");
	if (value != NULL)
		json_object_set_new(proof, member, value);
	else
		json_object_del(proof, member);
	expect_refused(t, false, needle);
	json_decref(t);
}

/* Every way of breaking a signed credential is refused with its own reason. */
static void
test_tampering(void **state)
{
	(void)state;
	unsigned char pk[32], sk[64], pk2[32], sk2[64];
	vn_key(pk, sk, 0x42);
	vn_key(pk2, sk2, 0x17);
	char *did = multibase_did_key(pk), *vm = multibase_verification_method(pk);
	char *did2 = multibase_did_key(pk2), *vm2 = multibase_verification_method(pk2);
	json_t *doc = vn_credential(did, "Giàng Thị Su", "Hoàn thành: Rửa tay bằng xà phòng");
	json_t *s = sign_ok(doc, sk, vm);
	expect_valid(s, did);

	tamper_proof(s, "cryptosuite", json_string("eddsa-rdfc-2022"),
	    "cryptosuite \"eddsa-rdfc-2022\"");
	tamper_proof(s, "cryptosuite", json_string("EDDSA-JCS-2022"), "cryptosuite");
	tamper_proof(s, "cryptosuite", NULL, "no cryptosuite");
	tamper_proof(s, "cryptosuite", json_integer(2022), "no cryptosuite");
	tamper_proof(s, "type", json_string("Ed25519Signature2020"),
	    "type is \"Ed25519Signature2020\"");
	tamper_proof(s, "type", NULL, "no type");
	tamper_proof(s, "type", json_pack("[s]", "DataIntegrityProof"), "no type");
	tamper_proof(s, "proofPurpose", json_string("authentication"), "purpose");
	tamper_proof(s, "proofPurpose", NULL, "no proofPurpose");
	tamper_proof(s, "created", json_string("yesterday"), "creation time");
	tamper_proof(s, "created", json_string("2025-06-01T09:05:00"), "creation time");
	tamper_proof(s, "created", json_null(), "creation time");
	tamper_proof(s, "created", json_string("2025-06-01T09:05:01+07:00"),
	    "signature does not match");
	tamper_proof(s, "created", NULL, "signature does not match");
	tamper_proof(s, "nonce", json_string("abc"), "signature does not match");
	tamper_proof(s, "@context", json_pack("[s]", "https://www.w3.org/ns/credentials/v2"),
	    "@context");
	tamper_proof(s, "@context", NULL, "signature does not match");
	tamper_proof(s, "verificationMethod", NULL, "no verificationMethod");
	tamper_proof(s, "verificationMethod", json_string("did:web:example.org#key-1"),
	    "not an Ed25519 did:key");
	tamper_proof(s, "verificationMethod", json_string(did), "not an Ed25519 did:key");
	tamper_proof(s, "verificationMethod", json_string(vm2), "signature does not match");
	tamper_proof(s, "proofValue", NULL, "no proofValue");
	tamper_proof(s, "proofValue", json_integer(1), "no proofValue");
	tamper_proof(s, "proofValue", json_string(""), "malformed");
	tamper_proof(s, "proofValue", json_string("z"), "0 bytes instead of 64");
	tamper_proof(s, "proofValue", json_string("z0OIl"), "malformed");
	tamper_proof(s, "proofValue", json_string("z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93"
	    "FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51a\xc3\xa0"), "malformed");

	/* proofValue: prefix removed, other multibase, one character changed, truncated,
	 * lengthened. */
	const char *pv = json_string_value(json_object_get(json_object_get(s, "proof"),
	    "proofValue"));
	size_t pvlen = strlen(pv);
	tamper_proof(s, "proofValue", json_string(pv + 1), "malformed");
	char *m = kolb_xstrdup(pv);
	m[0] = 'u';
	tamper_proof(s, "proofValue", json_string(m), "malformed");
	for (size_t i = 1; i < pvlen; i++) {
		strcpy(m, pv);
		m[i] = m[i] == '2' ? '3' : '2';
		json_t *t = json_deep_copy(s);
		json_object_set_new(json_object_get(t, "proof"), "proofValue", json_string(m));
		struct kolb_err err = {{0}};
		assert_int_equal(proof_verify(t, NULL, 0, &err), -1);
		assert_true(strstr(err.msg, "signature") != NULL);
		json_decref(t);
	}
	m[pvlen - 8] = '\0';
	tamper_proof(s, "proofValue", json_string(m), "instead of 64");
	free(m);
	m = kolb_xasprintf("%s%s", pv, "2222222");
	tamper_proof(s, "proofValue", json_string(m), "malformed");
	free(m);
	m = kolb_xasprintf("%s%s", pv, "2");
	tamper_proof(s, "proofValue", json_string(m), "65 bytes instead of 64");
	free(m);

	/* Proof missing, duplicated (a set), or not an object. */
	json_t *t = json_deep_copy(s);
	json_object_del(t, "proof");
	expect_refused(t, false, "no proof");
	json_object_set_new(t, "proof", json_pack("[O,O]", json_object_get(s, "proof"),
	    json_object_get(s, "proof")));
	expect_refused(t, false, "2 proofs");
	json_object_set_new(t, "proof", json_array());
	expect_refused(t, false, "0 proofs");
	json_object_set_new(t, "proof", json_string("z2Hn"));
	expect_refused(t, false, "not a JSON object");
	/* A one-element proof set is the same proof. */
	json_object_set_new(t, "proof", json_pack("[O]", json_object_get(s, "proof")));
	expect_valid(t, did);
	json_decref(t);

	/* A member added to or removed from the document. */
	t = json_deep_copy(s);
	json_object_set_new(t, "validUntil", json_string("2030-01-01T00:00:00Z"));
	expect_refused(t, false, "signature does not match");
	json_object_del(t, "validUntil");
	json_object_del(t, "name");
	expect_refused(t, false, "signature does not match");
	json_decref(t);

	/* Wrong key: the second key signs a credential that names the first as issuer. */
	json_t *s2 = sign_ok(doc, sk2, vm2);
	expect_refused(s2, false, "issuer is not the did:key");
	assert_int_equal(proof_verify_proof(s2, NULL, NULL, 0, NULL), 0);
	/* ...and the issuer changed afterwards to match the key breaks the signature. */
	json_object_set_new(json_object_get(s2, "issuer"), "id", json_string(did2));
	expect_refused(s2, false, "signature does not match");
	json_decref(s2);

	/* Issuer as a plain string; issuer without id; no issuer. */
	json_t *d = json_deep_copy(doc);
	json_object_set_new(d, "issuer", json_string(did));
	json_t *sd = sign_ok(d, sk, vm);
	expect_valid(sd, did);
	json_decref(sd);
	json_object_set_new(d, "issuer", json_pack("{s:s}", "name", "Không có id"));
	sd = sign_ok(d, sk, vm);
	expect_refused(sd, false, "issuer has no id");
	json_decref(sd);
	json_object_set_new(d, "issuer", json_pack("{s:i}", "id", 5));
	sd = sign_ok(d, sk, vm);
	expect_refused(sd, false, "issuer has no id");
	json_decref(sd);
	json_object_del(d, "issuer");
	sd = sign_ok(d, sk, vm);
	expect_refused(sd, false, "names no issuer");
	json_decref(sd);
	json_decref(d);

	/* Not an object at all. */
	json_t *arr = json_array();
	expect_refused(arr, false, "not a JSON object");
	json_decref(arr);
	expect_refused(NULL, true, "not a JSON object");

	/* The did buffer must be large enough. */
	char small[8];
	struct kolb_err err = {{0}};
	assert_int_equal(proof_verify(s, small, sizeof small, &err), -1);
	assert_non_null(strstr(err.msg, "no room"));

	json_decref(s);
	json_decref(doc);
	free(did);
	free(vm);
	free(did2);
	free(vm2);
}

/* Untrusted names reach messages without control characters and at bounded length. */
static void
test_hostile_messages(void **state)
{
	(void)state;
	unsigned char pk[32], sk[64];
	vn_key(pk, sk, 0x42);
	char *did = multibase_did_key(pk), *vm = multibase_verification_method(pk);
	json_t *doc = vn_credential(did, "Giàng Thị Su", "Hoàn thành");
	json_t *s = sign_ok(doc, sk, vm);
	char longname[600];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	static const char *const evil[] = {"\x1b[2J\x1b]0;pwned\x07", "eddsa\r\nOK: valid",
	    "\xc2\x9b" "31m", "\x7f"};
	for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++)
		tamper_proof(s, "cryptosuite", json_string(evil[i]), "cryptosuite");
	/* Vietnamese stays readable; a long name is cut. */
	json_t *t = json_deep_copy(s);
	json_object_set_new(json_object_get(t, "proof"), "type", json_string("Chữ ký số"));
	expect_refused(t, false, "\"Chữ ký số\"");
	json_object_set_new(json_object_get(t, "proof"), "type", json_string(longname));
	struct kolb_err err = {{0}};
	assert_int_equal(proof_verify(t, NULL, 0, &err), -1);
	assert_true(strlen(err.msg) < 120);
	assert_non_null(strstr(err.msg, "..."));
	json_decref(t);
	json_decref(s);
	json_decref(doc);
	free(did);
	free(vm);
}

/* proof_sign refuses what it cannot sign correctly. */
static void
test_sign_refused(void **state)
{
	(void)state;
	unsigned char pk[32], sk[64], pk2[32], sk2[64];
	vn_key(pk, sk, 0x42);
	vn_key(pk2, sk2, 0x17);
	char *did = multibase_did_key(pk), *vm = multibase_verification_method(pk);
	char *vm2 = multibase_verification_method(pk2);
	json_t *doc = vn_credential(did, "Giàng Thị Su", "Hoàn thành");
	json_t *out = (json_t *)1;
	struct kolb_err err = {{0}};

	assert_int_equal(proof_sign(doc, sk, vm2, NULL, &out, &err), -1);
	assert_null(out);
	assert_non_null(strstr(err.msg, "not the key of the verification method"));
	assert_int_equal(proof_sign(doc, sk, "did:web:x#1", NULL, &out, &err), -1);
	assert_non_null(strstr(err.msg, "did:key"));
	assert_int_equal(proof_sign(doc, sk, NULL, NULL, &out, &err), -1);
	assert_int_equal(proof_sign(doc, sk, vm, "2025-06-01", &out, &err), -1);
	assert_non_null(strstr(err.msg, "timezone"));
	assert_int_equal(proof_sign(doc, sk, vm, "2025-02-29T00:00:00Z", &out, &err), -1);
	/* A secret key whose public half is not its seed's. */
	unsigned char bad[64];
	memcpy(bad, sk, 64);
	bad[40] ^= 1;
	assert_int_equal(proof_sign(doc, bad, vm, NULL, &out, &err), -1);
	assert_non_null(strstr(err.msg, "not the key of the verification method"));
	memcpy(bad, sk, 64);
	bad[3] ^= 1;
	assert_int_equal(proof_sign(doc, bad, vm, NULL, &out, &err), -1);
	assert_non_null(strstr(err.msg, "not the key of the verification method"));
	/* Already signed; not an object; cannot be canonicalized. */
	json_t *s = sign_ok(doc, sk, vm);
	assert_int_equal(proof_sign(s, sk, vm, NULL, &out, &err), -1);
	assert_non_null(strstr(err.msg, "already has a proof"));
	json_decref(s);
	json_t *arr = json_array();
	assert_int_equal(proof_sign(arr, sk, vm, NULL, &out, &err), -1);
	json_decref(arr);
	json_t *d = json_deep_copy(doc);
	json_object_set_new(d, "count", json_integer(INT64_MAX));
	assert_int_equal(proof_sign(d, sk, vm, NULL, &out, &err), -1);
	assert_non_null(strstr(err.msg, "2^53"));
	assert_null(out);
	json_decref(d);

	/* Without "created", the proof has none and still verifies. */
	assert_int_equal(proof_sign(doc, sk, vm, NULL, &out, &err), 0);
	assert_null(json_object_get(json_object_get(out, "proof"), "created"));
	expect_valid(out, did);
	json_decref(out);
	json_decref(doc);
	free(did);
	free(vm);
	free(vm2);
}

static void
test_parse(void **state)
{
	(void)state;
	json_t *v = NULL;
	struct kolb_err err = {{0}};
	static const char dup[] = "{\"issuer\":\"a\",\"proof\":{\"type\":\"x\"},\"proof\":{}}";
	assert_int_equal(proof_parse(dup, strlen(dup), &v, &err), -1);
	assert_null(v);
	assert_non_null(strstr(err.msg, "duplicate"));
	assert_int_equal(proof_parse("[1]", 3, &v, &err), -1);
	assert_non_null(strstr(err.msg, "not a JSON object"));
	assert_int_equal(proof_parse("{\"a\":", 5, &v, &err), -1);
	assert_non_null(strstr(err.msg, "not valid JSON"));
	assert_int_equal(proof_parse("", 0, &v, &err), -1);
	assert_int_equal(proof_parse("{\"a\":\"\x1b[31m\xff\"}", 11, &v, &err), -1);
	for (const char *c = err.msg; *c; c++)
		assert_true((unsigned char)*c >= 0x20 && *c != 0x7f);
	/* Numbers as JavaScript reads them: whole numbers too large for int64 are fine. */
	static const char nums[] = "{\"a\":4,\"b\":123456789012345678901,\"c\":4.0}";
	assert_int_equal(proof_parse(nums, strlen(nums), &v, &err), 0);
	assert_true(json_is_real(json_object_get(v, "a")));
	char *c = jcs_canonicalize(v, NULL, NULL);
	assert_string_equal(c, "{\"a\":4,\"b\":123456789012345680000,\"c\":4}");
	free(c);
	json_decref(v);
}

static void
test_datetime(void **state)
{
	(void)state;
	static const char *const ok[] = {"2025-03-14T15:05:00Z", "2024-02-29T00:00:00Z",
	    "2000-02-29T23:59:59Z", "2025-03-14T15:05:00.123Z", "2025-03-14T22:05:00+07:00",
	    "2025-03-14T01:05:00-14:00", "2025-12-31T23:59:59.5+14:00", "0001-01-01T00:00:00Z"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!proof_datetime_valid(ok[i]))
			fail_msg("refused %s", ok[i]);
	static const char *const bad[] = {"", "2025-03-14", "2025-03-14T15:05:00",
	    "2025-03-14 15:05:00Z", "2025-3-14T15:05:00Z", "2025-02-29T00:00:00Z",
	    "1900-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-13-01T00:00:00Z",
	    "2025-00-01T00:00:00Z", "2025-01-00T00:00:00Z", "2025-03-14T24:00:00Z",
	    "2025-03-14T15:60:00Z", "2025-03-14T15:05:60Z", "2025-03-14T15:05:00.Z",
	    "2025-03-14T15:05:00+7:00", "2025-03-14T15:05:00+15:00", "2025-03-14T15:05:00+14:30",
	    "2025-03-14T15:05:00+07:60", "2025-03-14T15:05:00Zjunk", "2025-03-14t15:05:00z",
	    "0000-01-01T00:00:00Z", "+2025-03-14T15:05:00Z", "2025-03-14T15:05:00+0700",
	    "2025-03-14T15:05:00+07:00 ", "２025-03-14T15:05:00Z"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (proof_datetime_valid(bad[i]))
			fail_msg("accepted %s", bad[i]);
	assert_false(proof_datetime_valid(NULL));
}

/* Many keys and texts: each signs and verifies; any change to the serialized text that
 * changes its meaning is refused, and nothing crashes. */
static void
test_round_trip_fuzz(void **state)
{
	(void)state;
	static const char *const names[] = {"Giàng Thị Su", "Lò Văn Páo", "Nguyễn Thị Ánh",
	    "Hờ A Dình", "Sùng Thị Mỷ", "Ma Seo Chứ"};
	static const char *const titles[] = {"Hoàn thành: Rửa tay bằng xà phòng",
	    "Hoàn thành: Bảo vệ trẻ em", "Hoàn thành: Bình đẳng giới trong gia đình"};
	uint32_t rng = 12345;
	for (int round = 0; round < 12; round++) {
		unsigned char pk[32], sk[64];
		crypto_sign_keypair(pk, sk);
		char *did = multibase_did_key(pk), *vm = multibase_verification_method(pk);
		json_t *doc = vn_credential(did, names[round % 6], titles[round % 3]);
		json_object_set_new(doc, "score", json_real(round / 7.0));
		json_t *s = sign_ok(doc, sk, vm);
		expect_valid(s, did);
		char *text = json_dumps(s, JSON_COMPACT);
		size_t len = strlen(text);
		for (int k = 0; k < 150; k++) {
			char *mut = kolb_xstrdup(text);
			rng = rng * 1103515245u + 12345u;
			size_t at = (rng >> 8) % len;
			rng = rng * 1103515245u + 12345u;
			mut[at] = (char)(((rng >> 16) % 94) + 33);
			json_t *v = NULL;
			if (proof_parse(mut, len, &v, NULL) == 0) {
				struct kolb_err err = {{0}};
				int rc = proof_verify(v, NULL, 0, &err);
				if (json_equal(v, s))
					assert_int_equal(rc, 0);
				else if (rc == 0)
					fail_msg("accepted a changed credential: %s", mut);
				json_decref(v);
			}
			free(mut);
		}
		free(text);
		json_decref(s);
		json_decref(doc);
		free(did);
		free(vm);
	}
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_pair),
		cmocka_unit_test(test_base58_vectors),
		cmocka_unit_test(test_base58_hostile),
		cmocka_unit_test(test_multikey_hostile),
		cmocka_unit_test(test_did_key_hostile),
		cmocka_unit_test(test_v1),
		cmocka_unit_test(test_v2_legacy),
		cmocka_unit_test(test_v3_open_badge),
		cmocka_unit_test(test_v4_negative),
		cmocka_unit_test(test_vietnamese),
		cmocka_unit_test(test_tampering),
		cmocka_unit_test(test_hostile_messages),
		cmocka_unit_test(test_sign_refused),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_datetime),
		cmocka_unit_test(test_round_trip_fuzz),
	};
	return cmocka_run_group_tests_name("proof", tests, NULL, NULL);
}
