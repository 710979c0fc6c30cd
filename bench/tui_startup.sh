#!/usr/bin/env bash
# Benchmark: kolb's facilitator screens with a ten-year database.
#
# Target (issue): with a ten-year database (300 sessions, 9,000 participants,
# 100,000 entries, made by bench/gen_tenyear.py), kolb draws its first screen
# in under 50 ms and a keypress redraw in under 5 ms, and its resident memory
# stays under 16 MB. Every figure is printed beside the same figure for an
# empty data folder (the sample pack installed, no sessions).
#
# kolb runs in a detached tmux session at 80x24 on a private tmux socket
# (nothing touches your own tmux), in the C.UTF-8 locale (English screens).
#
#   first screen  time from `tmux new-session ... kolb` until `capture-pane -p`
#                 first shows the home screen ("Sessions" and the key-help
#                 line), median of RUNS (default 10). tmux's own part (making
#                 the pane, the polling round trips) is measured the same way
#                 for `sh -c 'printf ...'` printing the same texts, and is
#                 subtracted in the "minus tmux" figure.
#   key redraw    time from `tmux send-keys Down` on the home screen until
#                 `capture-pane -e -p` shows the highlighted (reverse-video)
#                 row moved, median of KEYS (default 20) presses (the list
#                 scrolls after 13). tmux's part: the same loop for `cat`
#                 echoing a key in a raw terminal. With no sessions Down
#                 changes nothing, so for both folders it also times "?"
#                 (help) and the key back to the home screen.
#   memory        VmHWM (peak resident) and VmRSS of the kolb process, from
#                 /proc/PID/status, after the first screen and after all the
#                 keypresses.
# Each poll costs a tmux client round trip (a few ms), so the tmux figures
# are only good to a few ms. Two finer figures that do not depend on tmux's
# polling, when the tools are there:
#   kolb CPU to first screen  `perf stat -e task-clock` of a kolb that is
#                 started, shows its first screen and is told `q`: its whole
#                 CPU time (exec, loading libraries, opening the database,
#                 the first draw, and quitting).
#   kolb key redraw (strace)  `strace -ttt -T -p` attached to kolb during
#                 KEYS more Down presses: from the end of the read() that
#                 completes the key to the end of the last write() of the
#                 redraw. strace's own cost makes this an upper bound.
# And, with no terminal at all, `kolb session list` (if the command exists),
# median of LIST_RUNS (default 20), with hyperfine if installed.
#
# By hand (not part of the tests; `make` and `make packs` first):
#     sh bench/tui_startup.sh          RUNS=20 KEYS=40 sh bench/tui_startup.sh
# The kolb binary is ${KOLB:-./kolb}, relative to the repository root. The
# data folders are generated under ${TMPDIR:-/tmp} (about 80 MB) and removed
# at exit (KEEP_TMP=1 keeps them, with the raw timings), as is the private
# tmux server. Needs bash 5 ($EPOCHREALTIME; the
# script re-runs itself with bash), tmux and python3; perf and strace are
# optional.
set -eu
# `sh bench/tui_startup.sh` works too: it re-runs itself with bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

cd "$(dirname "$0")/.."
ROOT=$(pwd)

KOLB=${KOLB:-./kolb}
RUNS=${RUNS:-10}
KEYS=${KEYS:-20}
LIST_RUNS=${LIST_RUNS:-20}
TIMEOUT_MS=${TIMEOUT_MS:-5000}   # give up waiting for a screen after this long

die() { printf 'tui_startup.sh: %s\n' "$*" >&2; exit 1; }

case $KOLB in
/*) ;;
*/*) KOLB=$ROOT/$KOLB ;;
*) found=$(command -v "$KOLB") || die "kolb binary '$KOLB' not found in PATH"
   KOLB=$found ;;
esac
[ -x "$KOLB" ] || die "kolb binary not found at $KOLB (run 'make' first, or set KOLB=)"
command -v tmux >/dev/null 2>&1 || die "tmux not found (apt-get install tmux)"
command -v python3 >/dev/null 2>&1 || die "python3 not found"
for v in RUNS KEYS LIST_RUNS TIMEOUT_MS; do
    n=${!v}
    case $n in '' | *[!0-9]* | 0) die "$v must be a positive integer, not '$n'" ;; esac
