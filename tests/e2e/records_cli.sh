#!/bin/sh
# End to end: completion records from the command line. An issuer and its key; a
# workshop with an adult who agreed to share her name, a minor, and someone who
# did not complete; the clock check before signing; records issued, written,
# re-issued byte for byte; verified offline; every kind of tampering refused;
# another organisation's records trusted only after `trust add`; revocation, and a
# revoked record replaced by issuing again.
. "$(dirname "$0")/lib.sh"
DB="$KOLB_HOME/kolb.db"
# A fixed clock (KOLB_NOW) in UTC, so that "today" is known: the date the
# facilitator must confirm is the clock's local date.
export TZ=UTC KOLB_NOW=2026-12-01T09:00:00Z
TODAY=2026-12-01
OTHER="$T/other"

sql() { sqlite3 "$DB" "$1"; }
json_is() {
	python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)" <"$OUT"
}
# py FILE... : run Python code (on stdin) with the files as sys.argv[1:].
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
# verify_rejects NAME REGEX FILE: kolb verify says INVALID (with REGEX), exits 1, no crash.
verify_rejects() {
	run verify "$3"
	expect "$1" 1 "^$3: INVALID: .*$2"
	check "$1: one verdict line" [ "$(wc -l <"$OUT")" -eq 1 ]
}

run pack install "$PACKS_DIR/sample-handwashing.tar.gz"
expect "install the sample pack" 0 'installed sample-handwashing'

# --- help
run --help
check "help lists issuer, trust, records, verify" sh -c \
    "grep -q '^  issuer ' '$OUT' && grep -q '^  trust ' '$OUT' && grep -q '^  records ' '$OUT' && grep -q '^  verify ' '$OUT'"
check "help stays last" sh -c "tail -n 6 '$OUT' | head -n 1 | grep -q '^  help '"
for c in issuer trust records verify; do
	run help $c
	expect "help $c" 0 "usage: kolb $c"
done

# --- the issuer
fails "issuer show before init" 1 'no issuer on this machine yet: run `kolb issuer init' issuer show
fails "issuer init without --name" 2 'needs --name and --country' issuer init --country VN
fails "issuer init with a country that is not a code" 1 'two-letter ISO code' \
    issuer init --name "Trung tâm" --country "Việt Nam"
fails "issuer init with a URL that is not one" 1 'must start with https://' \
    issuer init --name "Trung tâm" --url "ftp://x" --country VN
check "a refused init makes no key" [ ! -e "$KOLB_HOME/issuer.key" ]
run issuer init --name "Trung tâm Phát triển Cộng đồng Lào Cai" --url https://ttptcd.example.vn \
    --country VN
expect "issuer init" 0 '^did:key:z6Mk'
check "issuer init: the key file, its mode, backup, never share" sh -c \
    "grep -q 'issuer.key (mode 0600)' '$OUT' && grep -q 'Back it up' '$OUT' && grep -q 'never share' '$OUT'"
check "the key file is 0600" [ "$(stat -c %a "$KOLB_HOME/issuer.key")" = 600 ]
check "the key is not in the database" [ "$(sql "SELECT count(*) FROM settings WHERE value = '$(head -c 64 "$KOLB_HOME/issuer.key")'")" = 0 ]
DID=$(grep '^did:key:' "$OUT")
fails "issuer init again is refused" 1 'already exists; use --force' \
    issuer init --name "Khác" --country VN
run issuer show
expect "issuer show" 0 "did:key: +$DID"
check "issuer show: name, country, publicKeyMultibase, hex" sh -c \
    "grep -q 'Trung tâm Phát triển Cộng đồng Lào Cai' '$OUT' && grep -Eq '^Country: +VN' '$OUT' && grep -Eq '^publicKeyMultibase: +z6Mk' '$OUT' && grep -Eq '[0-9a-f]{64}$' '$OUT'"
run issuer show --json
expect "issuer show --json" 0 '"publicKeyMultibase"'
check "issuer show --json: did = did:key:publicKeyMultibase = the hex key" py "$OUT" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
A = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
mb = d["publicKeyMultibase"]
n = 0
for ch in mb[1:]:
    n = n * 58 + A.index(ch)
