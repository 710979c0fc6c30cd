#!/bin/sh
# Interoperability: kolb's completion records checked by an independent implementation
# of eddsa-jcs-2022 (Digital Bazaar's Node packages, the implementers of the W3C test
# suite), offline; and kolb's verifier checked against that implementation's signatures.
#
# Issues records with the real kolb CLI in a fresh data folder (an adult who shares her
# name, a minor, an adult who does not share hers; one participant who does not complete),
# then:
#   - verify.mjs (@digitalbazaar/vc verifyCredential + DataIntegrityProof with the
#     eddsa-jcs-2022 cryptosuite, did:key resolved locally) must accept each record, and
#     JSON-LD expansion in safe mode must find every term defined by the VC 2.0 and
#     Open Badges 3.0.3 contexts;
#   - tampered copies (a letter of the name, validFrom, the proofValue of the other record,
#     issuer.id) must be rejected by it;
#   - kolb verify must accept records signed by the Node stack: the published Open Badges
#     example (fixtures/ob3-example-signed-by-node.json, from openbadges3.md §1.5, signed
#     with the public W3C test key), and kolb's own record re-signed by Node with a fresh
#     key, with kolb's validFrom and with a JavaScript one (toISOString, milliseconds);
#   - both verifiers must agree on what they refuse: issuer.id that is not the signing
#     did:key, a validFrom without a time, a validFrom in the future;
#   - Node given kolb's key (DATA/issuer.key) must produce kolb's proofValue exactly.
# Prints "PASS name" / "FAIL name" per check, like tests/e2e/*.sh. When node (18 or
# later) or the npm packages are not available, prints one "SKIP interop: why" line and
# exits 0. The packages are installed once into tests/interop/node_modules with
# `npm ci` from the committed package-lock.json.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
skip() {
	echo "SKIP interop: $1"
	exit 0
}

command -v node >/dev/null 2>&1 || skip "node is not installed"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' ||
    skip "node $(node --version) is older than 18"
if [ ! -d "$here/node_modules" ]; then
	command -v npm >/dev/null 2>&1 || skip "npm is not installed (needed once, to install the packages)"
	log=$(mktemp)
	to=""
	command -v timeout >/dev/null 2>&1 && to="timeout 600"
	if ! (cd "$here" && $to npm ci --no-audit --no-fund --fetch-retries=1 \
	    --fetch-timeout=60000 >"$log" 2>&1); then
		why=$(grep -m 1 -i 'err' "$log" | cut -c 1-160)
		rm -rf "$here/node_modules" "$log"
		skip "npm ci failed (offline?): ${why:-see npm's log}"
	fi
	rm -f "$log"
fi
(cd "$here" && node verify.mjs --probe && node sign.mjs --probe) >/dev/null 2>&1 ||
    skip "the npm packages in tests/interop/node_modules do not load; remove that folder to reinstall them"

KOLB=$(realpath "${KOLB:-$root/kolb}")
PACKS_DIR=$(realpath "${PACKS_DIR:-$root/build/packs}" 2>/dev/null || echo "$root/build/packs")
export KOLB PACKS_DIR
unset KOLB_NOW
. "$root/tests/e2e/lib.sh"
cd "$here" || exit 1

# nodev NAME ACCEPTED|REJECTED FILE... : the Node verifier's verdict on the files.
nodev() {
	name=$1 want=$2
	shift 2
	nf=0
	for a in "$@"; do
		case "$a" in --*) ;; *) nf=$((nf + 1)) ;; esac
	done
	node verify.mjs "$@" >"$OUT" 2>"$ERR"
	if [ "$want" = ACCEPTED ] && [ "$(grep -c '^ACCEPTED ' "$OUT")" -eq "$nf" ] &&
	    ! grep -q '^REJECTED ' "$OUT"; then
		pass "$name"
	elif [ "$want" = REJECTED ] && [ "$(grep -c '^REJECTED ' "$OUT")" -eq "$nf" ] &&
	    ! grep -q '^ACCEPTED ' "$OUT"; then
		pass "$name"
	else
		fail "$name" "wanted $want"
	fi
	# what the verifier said (and, with --trace, every document it loaded)
	sed -e "s|$T/||g" -e 's/^/    node: /' "$OUT" "$ERR" | cut -c 1-400
}
# kolbv NAME STATUS REGEX FILE: kolb verify's verdict on FILE, shown.
kolbv() {
	run verify "$4"
	expect "$1" "$2" "$3"
	sed -e "s|$T/||g" -e "s|$here/||g" -e 's/^/    kolb: /' "$OUT" "$ERR" | cut -c 1-400
}
# json FILE EXPR : evaluate a JavaScript expression on the parsed file (d), print it.
json() {
	node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	    console.log(eval(process.argv[2]))' "$1" "$2"
}
# edit IN OUT JS : write IN's JSON changed by the statements JS (on d) to OUT.
edit() {
	node -e 'const fs = require("fs"); const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
	    eval(process.argv[3]); fs.writeFileSync(process.argv[2], JSON.stringify(d, null, 1))' \
	    "$1" "$2" "$3"
}