done
[ -n "${EPOCHREALTIME:-}" ] || die "bash 5 or later is needed (\$EPOCHREALTIME)"
locale -a 2>/dev/null | grep -qix 'c\.utf-\{0,1\}8' || die "the C.UTF-8 locale is missing"
HAVE_PERF=0
perf stat -x, -e task-clock -o /dev/null true >/dev/null 2>&1 && HAVE_PERF=1
HAVE_STRACE=0
command -v strace >/dev/null 2>&1 && HAVE_STRACE=1

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kolb-bench-tui.XXXXXX")
SOCK=$TMP/tmux.sock
STRACE_PID=
cleanup() {
    [ -z "$STRACE_PID" ] || kill "$STRACE_PID" 2>/dev/null || true
    tmux -S "$SOCK" kill-server >/dev/null 2>&1 || true
    # A kolb whose terminal went away must not be left behind (see the report).
    if [ -f "$TMP/pids" ]; then
        local p
        while read -r p; do
            [ "$(cat /proc/"$p"/comm 2>/dev/null)" != kolb ] || kill "$p" 2>/dev/null || true
        done <"$TMP/pids"
    fi
    if [ -n "${KEEP_TMP:-}" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT HUP TERM

T() { tmux -S "$SOCK" "$@"; }
# Microseconds since the epoch, without forking.
now_us() { NOW=${EPOCHREALTIME/[.,]/}; }
# stats FILE -> "median min max" in ms (one decimal) of the microsecond values in FILE
stats() {
    sort -n "$1" | awk '{ v[NR] = $1 / 1000 }
        END { if (NR == 0) { print "- - -"; exit }
              m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}
median() { stats "$1" | cut -d' ' -f1; }
detail() { # FILE -> "median (min..max)", or n/a
    if [ -s "$1" ]; then stats "$1" | awk '{ printf "%s (%s..%s)", $1, $2, $3 }'; else echo "n/a"; fi
}

# --- data folders -----------------------------------------------------------
EMPTY=$TMP/empty
TENYEAR=$TMP/tenyear
python3 bench/gen_tenyear.py --kolb "$KOLB" --empty "$EMPTY"
python3 bench/gen_tenyear.py --kolb "$KOLB" "$TENYEAR"
echo

ENVSET="env -u LANGUAGE LC_ALL=C.UTF-8 LANG=C.UTF-8"
HOME_TEXT="Sessions"
KEYS_TEXT="F1 help  Esc back"
HELP_TEXT="Help: Home"
HELP_BAR="Press any key to go back"
ESC=$'\033'

# A server that lives for the whole run, so that each measure starts a pane,
# not a server.
T -f /dev/null new-session -d -s keep -x 80 -y 24 'exec sleep 100000'
T set-option -g history-limit 0 >/dev/null
SEQ=0

# wait_for SESSION T0 TEXT...: poll capture-pane until every text is on the
# screen; append the microseconds since T0 to $OUT.
wait_for() {
    local s=$1 t0=$2 out p ok
    shift 2
    while :; do
        out=$(T capture-pane -p -t "$s" 2>/dev/null) || out=
        now_us
        ok=1
        for p in "$@"; do
            case $out in *"$p"*) ;; *) ok=0 ;; esac
        done
        if [ $ok = 1 ]; then echo $((NOW - t0)) >>"$OUT"; return 0; fi
        [ $((NOW - t0)) -lt $((TIMEOUT_MS * 1000)) ] ||
            die "session $s did not show '$*' within $TIMEOUT_MS ms; it shows:
$out"
    done
}

# signature SESSION: sets SIG to the highlighted row of the session list (the
# reverse-video line that is neither the first, the status bar, nor the last,
# the key-help bar) with its line number, or to the whole screen if there is
# none (then HIGHLIGHT=0). One tmux round trip, no other process.
signature() {
    local out i n
    out=$(T capture-pane -e -p -t "$1" 2>/dev/null) || out=
    mapfile -t LINES_ <<<"$out"
    n=${#LINES_[@]}
    for ((i = 1; i < n - 1; i++)); do
        case ${LINES_[i]} in *"${ESC}[7m"*) SIG="$i: ${LINES_[i]}"; HIGHLIGHT=1; return 0 ;; esac
    done
    SIG=$out
    HIGHLIGHT=0
}
# wait_change SESSION T0 OLD: poll until the signature differs from OLD;
# append the microseconds since T0 to $OUT.
wait_change() {
    local s=$1 t0=$2 old=$3
    while :; do
        signature "$s"
        now_us
        if [ "$SIG" != "$old" ]; then echo $((NOW - t0)) >>"$OUT"; return 0; fi
        [ $((NOW - t0)) -lt $((TIMEOUT_MS * 1000)) ] ||
            die "session $s did not change within $TIMEOUT_MS ms after a key"
    done
}

# kolb_pid SESSION: kolb's pid in the pane (the pane may run a wrapper that
# started it), also noted for the clean-up.
kolb_pid() {
    local p
    p=$(T display -p -t "$1" '#{pane_pid}')
    if [ "$(cat /proc/"$p"/comm 2>/dev/null)" != kolb ]; then
        p=$(pgrep -P "$p" -x kolb | head -n 1) || die "no kolb process in session $1"
    fi
    echo "$p" >>"$TMP/pids"
    PID=$p
}
mem_kb() { awk -v k="$2:" '$1 == k { print $2 }' /proc/"$1"/status; }
kb_mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# start SESSION CMD: launch a pane running CMD; T0 is the launch time.
start() {
    now_us
    T0=$NOW
    T new-session -d -s "$1" -x 80 -y 24 "$2"
}
# quit SESSION: press q and wait for kolb to exit (the session then ends).
quit() {
    local i
    T send-keys -t "$1" -l q
    for i in $(seq 500); do
        T has-session -t "$1" 2>/dev/null || return 0
        sleep 0.01
    done
    T kill-session -t "$1"
}

# first_screen NAME DATADIR: one launch of kolb to its home screen.
first_screen() {
    SEQ=$((SEQ + 1))
    start f$SEQ "exec $ENVSET '$KOLB' --data-dir '$2'"
    OUT=$TMP/first-$1 wait_for f$SEQ "$T0" "$HOME_TEXT" "$KEYS_TEXT"
    kolb_pid f$SEQ
    quit f$SEQ
}
# The same for a program that only prints the texts looked for.
first_screen_tmux() {
    SEQ=$((SEQ + 1))
    start o$SEQ "exec sh -c 'printf \"kolb | Home\\n\\n  $HOME_TEXT\\n\\n $KEYS_TEXT\\n\"; exec sleep 100'"
    OUT=$TMP/first-tmux wait_for o$SEQ "$T0" "$HOME_TEXT" "$KEYS_TEXT"
    T kill-session -t o$SEQ
}
# kolb's CPU time for starting, drawing the first screen and quitting.
first_screen_cpu() {
    SEQ=$((SEQ + 1))
    start p$SEQ "exec $ENVSET perf stat -x, -e task-clock -o '$TMP/perf-$SEQ' '$KOLB' --data-dir '$2'"
    OUT=/dev/null wait_for p$SEQ "$T0" "$HOME_TEXT" "$KEYS_TEXT"
    kolb_pid p$SEQ
    quit p$SEQ
    awk -F, '$3 ~ /task-clock/ { printf "%d\n", $1 * 1000 }' "$TMP/perf-$SEQ" >>"$TMP/cpu-$1"
}

# keys NAME DATADIR: one kolb; its memory after the first screen; KEYS x Down
# (if there are sessions); KEYS x "?" then space (any key leaves help; not Esc,
# which ncurses holds for ESCDELAY to see whether a key sequence follows); KEYS
# more Down under strace; its memory again.
keys() {
    local name=$1 s i old
    SEQ=$((SEQ + 1)); s=k$SEQ
    start $s "exec $ENVSET '$KOLB' --data-dir '$2'"
    OUT=/dev/null wait_for $s "$T0" "$HOME_TEXT" "$KEYS_TEXT"
    kolb_pid $s
    echo "$(mem_kb "$PID" VmHWM) $(mem_kb "$PID" VmRSS)" >"$TMP/mem1-$name"
    signature $s
    if [ $HIGHLIGHT = 1 ]; then # a session to move to
        for i in $(seq "$KEYS"); do
            signature $s
            old=$SIG
            now_us
            T send-keys -t $s Down
            OUT=$TMP/down-$name wait_change $s "$NOW" "$old"
        done
    fi
    for i in $(seq "$KEYS"); do
        now_us
        T send-keys -t $s -l '?'
        OUT=$TMP/help-$name wait_for $s "$NOW" "$HELP_TEXT" "$HELP_BAR"
        now_us
        T send-keys -t $s -l ' '
        OUT=$TMP/help-$name wait_for $s "$NOW" "$HOME_TEXT" "$KEYS_TEXT"
    done
    if [ $HAVE_STRACE = 1 ] && [ -s "$TMP/down-$name" ]; then
        strace -ttt -T -e trace=read,write,poll -o "$TMP/strace-$name" -p "$PID" 2>/dev/null &
        STRACE_PID=$!
        for i in $(seq 200); do # attached once a poll (every 250 ms) shows up
            [ -s "$TMP/strace-$name" ] && break
            sleep 0.01
        done
        for i in $(seq "$KEYS"); do
            signature $s
            old=$SIG
            now_us
            T send-keys -t $s Down
            OUT=/dev/null wait_change $s "$NOW" "$old"
        done
        kill "$STRACE_PID"
        wait "$STRACE_PID" 2>/dev/null || true
        STRACE_PID=
        # end of the read that completes a key -> end of the last write before
        # kolb waits for the next key (a poll with a timeout)
        awk '
            /^[0-9.]+ read\(0,/ && / = [1-9]/ { k = $1 + dur($0); w = 0; next }
            /^[0-9.]+ write\(1,/ { if (k) w = $1 + dur($0); next }
            /^[0-9.]+ poll\(/ && !/, 0\) = / && !/, 50\) = / {
                if (k && w) printf "%d\n", (w - k) * 1e6
                k = 0; w = 0 }
            function dur(l) { sub(/.*</, "", l); sub(/>.*/, "", l); return l + 0 }
        ' "$TMP/strace-$name" >"$TMP/strace-ms-$name"
    fi
    echo "$(mem_kb "$PID" VmHWM) $(mem_kb "$PID" VmRSS)" >"$TMP/mem2-$name"
    quit $s
}
# tmux's part of a key redraw: cat echoing a key in a raw terminal, timed with
# the same loop.
keys_tmux() {
    local s i old
    SEQ=$((SEQ + 1)); s=c$SEQ
    start $s "exec sh -c 'stty raw -echo; printf ready; exec cat'"
    OUT=/dev/null wait_for $s "$T0" ready
    for i in $(seq "$KEYS"); do
        signature $s
        old=$SIG
        now_us
        T send-keys -t $s -l x
        OUT=$TMP/key-tmux wait_change $s "$NOW" "$old"
    done
    T kill-session -t $s
}

# session_list NAME DATADIR
session_list() {
    local i t0
    for i in $(seq "$LIST_RUNS"); do
        now_us; t0=$NOW
        LC_ALL=C.UTF-8 "$KOLB" --data-dir "$2" session list >/dev/null
        now_us
        echo $((NOW - t0)) >>"$TMP/list-$1"
    done
}

echo "measuring: first screen ($RUNS runs each), keys ($KEYS presses each), memory ..."
# In turn within each run, so that drifts in machine load hit every figure alike.
for i in $(seq "$RUNS"); do
    first_screen_tmux
    first_screen empty "$EMPTY"
    first_screen tenyear "$TENYEAR"
done
if [ $HAVE_PERF = 1 ]; then
    for i in $(seq "$RUNS"); do
        first_screen_cpu empty "$EMPTY"
        first_screen_cpu tenyear "$TENYEAR"
    done
fi
keys_tmux
keys empty "$EMPTY"
keys tenyear "$TENYEAR"
keys_tmux

HAVE_LIST=0
if LC_ALL=C.UTF-8 "$KOLB" help session 2>/dev/null | grep -q 'session list'; then
    HAVE_LIST=1
    if command -v hyperfine >/dev/null 2>&1; then
        LIST_TOOL="hyperfine"
        echo "measuring: kolb session list (hyperfine, $LIST_RUNS runs each) ..."
        hyperfine -N --warmup 3 --runs "$LIST_RUNS" --export-json "$TMP/hf.json" \
            "$KOLB --data-dir $EMPTY session list" \
            "$KOLB --data-dir $TENYEAR session list" >/dev/null
        python3 - "$TMP" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1] + "/hf.json"))["results"]
