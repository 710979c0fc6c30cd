#!/bin/sh
# Benchmark: listing installed content packs.
#
# Installs 100 small packs (copies of the sample pack with the ids
# bench-pack-001 ... bench-pack-100, built with `kolb pack build`) into one
# fresh data folder, then times `kolb pack list` RUNS times (default 50) and
# prints min/median/max in ms.
#
# Target: median of `kolb pack list` with 100 packs installed < 20 ms.
#
# For comparison, the same figures for `kolb pack list` with 0 packs installed,
# for the peer tool sqlite3 (`sqlite3 DATA/kolb.db 'select * from packs'`,
# if installed) and for the timer alone (two `date` calls, no command between:
# the overhead that is included in every other figure). The commands are run
# in turn within each run, so drifts in machine load hit all of them alike.
#
# Run by `make bench` (not part of the test suite); by hand:
#     sh bench/pack_list.sh            RUNS=200 sh bench/pack_list.sh
# The kolb binary is ${KOLB:-./kolb}, relative to the repository root.
# Everything is generated in a temporary folder under ${TMPDIR:-/tmp},
# removed at exit.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)

KOLB=${KOLB:-./kolb}
RUNS=${RUNS:-50}
NPACKS=100

die() { printf 'pack_list.sh: %s\n' "$*" >&2; exit 1; }

case $KOLB in
/*) ;;
*/*) KOLB=$ROOT/$KOLB ;;
*) found=$(command -v "$KOLB") || die "kolb binary '$KOLB' not found in PATH"
   KOLB=$found ;;
esac
[ -x "$KOLB" ] || die "kolb binary not found at $KOLB (run 'make' first, or set KOLB=)"
command -v bsdtar >/dev/null 2>&1 ||
    die "bsdtar not found (install libarchive-tools: apt-get install libarchive-tools)"
case $RUNS in
'' | *[!0-9]* | 0) die "RUNS must be a positive integer, not '$RUNS'" ;;
esac
case $(date +%s%N) in
*N | *[!0-9]*) die "date +%s%N does not give nanoseconds here (GNU date needed)" ;;
esac
if command -v sqlite3 >/dev/null 2>&1; then HAVE_SQLITE=1; else HAVE_SQLITE=0; fi

SAMPLE=$ROOT/content-packs/sample-handwashing
[ -f "$SAMPLE/pack.json" ] || die "sample pack missing: $SAMPLE"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kolb-bench-list.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT HUP TERM

now_ns() { date +%s%N; }
# stats FILE -> "min median max" in ms (one decimal) of the ns values in FILE
stats() {
    sort -n "$1" | awk '{ v[NR] = $1 / 1e6 }
        END { med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.1f %.1f %.1f\n", v[1], med, v[NR] }'
}
row() { # row LABEL FILE: one line of the results table
    stats "$2" | awk -v label="$1" '{ printf "%-44s %8s %8s %8s\n", label, $1, $2, $3 }'
}

# --- build and install 100 packs -----------------------------------------------
DATA=$TMP/data-100
EMPTY=$TMP/data-0
mkdir "$TMP/src" "$TMP/archives" "$DATA" "$EMPTY"
echo "building $NPACKS packs ..."
i=1
while [ "$i" -le "$NPACKS" ]; do
    id=$(printf 'bench-pack-%03d' "$i")
    cp -R "$SAMPLE" "$TMP/src/$id"
    sed "s/\"id\": *\"sample-handwashing\"/\"id\": \"$id\"/" "$SAMPLE/pack.json" >"$TMP/src/$id/pack.json"
    "$KOLB" --data-dir "$TMP/build-data" pack build "$TMP/src/$id" \
        -o "$TMP/archives/$id.tar.gz" >/dev/null || die "kolb pack build failed for $id"
    i=$((i + 1))
done
echo "installing them into $DATA ..."
"$KOLB" --data-dir "$DATA" pack install "$TMP"/archives/*.tar.gz >/dev/null ||
    die "kolb pack install failed"
n=$("$KOLB" --data-dir "$DATA" pack list | grep -c '^bench-pack-') || true
[ "$n" -eq "$NPACKS" ] || die "expected $NPACKS packs in 'kolb pack list', got $n"
"$KOLB" --data-dir "$EMPTY" pack list >/dev/null # creates the empty kolb.db

# --- measure -----------------------------------------------------------------
: >"$TMP/t_list100"
: >"$TMP/t_list0"
: >"$TMP/t_sqlite"
: >"$TMP/t_timer"
# one untimed warm-up of each
"$KOLB" --data-dir "$DATA" pack list >/dev/null
"$KOLB" --data-dir "$EMPTY" pack list >/dev/null
[ "$HAVE_SQLITE" -eq 0 ] || sqlite3 "$DATA/kolb.db" 'select * from packs' >/dev/null

r=1
while [ "$r" -le "$RUNS" ]; do
    t0=$(now_ns)
    "$KOLB" --data-dir "$DATA" pack list >/dev/null
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$TMP/t_list100"

    t0=$(now_ns)
    "$KOLB" --data-dir "$EMPTY" pack list >/dev/null
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$TMP/t_list0"

    if [ "$HAVE_SQLITE" -eq 1 ]; then
        t0=$(now_ns)
        sqlite3 "$DATA/kolb.db" 'select * from packs' >/dev/null
        t1=$(now_ns)
        echo $((t1 - t0)) >>"$TMP/t_sqlite"
    fi

    t0=$(now_ns)
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$TMP/t_timer"
    r=$((r + 1))
done

echo
echo "kolb pack list: $RUNS runs each"
echo
printf '%-44s %8s %8s %8s\n' "command (times in ms)" min median max
row "kolb pack list, $NPACKS packs installed" "$TMP/t_list100"
row "kolb pack list, 0 packs installed" "$TMP/t_list0"
if [ "$HAVE_SQLITE" -eq 1 ]; then
    row "sqlite3 kolb.db 'select * from packs' ($NPACKS)" "$TMP/t_sqlite"
else
    printf '%-44s %s\n' "sqlite3 kolb.db 'select * from packs'" "(sqlite3 not installed, skipped)"
fi
row "timer alone (included in every row)" "$TMP/t_timer"
echo
stats "$TMP/t_list100" | awk -v n="$NPACKS" '{
    printf "kolb pack list with %d packs, median %.1f ms   target: < 20 ms   %s\n", n, $2, ($2 < 20) ? "PASS" : "OVER"
}'