raw = n.to_bytes(34, "big")
sys.exit(0 if d["did"] == "did:key:" + mb and raw[:2] == b"\xed\x01"
         and raw[2:].hex() == d["publicKeyHex"] and d["country"] == "VN"
         and d["verificationMethod"] == d["did"] + "#" + mb and d["key_present"] else 1)
EOF
run trust list
expect "our own issuer is trusted" 0 "^$DID "

# --- a workshop: an adult who agreed to share her name, a minor (who also
# "agreed": a minor is never named), and a pupil who did not complete
run session new --pack sample-handwashing --title "Lớp rửa tay – Bản Lướt" --province "Lào Cai" \
    --commune "Bản Lướt" --date 2026-11-30 --facilitator "Nguyễn Thị Hoa"
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
for p in "$PA" "$PM" "$PN"; do
	run entry add "$S" --kind reflection --prompt what-happened --participant "$p" \
	    "Bột màu lan sang tay bạn rất nhanh"
done
run session phase "$S" application
for p in "$PA" "$PM"; do
	run entry add "$S" --kind action_plan --prompt i-will --participant "$p" \
	    "Rửa tay bằng xà phòng trước khi ăn và sau khi đi vệ sinh"
done
run session phase "$S" assessment
run assess "$S" "$PA" six-steps met
run assess "$S" "$PM" six-steps met
run session close "$S" --yes
expect "the workshop is run and closed" 0 "session $S closed"

# --- the clock check before signing
fails "issue without --date asks to confirm the date" 1 \
    "confirm today's date before signing \\(this computer says $TODAY\\): pass --date $TODAY" \
    records issue "$S"
fails "issue with a date that is not the clock's" 1 "you confirmed 2026-11-30 but this computer's clock says $TODAY" \
    records issue "$S" --date 2026-11-30
fails "issue with a date written wrongly" 2 'YYYY-MM-DD, not "01/12/2026"' \
    records issue "$S" --date 01/12/2026
KOLB_NOW=2026-01-01T08:00:00Z "$KOLB" records issue "$S" --date 2026-01-01 >"$OUT" 2>"$ERR"
RC=$?
expect "issue with a clock earlier than kolb's own records" 1 'the clock is wrong; set it before signing'
check "nothing was signed while refusing" [ "$(sql 'SELECT count(*) FROM credentials')" = 0 ]
fails "issue for a missing session" 1 'there is no session 999' records issue 999 --date "$TODAY"
fails "issue without a session" 2 'needs one session id' records issue --date "$TODAY"

# --- issuing
run records issue "$S" --date "$TODAY" -o "$T/rec"
expect "issue" 0 "2 records \\(2 new\\), 1 not issued; files in $T/rec"
check "issue: the adult's record is new" grep -Eq "^ +$PA +Nguyễn Thị Hoà +issued \\(new\\): urn:uuid:" "$OUT"
check "issue: the minor's record is new" grep -Eq "^ +$PM +Lò Thị Tiên +issued \\(new\\): urn:uuid:" "$OUT"
check "issue: says exactly what the third one misses" grep -Eq \
    "^ +$PN +Vàng A Sử +not issued: attended 0 of 1 day \\(needs 100%\\); no action plan recorded; outcome not yet met: Làm đúng sáu bước" "$OUT"
check "two files" [ "$(ls "$T/rec" | wc -l)" = 2 ]
check "file names are record-UUID.json" sh -c \
    "ls '$T/rec' | grep -Evc '^record-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.json\$' | grep -qx 0"
check "the folder is 0700, the files 0600" sh -c \
    "[ \$(stat -c %a '$T/rec') = 700 ] && [ \"\$(stat -c %a '$T/rec'/* | sort -u)\" = 600 ]"
run records list "$S" --json
expect "records list --json" 0 '"uid"'
UA=$(python3 -c "import json,sys; print([r['uid'] for r in json.load(sys.stdin) if r['participant_id'] == $PA][0])" <"$OUT")
UM=$(python3 -c "import json,sys; print([r['uid'] for r in json.load(sys.stdin) if r['participant_id'] == $PM][0])" <"$OUT")
FA="$T/rec/record-${UA#urn:uuid:}.json"
FM="$T/rec/record-${UM#urn:uuid:}.json"
check "records list --json: two records, none revoked" json_is \
    'len(d) == 2 and not any(r["revoked"] for r in d) and all(r["issued_at"] == "'"$KOLB_NOW"'" for r in d)'
