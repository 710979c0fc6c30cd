#!/bin/sh
# End to end: a whole workshop run through the TUI at 80x24 in tmux, as a
# facilitator would: new session, participants, attendance, an activity with its
# timer, reflections typed in Vietnamese, a resize, kolb killed with SIGKILL while
# a reflection is being typed (nothing saved is lost; kolb resumes on the same
# screen), action plan, assessment, closing, and a correction after closing.
. "$(dirname "$0")/lib.sh"
DB="$KOLB_HOME/kolb.db"
q() { sqlite3 "$DB" "$1"; }
"$KOLB" pack install "$PACKS_DIR/sample-handwashing.tar.gz" >/dev/null 2>&1

start_kolb() {
	rm -f "$T/status" "$T/tui.err"
	tm kill-server 2>/dev/null
	tm_start 80 24 "env LC_ALL=C.UTF-8 TERM=screen KOLB_HOME='$KOLB_HOME' sh -c '\"$KOLB\" 2>>\"$T/tui.err\"; echo \$? >\"$T/status\"'"
}
kolb_pid() { pgrep -P "$(tm display-message -p -t e2e '#{pane_pid}')" -x "$(basename "$KOLB")"; }
keys() { tm send-keys -t e2e "$@"; sleep 0.15; }
text() { tm send-keys -t e2e -l "$1"; sleep 0.15; }
see() { # see NAME REGEX: the screen shows REGEX within 5 s
	if wait_for "$2"; then pass "$1"; else fail "$1" "$(screen)"; fi
}

start_kolb
see "home screen" 'Sessions'
keys n
see "new session form" 'Create the session'
text "Lớp 4A Tả Van"
keys Tab; text "Lào Cai"; keys Tab; text "Tả Van"; keys Tab; text "Giàng Tả Chải"
keys Tab Tab Right Tab
text "Trần Hồng Điệp, Lò Văn Pánh"
keys Tab Enter
see "session created, participants screen" '0 participants'
check "session stored with its Vietnamese title and 2 days" \
	[ "$(q "select title || '|' || days || '|' || village from sessions")" = "Lớp 4A Tả Van|2|Giàng Tả Chải" ]

keys a; text "Giàng Thị Su"; keys Tab Right Tab Right; keys F10
see "first participant added" 'Giàng Thị Su'
keys a; text "Lò Văn Minh"; keys Tab Right Right; keys F10
see "second participant added" 'Lò Văn Minh'
keys Up 1 2 Down 1
sleep 0.3
check "attendance recorded (3 present-days)" [ "$(q 'select count(*) from attendance where present = 1')" = 3 ]

printf 'họ tên,giới tính,vai trò\nVàng Thị Mỷ,nữ,học sinh\n,nam,học sinh\n' >"$T/roster.csv"
keys i
see "import asks for a CSV file" 'Import a roster'
text "$T/roster.csv"; keys Enter
see "import preview: one row accepted, one refused" '1 rows can be added, 1 refused'
see "the refused row says why" '3  ✗ họ tên is empty'
keys Enter
see "imported participant listed" 'Vàng Thị Mỷ'

keys F3
see "experience: first activity's instructions" 'vi khuẩn lấp lánh'
keys Space
sleep 1.3
see "timer running" '⏱ 19:5[0-9]  running'
see "timer in the status line" '│ ⏱ 19:5[0-9] germ-glitter'
keys d
see "done moves to the next activity" '2/2  Luyện sáu bước rửa tay'
check "activity marked done" [ "$(q "select status from activities where activity_id = 'germ-glitter'")" = done ]

tm resize-window -t e2e -x 50 -y 12
see "too small a window is said" 'Window too small \(50x12\)'
tm resize-window -t e2e -x 80 -y 24
see "redraws after resize" 'Luyện sáu bước rửa tay'

keys F4
see "reflection: first prompt" '1/3 · each person'
text "Em thấy bột màu lan sang tay bạn rất nhanh"
keys Tab
see "moving on marks who has spoken" '✓ Giàng Thị Su'
text "Tôi thấy phải dùng xà phòng"
keys Tab
check "both reflections saved as typed (UTF-8)" \
	[ "$(q "select group_concat(body, '|') from (select body from entries where kind = 'reflection' order by id)")" = "Em thấy bột màu lan sang tay bạn rất nhanh|Tôi thấy phải dùng xà phòng" ]

