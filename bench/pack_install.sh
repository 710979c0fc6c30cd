#!/bin/sh
# Benchmark: installing a large content pack.
#
# Measures how long `kolb pack install ARCHIVE` takes for a ~50 MB pack
# (2,000 Markdown files of a few KB plus 150 incompressible ~280 KiB images),
# next to the plain extraction of the same archive by the peer tool bsdtar
# (`bsdtar -xf ARCHIVE -C DIR`, from libarchive-tools). Both run alternately,
# ROUNDS times (default 5), each into fresh empty folders.
#
# Target: median(kolb) / median(bsdtar) <= 1.30x, i.e. checking the archive,
# validating pack.json and recording the pack may cost at most 30% over
# extraction alone.
#
# Run by `make bench` (not part of the test suite); by hand:
#     sh bench/pack_install.sh            ROUNDS=10 sh bench/pack_install.sh
# The kolb binary is ${KOLB:-./kolb}, relative to the repository root.
# Everything is generated in a temporary folder under ${TMPDIR:-/tmp},
# removed at exit (it needs about 50 MB x (2 + 2 x ROUNDS) of space). The
# rounds' output folders are kept until then on purpose: on ext4 without a
# journal, creating files soon after many were deleted is several times
# slower (ext4 skips recently deleted inodes), which would slow each round
# more than the one before. An untimed `sync` runs before each timed command:
# kolb install ends with syncfs() so that a pack survives a power cut, and
# without it kolb would also pay for writing out the files bsdtar just left
# in the page cache. (bsdtar itself does not sync; that difference is part of
# what is measured.)
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)

KOLB=${KOLB:-./kolb}
ROUNDS=${ROUNDS:-5}
MD_FILES=2000          # Markdown files under docs/
MD_DIRS=20             # ...spread over this many folders
IMG_FILES=150          # random "images" under assets/
IMG_KIB=280            # size of each image in KiB

die() { printf 'pack_install.sh: %s\n' "$*" >&2; exit 1; }

case $KOLB in
/*) ;;
*/*) KOLB=$ROOT/$KOLB ;;
*) found=$(command -v "$KOLB") || die "kolb binary '$KOLB' not found in PATH"
   KOLB=$found ;;
esac
[ -x "$KOLB" ] || die "kolb binary not found at $KOLB (run 'make' first, or set KOLB=)"
command -v bsdtar >/dev/null 2>&1 ||
    die "bsdtar not found (install libarchive-tools: apt-get install libarchive-tools)"
case $ROUNDS in
'' | *[!0-9]* | 0) die "ROUNDS must be a positive integer, not '$ROUNDS'" ;;
esac
case $(date +%s%N) in
*N | *[!0-9]*) die "date +%s%N does not give nanoseconds here (GNU date needed)" ;;
esac

SAMPLE=$ROOT/content-packs/sample-handwashing
[ -f "$SAMPLE/pack.json" ] || die "sample pack missing: $SAMPLE"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kolb-bench-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT HUP TERM