check "the files are the stored documents plus a newline" sh -c \
    "\"\$KOLB\" records show '$UA' | cmp -s - '$FA' && \"\$KOLB\" records show '$UM' | cmp -s - '$FM'"
check "the file is the compact JSON that was signed, one newline at the end" py "$FA" <<'EOF'
import json, sys
b = open(sys.argv[1], "rb").read()
d = json.loads(b)
sys.exit(0 if b.endswith(b"}\n") and b.count(b"\n") == 1 and
         json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" == b else 1)
EOF
check "the adult is named, as she agreed" py "$FA" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
i = d["credentialSubject"]["identifier"]
sys.exit(0 if i == [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                     "identityHash": "Nguyễn Thị Hoà"}] else 1)
EOF
check "the minor's name is nowhere in her record (bytes)" sh -c \
    "! grep -q 'Tiên' '$FM' && ! grep -q 'Lò Thị' '$FM' && ! grep -qi 'ti\\\\u00ea' '$FM' && ! grep -q 'Páo' '$FM'"
check "the minor is identified by sha256(name + salt)" py "$FM" <<'EOF'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
i = d["credentialSubject"]["identifier"][0]
h = "sha256$" + hashlib.sha256(("Lò Thị Tiên" + i["salt"]).encode()).hexdigest()
sys.exit(0 if i["hashed"] is True and i["identityHash"] == h and len(i["salt"]) >= 32 else 1)
EOF
check "no learner's name in the database's file names" sh -c \
    "! find '$T/rec' '$KOLB_HOME' | grep -q -e 'Tiên' -e 'Hoà' -e 'Sử'"
