#!/bin/sh
# End to end: session archives from the command line. A whole workshop (a minor with
# her guardian, an adult, a pupil who did not complete, a correction after closing,
# signed records), exported: the archive opens with GNU tar and bsdtar, passes
# `sha256sum -c`, carries a valid Ed25519 signature, has Excel-friendly CSV files, is
# the same bytes twice, can be exported while the session is open elsewhere, redacted
# (no name, guardian, phone number, e-mail or ID number left anywhere) and encrypted for
# the office (opened by the real `age` when it is installed).
. "$(dirname "$0")/lib.sh"
DB="$KOLB_HOME/kolb.db"
export TZ=UTC KOLB_NOW=2026-12-01T09:00:00Z
TODAY=2026-12-01
X="$T/x"
mkdir -p "$X"

sql() { sqlite3 "$DB" "$1"; }
py() { python3 - "$@"; }
one_error_line() {
	[ "$(grep -c '^kolb: ' "$ERR")" -eq 1 ] &&
	    [ "$(grep -vc -e '^kolb: ' -e '^usage: kolb ' "$ERR")" -eq 0 ]
}
fails() { # fails NAME STATUS REGEX KOLB-ARGS...
	name=$1 status=$2 re=$3
	shift 3
	run "$@"
	expect "$name" "$status" "$re"
	check "$name: one error line" one_error_line
}
# unpack ARCHIVE DIR [bsdtar]: extract into a fresh folder.
unpack() {
	rm -rf "$2" && mkdir -p "$2" || return 1
	if [ "${3:-}" = bsdtar ]; then bsdtar -xf "$1" -C "$2"; else tar --warning=no-timestamp -xzf "$1" -C "$2"; fi
}

run pack install "$PACKS_DIR/sample-handwashing.tar.gz"
expect "install the sample pack" 0 'installed sample-handwashing'

run --help
expect "help lists export" 0 '^  export +write a session archive'
run help export
expect "help export" 0 'usage: kolb export SESSION -o FILE.tar.gz'

# --- the workshop
run issuer init --name "Trung tâm Phát triển Cộng đồng Lào Cai" --country VN
expect "issuer init" 0 '^did:key:z6Mk'
run session new --pack sample-handwashing --title "Lớp rửa tay – Bản Lướt, nhóm Lò Thị Tiên" \
    --province "Lào Cai" --commune "Bản Lướt" --date 2026-11-30 --facilitator "Nguyễn Thị Hoa"
S=$(cat "$OUT")
run participant add "$S" --name "Nguyễn Thị Hoà" --gender female --age-group adult \
    --role parent --consent given --share-name
PA=$(cat "$OUT")
run participant add "$S" --name "Lò Thị Tiên" --gender female --age-group child --minor \
    --consent given --consent-by "Lò Văn Páo" --share-name
PM=$(cat "$OUT")
run participant add "$S" --name "Vàng A Sử" --gender male --age-group child --minor
PN=$(cat "$OUT")
check "three participants" [ -n "$PA" ] && [ -n "$PM" ] && [ -n "$PN" ]
run attend "$S" --day 1 "$PA" "$PM"
run attend "$S" --day 1 --absent "$PN"
run session phase "$S" reflection
run entry add "$S" --kind reflection --prompt what-happened --participant "$PA" \
    "Bột màu lan sang tay bạn rất nhanh"
run entry add "$S" --kind reflection --prompt what-happened --participant "$PM" \
    "Em thấy \"bột màu\" lan nhanh, rất nhanh;
bạn Vàng A Sử gọi 0912 345 678, mẹ gọi +84 24 3826 4567, thư tien.lo@example.vn, CCCD 001234567890."
expect "a reflection with quotes, commas, a line break and contacts" 0 'saved'
run entry add "$S" --kind reflection --prompt what-happened --participant "$PN" \
    "Em nhớ lời cô Nguyễn Thị Hoà dặn"
run session phase "$S" application
for p in "$PA" "$PM"; do
	run entry add "$S" --kind action_plan --prompt i-will --participant "$p" \
	    "Rửa tay bằng xà phòng trước khi ăn, sau khi đi vệ sinh"
done
run session phase "$S" assessment
run assess "$S" "$PA" six-steps met
run assess "$S" "$PM" six-steps met
run session close "$S" --yes
run records issue "$S" --date "$TODAY"
expect "records issued" 0 '2 records \(2 new\)'
run entry add "$S" --kind reflection --prompt what-happened --participant "$PA" \
    "Sửa lại: bột màu lan sang tay cả lớp"
