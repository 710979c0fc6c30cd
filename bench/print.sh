#!/bin/sh
# Benchmark: printing the certificates of a 40-participant workshop.
#
# Target (issue 8): `kolb records print` of 40 certificates takes under 2 s, and the
# QR code stays readable (zbarimg decodes it) at 300 dpi from an A5 page.
#
# The script runs one workshop through kolb's own commands in a temporary data
# folder: the child-protection-youth pack (the largest records of the shipped packs:
# five long learning outcomes, so version 38-40 QR codes), in Vietnamese, 40
# participants with Vietnamese names (a third of them minors, identified in their
# records by a salted hash), one day of attendance, a reflection and an action plan
# each, the two required outcomes met, the session closed and the records signed.
# Then, RUNS times each (default 5), in turn:
#
#   kolb records print S -o A4.pdf           40 A4 certificates, one PDF
#   kolb records print S --size A5 -o A5.pdf the same on A5
#   kolb --version                           starting kolb and doing nothing
#                                            (included in both rows above)
#   peer: pdftocairo -pdf A4.pdf copy.pdf    poppler reading the same 40 pages
#                                            and writing them again through
#                                            cairo's PDF surface (the library kolb
#                                            draws with): comparable work, without
#                                            text shaping, compression of the
#                                            records or QR encoding
#
# and prints min/median/max in ms, the median's ratio to the peer's, and the
# target. Then it renders page 1 of the A5 PDF at 300 dpi (pdftoppm), reads the QR
# code back with zbarimg and checks it with `kolb verify -`.
#
# By hand (not part of the tests; `make` and `make packs` first):
#     sh bench/print.sh              RUNS=9 sh bench/print.sh
# The kolb binary is ${KOLB:-./kolb}, the packs ${PACKS_DIR:-build/packs}, both
# relative to the repository root. Everything is made under ${TMPDIR:-/tmp} and
# removed at exit (KEEP_TMP=1 keeps it). Needs python3, GNU date and poppler-utils;
# zbar-tools for the readability check.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)

KOLB=${KOLB:-./kolb}
PACKS_DIR=${PACKS_DIR:-build/packs}
RUNS=${RUNS:-5}
NPEOPLE=40
PACK=child-protection-youth

die() { printf 'print.sh: %s\n' "$*" >&2; exit 1; }

case $KOLB in
/*) ;;
*/*) KOLB=$ROOT/$KOLB ;;
*) found=$(command -v "$KOLB") || die "kolb binary '$KOLB' not found in PATH"
   KOLB=$found ;;