check "the record is an Open Badges 3.0 credential signed with eddsa-jcs-2022 by our did" py "$FA" "$DID" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
did = sys.argv[2]
p = d["proof"]
a = d["credentialSubject"]["achievement"]
sys.exit(0 if d["@context"][0] == "https://www.w3.org/ns/credentials/v2"
         and d["@context"][1].startswith("https://purl.imsglobal.org/spec/ob/v3p0/context")
         and d["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
         and d["issuer"]["id"] == did and d["issuer"]["address"]["addressCountryCode"] == "VN"
         and d["validFrom"] == "2026-12-01T09:00:00Z"
         and p["type"] == "DataIntegrityProof" and p["cryptosuite"] == "eddsa-jcs-2022"
         and p["proofPurpose"] == "assertionMethod" and p["verificationMethod"].startswith(did + "#")
         and a["name"] == "Hoàn thành: Rửa tay bằng xà phòng" and a["inLanguage"] == "vi"
         else 1)
EOF
check "no record for the one who did not complete" \
    [ "$(sql "SELECT count(*) FROM credentials WHERE participant_id = $PN")" = 0 ]
check "issuing is in the audit trail" \
    [ "$(sql "SELECT count(*) FROM audit WHERE entity = 'credential' AND field = 'issued'")" = 2 ]

# --- a session where nobody completed: nothing signed, no folder
run session new --pack sample-handwashing --title "Buổi chưa xong" --date 2026-11-30
S2=$(cat "$OUT")
run participant add "$S2" --name "Sùng Thị Dợ" --age-group adult --share-name
run records issue "$S2" --date "$TODAY" -o "$T/none"
expect "issue where nobody completed" 0 'no record issued: nobody has completed the workshop yet \(1 not issued\)'
check "... makes no folder" [ ! -e "$T/none" ]

# --- verifying
run verify "$FA" "$FM"
expect "verify both" 0
check "verify: the adult's record, trusted, with the Vietnamese title" grep -qx \
    "$FA: valid, issued by Trung tâm Phát triển Cộng đồng Lào Cai (trusted) to Nguyễn Thị Hoà: Hoàn thành: Rửa tay bằng xà phòng" "$OUT"
check "verify: the minor's record, identified by a hash" grep -qx \
    "$FM: valid, issued by Trung tâm Phát triển Cộng đồng Lào Cai (trusted) to (identified by a hash): Hoàn thành: Rửa tay bằng xà phòng" "$OUT"
"$KOLB" verify - <"$FM" >"$OUT" 2>"$ERR"
RC=$?
expect "verify standard input" 0 '^-: valid, issued by .*\(trusted\)'
run verify --json "$FA" "$T/nothing.json"
expect "verify --json with one missing file" 1
check "verify --json: verdicts" json_is \
    '[r["verdict"] for r in d] == ["valid", "invalid"] and d[0]["learner"] == "Nguyễn Thị Hoà" and d[0]["issuer"] == "'"$DID"'" and "cannot read" in d[1]["reason"]'
fails "verify without files" 2 'needs at least one file' verify

# --- issuing again changes nothing
mkdir "$T/saved" && cp -p "$T/rec"/* "$T/saved/"
run records issue "$S" --date "$TODAY" -o "$T/rec"
expect "issue again" 0 '2 records \(0 new\), 1 not issued'
check "issue again: already issued" [ "$(grep -c 'already issued: urn:uuid:' "$OUT")" = 2 ]
check "issue again: the same files, the same bytes" sh -c \
    "[ \$(ls '$T/rec' | wc -l) = 2 ] && cmp -s '$FA' '$T/saved/${FA##*/}' && cmp -s '$FM' '$T/saved/${FM##*/}'"
run records issue "$S" --date "$TODAY" --json
expect "issue again to the default folder, --json" 0 '"not_issued"'
DEF="$KOLB_HOME/records/$(sql "SELECT uid FROM sessions WHERE id = $S")"
check "issue --json: who, what is missing, where" json_is \
    'sorted(r["participant_id"] for r in d["issued"]) == ['"$PA, $PM"'] and not any(r["new"] for r in d["issued"]) and d["not_issued"][0]["participant_id"] == '"$PN"' and len(d["not_issued"][0]["missing"]) == 3 and d["directory"] == "'"$DEF"'"'
check "the default folder has the same bytes" sh -c \
    "cmp -s '$FA' '$DEF/${FA##*/}' && cmp -s '$FM' '$DEF/${FM##*/}'"
check "still two records in the database" [ "$(sql 'SELECT count(*) FROM credentials')" = 2 ]

# --- the key must stay private; the session must not be open elsewhere
chmod 644 "$KOLB_HOME/issuer.key"
fails "issue with a key others can read" 1 'can be read by other users; run chmod 600' \
    records issue "$S" --date "$TODAY"
chmod 600 "$KOLB_HOME/issuer.key"
if command -v flock >/dev/null 2>&1; then
	UID_S=$(sql "SELECT uid FROM sessions WHERE id = $S")
	flock "$KOLB_HOME/locks/session-$UID_S.lock" sleep 3 &
	holder=$!
	sleep 0.5
	fails "issue while the session is open elsewhere" 1 'open in another kolb' \
	    records issue "$S" --date "$TODAY"
	wait $holder
fi

# --- tampering: each kind is reported, never crashes, exit 1
TM="$T/tamper"
mkdir "$TM"
sed 's/"identityHash":"Nguyễn/"identityHash":"Nguzễn/' "$FA" >"$TM/name.json"
check "tamper: the name changed by one byte" [ "$(cmp -l "$FA" "$TM/name.json" | wc -l)" = 1 ]
verify_rejects "tamper: the learner's name" 'signature does not match' "$TM/name.json"
sed 's/"validFrom":"2026-12-01T09:00:00Z"/"validFrom":"2026-12-01T08:00:00Z"/' "$FA" >"$TM/date.json"
check "tamper: validFrom changed by one byte" [ "$(cmp -l "$FA" "$TM/date.json" | wc -l)" = 1 ]
verify_rejects "tamper: validFrom" 'signature does not match' "$TM/date.json"
sed 's/"name":"Hoàn thành: Rửa tay/"name":"Hoàn thành: Rửa chân/' "$FA" >"$TM/title.json"
verify_rejects "tamper: the title" 'signature does not match' "$TM/title.json"
py "$FM" "$TM/hash.json" <<'EOF'
import sys
b = open(sys.argv[1], "rb").read()
i = b.index(b'"identityHash":"sha256$') + len(b'"identityHash":"sha256$')
b = b[:i] + (b"1" if b[i:i + 1] != b"1" else b"2") + b[i + 1:]
open(sys.argv[2], "wb").write(b)
EOF
verify_rejects "tamper: the minor's identity hash" 'signature does not match' "$TM/hash.json"
py "$FA" "$FM" "$TM/swapped.json" "$TM/swapped-proof.json" "$TM/rdfc.json" "$TM/noproof.json" \
    "$TM/issuer.json" "$TM/twoproofs.json" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))