expect "a correction after closing" 0 'version 2'

# --- export
A="$T/lop.tar.gz"
run export "$S" -o "$A"
expect "export" 0 "^wrote $A \\([0-9]+ bytes\\): session $S .*3 participants, 6 entries"
check "export says it is signed, not redacted, not encrypted" sh -c \
    "grep -q '^signed: SHA256SUMS.sig by Trung tâm' '$OUT' && grep -q '^not redacted' '$OUT' && grep -q '^not encrypted' '$OUT'"
check "export lists the files with their sizes" sh -c \
    "grep -Eq '^  session.json +[0-9]+ bytes' '$OUT' && grep -Eq '^  credentials/[0-9a-f-]{36}\\.json +[0-9]+ bytes' '$OUT'"
check "the archive is 0600" [ "$(stat -c %a "$A")" = 600 ]
check "no temporary folder is left" [ -z "$(ls -A "$KOLB_HOME/tmp" 2>/dev/null)" ]
check "GNU tar lists it: 0/0, the start date at 00:00 UTC" sh -c \
    "[ \"\$(tar -tzvf '$A' | awk '{print \$2, \$4, \$5}' | sort -u)\" = '0/0 2026-11-30 00:00' ]"
check "its entries are sorted by name" sh -c "[ \"\$(tar -tzf '$A')\" = \"\$(tar -tzf '$A' | LC_ALL=C sort)\" ]"
check "GNU tar extracts it" unpack "$A" "$X/gnu"
check "bsdtar extracts it" unpack "$A" "$X/bsd" bsdtar
check "both give the same files" diff -r "$X/gnu" "$X/bsd"
check "the files are the documented ones" sh -c "cd '$X/gnu' && [ \"\$(ls)\" = \"\$(printf '%s\\n' SHA256SUMS SHA256SUMS.sig action_plans.csv assessments.csv attendance.csv credentials credentials.csv issuer.json participants.csv reflections.csv session.json | LC_ALL=C sort)\" ] && [ \$(ls credentials | wc -l) = 2 ]"
check "sha256sum -c SHA256SUMS passes" sh -c "cd '$X/gnu' && sha256sum --quiet --strict -c SHA256SUMS"
check "SHA256SUMS lists every file but itself and its signature" sh -c \
    "cd '$X/gnu' && [ \"\$(sed 's/^[0-9a-f]\\{64\\}  //' SHA256SUMS)\" = \"\$(find . -type f ! -name 'SHA256SUMS*' | sed 's|^\\./||' | LC_ALL=C sort)\" ]"
# the Ed25519 signature, checked with OpenSSL and the issuer's public key
run issuer show --json
PUBHEX=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["publicKeyHex"])' <"$OUT")
if command -v openssl >/dev/null 2>&1 && command -v xxd >/dev/null 2>&1; then
	printf '302a300506032b6570032100%s' "$PUBHEX" | xxd -r -p >"$X/pub.der"
	tr -d '\n' <"$X/gnu/SHA256SUMS.sig" | xxd -r -p >"$X/sig.bin"
	check "the signature is 128 hex digits and a newline" sh -c \
	    "grep -Eqx '[0-9a-f]{128}' '$X/gnu/SHA256SUMS.sig' && [ \$(wc -c <'$X/gnu/SHA256SUMS.sig') = 129 ]"
	check "openssl verifies SHA256SUMS.sig with the issuer's key" sh -c \
	    "openssl pkeyutl -verify -pubin -keyform DER -inkey '$X/pub.der' -rawin -in '$X/gnu/SHA256SUMS' -sigfile '$X/sig.bin' >/dev/null"
	sed '1s/^./0/' "$X/gnu/SHA256SUMS" >"$X/sums.bad"
	cmp -s "$X/sums.bad" "$X/gnu/SHA256SUMS" && sed '1s/^./1/' "$X/gnu/SHA256SUMS" >"$X/sums.bad"
	check "openssl refuses a changed SHA256SUMS" sh -c \
	    "! openssl pkeyutl -verify -pubin -keyform DER -inkey '$X/pub.der' -rawin -in '$X/sums.bad' -sigfile '$X/sig.bin' >/dev/null 2>&1"
fi
check "issuer.json names the signer" py "$X/gnu/issuer.json" "$PUBHEX" <<'EOF'
import json, sys
b = open(sys.argv[1], "rb").read()
d = json.loads(b)
sys.exit(0 if b.endswith(b"}\n") and d["name"] == "Trung tâm Phát triển Cộng đồng Lào Cai"
         and d["did"].startswith("did:key:z6Mk") and sorted(d) == ["did", "name"] else 1)