for name, r in zip(["empty", "tenyear"], res):
    with open(sys.argv[1] + "/list-" + name, "w") as f:
        f.writelines("%d\n" % (t * 1e6) for t in r["times"])
EOF
    else
        LIST_TOOL="timed loop"
        echo "measuring: kolb session list ($LIST_RUNS runs each; hyperfine not installed) ..."
        for i in $(seq "$LIST_RUNS"); do
            LIST_RUNS=1 session_list empty "$EMPTY"
            LIST_RUNS=1 session_list tenyear "$TENYEAR"
        done
    fi
fi

# --- report -----------------------------------------------------------------
sub() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; printf "%.1f", d < 0 ? 0 : d }'; }
verdict_raw() { # VALUE TARGET -> PASS, or "(tmux)" when only tmux's share could be why
    awk -v v="$1" -v t="$2" 'BEGIN {
        if (v == "-" || v == "n/a") print "-"; else print (v + 0 < t + 0 ? "PASS" : "(tmux)") }'
}
verdict() { # VALUE TARGET -> PASS/OVER
    awk -v v="$1" -v t="$2" 'BEGIN {
        if (v == "-" || v == "n/a") print "-"; else print (v + 0 < t + 0 ? "PASS" : "OVER") }'
}
med() { if [ -s "$1" ]; then median "$1"; else echo n/a; fi; }
m_ftmux=$(med "$TMP/first-tmux")
m_ktmux=$(med "$TMP/key-tmux")
minus() { if [ "$1" = n/a ]; then echo n/a; else sub "$1" "$2"; fi; }