m = json.load(open(sys.argv[2]))
def dump(d, f):
    open(f, "w").write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
x = json.loads(json.dumps(a)); x["proof"]["proofValue"] = m["proof"]["proofValue"]; dump(x, sys.argv[3])
x = json.loads(json.dumps(a)); x["proof"] = m["proof"]; dump(x, sys.argv[4])
x = json.loads(json.dumps(a)); x["proof"]["cryptosuite"] = "eddsa-rdfc-2022"; dump(x, sys.argv[5])
x = json.loads(json.dumps(a)); del x["proof"]; dump(x, sys.argv[6])
x = json.loads(json.dumps(a)); x["issuer"]["id"] = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"; dump(x, sys.argv[7])
s = json.dumps(a, ensure_ascii=False, separators=(",", ":"))
p = json.dumps(m["proof"], ensure_ascii=False, separators=(",", ":"))
open(sys.argv[8], "w").write(s[:-1] + ',"proof":' + p + "}\n")
EOF
verify_rejects "tamper: the other record's proofValue" 'signature does not match' "$TM/swapped.json"
verify_rejects "tamper: the other record's whole proof" 'signature does not match' "$TM/swapped-proof.json"
verify_rejects "tamper: another cryptosuite" 'eddsa-rdfc-2022|cryptosuite' "$TM/rdfc.json"
verify_rejects "tamper: the proof removed" 'proof' "$TM/noproof.json"
verify_rejects "tamper: another issuer" 'signature|issuer' "$TM/issuer.json"
verify_rejects "tamper: a second proof member" 'duplicate' "$TM/twoproofs.json"
head -c 300 "$FA" >"$TM/cut.json"
verify_rejects "malformed JSON (cut short)" 'not valid JSON' "$TM/cut.json"
head -c 4096 /dev/urandom >"$TM/binary.bin"
verify_rejects "a binary file" 'not valid JSON' "$TM/binary.bin"
: >"$TM/empty.json"
verify_rejects "an empty file" 'not valid JSON' "$TM/empty.json"
echo '[]' >"$TM/array.json"
verify_rejects "a JSON array" 'not a JSON object' "$TM/array.json"
echo '{"@context":7}' >"$TM/object.json"
verify_rejects "an object that is not a credential" 'Open Badges' "$TM/object.json"
head -c 200000 /dev/zero | tr '\0' '[' >"$TM/deep.json"
verify_rejects "deeply nested JSON" 'not valid JSON' "$TM/deep.json"
head -c 2000000 /dev/zero | tr '\0' ' ' >"$TM/huge.json"
verify_rejects "a file over 1 MiB" 'too large' "$TM/huge.json"
{ cat "$FA"; printf '\000{"x":1}'; } >"$TM/nul.json"
verify_rejects "a record followed by a NUL and more" 'not valid JSON' "$TM/nul.json"
verify_rejects "a missing file" 'cannot read' "$TM/missing.json"
verify_rejects "a folder" 'folder' "$TM"
run verify "$FA" "$TM/name.json" "$FM"
expect "verify a good, a bad and a good file" 1
check "... one line each, the good ones valid" sh -c \
    "[ \$(wc -l <'$OUT') = 3 ] && [ \$(grep -c ': valid, issued by' '$OUT') = 2 ] && grep -q 'name.json: INVALID' '$OUT'"
check "the originals still verify after all that" sh -c "\"\$KOLB\" verify '$FA' '$FM' >/dev/null"

# --- another organisation's records: valid, but not trusted until trust add
kolb_other() { "$KOLB" --data-dir "$OTHER" "$@"; }
kolb_other pack install "$PACKS_DIR/sample-handwashing.tar.gz" >/dev/null 2>&1
kolb_other issuer init --name "Hội Liên hiệp Phụ nữ xã Tả Van" --country VN >"$OUT" 2>"$ERR"
ODID=$(grep '^did:key:' "$OUT")
check "another data folder has another issuer" [ -n "$ODID" ] && [ "$ODID" != "$DID" ]
OS=$(kolb_other session new --pack sample-handwashing --lang en --title "Họp phụ huynh Tả Van" \
    --date 2026-11-30)
