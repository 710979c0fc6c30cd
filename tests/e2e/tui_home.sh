#!/bin/sh
# End to end: the TUI in a real 80x24 terminal (tmux), as a facilitator opens it.
. "$(dirname "$0")/lib.sh"

"$KOLB" pack install "$PACKS_DIR/sample-handwashing.tar.gz" >/dev/null 2>&1
tm_start 80 24 "env LC_ALL=C.UTF-8 TERM=screen KOLB_HOME='$KOLB_HOME' sh -c '\"$KOLB\" 2>\"$T/tui.err\"; echo \$? >\"$T/status\"'"
if wait_for 'Installed packs'; then pass "home screen opens at 80x24"; else fail "home screen opens at 80x24" "$(screen)"; fi
if screen | grep -q 'sample-handwashing  *1.0.0  *Rửa tay bằng xà phòng (gói mẫu)'; then
	pass "installed pack shown with its Vietnamese title"
else
	fail "installed pack shown with its Vietnamese title" "$(screen)"
fi
check "key help on the last line" sh -c "tmux -S '$TMUX_SOCK' capture-pane -p -t e2e | tail -n 1 | grep -q 'q quit'"

tm resize-window -t e2e -x 40 -y 10
if wait_for 'Window too small \(40x10\)'; then pass "too small a window is said, not drawn"; else fail "too small a window is said" "$(screen)"; fi
tm resize-window -t e2e -x 80 -y 24
if wait_for 'Installed packs'; then pass "redraws after resize back to 80x24"; else fail "redraws after resize" "$(screen)"; fi

tm send-keys -t e2e '?'
if wait_for 'Help: Home'; then pass "? opens help"; else fail "? opens help" "$(screen)"; fi
tm send-keys -t e2e x
wait_for 'Sessions' >/dev/null
wait_for 'Installed packs' >/dev/null
tm send-keys -t e2e q
i=0
while [ ! -s "$T/status" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "q quits kolb" [ -s "$T/status" ]
status=$(cat "$T/status" 2>/dev/null)
if [ "$status" = 0 ]; then pass "q quits with status 0"; else fail "q quits with status 0" "status $status: $(head -c 600 "$T/tui.err")"; fi

# Not a UTF-8 locale: one line saying how to fix it, instead of broken text.
LC_ALL=C "$KOLB" >"$OUT" 2>"$ERR" </dev/null
RC=$?
expect "non-UTF-8 locale refused with advice" 1 'not UTF-8.*LANG=C.UTF-8'
check "non-UTF-8 locale: one-line error" one_line_error
exit $e2e_failed
