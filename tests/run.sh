#!/bin/sh
# Runs every test: the cmocka unit tests, then the end-to-end scripts that drive
# the real kolb binary. Ends with one summary line: "N passed, N failed".
# Environment: KOLB (binary), UNIT_DIR (unit test binaries), PACKS_DIR (built packs).
set -u
cd "$(dirname "$0")/.." || exit 1
KOLB=$(realpath "${KOLB:-./kolb}")
UNIT_DIR=${UNIT_DIR:-build/tests}
PACKS_DIR=$(realpath "${PACKS_DIR:-build/packs}")
export KOLB PACKS_DIR
export LC_ALL=C.UTF-8
unset KOLB_HOME KOLB_FAULT KOLB_NOW
log=$(mktemp)
trap 'rm -f "$log"' EXIT

passed=0
failed=0
failures=""

for t in "$UNIT_DIR"/test_*; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] || continue
	name=$(basename "$t")
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or failed outside a test
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -gt 0 ] && failures="$failures $name"
done

for t in tests/e2e/*.sh tests/interop/run.sh; do
	case "$t" in */lib.sh) continue ;; esac
	name=$(basename "$t" .sh)
	echo "== e2e $name"
	sh "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -gt 0 ] && failures="$failures $name"
done

[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