OP=$(kolb_other participant add "$OS" --name "Giàng Thị Mai" --age-group adult --share-name)
kolb_other attend "$OS" --day 1 "$OP" >/dev/null
kolb_other entry add "$OS" --kind reflection --prompt what-happened --participant "$OP" \
    "Glitter went everywhere" >/dev/null
kolb_other entry add "$OS" --kind action_plan --prompt i-will --participant "$OP" \
    "Wash with soap before meals" >/dev/null
kolb_other assess "$OS" "$OP" six-steps met >/dev/null
kolb_other records issue "$OS" --date "$TODAY" -o "$T/other-rec" >"$OUT" 2>"$ERR"
RC=$?
expect "the other organisation issues a record" 0 '1 record \(1 new\), 0 not issued'
FO=$(ls "$T"/other-rec/record-*.json)
run verify "$FO"
expect "another issuer's record: valid but not trusted (exit 0)" 0 \
    "^$FO: valid, but the issuer $ODID \\(\"Hội Liên hiệp Phụ nữ xã Tả Van\"\\) is not in the trust list"
check "... and it names the learner and the English title" grep -q 'Giàng Thị Mai: Completed: Handwashing with soap' "$OUT"
fails "trust add of something that is not a did:key" 1 'not an Ed25519 did:key' \
    trust add "did:web:example.org"
fails "trust add without a did" 2 'needs one did:key' trust add
run trust add "$ODID" --name "Hội LHPN xã Tả Van"
expect "trust add" 0 "trusted $ODID \\(Hội LHPN xã Tả Van\\)"
run verify "$FO"
expect "after trust add: trusted" 0 "^$FO: valid, issued by Hội LHPN xã Tả Van \\(trusted\\) to Giàng Thị Mai"
run trust remove "$ODID"
expect "trust remove" 0 "no longer trusted: $ODID"
run verify "$FO"
expect "after trust remove: unknown issuer again" 0 "is not in the trust list"
fails "trust remove of an issuer not trusted" 1 'is not in the trust list' trust remove "$ODID"
run trust add "$ODID" --name "Hội LHPN xã Tả Van"
run trust list --json
check "trust list --json: both issuers" json_is \
    'sorted(e["did"] for e in d) == sorted(["'"$DID"'", "'"$ODID"'"]) and [e["name"] for e in d if e["did"] == "'"$ODID"'"] == ["Hội LHPN xã Tả Van"]'
kolb_other verify "$FA" >"$OUT" 2>"$ERR"
RC=$?
expect "our record elsewhere: valid, not trusted there" 0 'is not in the trust list'

# --- revocation
fails "revoke without --reason" 2 'needs --reason' records revoke "$S" "$PA"
fails "revoke someone without a record" 1 "participant $PN of session $S has no record" \
    records revoke "$S" "$PN" --reason "nhầm"
fails "revoke a participant who does not exist" 1 "there is no participant 9999" \
    records revoke "$S" 9999 --reason "nhầm"
run records revoke "$S" "$PA" --reason "Cấp nhầm: học viên vắng buổi chiều"
expect "revoke" 0 "the record of Nguyễn Thị Hoà \\($PA\\) is revoked: Cấp nhầm"
check "revoke: says it stays withdrawn, and how to replace it" sh -c \
    "grep -qF 'It stays withdrawn.' '$OUT' && grep -qF 'kolb records issue $S --replace $PA --date YYYY-MM-DD' '$OUT'"
run verify "$FA" "$FM"
expect "verify a revoked record: exit 1" 1 "^$FA: REVOKED: revoked on $KOLB_NOW: Cấp nhầm: học viên vắng buổi chiều$"
check "the other record is still valid" grep -q "^$FM: valid, issued by" "$OUT"
fails "revoke again" 1 'already revoked on' records revoke "$S" "$PA" --reason "lần nữa"
run records list "$S"
expect "records list shows the revocation" 0 "REVOKED on $KOLB_NOW: Cấp nhầm"
check "records list: two lines" [ "$(wc -l <"$OUT")" = 2 ]

# --- issuing again does not replace a revoked record ...
run records issue "$S" --date "$TODAY" -o "$T/rec"
expect "issuing again after a revocation: hers stays withdrawn" 0 \
    '1 record \(0 new\), 2 not issued'