keys F9
see "pass the netbook: only the participant's own field" 'F9 give the netbook back'
if screen | grep -q 'Giàng Thị Su  (' ; then fail "pass the netbook hides the list"; else pass "pass the netbook hides the list"; fi
if screen | grep -q 'Em thấy bột màu'; then fail "pass the netbook hides others' words"; else pass "pass the netbook hides others' words"; fi
keys F9
see "netbook back to the facilitator" 'have spoken'

# A second kolb on the same data folder is told the session is open here.
sid=$(q 'select id from sessions')
run entry add "$sid" --kind reflection --prompt why --group "Nhóm 1" "x"
expect "a second kolb is told the session is open elsewhere" 1 'open in another kolb'

# Kill kolb with SIGKILL while a reflection is being typed.
keys NPage
see "second prompt" '2/3 · each person'
text "Em cảm thấy sợ khi bột lan sang tay bạn"
sleep 4 # autosave runs every few seconds while typing
kill -9 "$(kolb_pid)"
sleep 0.5
check "text typed before the kill was saved" \
	[ "$(q "select body from entries where prompt_id = 'feelings'")" = "Em cảm thấy sợ khi bột lan sang tay bạn" ]
check "database intact after SIGKILL" [ "$(q 'pragma integrity_check')" = ok ]
start_kolb
see "kolb resumes on the same screen and prompt" '2/3 · each person: Khi thấy bột màu'
see "... with the words in the field" 'Em cảm thấy sợ khi bột lan sang tay bạn'

keys F5
see "application screen" 'Em sẽ rửa tay vào những lúc nào'
text "Em sẽ rửa tay trước khi ăn cơm"
keys F10; text "2026-12-15"; keys Enter
see "follow-up date shown" 'Follow-up date: 2026-12-15'
check "action plan saved with its follow-up date" \
	[ "$(q "select body || '|' || follow_up from entries where kind = 'action_plan'")" = "Em sẽ rửa tay trước khi ăn cơm|2026-12-15" ]

keys F6
see "assessment: evidence marks the outcome her words match" '★ Nêu được những lúc cần rửa tay'
keys m
sleep 0.3
check "outcome assessed as met" [ "$(q "select status from assessments where outcome_id = 'six-steps'")" = met ]

keys F7
see "close: what is missing for whom" 'Lò Văn Minh — attended 1 of 2 days'
keys c
see "closing asks first" 'Close the session\?'
keys y
see "session closed, with the local date and time" 'Closed on [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}\.'
check "session closed in the database" [ "$(q 'select phase from sessions')" = closed ]

keys r
see "signing without an issuer says how to make one" 'no issuer on this machine yet'
"$KOLB" issuer init --name "Quỹ Tầm Vóc Việt" --country VN >/dev/null 2>&1
keys r
see "signing asks to confirm today's date" "Today is $(date +%Y-%m-%d) .*Right\\? Sign now"
keys y
see "records signed" '1 records \(1 new\) signed'
see "the completer is marked" 'Giàng Thị Su — completed; record issued'
rec=$(ls "$KOLB_HOME"/records/*/record-*.json 2>/dev/null | head -n 1)
run verify "$rec"
expect "the signed record verifies, with its Vietnamese title" 0 'valid, issued by Quỹ Tầm Vóc Việt \(trusted\) to .*: Hoàn thành: Rửa tay bằng xà phòng'

keys F4
see "reflection after closing" '1/3 · each person'
keys End; text " và dính lâu"
keys Tab
check "a correction after closing is a new version; the old one stays" \
	[ "$(q "select group_concat(version || ':' || body, '|') from entries where prompt_id = 'what-happened' and participant_id = (select min(id) from participants)")" = "1:Em thấy bột màu lan sang tay bạn rất nhanh|2:Em thấy bột màu lan sang tay bạn rất nhanh và dính lâu" ]
check "every change is in the audit trail" [ "$(q 'select count(*) from audit')" -ge 15 ]

keys C-q
i=0
while [ ! -s "$T/status" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "Ctrl-Q quits with status 0" [ "$(cat "$T/status" 2>/dev/null)" = 0 ]
if [ -s "$T/tui.err" ]; then fail "nothing on stderr" "$(head -c 500 "$T/tui.err")"; else pass "nothing on stderr"; fi
exit $e2e_failed