# --- the harness itself: the verifier accepts the published example, refuses a change
nodev "node verifier accepts the published OB 3.0 example (harness check)" ACCEPTED \
    fixtures/ob3-example-signed-by-node.json
sed 's/Amina Wanjiru/Amina Wanjira/' fixtures/ob3-example-signed-by-node.json >"$T/ex-t.json"
nodev "node verifier refuses the example with one letter changed (harness check)" REJECTED \
    "$T/ex-t.json"

# --- records issued by kolb
pack="$PACKS_DIR/sample-handwashing.tar.gz"
if [ ! -f "$pack" ]; then
	pack="$T/sample-handwashing.tar.gz"
	run pack build "$root/content-packs/sample-handwashing" -o "$pack"
fi
run pack install "$pack"
expect "install the sample pack" 0
run issuer init --name "Trung tâm Phát triển Cộng đồng Lào Cai" --url https://example.org \
    --country VN
expect "issuer init" 0 'did:key:z6Mk'
DID=$(grep -o 'did:key:z6Mk[1-9A-HJ-NP-Za-km-z]*' "$OUT" | head -n 1)
today=$(date +%F)
run session new --pack sample-handwashing --title "Lớp cha mẹ, Tả Van" --province "Lào Cai" \
    --commune "Tả Van" --date "$today" --facilitator "Trần Hồng Điệp"
expect "session new" 0 '^[0-9]+$'
S=$(cat "$OUT")
run participant add "$S" --name "Giàng Thị Su" --age-group adult --consent given --share-name
A=$(cat "$OUT")
run participant add "$S" --name "Vàng Thị Mỷ" --age-group child --minor --consent given \
    --consent-by "Giàng A Pao" --share-name
M=$(cat "$OUT")
run participant add "$S" --name "Sùng Thị Dở" --age-group adult --consent given
H=$(cat "$OUT")
run participant add "$S" --name "Hoàng Văn Dũng" --age-group adult --consent given
L=$(cat "$OUT")
run attend "$S" --day 1 "$A" "$M" "$H" "$L"
expect "attendance" 0
for p in "$A" "$M" "$H"; do
	"$KOLB" entry add "$S" --kind reflection --prompt what-happened --participant "$p" \
	    "Bột màu dính sang tay bạn; rửa bằng nước không thôi thì không sạch." >/dev/null &&
	"$KOLB" entry add "$S" --kind action_plan --prompt i-will --participant "$p" \
	    "Rửa tay bằng xà phòng trước khi ăn, bắt đầu từ hôm nay." >/dev/null &&
	"$KOLB" assess "$S" "$p" six-steps met >/dev/null || fail "entries and assessment of $p"