echo
echo "$("$KOLB" --version 2>/dev/null | head -n 1), tmux $(tmux -V | cut -d' ' -f2)," \
    "80x24, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "All times in ms: median (min..max)."
printf '%-40s %-22s %-22s\n' "" "empty" "ten-year"
printf '%-40s %-22s %-22s\n' "first screen, tmux" "$(detail "$TMP/first-empty")" \
    "$(detail "$TMP/first-tenyear")"
printf '%-40s %-22s\n' "  tmux alone (sh printf)" "$(detail "$TMP/first-tmux")"
[ $HAVE_PERF = 0 ] || printf '%-40s %-22s %-22s\n' "kolb CPU to first screen and q (perf)" \
    "$(detail "$TMP/cpu-empty")" "$(detail "$TMP/cpu-tenyear")"
printf '%-40s %-22s %-22s\n' "Down redraw, tmux" "$(detail "$TMP/down-empty")" \
    "$(detail "$TMP/down-tenyear")"
printf '%-40s %-22s %-22s\n' "? help / space back redraw, tmux" "$(detail "$TMP/help-empty")" \
    "$(detail "$TMP/help-tenyear")"
printf '%-40s %-22s\n' "  tmux alone (cat echoing a key)" "$(detail "$TMP/key-tmux")"
[ $HAVE_STRACE = 0 ] || printf '%-40s %-22s %-22s\n' "Down redraw inside kolb (strace)" \
    "$(detail "$TMP/strace-ms-empty")" "$(detail "$TMP/strace-ms-tenyear")"
