#!/bin/sh
# Runs the unit tests and kolb's main command paths under valgrind memcheck;
# any invalid access or definite leak fails. `make check-valgrind`.
set -u
cd "$(dirname "$0")/.." || exit 1
KOLB=$(realpath "${KOLB:-./kolb}")
UNIT_DIR=${UNIT_DIR:-build/tests}
PACKS_DIR=${PACKS_DIR:-build/packs}
export KOLB_NO_JIT=1 LC_ALL=C.UTF-8
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KOLB_HOME="$T/data"
passed=0
failed=0
vg() { # NAME CMD...
	name=$1
	shift
	$VG "$@" >"$T/out" 2>"$T/err"
	if [ $? -eq 99 ]; then
		echo "FAIL $name"
		cat "$T/err"
		failed=$((failed + 1))
	else
		echo "PASS $name"
		passed=$((passed + 1))
	fi
}
for t in "$UNIT_DIR"/test_*; do [ -x "$t" ] && [ -f "$t" ] && vg "$(basename "$t")" "$t"; done
for p in content-packs/*/; do vg "validate $p" "$KOLB" pack validate "$p"; done
vg "build" "$KOLB" pack build content-packs/sample-handwashing -o "$T/s.tar.gz"
vg "install" "$KOLB" pack install "$T/s.tar.gz"
vg "install again" "$KOLB" pack install "$T/s.tar.gz"
vg "list" "$KOLB" pack list
vg "list --json" "$KOLB" pack list --json
vg "show" "$KOLB" pack show sample-handwashing
vg "issuer init" "$KOLB" issuer init --name "Quỹ Tầm Vóc Việt" --country VN
sid=$("$KOLB" session new --pack sample-handwashing --title "Lớp 4A" --date "$(date +%F)")
pid=$("$KOLB" participant add "$sid" --name "Lò Thị Tiên" --share-name)
"$KOLB" attend "$sid" --day 1 "$pid" >/dev/null
vg "entry add" "$KOLB" entry add "$sid" --kind reflection --prompt feelings --participant "$pid" "Em rửa tay bằng xà phòng"
vg "entry add plan" "$KOLB" entry add "$sid" --kind action_plan --prompt i-will --participant "$pid" "Em sẽ rửa tay"
vg "assess" "$KOLB" assess "$sid" "$pid" six-steps met
vg "session show" "$KOLB" session show "$sid"
vg "records issue" "$KOLB" records issue "$sid" --date "$(date +%F)" -o "$T/rec"
vg "records print" "$KOLB" records print "$sid" -o "$T/c.pdf"
vg "type" "$KOLB" type --telex "Nguyeenx Thij Hoaf nguwowif khuyru"
vg "class list" "$KOLB" records print "$sid" --class-list -o "$T/l.pdf"
for f in "$T"/rec/*.json; do vg "verify" "$KOLB" verify "$f"; done
head -c 5000 /dev/urandom >"$T/garbage.json"
$VG "$KOLB" verify "$T/garbage.json" >"$T/out" 2>"$T/err"
if [ $? -eq 99 ]; then echo "FAIL verify garbage"; cat "$T/err"; failed=$((failed + 1)); else echo "PASS verify garbage"; passed=$((passed + 1)); fi
vg "export" "$KOLB" export "$sid" -o "$T/s.tar.gz"
vg "export --redact" "$KOLB" export "$sid" -o "$T/r.tar.gz" --redact
"$KOLB" keygen-office -o "$T/office.key" >/dev/null
rec=$(sed -n 's/^# public key: //p' "$T/office.key")
vg "export --encrypt-to" "$KOLB" export "$sid" -o "$T/s.age" --encrypt-to "$rec"
vg "import" "$KOLB" --data-dir "$T/office" import "$T/s.tar.gz"
vg "import encrypted" "$KOLB" --data-dir "$T/office" import --identity "$T/office.key" "$T/s.age"
vg "search --fold" "$KOLB" search --fold "xa phong"
vg "remove" "$KOLB" pack remove --force sample-handwashing
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