now_ns() { date +%s%N; }
# ms VALUE_NS -> milliseconds with one decimal
ms() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e6 }'; }
# median of the numbers on stdin, one a line
median() {
    sort -n | awk '{ v[NR] = $1 }
        END { if (NR % 2) printf "%.1f", v[(NR + 1) / 2];
              else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB (%d bytes)", b / 1048576, b }'; }

# --- generate the pack -------------------------------------------------------
PACK=$TMP/bench-big
ARCHIVE=$TMP/bench-big.tar.gz
echo "generating pack in $PACK ..."
cp -R "$SAMPLE" "$PACK"
sed 's/"id": *"sample-handwashing"/"id": "bench-big"/' "$SAMPLE/pack.json" >"$PACK/pack.json"
grep -q '"id": "bench-big"' "$PACK/pack.json" || die "could not set the pack id in pack.json"

i=1
while [ "$i" -le "$MD_DIRS" ]; do
    mkdir -p "$PACK/docs/$(printf 'unit-%02d' "$i")"
    i=$((i + 1))
done
# Facilitator-notes-like Markdown: headings, numbered steps, lists and
# paragraphs of mixed English and Vietnamese words, 2-6 KB per file.
awk -v dir="$PACK/docs" -v nfiles="$MD_FILES" -v ndirs="$MD_DIRS" '
function pick(a, n) { return a[int(rand() * n) + 1] }
function sentence(   k, w, s) {
    w = 6 + int(rand() * 12)
    s = pick(EN, nen)
    s = toupper(substr(s, 1, 1)) substr(s, 2)
    for (k = 2; k <= w; k++) s = s " " (rand() < 0.3 ? pick(VI, nvi) : pick(EN, nen))
    return s "."
}
BEGIN {
    srand(20261120)
    nen = split("the facilitator asks participants to form small groups and \
        share what they noticed during activity water soap hands children \
        parents teacher school community health village market clinic \
        together each person writes draws explains listens carefully before \
        after every session remember safe practice step minutes poster \
        discussion story role play feeling meaning why how what when plan \
        action week home family neighbour volunteer record outcome evidence", EN, " ")
    nvi = split("rửa tay xà phòng nước sạch học sinh phụ huynh giáo viên \
        trường làng chợ trạm y tế cùng nhau mỗi người viết vẽ lắng nghe \
        trước sau buổi học nhớ thực hành bước phút thảo luận câu chuyện \
        cảm thấy vì sao kế hoạch tuần gia đình", VI, " ")
    for (f = 1; f <= nfiles; f++) {
        path = sprintf("%s/unit-%02d/note-%04d.md", dir, (f - 1) % ndirs + 1, f)
        target = 2048 + int(rand() * 4096)
        size = 0
        line = sprintf("# Note %d: %s", f, sentence()); print line > path; size += length(line) + 1
        sec = 0
        while (size < target) {
            sec++
            line = sprintf("\n## %d. %s", sec, sentence()); print line > path; size += length(line) + 1
            para = ""
            for (k = 0; k < 3 + int(rand() * 4); k++) para = para (k ? " " : "") sentence()
            line = "\n" para; print line > path; size += length(line) + 1
            print "" > path; size++
            for (k = 1; k <= 3 + int(rand() * 4); k++) {
                line = (rand() < 0.5 ? k "." : "-") " " (rand() < 0.2 ? "**" pick(EN, nen) "** " : "") sentence()
                print line > path; size += length(line) + 1
            }
        }
        close(path)
    }
}'
mkdir -p "$PACK/assets"
i=1
while [ "$i" -le "$IMG_FILES" ]; do
    dd if=/dev/urandom of="$PACK/assets/$(printf 'img-%03d.png' "$i")" \
        bs=1024 count="$IMG_KIB" 2>/dev/null
    i=$((i + 1))
done

"$KOLB" --data-dir "$TMP/build-data" pack build "$PACK" -o "$ARCHIVE" >/dev/null ||
    die "kolb pack build failed"

# Sizes: the archive, and what it unpacks to (measured on an untimed bsdtar
# extraction, which also puts the archive in the page cache for both tools).
mkdir "$TMP/probe"
bsdtar -xf "$ARCHIVE" -C "$TMP/probe"
ARCHIVE_BYTES=$(wc -c <"$ARCHIVE" | tr -d ' ')
UNPACKED_BYTES=$(find "$TMP/probe" -type f -exec cat {} + | wc -c | tr -d ' ')
NFILES=$(find "$TMP/probe" -type f | wc -l | tr -d ' ')

# --- measure -----------------------------------------------------------------
echo
echo "kolb pack install vs bsdtar -xf: $ROUNDS rounds, alternating"
echo "archive:  $(mib "$ARCHIVE_BYTES")"
echo "unpacked: $(mib "$UNPACKED_BYTES"), $NFILES files"
echo
printf '%-7s %12s %12s\n' round "bsdtar (ms)" "kolb (ms)"

: >"$TMP/t_bsdtar"
: >"$TMP/t_kolb"
r=1
while [ "$r" -le "$ROUNDS" ]; do
    out=$TMP/out-$r
    data=$TMP/data-$r
    mkdir "$out" "$data"
    "$KOLB" --data-dir "$data" pack list >/dev/null # create kolb.db untimed

    sync
    t0=$(now_ns)
    bsdtar -xf "$ARCHIVE" -C "$out"
    t1=$(now_ns)
    sync
    t2=$(now_ns)
    "$KOLB" --data-dir "$data" pack install "$ARCHIVE" >/dev/null
    t3=$(now_ns)

    tb=$(ms $((t1 - t0)))
    tk=$(ms $((t3 - t2)))
    echo "$tb" >>"$TMP/t_bsdtar"
    echo "$tk" >>"$TMP/t_kolb"
    printf '%-7s %12s %12s\n' "$r" "$tb" "$tk"
    r=$((r + 1))
done

MB=$(median <"$TMP/t_bsdtar")
MK=$(median <"$TMP/t_kolb")
printf '%-7s %12s %12s\n' median "$MB" "$MK"
echo
awk -v b="$MB" -v k="$MK" 'BEGIN {
    ratio = (b > 0) ? k / b : 0
    printf "ratio kolb/bsdtar: %.2fx   target: <= 1.30x   %s\n", ratio, (ratio <= 1.30) ? "PASS" : "OVER"
}'
