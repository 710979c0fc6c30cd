#!/bin/sh
# End to end: printed certificates and the class list. A workshop in Vietnamese with
# an adult who shares her name, a minor (named on paper, only hashed in her record)
# and a pupil who did not complete; `kolb records print` refused before any record;
# the PDF read back with poppler (pdftotext: the Vietnamese name, title, place and
# dates intact; pdfinfo: pages and paper size; pdffonts: Noto embedded); every QR
# code rendered at 300 dpi, read back with zbarimg and verified offline, on A4 and
# A5; a QR text changed by one character refused; --participant; revoked records
# left out; a renamed participant's record left out until it is revoked and issued
# again (then printed in the new name, its QR proving that name); the class list
# with every participant and their status; an English session; output that cannot
# be written leaving nothing behind; 40 participants in
# one PDF; the organisation's logo; and the Close screen's `p` key in the TUI.
. "$(dirname "$0")/lib.sh"
DB="$KOLB_HOME/kolb.db"
export TZ=UTC KOLB_NOW=2026-12-01T09:00:00Z
TODAY=2026-12-01

sql() { sqlite3 "$DB" "$1"; }
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
# text PDF [FIRST LAST]: the PDF's text (pdftotext), pages FIRST..LAST.
text() {
	if [ $# -eq 3 ]; then pdftotext -q -f "$2" -l "$3" "$1" -; else pdftotext -q "$1" -; fi
}
has() { text "$1" | tr '\n' ' ' | grep -qF -- "$2"; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
paper() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *//p'; }
# qr PDF PAGE OUT: render the page at 300 dpi and read its QR code's text into OUT.
qr() {
	rm -f "$T"/qr-*.png
	pdftoppm -r 300 -png -f "$2" -l "$2" "$1" "$T/qr" &&
	    zbarimg --raw -q "$(ls "$T"/qr-*.png | head -n 1)" >"$3" 2>/dev/null
}
verify_stdin() { # verify_stdin FILE: kolb verify - < FILE, into $OUT/$ERR/$RC
	"$KOLB" verify - <"$1" >"$OUT" 2>"$ERR"
	RC=$?
}

for tool in pdftotext pdfinfo pdftoppm pdffonts pdfimages zbarimg fc-match sqlite3 python3; do
	command -v "$tool" >/dev/null 2>&1 || fail "tool $tool is installed (scripts/deps.sh)"
done

run pack install "$PACKS_DIR/sample-handwashing.tar.gz"
expect "install the sample pack" 0 'installed sample-handwashing'
run issuer init --name "Trung tâm Phát triển Cộng đồng Đắk Lắk" --url https://example.org \
    --country VN
expect "issuer init" 0 '^did:key:z6Mk'

# --- help
run help records
expect "help records shows print" 0 'kolb records print SESSION \[-o FILE.pdf\] \[--size A4\|A5\]'
check "help records shows the class list" grep -q -- '--class-list' "$OUT"
run help issuer
expect "help issuer shows logo" 0 'kolb issuer logo FILE.png \| --remove'

# --- the workshop: Vietnamese, two facilitators, a commune in Đắk Lắk
run session new --pack sample-handwashing --title "Rửa tay đến khuỷu tay" --province "Đắk Lắk" \
    --commune "Ea Kao" --date 2026-11-30 --facilitator "Nguyễn Thị Hoa" --facilitator "H'Hen Niê"
S=$(cat "$OUT")
run participant add "$S" --name "Nguyễn Thị Hoà" --gender female --age-group adult \
    --consent given --share-name
PA=$(cat "$OUT")
run participant add "$S" --name "Lò Thị Tiên" --gender female --age-group child --minor \
    --consent given --consent-by "Lò Văn Páo" --share-name
PM=$(cat "$OUT")
run participant add "$S" --name "Vàng A Sử" --gender male --age-group child --minor
PN=$(cat "$OUT")
run attend "$S" --day 1 "$PA" "$PM"
run attend "$S" --day 1 --absent "$PN"
run session phase "$S" reflection
for p in "$PA" "$PM" "$PN"; do
	run entry add "$S" --kind reflection --prompt what-happened --participant "$p" \
	    "Bột màu lan đến tận khuỷu tay bạn"
done
run session phase "$S" application
for p in "$PA" "$PM"; do
	run entry add "$S" --kind action_plan --prompt i-will --participant "$p" \
	    "Rửa tay bằng xà phòng trước khi ăn"
done
run session phase "$S" assessment
run assess "$S" "$PA" six-steps met
run assess "$S" "$PM" six-steps met
run session close "$S" --yes
expect "the workshop is run and closed" 0 "session $S closed"

# --- before any record: no certificates, but a class list
fails "print before any record is issued" 1 "session $S has no completion records to print" \
    records print "$S"
check "... writes no file" [ -z "$(ls -A "$KOLB_HOME/print" 2>/dev/null)" ]
run records print "$S" --class-list -o "$T/list0.pdf"
expect "class list before any record" 0 "class list of session $S \\(1 page\\): $T/list0.pdf"
check "... lists all three participants" sh -c "pdftotext -q '$T/list0.pdf' - | grep -qF 'Nguyễn Thị Hoà' && pdftotext -q '$T/list0.pdf' - | grep -qF 'Lò Thị Tiên' && pdftotext -q '$T/list0.pdf' - | grep -qF 'Vàng A Sử'"

run records issue "$S" --date "$TODAY" -o "$T/rec"
expect "issue the records" 0 '2 records \(2 new\), 1 not issued'
UA=$(sql "SELECT uid FROM credentials WHERE participant_id = $PA")
UM=$(sql "SELECT uid FROM credentials WHERE participant_id = $PM")
NA=$(echo "${UA#urn:uuid:}" | cut -c1-8 | tr a-f A-F)
NM=$(echo "${UM#urn:uuid:}" | cut -c1-8 | tr a-f A-F)

# --- the certificates, A4, to the default file
DEF="$KOLB_HOME/print/session-$S-certificates.pdf"
run records print "$S"
expect "print to the default file" 0 "^2 certificates printed: $DEF\$"
check "print: says who has no record" grep -q '^1 participant has no record' "$OUT"
check "one page per record" [ "$(pages "$DEF")" = 2 ]
check "A4 paper" sh -c "pdfinfo '$DEF' | grep -q 'Page size: *595.276 x 841.89 pts (A4)'"
check "the PDF is 0600 (it names minors)" [ "$(stat -c %a "$DEF")" = 600 ]
check "no temporary file left in DATA/print" [ "$(ls -A "$KOLB_HOME/print")" = "session-$S-certificates.pdf" ]
check "pdftotext: the learner's Vietnamese name, exactly" has "$DEF" "Nguyễn Thị Hoà"
check "pdftotext: the credential's title, exactly" has "$DEF" "Hoàn thành: Rửa tay bằng xà phòng"
check "pdftotext: the pack's learning outcome" has "$DEF" "Làm đúng sáu bước rửa tay bằng xà phòng trong ít nhất 20 giây."
check "pdftotext: place with Vietnamese diacritics" has "$DEF" "Ea Kao, Đắk Lắk"
check "pdftotext: the date as Vietnamese write it" has "$DEF" "30/11/2026"
check "pdftotext: the workload with a decimal comma" has "$DEF" "1,5"
check "pdftotext: the facilitators" has "$DEF" "Nguyễn Thị Hoa, H'Hen Niê"
check "pdftotext: the issuing organisation" has "$DEF" "Trung tâm Phát triển Cộng đồng Đắk Lắk"
check "pdftotext: the record number and the full record id" sh -c \
    "pdftotext -q -f 1 -l 1 '$DEF' - | grep -qx '$NA' && pdftotext -q -f 1 -l 1 '$DEF' - | tr -d '\\n' | grep -qF '${UA#urn:uuid:}'"
check "the minor's name is on her page" sh -c "pdftotext -q -f 2 -l 2 '$DEF' - | grep -qF 'Lò Thị Tiên'"
check "... and not in her signed record" sh -c "! \"\$KOLB\" records show '$UM' | grep -q 'Tiên'"
check "Noto Serif and Noto Sans embedded" sh -c \
    "pdffonts '$DEF' | grep -q 'NotoSerif-Bold.* yes yes yes' && pdffonts '$DEF' | grep -q 'NotoSans-Regular.* yes yes yes'"
check "fontconfig: Noto Serif is installed and covers ễ ắ ỷ" sh -c \
    "fc-match -f '%{family}' 'Noto Serif:charset=1ec5 1eaf 1ef7' | grep -q 'Noto Serif'"

# --- the QR codes: read back at 300 dpi, verified offline
if qr "$DEF" 1 "$T/qr1.txt"; then pass "QR code on page 1 read at 300 dpi"; else fail "QR code on page 1 read at 300 dpi"; fi
check "the QR holds the compact form" grep -q '^KOLB1:[0-9A-Z $%*+./:-]*$' "$T/qr1.txt"
verify_stdin "$T/qr1.txt"
expect "the scanned QR verifies" 0 \
    "^-: valid, issued by Trung tâm Phát triển Cộng đồng Đắk Lắk \\(trusted\\) to Nguyễn Thị Hoà: Hoàn thành: Rửa tay bằng xà phòng\$"
if qr "$DEF" 2 "$T/qr2.txt"; then pass "QR code on page 2 read"; else fail "QR code on page 2 read"; fi
verify_stdin "$T/qr2.txt"
expect "the minor's QR verifies, identified by a hash" 0 '^-: valid, .* to \(identified by a hash\): '
check "the two codes differ" sh -c "! cmp -s '$T/qr1.txt' '$T/qr2.txt'"
# The paper names the minor; her record proves that name only through its hash.
"$KOLB" verify --name "Lò Thị Tiên" - <"$T/qr2.txt" >"$OUT" 2>"$ERR"
RC=$?
expect "the name printed on the minor's page matches her record's hash" 0 'the name Lò Thị Tiên matches the record'
"$KOLB" verify --name "Lò Thị Tiến" - <"$T/qr2.txt" >"$OUT" 2>"$ERR"
RC=$?
expect "another name does not" 1 'DOES NOT MATCH'
# One character changed in the middle, then one near the end.
python3 - "$T/qr1.txt" "$T/bad1.txt" 600 <<'EOF'
import sys
t = open(sys.argv[1]).read().strip()
i = int(sys.argv[3])
a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
t = t[:i] + a[(a.index(t[i]) + 1) % 45] + t[i + 1:]
open(sys.argv[2], "w").write(t + "\n")
EOF
check "tamper: one character changed" [ "$(cmp -l "$T/qr1.txt" "$T/bad1.txt" 2>/dev/null | wc -l)" = 1 ]
verify_stdin "$T/bad1.txt"
expect "tamper: a QR text with one character changed does not verify" 1 '^-: INVALID: '
python3 - "$T/qr1.txt" "$T/bad2.txt" <<'EOF'
import sys
t = open(sys.argv[1]).read().strip()
i = len(t) - 5
a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
t = t[:i] + a[(a.index(t[i]) + 7) % 45] + t[i + 1:]
open(sys.argv[2], "w").write(t + "\n")
EOF
verify_stdin "$T/bad2.txt"
expect "tamper: a change near the end does not verify either" 1 '^-: INVALID: '

# --- A5, one participant, sizes and mistakes
run records print "$S" --size A5 -o "$T/a5.pdf"
expect "print on A5" 0 "2 certificates printed: $T/a5.pdf"
check "A5 paper" sh -c "pdfinfo '$T/a5.pdf' | grep -q 'Page size: *419.528 x 595.276 pts'"
if qr "$T/a5.pdf" 1 "$T/qr5.txt"; then pass "A5: QR read at 300 dpi"; else fail "A5: QR read at 300 dpi"; fi
verify_stdin "$T/qr5.txt"
expect "A5: the scanned QR verifies" 0 '^-: valid, .* to Nguyễn Thị Hoà: '
if qr "$T/a5.pdf" 2 "$T/qr6.txt"; then pass "A5: QR on page 2 read"; else fail "A5: QR on page 2 read"; fi
run records print "$S" --participant "$PA" -o "$T/one.pdf"
expect "--participant prints one page" 0 "^1 certificate printed: $T/one.pdf\$"
check "--participant: one page, hers" sh -c "[ \"\$(pdfinfo '$T/one.pdf' | awk '/^Pages:/ {print \$2}')\" = 1 ] && pdftotext -q '$T/one.pdf' - | grep -qF 'Nguyễn Thị Hoà' && ! pdftotext -q '$T/one.pdf' - | grep -qF 'Tiên'"
fails "--participant without a record" 1 "participant $PN has no completion record in session $S" \
    records print "$S" --participant "$PN" -o "$T/none.pdf"
fails "--participant of nobody" 1 "participant 9999 has no completion record" \
    records print "$S" --participant 9999 -o "$T/none.pdf"
check "... writes nothing" [ ! -e "$T/none.pdf" ]
fails "--participant that is not a number" 2 'participant' records print "$S" --participant abc
fails "--size A3" 2 '--size must be A4 or A5, not "A3"' records print "$S" --size A3
fails "--class-list with --size" 2 'takes neither --size nor --participant' \
    records print "$S" --class-list --size A5
fails "print without a session" 2 'records print needs one session id' records print
fails "print a session that does not exist" 1 'there is no session 999' records print 999

# --- output that cannot be written leaves nothing behind
fails "print into a folder that does not exist" 1 "cannot write $T/nowhere/c.pdf" \
    records print "$S" -o "$T/nowhere/c.pdf"
echo x >"$T/afile"
fails "print under a file" 1 'cannot write .*Not a directory' records print "$S" -o "$T/afile/c.pdf"
mkdir "$T/adir"
fails "print onto a folder" 1 'is a folder, not a file name' records print "$S" -o "$T/adir"
check "... the folder stays empty" [ -z "$(ls -A "$T/adir")" ]
check "no temporary files anywhere" [ -z "$(find "$T" -name '.*.pdf.*')" ]
echo "an older print" >"$T/keep.pdf"
fails "a refused print" 1 'has no completion record' \
    records print "$S" --participant "$PN" -o "$T/keep.pdf"
check "... leaves the old file as it was" [ "$(cat "$T/keep.pdf")" = "an older print" ]
run records print "$S" -o "$T/keep.pdf"
expect "a later print" 0 'certificates printed'
check "... replaces it whole" sh -c "head -c 5 '$T/keep.pdf' | grep -q '%PDF-' && tail -c 10 '$T/keep.pdf' | grep -q '%%EOF'"

# --- the class list
run records print "$S" --class-list
LIST="$KOLB_HOME/print/session-$S-class-list.pdf"
expect "class list to the default file" 0 "class list of session $S \\(1 page\\): $LIST"
check "class list: one A4 page" sh -c "[ \"\$(pdfinfo '$LIST' | awk '/^Pages:/ {print \$2}')\" = 1 ] && pdfinfo '$LIST' | grep -q '(A4)'"
check "class list: the session's title (khuỷu), the credential" sh -c \
    "pdftotext -q '$LIST' - | grep -qF 'Rửa tay đến khuỷu tay' && pdftotext -q '$LIST' - | grep -qF 'Hoàn thành: Rửa tay bằng xà phòng'"
check "class list: every participant" sh -c \
    "pdftotext -q '$LIST' - | grep -qF 'Nguyễn Thị Hoà' && pdftotext -q '$LIST' - | grep -qF 'Lò Thị Tiên' && pdftotext -q '$LIST' - | grep -qF 'Vàng A Sử'"
check "class list: the record numbers" sh -c "pdftotext -q '$LIST' - | grep -qx '$NA' && pdftotext -q '$LIST' - | grep -qx '$NM'"

# --- a name corrected after the record was issued: that paper would not match its
# QR code (verify --name would refuse it), so it is not printed, and kolb says why
run participant edit "$PA" --name "Nguyễn Thị Hoà Bình"
run records print "$S" -o "$T/renamed.pdf"
expect "print after a rename: the others are printed" 0 '^1 certificate printed'
check "... the renamed one is left out, with a warning" sh -c \
    "grep -q 'warning: 1 certificate is not printed: the participant.s name was changed' '$ERR' && ! pdftotext -q '$T/renamed.pdf' - | grep -qF 'Hoà Bình'"
check "... which says what to do" grep -qF \
    "revoke the record (\`kolb records revoke $S $PA --reason ...\`), then \`kolb records issue $S --replace $PA --date YYYY-MM-DD\`" "$ERR"
fails "--participant of a renamed participant" 1 \
    "name was changed after the record was issued.*nothing printed: revoke the record \\(\`kolb records revoke $S $PA --reason \\.\\.\\.\`\\), then \`kolb records issue $S --replace $PA\`" \
    records print "$S" --participant "$PA" -o "$T/none.pdf"
check "... and no file is left" [ ! -e "$T/none.pdf" ]
run participant edit "$PA" --name "Nguyễn Thị Hoà"
run records print "$S" -o "$T/back.pdf"
expect "the name put back: printed again" 0 '^2 certificates printed'

# --- the name corrected for good: the record is revoked and issued again with the new
# name, and that certificate is printed; its QR code proves the new name
run participant edit "$PA" --name "Nguyễn Thị Hoà Bình"
run records revoke "$S" "$PA" --reason "Sai tên: Nguyễn Thị Hoà → Nguyễn Thị Hoà Bình"
expect "revoke the record with the misspelt name" 0 'is revoked: Sai tên'
run records issue "$S" --date "$TODAY" --replace "$PA" -o "$T/rec"
expect "issue again with --replace: a new record for her only" 0 '2 records \(1 new\), 1 not issued'
check "... in her new name" grep -Eq "^ +$PA +Nguyễn Thị Hoà Bình +issued \\(new\\): urn:uuid:" "$OUT"
UA2=$(sql "SELECT uid FROM credentials WHERE participant_id = $PA AND revoked_at IS NULL")
NA2=$(echo "${UA2#urn:uuid:}" | cut -c1-8 | tr a-f A-F)
check "a new record number" sh -c "[ -n '$NA2' ] && [ '$NA2' != '$NA' ]"
run records print "$S" -o "$T/fixed.pdf"
expect "print after issuing again: both certificates" 0 '^2 certificates printed'
check "... no warning, nothing revoked left out" sh -c "[ ! -s '$ERR' ] && ! grep -q revoked '$OUT'"
check "... her page has the new name and the new record number" sh -c \
    "pdftotext -q -f 1 -l 1 '$T/fixed.pdf' - | grep -qx 'Nguyễn Thị Hoà Bình' && pdftotext -q -f 1 -l 1 '$T/fixed.pdf' - | grep -qx '$NA2' && ! pdftotext -q '$T/fixed.pdf' - | grep -qx '$NA'"
if qr "$T/fixed.pdf" 1 "$T/qrfix.txt"; then pass "the new certificate's QR reads"; else fail "the new certificate's QR reads"; fi
"$KOLB" verify --name "Nguyễn Thị Hoà Bình" - <"$T/qrfix.txt" >"$OUT" 2>"$ERR"
RC=$?
expect "its QR verifies with the new name" 0 'the name Nguyễn Thị Hoà Bình matches the record'
check "... valid, trusted" grep -q '^-: valid, issued by .* (trusted) to Nguyễn Thị Hoà Bình: ' "$OUT"
"$KOLB" verify --name "Nguyễn Thị Hoà" - <"$T/qrfix.txt" >"$OUT" 2>"$ERR"
RC=$?
expect "... and not with the old one" 1 'DOES NOT MATCH'
verify_stdin "$T/qr1.txt"
expect "the old certificate's QR is now REVOKED" 1 '^-: REVOKED: revoked on .*: Sai tên'
run records print "$S" --participant "$PA" -o "$T/fixed-one.pdf"
expect "--participant prints her new certificate" 0 '^1 certificate printed'
run records print "$S" --class-list -o "$T/list-fixed.pdf"
expect "class list after issuing again" 0 'class list'
check "class list: her new name, completed, with the new record number" sh -c \
    "pdftotext -q '$T/list-fixed.pdf' - | grep -qF 'Nguyễn Thị Hoà Bình' && pdftotext -q '$T/list-fixed.pdf' - | grep -qx '$NA2' && pdftotext -q '$T/list-fixed.pdf' - | grep -qx 'Hoàn thành'"
check "class list: the note names the record it replaces; nobody revoked" sh -c \
    "pdftotext -q '$T/list-fixed.pdf' - | tr '\\n' ' ' | grep -qF '$NA' && ! pdftotext -q '$T/list-fixed.pdf' - | grep -qx 'Đã thu hồi' && pdftotext -q '$T/list-fixed.pdf' - | tr '\\n' ' ' | grep -qF '3 học viên: 2 hoàn thành, 1 chưa hoàn thành, 0 đã thu hồi'"

# --- revocation: the record is not printed, the class list says so
run records revoke "$S" "$PM" --reason "Cấp nhầm: vắng buổi chiều"
expect "revoke the minor's record" 0 'is revoked'
run records print "$S" -o "$T/after.pdf"
expect "print after a revocation" 0 '^1 certificate printed'
check "... says the revoked record is not printed" grep -q '^1 revoked record is not printed' "$OUT"
check "... one page, without her" sh -c "[ \"\$(pdfinfo '$T/after.pdf' | awk '/^Pages:/ {print \$2}')\" = 1 ] && ! pdftotext -q '$T/after.pdf' - | grep -qF 'Tiên'"
fails "--participant of a revoked record" 1 "the record of participant $PM is revoked" \
    records print "$S" --participant "$PM" -o "$T/none.pdf"
run records print "$S" --class-list -o "$T/list2.pdf"
check "class list: the revocation and its reason" sh -c "pdftotext -q '$T/list2.pdf' - | tr '\\n' ' ' | grep -qF 'Cấp nhầm: vắng buổi'"

# --- an English session: the fixed texts follow the session's language
run session new --pack sample-handwashing --lang en --title "Handwashing, Ea Kao school" \
    --province "Đắk Lắk" --commune "Ea Kao" --date 2026-11-30 --facilitator "Y Bhim Êban"
SE=$(cat "$OUT")
run participant add "$SE" --name "Hoàng Thị Thuỷ" --age-group adult --share-name
PE=$(cat "$OUT")
run participant add "$SE" --name "Đinh Văn Khuỷu" --age-group adult
PE2=$(cat "$OUT")
run attend "$SE" --day 1 "$PE"
run session phase "$SE" reflection
run entry add "$SE" --kind reflection --prompt what-happened --participant "$PE" "The glitter spread"
run session phase "$SE" application
run entry add "$SE" --kind action_plan --prompt i-will --participant "$PE" "Wash with soap"
run session phase "$SE" assessment
run assess "$SE" "$PE" six-steps met
run session close "$SE" --yes
run records issue "$SE" --date "$TODAY" -o "$T/rec-en"
expect "English session: issue" 0 '1 record \(1 new\), 1 not issued'
run records print "$SE" -o "$T/en.pdf"
expect "English session: print" 0 '1 certificate printed'
check "English: the title of the certificate" has "$T/en.pdf" "CERTIFICATE OF COMPLETION"
check "English: the credential, the learner, ISO date, hours" sh -c \
    "pdftotext -q '$T/en.pdf' - | grep -qF 'Completed: Handwashing with soap' && pdftotext -q '$T/en.pdf' - | grep -qF 'Hoàng Thị Thuỷ' && pdftotext -q '$T/en.pdf' - | grep -qF '2026-11-30' && pdftotext -q '$T/en.pdf' - | grep -qF '1.5 hours'"
run records print "$SE" --class-list -o "$T/en-list.pdf"
check "English class list: statuses and what is missing" sh -c \
    "pdftotext -q '$T/en-list.pdf' - | grep -qF 'CLASS LIST' && pdftotext -q '$T/en-list.pdf' - | grep -qx 'Completed' && pdftotext -q '$T/en-list.pdf' - | grep -qx 'Not yet' && pdftotext -q '$T/en-list.pdf' - | tr '\\n' ' ' | grep -qF 'attended 0 of 1 day'"

# --- the organisation's logo
pdftoppm -r 12 -png -f 1 -l 1 "$T/en-list.pdf" "$T/logo"
LOGO=$(ls "$T"/logo*.png | head -n 1)
run issuer logo "$LOGO"
expect "issuer logo" 0 "logo saved \\([0-9]+ x [0-9]+ pixels\\) in $KOLB_HOME/issuer-logo.png"
check "the logo is copied, 0600" sh -c "cmp -s '$LOGO' '$KOLB_HOME/issuer-logo.png' && [ \$(stat -c %a '$KOLB_HOME/issuer-logo.png') = 600 ]"
run issuer show
expect "issuer show names the logo" 0 "^Logo: +$KOLB_HOME/issuer-logo.png"
run records print "$S" --participant "$PA" -o "$T/logo.pdf"
expect "print with the logo" 0 '1 certificate printed'
check "the logo is in the PDF" [ "$(pdfimages -list "$T/logo.pdf" | tail -n +3 | wc -l)" -ge 1 ]
check "no image without a logo" [ "$(pdfimages -list "$T/one.pdf" | tail -n +3 | wc -l)" = 0 ]
if qr "$T/logo.pdf" 1 "$T/qrl.txt"; then pass "with a logo the QR still reads"; else fail "with a logo the QR still reads"; fi
echo "not an image" >"$T/fake.png"
fails "a logo that is not a PNG" 1 'the logo is not a PNG image' issuer logo "$T/fake.png"
python3 - "$T/big.png" <<'EOF'
import sys
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024))
EOF
fails "a logo over 2 MiB" 1 'the logo is larger than 2 MiB' issuer logo "$T/big.png"
python3 - "$LOGO" "$T/huge.png" <<'EOF'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
b[16:24] = struct.pack(">II", 100000, 100000)
open(sys.argv[2], "wb").write(bytes(b))
EOF
fails "a PNG claiming 100000 x 100000 pixels" 1 '100000 x 100000 pixels; at most 4096' \
    issuer logo "$T/huge.png"