done
run records issue "$S" --date "$today" -o "$T/records"
expect "records issue" 0
n=$(ls "$T/records"/*.json 2>/dev/null | wc -l)
check "three records issued, none for the one who did not complete" [ "$n" -eq 3 ]

for f in "$T/records"/*.json; do
	[ -f "$f" ] || continue
	b=$(basename "$f" .json)
	if grep -q 'Giàng Thị Su' "$f"; then
		who="named adult"
		named=$f
	else
		who="hashed identity"
		hashed=$f
	fi
	nodev "node verifier accepts kolb's record ($who, $b)" ACCEPTED --trace "$f"
	nodev "JSON-LD safe mode: every term of kolb's record is defined ($who, $b)" ACCEPTED \
	    --jsonld "$f"
	check "the record's issuer.id is the did:key ($who)" [ "$(json "$f" 'd.issuer.id')" = "$DID" ]
done
check "the minor's and the shy adult's records carry no name" \
    sh -c "! grep -l -e 'Vàng Thị Mỷ' -e 'Sùng Thị Dở' '$T/records'/*.json"

# --- tampered copies must be refused by the independent verifier
if [ -n "${named:-}" ] && [ -n "${hashed:-}" ]; then
	sed 's/Giàng Thị Su/Giàng Thị Sư/' "$named" >"$T/t-name.json"
	nodev "node verifier refuses a record with one letter of the name changed" REJECTED \
	    "$T/t-name.json"
	edit "$named" "$T/t-from.json" 'd.validFrom = d.validFrom.replace(/^(\d{3})\d/, (m, p) => p + (m[3] === "0" ? "9" : String(m[3] - 1)))'
	nodev "node verifier refuses a record with validFrom changed" REJECTED "$T/t-from.json"
	edit "$named" "$T/t-ach.json" 'd.credentialSubject.achievement.name += "!"'
	nodev "node verifier refuses a record with the achievement's name changed" REJECTED \
	    "$T/t-ach.json"
	other=$(json "$hashed" 'd.proof.proofValue')
	edit "$named" "$T/t-pv.json" "d.proof.proofValue = '$other'"
	nodev "node verifier refuses a record with the other record's proofValue" REJECTED \
	    "$T/t-pv.json"
	edit "$named" "$T/t-iss.json" \
	    'd.issuer.id = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"'
	nodev "node verifier refuses a record with issuer.id changed to another did:key" REJECTED \
	    "$T/t-iss.json"
	edit "$named" "$T/t-cs.json" 'd.proof.cryptosuite = "eddsa-rdfc-2022"'
	nodev "node verifier refuses a record with the cryptosuite changed" REJECTED "$T/t-cs.json"
else
	fail "tampering checks" "no named and hashed records to tamper with"
fi

# --- the same key, document and time through Node give the same signature (Ed25519 and
# JCS are deterministic): Node's proofValue must equal kolb's, byte for byte
if [ -n "${named:-}" ] && [ -n "${hashed:-}" ]; then
	for f in "$named" "$hashed"; do
		node sign.mjs --seed-file "$KOLB_HOME/issuer.key" "$f" >"$T/n-key.json" 2>"$ERR"
		check "node, given kolb's key, signs $(basename "$f" .json) with the same proofValue" \
		    [ "$(json "$f" 'd.proof.proofValue')" = "$(json "$T/n-key.json" 'd.proof.proofValue')" ]
	done
	# issuer.id that is not the signing key's did:key, signed by kolb's key through Node:
	# both verifiers refuse it (the did:key controller must be the issuer)
	edit "$named" "$T/n-iss-in.json" \
	    'd.issuer.id = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"'
	node sign.mjs --seed-file "$KOLB_HOME/issuer.key" --keep-issuer "$T/n-iss-in.json" \
	    >"$T/n-iss.json" 2>"$ERR"
	nodev "node verifier refuses issuer.id other than the signing did:key" REJECTED "$T/n-iss.json"
	kolbv "kolb verify refuses issuer.id other than the signing did:key" 1 'issuer' "$T/n-iss.json"
fi

# --- kolb verify on records signed by the Node implementation
kolbv "kolb verify accepts the published OB 3.0 example signed by Node" 0 'valid, but the issuer' \
    "$here/fixtures/ob3-example-signed-by-node.json"
if [ -n "${named:-}" ]; then
	node sign.mjs "$named" >"$T/n-same.json" 2>"$ERR" || fail "node signs kolb's record" "$(cat "$ERR")"
	nodev "node verifier accepts its own signature on kolb's record" ACCEPTED "$T/n-same.json"
	kolbv "kolb verify accepts kolb's record re-signed by Node with another key" 0 \
	    'valid, but the issuer' "$T/n-same.json"
	node sign.mjs --valid-from NOW "$named" >"$T/n-js.json" 2>"$ERR" ||
	    fail "node signs with a JavaScript validFrom" "$(cat "$ERR")"
	kolbv "kolb verify accepts a Node-signed record whose validFrom has milliseconds ($(json "$T/n-js.json" 'd.validFrom'))" \
	    0 'valid, but the issuer' "$T/n-js.json"
	# a validFrom that is a date without a time is not a dateTimeStamp: both refuse it
	node sign.mjs --valid-from "$(date -u +%F)" "$named" >"$T/n-date.json" 2>"$ERR"
	nodev "node verifier refuses a validFrom without a time" REJECTED "$T/n-date.json"
	kolbv "kolb verify refuses a validFrom without a time" 1 'INVALID' "$T/n-date.json"
	# a validFrom in the future: both refuse it
	future=$(node -e 'console.log(new Date(Date.now() + 2 * 86400e3).toISOString().replace(/\.\d+Z$/, "Z"))')
	node sign.mjs --valid-from "$future" "$named" >"$T/n-future.json" 2>"$ERR"
	nodev "node verifier refuses a validFrom in the future" REJECTED "$T/n-future.json"
	kolbv "kolb verify refuses a validFrom in the future" 1 'future' "$T/n-future.json"
fi
exit "$e2e_failed"
