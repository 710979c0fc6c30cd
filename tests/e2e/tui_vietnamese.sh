#!/bin/sh
# End to end, in Vietnamese: the interface switched to Vietnamese in the TUI's
# settings (kept in the data folder), then reflections typed with kolb's own
# Telex and VNI typing (Ctrl-T, shown in the status line) on a terminal with no
# input method, as plain ASCII keys; the words are found in the database. Also
# `kolb type`, local dates, and the interface language following LANGUAGE.
. "$(dirname "$0")/lib.sh"
DB="$KOLB_HOME/kolb.db"
q() { sqlite3 "$DB" "$1"; }
export TZ=UTC

start_kolb() {
	rm -f "$T/status" "$T/tui.err"
	tm kill-server 2>/dev/null
	tm_start 80 24 "env LC_ALL=C.UTF-8 TERM=screen KOLB_HOME='$KOLB_HOME' sh -c '\"$KOLB\" 2>>\"$T/tui.err\"; echo \$? >\"$T/status\"'"
}
keys() { tm send-keys -t e2e "$@"; sleep 0.15; }
# ASCII keystrokes one at a time, as a keyboard without an input method sends them.
typekeys() {
	s=$1
	while [ -n "$s" ]; do
		c=${s%"${s#?}"}
		s=${s#?}
		tm send-keys -t e2e -l "$c"
	done
	sleep 0.2
}
see() { # see NAME REGEX: the screen shows REGEX within 5 s
	if wait_for "$2"; then pass "$1"; else fail "$1" "$(screen)"; fi
}
gone() { # gone NAME REGEX: the screen no longer shows REGEX
	sleep 0.3
	if screen | grep -Eq -- "$2"; then fail "$1" "$(screen)"; else pass "$1"; fi
}

# --- kolb type: the same engine for scripts
printf 'Nguyeenx Thij Hoaf\nnguwowif khuyru quoocs giuwax thuowr\nDdawks Lawks\r\n' >"$T/keys.txt"
"$KOLB" type --telex <"$T/keys.txt" >"$OUT" 2>"$ERR"
check "kolb type --telex: line by line, CRLF accepted" \
	[ "$(cat "$OUT")" = "$(printf 'Nguyễn Thị Hoà\nngười khuỷu quốc giữa thuở\nĐắk Lắk')" ]
run type --vni "Nguye64n Thi5 Hoa2" "ngu7o7i2 khuy3u quo61c giu74a thuo73" "D9a81k La81k"
check "kolb type --vni: each argument a line" \
	[ "$(cat "$OUT")" = "$(printf 'Nguyễn Thị Hoà\nngười khuỷu quốc giữa thuở\nĐắk Lắk')" ]
run type --telex --traditional "hoaf thuyr"
check "kolb type --traditional: hòa thủy" [ "$(cat "$OUT")" = "hòa thủy" ]
run type --telex "ass" "DDuwowngf" "VIEETJ NAM"
check "kolb type: undo by repeating, mixed and upper case kept" \
	[ "$(cat "$OUT")" = "$(printf 'as\nĐường\nVIỆT NAM')" ]
# Combining marks U+0300-U+036F are the UTF-8 lead bytes 0xCC and 0xCD.
has_combining() { LC_ALL=C grep -q "$(printf '[\314\315]')" "$1"; }
no_combining() { ! has_combining "$1"; }
printf 'e\314\201\n' >"$T/nfd.txt"
check "the NFC check sees a combining mark (e + U+0301)" has_combining "$T/nfd.txt"
check "kolb type: output is NFC (precomposed, no combining marks)" no_combining "$OUT"
run type
expect "kolb type without a mode: usage" 2 'say how the keys are typed: --telex or --vni'
run type --telex --vni
expect "kolb type with both modes: usage" 2 'choose one of --telex and --vni'
printf 'ok\n\377\376\n' >"$T/bad.txt"
"$KOLB" type --telex <"$T/bad.txt" >"$OUT" 2>"$ERR"
RC=$?
check "kolb type: invalid UTF-8 is one error line, exit 1" \
	sh -c "[ $RC = 1 ] && [ \"\$(cat '$ERR')\" = 'kolb: line 2 is not valid UTF-8 text' ]"

# --- the interface language follows LANGUAGE; dates and numbers follow it
"$KOLB" pack install "$PACKS_DIR/sample-handwashing.tar.gz" >/dev/null 2>&1
run session new --pack sample-handwashing --title "Lớp rửa tay" --province "Đắk Lắk" \
    --commune "Ea Kao" --date 2026-11-28 --facilitator "H'Hen Niê"
S=$(cat "$OUT")
run participant add "$S" --name "H'Lan Êban" --gender female --age-group adult
P1=$(cat "$OUT")
run participant add "$S" --name "Y Minh Niê" --gender male --age-group adult
P2=$(cat "$OUT")
run session phase "$S" reflection
LANGUAGE=vi "$KOLB" session show "$S" >"$OUT" 2>"$ERR"
check "session show in Vietnamese: dd/mm/yyyy date" grep -q '28/11/2026, 1 ngày' "$OUT"
check "session show in Vietnamese: values aligned by display width after the labels" \
	python3 -c "
import sys, unicodedata
rows = [l.rstrip('\n') for l in open(sys.argv[1], encoding='utf-8')][:7]
cols = set()
for l in rows:
    label, sep, rest = l.partition(':')
    value = len(label) + 1 + (len(rest) - len(rest.lstrip(' ')))
    cols.add(value)
sys.exit(0 if len(rows) == 7 and len(cols) == 1 else 1)" "$OUT"
LANGUAGE=en "$KOLB" session show "$S" >"$OUT" 2>"$ERR"
check "session show in English: ISO date" grep -Eq '^Date: +2026-11-28, 1 day' "$OUT"
LANGUAGE=vi "$KOLB" pack show sample-handwashing >"$OUT" 2>"$ERR"
check "pack show in Vietnamese: decimal comma in the workload" grep -Eq '\([0-9]+(,[0-9]+)? giờ\)' "$OUT"

# --- LANG names a Vietnamese locale this machine never generated: Vietnamese anyway
env -u LANGUAGE -u LC_ALL LANG=vi_XX.UTF-8 "$KOLB" session show "$S" >"$OUT" 2>"$ERR"
check "a missing vi_* locale still gives the Vietnamese interface, in UTF-8" \
	grep -q '28/11/2026, 1 ngày' "$OUT"

# --- a locale that is not UTF-8: one line saying how to fix it, nothing drawn
for loc in C POSIX; do
	LC_ALL=$loc LANG= LANGUAGE= "$KOLB" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	check "TUI under LC_ALL=$loc: exit 1, one line naming the fix, nothing drawn" sh -c \
	    "[ $RC = 1 ] && [ \$(wc -l <'$ERR') = 1 ] && grep -q 'not UTF-8.*LANG=C.UTF-8' '$ERR' && [ ! -s '$OUT' ]"
done
LC_ALL=C "$KOLB" review >"$OUT" 2>"$ERR" </dev/null
RC=$?
check "review under LC_ALL=C: exit 1, one line" sh -c "[ $RC = 1 ] && [ \$(wc -l <'$ERR') = 1 ]"

# --- the TUI: settings → Vietnamese interface and Telex typing
start_kolb
see "home screen in English (C.UTF-8, no LANGUAGE)" 'Sessions'
see "home shows the session's date" '2026-11-28'
keys s
see "settings screen" 'Interface language'
keys Right
see "interface switched to Vietnamese at once" 'Tiếng Việt'
see "the screens speak Vietnamese" 'Buổi tập huấn|Cài đặt'
keys Down Right
see "typing set to Telex" 'Telex'
keys Escape
see "home in Vietnamese" 'Buổi tập huấn'
see "home shows the date as dd/mm/yyyy" '28/11/2026'
check "settings kept in the data folder" \
	[ "$(q "select group_concat(key || '=' || value, ' ') from (select * from settings where key in ('ui.language', 'typing.mode') order by key)")" = "typing.mode=telex ui.language=vi" ]
keys Enter
keys F4
see "reflection screen in Vietnamese" 'đã chia sẻ'
see "status line shows the typing mode and its key" '\^T Telex'
typekeys "Em thaays raats vui vif dduowcj hocj cungf banj, nguwowif khuyru quoocs giuwax"
see "Telex typed into the field" 'Em thấy rất vui vì được học cùng bạn, người khuỷu'
keys Tab
sleep 0.3
check "the Telex words are in the database" \
	[ "$(q "select body from entries where participant_id = $P1 and kind = 'reflection'")" = "Em thấy rất vui vì được học cùng bạn, người khuỷu quốc giữa" ]
# VNI after Ctrl-T, and a word finished after moving the cursor back into it
keys C-t
see "Ctrl-T: VNI, in the status line" '\^T VNI'
typekeys "Toi se4 no1i vo7i1 ngu7o7i2 lo7n1 tin ca65y o73 D9a81k La81k"
keys Home Right Right
typekeys "6"
keys End
typekeys " thuo73 a6y"
see "VNI typed, ô added after moving the cursor back into a word" \
	'Tôi sẽ nói với người lớn tin cậy ở Đắk Lắk thuở'
keys Tab
sleep 0.3
check "the VNI words are in the database" \
	[ "$(q "select body from entries where participant_id = $P2 and kind = 'reflection'")" = "Tôi sẽ nói với người lớn tin cậy ở Đắk Lắk thuở ây" ]
keys C-t
see "Ctrl-T again: plain typing" '\^T (thường|plain|gõ thường)'
keys C-q
sleep 0.5
check "kolb exits 0" [ "$(cat "$T/status" 2>/dev/null)" = 0 ]

# --- settings survive a restart
start_kolb
see "restarted in Vietnamese (from the data folder, not the environment)" 'đã chia sẻ|Buổi tập huấn'
check "typing mode kept (plain after the last Ctrl-T)" \
	[ "$(q "select value from settings where key = 'typing.mode'")" = off ]
# Interface back to English: a Vietnamese session's groups keep their Vietnamese
# names, which are also the keys their words are stored under.
keys Escape
see "home" 'Buổi tập huấn'
keys s Right Escape
see "interface in English again" 'Sessions'
keys Enter F4 NPage NPage
see "group prompt: the session's language names the groups" 'Nhóm 1'
see "... in an English interface" '3/3'
text_plain() { tm send-keys -t e2e -l "$1"; sleep 0.2; }
text_plain "Nhóm em rửa tay sáu bước"
keys Tab
sleep 0.3
check "the group's words are stored under the session-language name" \
	[ "$(q "select group_name || '|' || body from entries where group_name <> ''")" = "Nhóm 1|Nhóm em rửa tay sáu bước" ]
keys C-q
sleep 0.5
check "nothing on kolb's stderr" [ ! -s "$T/tui.err" ]
exit $e2e_failed