check "refused logos leave the saved one" cmp -s "$LOGO" "$KOLB_HOME/issuer-logo.png"
fails "issuer logo without a file" 2 'needs one PNG file, or --remove' issuer logo
run issuer logo --remove
expect "issuer logo --remove" 0 'the logo is removed'
check "... the file is gone" [ ! -e "$KOLB_HOME/issuer-logo.png" ]
run issuer logo --remove
expect "issuer logo --remove again" 0 'there was no logo'

# --- 40 participants, one PDF
run session new --pack sample-handwashing --title "Lớp 40 học viên" --province "Đắk Lắk" \
    --commune "Ea Kao" --date 2026-11-30
S40=$(cat "$OUT")
python3 - >"$T/roster.csv" <<'EOF'
fam = ["Nguyễn", "Lò", "Vàng", "Giàng", "Đinh", "Hoàng", "Y", "H'"]
given = ["Thị Hoà", "Văn Khuỷu", "Thị Mỷ", "A Sử", "Thị Ngọc Ánh"]
print("name,age_group,minor,consent,consent_by,share_name")
for i in range(40):
    minor = i % 4 == 0
    print(f"{fam[i % 8]} {given[i % 5]} {i + 1},{'child' if minor else 'adult'},"
          f"{'yes' if minor else 'no'},given,{'Nguyễn Văn Bình' if minor else 'self'},yes")