EOF
check "every CSV starts with the UTF-8 byte-order mark" sh -c \
    "for f in '$X'/gnu/*.csv; do [ \"\$(head -c 3 \"\$f\" | od -An -tx1 | tr -d ' ')\" = efbbbf ] || exit 1; done"
check "CSV: CRLF, quoting, Vietnamese, current versions only" py "$X/gnu" <<'EOF'
import csv, io, sys
d = sys.argv[1]
def rows(name):
    raw = open(f"{d}/{name}", "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))
r = rows("reflections.csv")
assert r[0] == ["participant", "name", "group", "prompt", "version", "text", "created_at"], r[0]
texts = {row[1]: row for row in r[1:]}
tien = texts["Lò Thị Tiên"][5]
assert tien.startswith('Em thấy "bột màu" lan nhanh, rất nhanh;\nbạn Vàng A Sử gọi'), tien
hoa = texts["Nguyễn Thị Hoà"]
assert hoa[4] == "2" and hoa[5] == "Sửa lại: bột màu lan sang tay cả lớp", hoa
p = rows("participants.csv")
assert p[0][:3] == ["uid", "name", "gender"] and len(p) == 4
minor = [x for x in p if x[1] == "Lò Thị Tiên"][0]
assert minor[6] == "1" and minor[8] == "Lò Văn Páo", minor
a = rows("attendance.csv")
assert sorted((x[1], x[2], x[3]) for x in a[1:]) == [("Lò Thị Tiên", "1", "1"), ("Nguyễn Thị Hoà", "1", "1")], a
ap = rows("action_plans.csv")
assert len(ap) == 3 and ap[1][5] == "Rửa tay bằng xà phòng trước khi ăn, sau khi đi vệ sinh"
c = rows("credentials.csv")
assert len(c) == 3 and all(x[2].startswith("urn:uuid:") for x in c[1:])
EOF
check "session.json: format 1, every version, the records as signed" py "$X/gnu" <<'EOF'
import json, sys
d = sys.argv[1]
raw = open(f"{d}/session.json", "rb").read()
j = json.loads(raw)
assert raw.endswith(b"\n") and raw.count(b"\n") == 1
assert json.dumps(j, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n" == raw
assert j["format"] == 1 and j["redacted"] is False
assert j["session"]["phase"] == "closed" and j["pack"]["id"] == "sample-handwashing"
assert [e["version"] for e in j["entries"] if e["body"].startswith(("Bột màu", "Sửa lại"))] == [1, 2]
for c in j["credentials"]:
    f = open(f"{d}/credentials/{c['id'][9:]}.json", "rb").read()
    assert f == c["document"].encode() + b"\n"
assert j["exported_at"] == max(a["wall_time"] for a in j["audit"]) == "2026-12-01T09:00:00Z"
EOF

# --- the same bytes twice, and while the session is open elsewhere
run export "$S" -o "$T/again.tar.gz"
check "the same session twice gives the same bytes" cmp -s "$A" "$T/again.tar.gz"
UID_S=$(sql "SELECT uid FROM sessions WHERE id = $S")
if command -v flock >/dev/null 2>&1; then
	mkdir -p "$KOLB_HOME/locks"
	flock "$KOLB_HOME/locks/session-$UID_S.lock" sleep 5 &
	holder=$!
	sleep 0.5
	fails "a change while the session is open elsewhere is refused" 1 'open in another kolb' \
	    entry add "$S" --kind note --prompt germ-glitter "Ghi chú"
	run export "$S" -o "$T/open.tar.gz"
	expect "export works while the session is open elsewhere" 0 "^wrote $T/open.tar.gz"
	check "... and gives the same bytes" cmp -s "$A" "$T/open.tar.gz"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
fi

# --- --json
run export "$S" -o "$T/j.tar.gz" --json
expect "export --json" 0 '"sha256"'
check "export --json describes the archive" py "$OUT" "$T/j.tar.gz" <<'EOF'
import hashlib, json, os, sys
d = json.load(open(sys.argv[1]))
names = [f["name"] for f in d["files"]]
assert d["file"] == sys.argv[2] and d["bytes"] == os.path.getsize(sys.argv[2])
assert d["signed"] is True and d["issuer"]["did"].startswith("did:key:")
assert d["redacted"] is False and d["encrypted"] is False and d["recipient"] is None
assert d["participants"] == 3 and d["entries"] == 6 and d["credentials"] == 2
assert names == sorted(names) and "session.json" in names and "SHA256SUMS.sig" in names
EOF

# --- redacted
R="$T/redacted.tar.gz"
run export "$S" -o "$R" --redact
expect "export --redact" 0 '^redacted: names are pseudonyms'
check "redact.key was made, 0600" [ "$(stat -c %a "$KOLB_HOME/redact.key")" = 600 ]
check "the redacted archive extracts" unpack "$R" "$X/red"
check "the redacted archive passes sha256sum -c" sh -c "cd '$X/red' && sha256sum --quiet -c SHA256SUMS"
gzip -dc "$R" >"$X/red.tar"
for s in "Lò Thị Tiên" "Lò Văn Páo" "Nguyễn Thị Hoà" "Vàng A Sử" "Páo" "0912 345 678" "345 678" \
    "3826 4567" "+84" "tien.lo@example.vn" "example.vn" "001234567890"; do
	check "redacted: \"$s\" is nowhere in the extracted files" sh -c "! grep -rqF -- '$s' '$X/red'"
	check "redacted: \"$s\" is nowhere in the decompressed tar" sh -c "! grep -qF -- '$s' '$X/red.tar'"
done
check "redacted: no signed record files" [ ! -e "$X/red/credentials" ]
check "redacted: pseudonyms in the CSV, the rest of the text kept" py "$X/red" <<'EOF'
import csv, io, re, sys
d = sys.argv[1]
def rows(name):
    return list(csv.reader(io.StringIO(open(f"{d}/{name}", "rb").read()[3:].decode(), newline="")))
p = rows("participants.csv")[1:]
names = [x[1] for x in p]
assert all(re.fullmatch(r"P-[A-Z2-7]{8}", n) for n in names) and len(set(names)) == 3, names
assert sorted(x[8] for x in p)[-1].startswith("G-")
r = {x[1]: x[5] for x in rows("reflections.csv")[1:]}
assert any(t.startswith('Em thấy "bột màu" lan nhanh, rất nhanh;\nbạn P-') and
           "gọi [đã ẩn], mẹ gọi [đã ẩn], thư [đã ẩn], CCCD [đã ẩn]." in t for t in r.values()), r
EOF
run export "$S" -o "$T/redacted2.tar.gz" --redact
check "redacted twice: the same bytes (stable pseudonyms)" cmp -s "$R" "$T/redacted2.tar.gz"

# --- encrypted for the office
if command -v age-keygen >/dev/null 2>&1; then
	age-keygen -o "$X/office.key" 2>/dev/null
	REC=$(age-keygen -y "$X/office.key")
else
	"$KOLB" keygen-office -o "$X/office.key" >/dev/null
	REC=$(grep -o 'age1[0-9a-z]*' "$X/office.key" | head -n 1)
fi
E="$T/lop.tar.gz.age"
run export "$S" -o "$E" --encrypt-to "$REC"
expect "export --encrypt-to" 0 "^encrypted for $REC"
check "the encrypted file is an age file, 0600" sh -c \
    "head -n 1 '$E' | grep -qx 'age-encryption.org/v1' && [ \$(stat -c %a '$E') = 600 ]"
check "the encrypted file holds no readable text" sh -c "! grep -qF 'session.json' '$E'"
if command -v age >/dev/null 2>&1; then
	check "age -d opens it: the very archive a plain export writes" sh -c \
	    "age -d -i '$X/office.key' '$E' | cmp -s - '$A'"
fi

# --- mistakes
fails "export without -o" 2 'needs -o FILE.tar.gz' export "$S"
fails "export without a session" 2 'needs one session id' export -o "$T/n.tar.gz"
fails "export with a session id that is not a number" 2 'number such as 12' export x1 -o "$T/n.tar.gz"
fails "export of a missing session" 1 'there is no session 999' export 999 -o "$T/n.tar.gz"
fails "export to a folder that does not exist" 1 'cannot write' export "$S" -o "$T/no/such/n.tar.gz"
fails "export for a recipient that is not age" 2 'age recipient' export "$S" -o "$T/n.tar.gz" --encrypt-to ssh-ed25519
fails "export with an unknown option" 2 'unknown option' export "$S" -o "$T/n.tar.gz" --zip
check "nothing was written by mistakes" [ ! -e "$T/n.tar.gz" ]
check "no temporary folder is left after mistakes" [ -z "$(ls -A "$KOLB_HOME/tmp" 2>/dev/null)" ]
exit $e2e_failed