[ $HAVE_LIST = 0 ] || printf '%-40s %-22s %-22s\n' "kolb session list ($LIST_TOOL)" \
    "$(detail "$TMP/list-empty")" "$(detail "$TMP/list-tenyear")"

row() { printf '%-46s %9s %9s %8s  %s\n' "$@"; }
echo
row "figure (medians)" "empty" "ten-year" "target" "ten-year"
row "----------------------------------------------" "---------" "---------" "--------" "--------"
a=$(minus "$(med "$TMP/first-empty")" "$m_ftmux")
b=$(minus "$(med "$TMP/first-tenyear")" "$m_ftmux")
row "first screen, ms (tmux, minus tmux alone)" "$a" "$b" "< 50" "$(verdict "$b" 50)"
b=$(med "$TMP/first-tenyear")
row "first screen, ms (tmux, raw)" "$(med "$TMP/first-empty")" "$b" "< 50" "$(verdict_raw "$b" 50)"
if [ $HAVE_PERF = 1 ]; then
    b=$(med "$TMP/cpu-tenyear")
    row "kolb CPU to first screen and quit, ms (perf)" "$(med "$TMP/cpu-empty")" "$b" "< 50" \
        "$(verdict "$b" 50)"
fi
b=$(minus "$(med "$TMP/down-tenyear")" "$m_ktmux")
row "Down redraw, ms (tmux, minus tmux alone)" "n/a" "$b" "< 5" "$(verdict "$b" 5)"
b=$(med "$TMP/down-tenyear")
row "Down redraw, ms (tmux, raw)" "n/a" "$b" "< 5" "$(verdict_raw "$b" 5)"
if [ $HAVE_STRACE = 1 ]; then
    b=$(med "$TMP/strace-ms-tenyear")
    row "Down redraw inside kolb, ms (strace)" "n/a" "$b" "< 5" "$(verdict "$b" 5)"