EOF
run participant import "$S40" "$T/roster.csv"
IDS=$("$KOLB" participant list "$S40" --json | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))')
run attend "$S40" --day 1 $IDS
run session phase "$S40" reflection
for p in $IDS; do "$KOLB" entry add "$S40" --kind reflection --prompt what-happened --participant "$p" "Bột màu" >/dev/null; done
run session phase "$S40" application
for p in $IDS; do "$KOLB" entry add "$S40" --kind action_plan --prompt i-will --participant "$p" "Rửa tay" >/dev/null; done
run session phase "$S40" assessment
for p in $IDS; do "$KOLB" assess "$S40" "$p" six-steps met >/dev/null; done
run session close "$S40" --yes
run records issue "$S40" --date "$TODAY" -o "$T/rec40"
expect "40 records issued" 0 '40 records \(40 new\), 0 not issued'
run records print "$S40" -o "$T/forty.pdf"
expect "40 certificates printed" 0 '^40 certificates printed'
check "one PDF with 40 pages" [ "$(pages "$T/forty.pdf")" = 40 ]
check "every learner on her page, in order" sh -c \
    "pdftotext -q -f 1 -l 1 '$T/forty.pdf' - | grep -qx 'Nguyễn Thị Hoà 1' && pdftotext -q -f 20 -l 20 '$T/forty.pdf' - | grep -qx 'Giàng Thị Ngọc Ánh 20' && pdftotext -q -f 40 -l 40 '$T/forty.pdf' - | grep -qx \"H' Thị Ngọc Ánh 40\""