check "... and the output says how to replace it" \
    grep -Eq "^ +$PA +Nguyễn Thị Hoà +not issued: the record was revoked; to sign a new one: kolb records issue $S --replace $PA" "$OUT"
fails "--replace needs a participant id" 2 'participant id' records issue "$S" --date "$TODAY" --replace x
# --- ... --replace does: a new record; the old one stays revoked
run records issue "$S" --date "$TODAY" --replace "$PA" -o "$T/rec"
expect "--replace after a revocation signs a new record for her only" 0 \
    '2 records \(1 new\), 1 not issued'
check "... hers is new, the minor's already issued" sh -c \
    "grep -Eq '^ +$PA +Nguyễn Thị Hoà +issued \\(new\\): urn:uuid:' '$OUT' && grep -Eq '^ +$PM +Lò Thị Tiên +already issued: $UM\$' '$OUT'"
UA2=$(sql "SELECT uid FROM credentials WHERE participant_id = $PA AND revoked_at IS NULL")
FA2="$T/rec/record-${UA2#urn:uuid:}.json"
check "a new record id and file; the old file unchanged" sh -c \
    "[ -n '$UA2' ] && [ '$UA2' != '$UA' ] && [ -f '$FA2' ] && cmp -s '$FA' '$T/saved/${FA##*/}' && [ \$(ls '$T/rec' | wc -l) = 3 ]"
run verify "$FA" "$FA2" "$FM"
expect "verify: the old record is still REVOKED" 1 "^$FA: REVOKED: revoked on $KOLB_NOW: Cấp nhầm"
check "verify: the new one is valid, with her name" \
    grep -q "^$FA2: valid, issued by .* (trusted) to Nguyễn Thị Hoà: Hoàn thành" "$OUT"
run records list "$S"
expect "records list after issuing again" 0
check "records list: all three, hers in order (the revoked one, then the new one)" sh -c \
    "[ \$(wc -l <'$OUT') = 3 ] && grep -n '$UA' '$OUT' | grep -q '^1:.*REVOKED on' && grep -n '$UA2' '$OUT' | grep -v REVOKED | grep -q '^2:'"
run records list "$S" --json
check "records list --json: three records, hers revoked then not" json_is \
    '[(r["uid"], r["revoked"]) for r in d if r["participant_id"] == '"$PA"'] == [("'"$UA"'", True), ("'"$UA2"'", False)] and len(d) == 3'
run records show "$UA"
expect "records show of the revoked record" 0 '"proof"'
check "... its stored bytes" sh -c "\"\$KOLB\" records show '$UA' | cmp -s - '$FA'"
run records issue "$S" --date "$TODAY" -o "$T/rec"
expect "issuing once more without a revocation: no new record" 0 '2 records \(0 new\)'
check "... and the new file is unchanged" sh -c "\"\$KOLB\" records show '$UA2' | cmp -s - '$FA2'"
run records revoke "$S" "$PA" --reason "Lần hai: sai ngày"
expect "revoke revokes the current record" 0 'is revoked: Lần hai'
run verify "$FA2"
expect "... the new one is now revoked" 1 "^$FA2: REVOKED: revoked on $KOLB_NOW: Lần hai"
run verify "$FA"
expect "... the first keeps its reason" 1 "^$FA: REVOKED: revoked on $KOLB_NOW: Cấp nhầm"
fails "revoke when every record is revoked" 1 'already revoked on' \
    records revoke "$S" "$PA" --reason "lần ba"
check "one unrevoked record at most, per participant" \
    [ "$(sql "SELECT count(*) FROM (SELECT participant_id FROM credentials WHERE revoked_at IS NULL GROUP BY participant_id HAVING count(*) > 1)")" = 0 ]

# --- records show
run records show "${UM#urn:uuid:}"
expect "records show by bare uuid" 0 '"proof"'
run records show "${FM##*/}"
expect "records show by file name" 0 '"proof"'
fails "records show of an unknown record" 1 'there is no record urn:uuid:nope' records show nope
fails "records list of a missing session" 1 'there is no session 999' records list 999
fails "records without subcommand" 2 'needs a subcommand' records
fails "records with an unknown subcommand" 2 'unknown records subcommand "sign"' records sign

check "database integrity" [ "$(sql 'PRAGMA integrity_check')" = ok ]
exit $e2e_failed