fi
a=$(minus "$(med "$TMP/help-empty")" "$m_ktmux")
b=$(minus "$(med "$TMP/help-tenyear")" "$m_ktmux")
row "help/back redraw, ms (tmux, minus tmux alone)" "$a" "$b" "< 5" "$(verdict "$b" 5)"
read -r h1e r1e <"$TMP/mem1-empty"
read -r h1t r1t <"$TMP/mem1-tenyear"
read -r h2e r2e <"$TMP/mem2-empty"
read -r h2t r2t <"$TMP/mem2-tenyear"
row "VmHWM after first screen, MB" "$(kb_mb "$h1e")" "$(kb_mb "$h1t")" "< 16" \
    "$(verdict "$(kb_mb "$h1t")" 16)"
row "VmRSS after first screen, MB" "$(kb_mb "$r1e")" "$(kb_mb "$r1t")" "< 16" \
    "$(verdict "$(kb_mb "$r1t")" 16)"
row "VmHWM after all keypresses, MB" "$(kb_mb "$h2e")" "$(kb_mb "$h2t")" "< 16" \
    "$(verdict "$(kb_mb "$h2t")" 16)"
row "VmRSS after all keypresses, MB" "$(kb_mb "$r2e")" "$(kb_mb "$r2t")" "< 16" \
    "$(verdict "$(kb_mb "$r2t")" 16)"
if [ $HAVE_LIST = 1 ]; then
    b=$(med "$TMP/list-tenyear")
    row "kolb session list, ms (no terminal)" "$(med "$TMP/list-empty")" "$b" "(< 50)" \
        "$(verdict "$b" 50)"
else
    echo "kolb session list: skipped (this kolb has no 'session list' command yet)"
fi
echo
echo "tmux alone: $m_ftmux ms to show a pane's first text, $m_ktmux ms for a key's echo;"
echo "each poll is one tmux round trip, so tmux figures are good to a few ms. \"(tmux)\": raw"
echo "figures include tmux's share and are not judged; the finer figures are."
[ $HAVE_LIST = 0 ] || echo "session list has no target of its own; \"(< 50)\" borrows the first screen's."