if qr "$T/forty.pdf" 40 "$T/qr40.txt"; then pass "the 40th page's QR reads"; else fail "the 40th page's QR reads"; fi
verify_stdin "$T/qr40.txt"
expect "the 40th page's QR verifies" 0 '^-: valid, '
run records print "$S40" --class-list -o "$T/forty-list.pdf"
expect "class list of 40" 0 '\(1 page\)'
check "class list of 40: one page, every name" sh -c \
    "[ \"\$(pdfinfo '$T/forty-list.pdf' | awk '/^Pages:/ {print \$2}')\" = 1 ] && [ \"\$(pdftotext -q '$T/forty-list.pdf' - | grep -c ' [0-9][0-9]*\$')\" -ge 40 ]"

# --- the TUI: Close screen, p prints both files and says where
rm -f "$KOLB_HOME/print"/*
tm_start 80 24 "env LC_ALL=C.UTF-8 TERM=screen KOLB_HOME='$KOLB_HOME' KOLB_NOW='$KOLB_NOW' TZ=UTC sh -c '\"$KOLB\" 2>\"$T/tui.err\"; echo \$? >\"$T/status\"'"
if wait_for 'Sessions'; then pass "TUI: home"; else fail "TUI: home" "$(screen)"; fi
tm send-keys -t e2e Enter
sleep 0.5
tm send-keys -t e2e F7
if wait_for 'p print'; then pass "TUI: the Close screen's keys line has p print"; else fail "TUI: keys line has p print" "$(screen)"; fi
tm send-keys -t e2e p
if wait_for 'certificates? and the class list printed in|no certificates' 10; then pass "TUI: p prints and says so"; else fail "TUI: p prints and says so" "$(screen)"; fi
check "TUI: the class list file" sh -c "ls '$KOLB_HOME/print' | grep -q 'class-list.pdf'"
check "TUI: the certificates file" sh -c "ls '$KOLB_HOME/print' | grep -q 'certificates.pdf'"
tm send-keys -t e2e C-q
i=0
while [ ! -s "$T/status" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "TUI: quits with status 0" [ "$(cat "$T/status" 2>/dev/null)" = 0 ]

check "database integrity" [ "$(sql 'PRAGMA integrity_check')" = ok ]
exit $e2e_failed
