#!/bin/sh
# End to end: checking a paper certificate's QR code. Records of the
# child-protection-youth pack (the longest sample texts) are turned into the compact
# form "KOLB1:" base45(zlib(canonical JSON)) by a small Python encoder written here,
# independently of kolb's own code, and given to `kolb verify` as an argument, on
# standard input (as `zbarimg --raw` prints it, and as zbarimg prints it without
# --raw), and in a file. Altered records, altered or garbled texts and a
# decompression bomb are INVALID; a revoked record is REVOKED; the minor's record
# fits a version 40-M QR code. --name checks the name printed on the paper against the
# record: the minor's salted hash and the adult's name; another name fails (exit 1).
. "$(dirname "$0")/lib.sh"
DB="$KOLB_HOME/kolb.db"
export TZ=UTC KOLB_NOW=2026-12-01T09:00:00Z
TODAY=2026-12-01
QR_40M=3391

sql() { sqlite3 "$DB" "$1"; }
json_is() {
	python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)" <"$OUT"
}
# compact [--edit PYTHON] FILE: print the compact text of a record file. The record is
# canonicalized (RFC 8785: sorted members, no white space, UTF-8; kolb's records have no
# numbers), compressed with zlib at level 9 and written in RFC 9285 base45. --edit runs
# a Python statement on the parsed record d first.
compact() {
	edit=pass
	if [ "$1" = --edit ]; then edit=$2; shift 2; fi
	python3 - "$1" "$edit" <<'EOF'
import json, sys, zlib
A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
def b45(b):
    out = []
    for i in range(0, len(b) - 1, 2):
        n = b[i] * 256 + b[i + 1]
        out += [A[n % 45], A[n // 45 % 45], A[n // 2025]]
    if len(b) % 2:
        out += [A[b[-1] % 45], A[b[-1] // 45]]
    return "".join(out)
d = json.load(open(sys.argv[1], encoding="utf-8"))
exec(sys.argv[2])
canon = json.dumps(d, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
print("KOLB1:" + b45(zlib.compress(canon.encode("utf-8"), 9)))
EOF
}
# verify_qr NAME STATUS REGEX TEXT: kolb verify TEXT (the QR text as an argument).
verify_qr() {
	run verify "$4"
	expect "$1" "$2" "$3"
	check "$1: one line, labelled QR, without the long text" sh -c \
	    "[ \$(wc -l <'$OUT') -eq 1 ] && grep -q '^QR: ' '$OUT' && ! grep -Eq 'KOLB1:[0-9A-Z \$%*+./:-]{20}' '$OUT'"
}
# verify_stdin NAME STATUS REGEX TEXT: printf TEXT | kolb verify -
verify_stdin() {
	printf '%s' "$4" | "$KOLB" verify - >"$OUT" 2>"$ERR"
	RC=$?
	expect "$1" "$2" "$3"
	check "$1: one line" [ "$(wc -l <"$OUT")" -eq 1 ]
}

run pack install "$PACKS_DIR/child-protection-youth.tar.gz"
expect "install the child-protection-youth pack" 0 'installed child-protection-youth'
run issuer init --name "Trung tâm Phát triển Cộng đồng Lào Cai" --url https://ttptcd.example.vn \
    --country VN
expect "issuer init" 0 '^did:key:z6Mk'
DID=$(grep '^did:key:' "$OUT")

run help verify
expect "help verify explains the QR form" 0 'KOLB1:'
check "help verify: zbarimg --raw" grep -q 'zbarimg --raw' "$OUT"
check "help verify: --name and the accents" sh -c \
    "grep -q -- '--name NAME' '$OUT' && grep -q 'DOES NOT MATCH' '$OUT' && grep -q 'NFC' '$OUT'"

# --- a closed workshop: a minor (never named in her record) and an adult who shares
# her name, every outcome of the pack assessed met
run session new --pack child-protection-youth --lang vi \
    --title "Lớp 8A – Trường THCS Thị trấn Sa Pa" --province "Lào Cai" \
    --commune "Thị trấn Sa Pa" --date 2026-11-30 --facilitator "Nguyễn Thị Hoa"
S=$(cat "$OUT")
run participant add "$S" --name "Lò Thị Tiên" --gender female --age-group child --minor \
    --consent given --consent-by "Lò Văn Páo" --share-name
PM=$(cat "$OUT")
run participant add "$S" --name "Nguyễn Thị Thu Hường" --gender female --age-group adult \
    --role teacher --consent given --share-name
PA=$(cat "$OUT")
check "two participants" [ -n "$PM" ] && [ -n "$PA" ]
run attend "$S" --day 1 "$PM" "$PA"
run session phase "$S" reflection
for p in "$PM" "$PA"; do
	run entry add "$S" --kind reflection --prompt what-happened --participant "$p" \
	    "Người lạ trên Zalo hứa việc nhẹ lương cao rồi xin ảnh"
done
run session phase "$S" application
for p in "$PM" "$PA"; do
	run entry add "$S" --kind action_plan --prompt i-will --participant "$p" \
	    "Em sẽ không gửi ảnh, chụp màn hình, chặn nick và kể với cô chủ nhiệm"
done
run session phase "$S" assessment
for p in "$PM" "$PA"; do
	for o in recognise-harm body-safety online-and-offers trusted-adults-111 support-a-friend; do
		run assess "$S" "$p" "$o" met
	done
done
run session close "$S" --yes
expect "the workshop is run and closed" 0 "session $S closed"
run records issue "$S" --date "$TODAY" -o "$T/rec"
expect "issue two records" 0 '2 records \(2 new\), 0 not issued'
run records list "$S" --json
UM=$(python3 -c "import json,sys; print([r['uid'] for r in json.load(sys.stdin) if r['participant_id'] == $PM][0])" <"$OUT")
UA=$(python3 -c "import json,sys; print([r['uid'] for r in json.load(sys.stdin) if r['participant_id'] == $PA][0])" <"$OUT")
FM="$T/rec/record-${UM#urn:uuid:}.json"
FA="$T/rec/record-${UA#urn:uuid:}.json"
check "both record files" [ -s "$FM" ] && [ -s "$FA" ]

QM=$(compact "$FM")
QA=$(compact "$FA")
check "the compact texts are KOLB1: and QR alphanumeric characters only" sh -c \
    "printf '%s\n%s\n' '$QM' '$QA' | grep -Evc '^KOLB1:[0-9A-Z \$%*+./:-]+\$' | grep -qx 0"

# --- the size: the minor's record (the longer: identity hash and salt) fits a QR code
# version 40 at error correction M in alphanumeric mode
JM=$(wc -c <"$FM")
ZM=$(python3 -c "import json,sys,zlib; d=json.load(open(sys.argv[1])); print(len(zlib.compress(json.dumps(d,ensure_ascii=False,separators=(',',':'),sort_keys=True).encode(),9)))" "$FM")
check "the child-protection record fits a version 40-M QR code: JSON $((JM - 1)) bytes, zlib $ZM bytes, ${#QM} of $QR_40M characters" \
    [ "${#QM}" -le "$QR_40M" ]
check "the adult's record fits too: ${#QA} of $QR_40M characters" [ "${#QA}" -le "$QR_40M" ]
check "the minor's name is not in her QR text's record" python3 - "$QM" <<'EOF'
import sys, zlib
A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
s = sys.argv[1][6:]
b = bytearray()
for i in range(0, len(s), 3):
    g = [A.index(c) for c in s[i:i + 3]]
    n = g[0] + g[1] * 45 + (g[2] * 2025 if len(g) == 3 else 0)
    b += n.to_bytes(2 if len(g) == 3 else 1, "big")
j = zlib.decompress(bytes(b)).decode()
sys.exit(0 if "Tiên" not in j and '"hashed":true' in j else 1)
EOF

# --- valid: as an argument, from zbarimg --raw, from zbarimg without --raw, in a file
verify_qr "QR text as an argument: the minor's record" 0 \
    '^QR: valid, issued by Trung tâm Phát triển Cộng đồng Lào Cai \(trusted\) to \(identified by a hash\): Hoàn thành: Em biết giữ an toàn và lên tiếng$' \
    "$QM"
verify_qr "QR text as an argument: the adult's record, named" 0 \
    '^QR: valid, issued by .* \(trusted\) to Nguyễn Thị Thu Hường: Hoàn thành: Em biết' "$QA"
verify_stdin "echo KOLB1:... | kolb verify -" 0 '^-: valid, issued by .*\(trusted\) to \(identified by a hash\)' \
    "$QM
"
verify_stdin "zbarimg without --raw: QR-Code:KOLB1:..." 0 '^-: valid, issued by .*\(trusted\)' \
    "QR-Code:$QA
"
verify_stdin "surrounded by blank lines and spaces" 0 '^-: valid, issued by' "

   $QM  
"
printf '%s\r\n' "$QM" >"$T/scan.txt"
run verify "$T/scan.txt"
expect "a file holding the QR text (CRLF)" 0 "^$T/scan.txt: valid, issued by .*\\(trusted\\)"
run verify "$FM" "$QA" - <"$T/scan.txt"
expect "a file, a QR text and standard input together" 0
check "... three valid lines in order" sh -c \
    "[ \$(wc -l <'$OUT') -eq 3 ] && sed -n 1p '$OUT' | grep -q '^$FM: valid' && sed -n 2p '$OUT' | grep -q '^QR: valid' && sed -n 3p '$OUT' | grep -q '^-: valid'"
run verify --json "$QA"
expect "verify --json of a QR text" 0
check "verify --json: file QR, valid, the learner" json_is \
    'len(d) == 1 and d[0]["file"] == "QR" and d[0]["verdict"] == "valid" and d[0]["learner"] == "Nguyễn Thị Thu Hường" and d[0]["issuer"] == "'"$DID"'"'
check "verify --json without --name: no name_matches" json_is '"name_matches" not in d[0]'

# --- the name printed on the paper: --name
# lines N: the output has exactly N lines
lines() { [ "$(wc -l <"$OUT")" -eq "$1" ]; }
VALID_M='^QR: valid, issued by Trung tâm Phát triển Cộng đồng Lào Cai \(trusted\) to \(identified by a hash\): '
run verify --name "Lò Thị Tiên" "$QM"
expect "the minor's QR text with her name on the paper" 0 "^QR: the name Lò Thị Tiên matches the record\$"
check "... the verdict line first, then the name line" sh -c \
    "[ \$(wc -l <'$OUT') -eq 2 ] && sed -n 1p '$OUT' | grep -Eq '$VALID_M' && sed -n 2p '$OUT' | grep -q '^QR: the name'"
run verify --name "Nguyễn Thị Thu Hường" "$QM"
expect "the minor's QR text reprinted next to another name: exit 1" 1 \
    "^QR: Nguyễn Thị Thu Hường DOES NOT MATCH the record's learner\$"
check "... the record itself is still valid, and no 'matches' line" sh -c \
    "[ \$(wc -l <'$OUT') -eq 2 ] && sed -n 1p '$OUT' | grep -Eq '$VALID_M' && ! grep -q 'matches the record' '$OUT'"
printf '%s\n' "$QM" | "$KOLB" verify --name "Lò Thị Tiên" - >"$OUT" 2>"$ERR"
RC=$?
expect "zbarimg --raw scan.png | kolb verify --name NAME -" 0 '^-: the name Lò Thị Tiên matches the record$'
printf 'QR-Code:%s\n' "$QM" | "$KOLB" verify --name "Lò Thị Hiên" - >"$OUT" 2>"$ERR"
RC=$?
expect "... one letter of the name different" 1 "^-: Lò Thị Hiên DOES NOT MATCH the record's learner\$"
run verify --name "  Lò   Thị	Tiên " "$QM"
expect "spaces and a tab around and between the words do not matter" 0 '^QR: the name .* matches the record$'
run verify --name "Lo Thi Tien" "$QM"
expect "the name without its accents does not match" 1 "^QR: Lo Thi Tien DOES NOT MATCH"
run verify --name "Lò Thị Tiến" "$QM"
expect "a different tone mark does not match" 1 "DOES NOT MATCH the record's learner"
NFD=$(printf 'Lo\314\200 Thi\314\243 Tie\314\202n')
check "the decomposed spelling is other bytes than the composed one" [ "$NFD" != "Lò Thị Tiên" ]
run verify --name "$NFD" "$QM"
expect "the same name decomposed (NFD) does not match: type it composed" 1 "DOES NOT MATCH"
run verify --name "Nguyễn Thị Thu Hường" "$QA"
expect "the adult's named record and her name" 0 '^QR: the name Nguyễn Thị Thu Hường matches the record$'
run verify --name "Nguyễn Thị Thu Hương" "$QA"
expect "the adult's record and a name one accent off" 1 \
    "^QR: Nguyễn Thị Thu Hương DOES NOT MATCH the record's learner\$"
run verify --name "Lò Thị Tiên" "$FM" "$QA"
expect "--name applies to each record: one matches, one does not: exit 1" 1
check "... four lines: verdict and name for each, in order" sh -c \
    "[ \$(wc -l <'$OUT') -eq 4 ] && sed -n 1p '$OUT' | grep -q '^$FM: valid' && sed -n 2p '$OUT' | grep -q '^$FM: the name Lò Thị Tiên matches the record\$' && sed -n 3p '$OUT' | grep -q '^QR: valid' && sed -n 4p '$OUT' | grep -q '^QR: Lò Thị Tiên DOES NOT MATCH'"
run verify --json --name "Lò Thị Tiên" "$QM" "$QA"
expect "verify --json --name" 1
check "verify --json --name: name_matches true for hers, false for the other" json_is \
    'len(d) == 2 and d[0]["name_matches"] is True and d[1]["name_matches"] is False and d[0]["verdict"] == d[1]["verdict"] == "valid"'
run verify --json --name "Lò Thị Tiên" 'KOLB1:%%%'
expect "verify --json --name of an invalid text" 1
check "... name_matches false, verdict invalid" json_is \
    'd[0]["verdict"] == "invalid" and d[0]["name_matches"] is False'
run verify --name "Lò Thị Tiên" 'KOLB1:%%%'
expect "an invalid text with --name: INVALID" 1 '^QR: INVALID: '
check "... and no name line" lines 1
run verify --name "Lò Thị Tiên" "$(compact --edit 'd["credentialSubject"]["identifier"][0]["salt"] = "00"' "$FM")"
expect "a record with its salt changed (so the hash no longer fits) is INVALID" 1 \
    '^QR: INVALID: .*signature does not match'
check "... no name line" lines 1
run verify --name "" "$QM"
expect "--name with an empty name is a usage error" 2 'name'
run verify --name "   " "$QM"
expect "--name with only spaces is a usage error" 2 'name'
run verify "$QM" --name
expect "--name without a value" 2 'name'

"$KOLB" --data-dir "$T/elsewhere" verify "$QM" >"$OUT" 2>"$ERR"
RC=$?
expect "on a computer that does not trust the issuer: valid, not trusted" 0 \
    "^QR: valid, but the issuer $DID .* is not in the trust list"

# --- invalid
QX=$(compact --edit 'd["credentialSubject"]["identifier"][0]["identityHash"] = "Nguyễn Thị Thu Hương"' "$FA")
verify_qr "a record whose name was changed, then encoded" 1 '^QR: INVALID: .*signature does not match' "$QX"
QX=$(compact --edit 'd["validFrom"] = "2026-11-01T09:00:00Z"' "$FM")
verify_qr "a record whose date was changed, then encoded" 1 '^QR: INVALID: .*signature does not match' "$QX"
QX=$(compact --edit 'del d["proof"]' "$FM")
verify_qr "a record without its proof, encoded" 1 '^QR: INVALID: .*proof' "$QX"
# one character in the middle of the text changed to another base45 character
QX=$(python3 -c '
import sys
A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
q = sys.argv[1]; i = len(q) // 2
print(q[:i] + A[(A.index(q[i]) + 1) % 45] + q[i + 1:])' "$QM")
check "the altered text differs from the original in one character" python3 -c \
    'import sys; a, b = sys.argv[1:]; sys.exit(0 if len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1 else 1)' \
    "$QM" "$QX"
verify_qr "a QR text with one character changed" 1 '^QR: INVALID: ' "$QX"
verify_stdin "... the same on standard input" 1 '^-: INVALID: ' "$QX"
verify_qr "garbage: KOLB1:%%%" 1 '^QR: INVALID: not valid base45: .*more than 65535' 'KOLB1:%%%'
verify_qr "lowercase base45" 1 "^QR: INVALID: not valid base45: 'a' at character 1" 'KOLB1:abc'
verify_qr "the prefix alone" 1 '^QR: INVALID: the compact record is empty' 'KOLB1:'
verify_qr "the text cut in half" 1 '^QR: INVALID: ' "$(printf '%s' "$QM" | head -c $((${#QM} / 2 / 3 * 3)))"
verify_qr "the text with one character cut off" 1 '^QR: INVALID: ' \
    "$(printf '%s' "$QM" | head -c $((${#QM} - 1)))"
verify_stdin "two QR codes in one scan" 1 '^-: INVALID: .*a line break' "QR-Code:$QM
QR-Code:$QA
"
# a decompression bomb: 10 MiB of zeros, about 15 000 characters of text
python3 - "$T/bomb.txt" <<'EOF'
import sys, zlib
A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
z = zlib.compress(bytes(10 * 1024 * 1024), 9)
s = "".join(A[(z[i] * 256 + z[i + 1]) // d % 45] for i in range(0, len(z) - 1, 2) for d in (1, 45, 2025))
if len(z) % 2:
    s += A[z[-1] % 45] + A[z[-1] // 45]
open(sys.argv[1], "w").write("KOLB1:" + s + "\n")
EOF
verify_qr "a decompression bomb as an argument" 1 '^QR: INVALID: .*more than 1 MiB' "$(cat "$T/bomb.txt")"
"$KOLB" verify - <"$T/bomb.txt" >"$OUT" 2>"$ERR"
RC=$?
expect "a decompression bomb on standard input" 1 '^-: INVALID: .*more than 1 MiB'
run verify "kolb1:$(printf '%s' "$QM" | cut -c7-)"
expect "a lowercase prefix is not the QR form (read as a file name)" 1 '^kolb1:.*: INVALID: cannot read it'

# --- revoked
run records revoke "$S" "$PA" --reason "Cấp nhầm: cô giáo không phải học viên"
expect "revoke the adult's record" 0 'is revoked'
verify_qr "a revoked record through its QR text" 1 \
    "^QR: REVOKED: revoked on $KOLB_NOW: Cấp nhầm: cô giáo không phải học viên\$" "$QA"
verify_stdin "... and from a scan" 1 '^-: REVOKED: ' "QR-Code:$QA
"
verify_qr "the minor's record is still valid" 0 '^QR: valid, issued by' "$QM"
run verify --name "Nguyễn Thị Thu Hường" "$QA"
expect "a revoked record of the right name: REVOKED, exit 1" 1 "^QR: REVOKED: "
check "... the name still checked against it" grep -q '^QR: the name Nguyễn Thị Thu Hường matches the record$' "$OUT"

check "database integrity" [ "$(sql 'PRAGMA integrity_check')" = ok ]
exit $e2e_failed