esac
[ -x "$KOLB" ] || die "kolb binary not found at $KOLB (run 'make' first, or set KOLB=)"
[ -f "$PACKS_DIR/$PACK.tar.gz" ] || die "$PACKS_DIR/$PACK.tar.gz not found (run 'make packs')"
command -v python3 >/dev/null 2>&1 || die "python3 not found"
command -v pdfinfo >/dev/null 2>&1 || die "pdfinfo not found (poppler-utils)"
case $RUNS in
'' | *[!0-9]* | 0) die "RUNS must be a positive integer, not '$RUNS'" ;;
esac
case $(date +%s%N) in
*N | *[!0-9]*) die "date +%s%N does not give nanoseconds here (GNU date needed)" ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kolb-bench-print.XXXXXX")
cleanup() { if [ -n "${KEEP_TMP:-}" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
trap 'exit 130' INT HUP TERM

DATA=$TMP/data
export TZ=UTC KOLB_NOW=2026-12-02T09:00:00Z
TODAY=2026-12-02
k() { "$KOLB" --data-dir "$DATA" "$@"; }

echo "running a $NPEOPLE-participant workshop through kolb's commands ..."
k pack install "$PACKS_DIR/$PACK.tar.gz" >/dev/null || die "kolb pack install failed"
k issuer init --name "Trung tâm Phát triển Cộng đồng Đắk Lắk" --url https://example.org \
    --country VN >/dev/null || die "kolb issuer init failed"
S=$(k session new --pack "$PACK" --lang vi --title "Em biết giữ an toàn – Trường PTDTBT Ea Kao" \
    --province "Đắk Lắk" --commune "Ea Kao" --village "Buôn Kao" --date 2026-12-01 \
    --facilitator "Nguyễn Thị Hoa" --facilitator "H'Hen Niê") || die "kolb session new failed"
python3 - "$NPEOPLE" >"$TMP/roster.csv" <<'EOF'
import random, sys
random.seed(11)
fam = ["Nguyễn", "Trần", "Lò", "Vàng", "Giàng", "H'", "Y", "Đinh", "Hoàng", "Phạm"]
given = ["Thị Hoà", "Văn Khuỷu", "Thị Mỷ", "A Sử", "Thị Ngọc Ánh", "Đức Thắng", "Thị Thuỷ",
         "Văn Quyết", "Thị Yến", "Minh Khuê", "Hen Niê", "Thị Hường"]
print("name,gender,age_group,minor,consent,consent_by,share_name")
seen = set()
n = int(sys.argv[1])
while len(seen) < n:
    name = random.choice(fam) + " " + random.choice(given)
    if name in seen:
        name += " " + random.choice(["Anh", "Em", "Nhỏ", "Lớn"])
    if name in seen:
        continue
    seen.add(name)
    minor = len(seen) % 3 == 0
    by = "Nguyễn Văn Bình" if minor else "self"
    print(f"{name},female,{'child' if minor else 'adult'},{'yes' if minor else 'no'},given,{by},yes")
EOF
k participant import "$S" "$TMP/roster.csv" >"$TMP/import.log" 2>&1 ||
    die "kolb participant import failed: $(tail -n 3 "$TMP/import.log")"
IDS=$(k participant list "$S" --json | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))')
n=$(echo "$IDS" | wc -w)
[ "$n" -eq "$NPEOPLE" ] || die "expected $NPEOPLE participants, got $n"
k attend "$S" --day 1 $IDS >/dev/null
k session phase "$S" reflection >/dev/null
for p in $IDS; do
    k entry add "$S" --kind reflection --prompt what-happened --participant "$p" \
        "Em học được rằng không ai được chạm vào vùng riêng tư của mình." >/dev/null
done
k session phase "$S" application >/dev/null
for p in $IDS; do
    k entry add "$S" --kind action_plan --prompt i-will --participant "$p" \
        "Em sẽ nói KHÔNG, rời đi và kể với cô giáo; nhớ số 111." >/dev/null
done
k session phase "$S" assessment >/dev/null
for p in $IDS; do
    k assess "$S" "$p" recognise-harm met >/dev/null
    k assess "$S" "$p" trusted-adults-111 met >/dev/null
done
k session close "$S" --yes >/dev/null
k records issue "$S" --date "$TODAY" -o "$TMP/records" >"$TMP/records.log" 2>&1 ||
    die "kolb records issue failed: $(tail -n 3 "$TMP/records.log")"
tail -n 1 "$TMP/records.log"

# --- measure -------------------------------------------------------------------
now_ns() { date +%s%N; }
stats() {
    sort -n "$1" | awk '{ v[NR] = $1 / 1e6 }
        END { med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.1f %.1f %.1f\n", v[1], med, v[NR] }'
}
median() { stats "$1" | awk '{ print $2 }'; }
row() { stats "$2" | awk -v label="$1" '{ printf "%-46s %8s %8s %8s\n", label, $1, $2, $3 }'; }

: >"$TMP/t_a4"
: >"$TMP/t_a5"
: >"$TMP/t_start"
: >"$TMP/t_peer"
# one untimed warm-up of each (page cache, font cache)
k records print "$S" -o "$TMP/A4.pdf" >"$TMP/print.log" || die "kolb records print failed"
k records print "$S" --size A5 -o "$TMP/A5.pdf" >/dev/null || die "kolb records print --size A5 failed"
pdftocairo -pdf "$TMP/A4.pdf" "$TMP/copy.pdf"
r=1
while [ "$r" -le "$RUNS" ]; do
    t0=$(now_ns)
    k records print "$S" -o "$TMP/A4.pdf" >/dev/null
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$TMP/t_a4"

    t0=$(now_ns)
    k records print "$S" --size A5 -o "$TMP/A5.pdf" >/dev/null
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$TMP/t_a5"

    t0=$(now_ns)
    k --version >/dev/null
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$TMP/t_start"

    t0=$(now_ns)
    pdftocairo -pdf "$TMP/A4.pdf" "$TMP/copy.pdf"
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$TMP/t_peer"
    r=$((r + 1))
done

pages=$(pdfinfo "$TMP/A4.pdf" | awk '/^Pages:/ { print $2 }')
[ "$pages" -eq "$NPEOPLE" ] || die "the PDF has $pages pages, not $NPEOPLE"
echo
head -n 1 "$TMP/print.log"
printf 'A4 PDF %s bytes, A5 PDF %s bytes, %s pages each\n' "$(wc -c <"$TMP/A4.pdf")" \
    "$(wc -c <"$TMP/A5.pdf")" "$pages"
echo
printf '%-46s %8s %8s %8s\n' "command ($RUNS runs each, times in ms)" min median max
row "kolb records print ($NPEOPLE certificates, A4)" "$TMP/t_a4"
row "kolb records print --size A5" "$TMP/t_a5"
row "kolb --version (start-up, included above)" "$TMP/t_start"
row "peer: pdftocairo -pdf of the same A4 PDF" "$TMP/t_peer"
echo
a4=$(median "$TMP/t_a4")
peer=$(median "$TMP/t_peer")
awk -v a="$a4" -v p="$peer" -v n="$NPEOPLE" 'BEGIN {
    printf "%d certificates: median %.0f ms (%.2fx pdftocairo)   target: < 2000 ms   %s\n",
        n, a, a / p, (a < 2000) ? "PASS" : "OVER"
}'

# --- the QR code read back from an A5 page at 300 dpi --------------------------
if command -v zbarimg >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
    pdftoppm -r 300 -png -f 1 -l 1 "$TMP/A5.pdf" "$TMP/page"
    png=$(ls "$TMP"/page*.png | head -n 1)
    if zbarimg --raw -q "$png" >"$TMP/qr.txt" 2>/dev/null; then
        verdict=$(k verify - <"$TMP/qr.txt" 2>&1 || true)
        printf 'A5 page 1 at 300 dpi: zbarimg read %s characters; kolb verify: %s\n' \
            "$(tr -d '\n' <"$TMP/qr.txt" | wc -c)" "$verdict"
        case $verdict in
        *": valid, "*) echo "QR readable at 300 dpi from A5: PASS" ;;
        *) echo "QR readable at 300 dpi from A5: FAIL (does not verify)" ;;
        esac
    else
        echo "QR readable at 300 dpi from A5: FAIL (zbarimg found no code)"
    fi
else
    echo "QR check skipped: zbarimg or pdftoppm not installed (zbar-tools, poppler-utils)"
fi
