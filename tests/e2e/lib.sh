# Shared helpers for the end-to-end scripts: each runs the real kolb binary
# ($KOLB) in a fresh data folder and prints one "PASS name" or "FAIL name" line
# per check. Sourced, not run.
set -u
: "${KOLB:?KOLB must name the kolb binary}"
: "${PACKS_DIR:?PACKS_DIR must name the built packs folder}"
T=$(mktemp -d "${TMPDIR:-/tmp}/kolb-e2e.XXXXXX")
export KOLB_HOME="$T/data"
OUT="$T/out"
ERR="$T/err"
e2e_failed=0
cleanup() {
	[ -n "${TMUX_SOCK:-}" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; e2e_failed=1; }

# run CMD...: run kolb with stdout in $OUT, stderr in $ERR, status in $RC.
run() {
	"$KOLB" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# expect NAME STATUS [REGEX-in-stdout-or-stderr]
expect() {
	name=$1 want=$2 re=${3:-}
	if [ "$RC" -ne "$want" ]; then
		fail "$name" "exit $RC, wanted $want; stderr: $(head -c 300 "$ERR")"
		return
	fi
	if [ -n "$re" ] && ! cat "$OUT" "$ERR" | grep -Eq -- "$re"; then
		fail "$name" "output lacks /$re/: $(head -c 300 "$OUT") $(head -c 300 "$ERR")"
		return
	fi
	pass "$name"
}

# check NAME COMMAND...: pass when the shell command succeeds.
check() {
	name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}

# Errors are one line on stderr.
one_line_error() {
	[ "$(wc -l <"$ERR")" -ge 1 ] && tail -n 1 "$ERR" | grep -q '^kolb: '
}

# tmux helpers: a private server, an 80x24 window running kolb.
TMUX_SOCK="$T/tmux.sock"
tm() { tmux -S "$TMUX_SOCK" "$@"; }
tm_start() { # tm_start COLS ROWS CMD
	tm -f /dev/null new-session -d -s e2e -x "$1" -y "$2" "$3"
	tm set-option -g remain-on-exit on >/dev/null
}
screen() { tm capture-pane -p -t e2e; }
# wait_for REGEX [SECONDS]: poll the screen until it shows REGEX.
wait_for() {
	i=0 limit=$(( ${2:-5} * 10 ))
	while [ $i -lt $limit ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
