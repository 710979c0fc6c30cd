#!/bin/sh
# End to end: a whole workshop run from the command line, as an office script
# would: session, participants (one by one and from CSV), attendance, activities,
# phases, entries, assessments, completion, closing and a correction, with
# Vietnamese names and texts, and every mistake answered by one error line.
. "$(dirname "$0")/lib.sh"
DB="$KOLB_HOME/kolb.db"

# fails NAME STATUS REGEX KOLB-ARGS...: kolb must exit STATUS with REGEX in its
# output and exactly one "kolb: ..." error line (usage errors add the usage line).
fails() {
	name=$1 status=$2 re=$3
	shift 3
	run "$@"
	expect "$name" "$status" "$re"
	check "$name: one error line" one_error_line
}
one_error_line() {
	[ "$(grep -c '^kolb: ' "$ERR")" -eq 1 ] &&
	    [ "$(grep -vc -e '^kolb: ' -e '^usage: kolb ' "$ERR")" -eq 0 ] &&
	    [ "$(wc -l <"$ERR")" -le 2 ]
}
# json_ok: stdout is valid JSON. json_is EXPR: a Python expression on it (d) holds.
json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)' <"$OUT"; }
json_is() {
	python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)" <"$OUT"
}
sql() { sqlite3 "$DB" "$1"; }

run pack install "$PACKS_DIR/sample-handwashing.tar.gz"
expect "install the sample pack" 0 'installed sample-handwashing'

# --- help
run --help
expect "help lists the session commands" 0 'session +start, list, show'
check "help lists participant, attend, entry, assess, activity" sh -c \
    "grep -q '^  participant ' '$OUT' && grep -q '^  attend ' '$OUT' && grep -q '^  entry ' '$OUT' && grep -q '^  assess ' '$OUT' && grep -q '^  activity ' '$OUT'"
check "help stays last" sh -c "tail -n 6 '$OUT' | head -n 1 | grep -q '^  help '"
for c in session participant attend entry assess activity; do
	run help $c
	expect "help $c" 0 "usage: kolb $c"
done

# --- session new
run session new --pack sample-handwashing --title "Lớp 4A – Trường Tiểu học Bản Lướt" \
    --province "Lào Cai" --commune "Bản Lướt" --village "Bản Lướt" --date 2026-11-29 \
    --facilitator "Nguyễn Thị Hoa" --facilitator "Lò Văn Minh"
expect "session new" 0 '^[0-9]+$'
S=$(cat "$OUT")
run session new --pack sample-handwashing --lang en --title "Parents' meeting, Sa Pa" \
    --date 2026-12-01 --days 2 --facilitator "Hoàng Thị Lụa" --json
expect "session new --json" 0 '"id"'
check "session new --json is JSON" json_ok
check "session new --json has the fields" json_is \
    'd["language"] == "en" and d["days"] == 2 and d["facilitators"] == ["Hoàng Thị Lụa"] and d["phase"] == "setup" and d["pack_version"] == "1.0.0" and d["closed_at"] is None'
S2=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <"$OUT")
check "the two sessions are different" [ "$S" != "$S2" ]

fails "session new without --title" 2 'needs --pack, --title and --date' \
    session new --pack sample-handwashing --date 2026-11-29
fails "session new with an impossible date" 2 'YYYY-MM-DD, not "2026-02-30"' \
    session new --pack sample-handwashing --title x --date 2026-02-30
fails "session new with 4 days" 2 '1, 2 or 3' \
    session new --pack sample-handwashing --title x --date 2026-11-29 --days 4
fails "session new with an unknown option" 2 'unknown option or missing value: --colour' \
    session new --colour red
fails "session new with an option missing its value" 2 'missing value: --pack' \
    session new --title x --date 2026-11-29 --pack
fails "session new with a stray argument" 2 'options only' \
    session new --pack sample-handwashing --title x --date 2026-11-29 extra
fails "session new with an unknown pack" 1 'pack no-such-pack is not installed' \
    session new --pack no-such-pack --title x --date 2026-11-29
fails "session new in a language the pack lacks" 1 'no language "fr"' \
    session new --pack sample-handwashing --lang fr --title x --date 2026-11-29
fails "session new with an empty title" 1 'title is required' \
    session new --pack sample-handwashing --title "" --date 2026-11-29
fails "session without subcommand" 2 'needs a subcommand' session
fails "unknown session subcommand" 2 'unknown session subcommand "start"' session start
check "no session was created by mistakes" [ "$(sql 'SELECT count(*) FROM sessions')" = 2 ]

# --- participants, one by one
run participant add "$S" --name "Lò Thị Tiên" --gender female --age-group child --ethnicity Thái \
    --role student --minor --consent given --consent-by "Lò Văn Páo" --share-name
expect "participant add" 0 '^[0-9]+$'
P1=$(cat "$OUT")
run participant add "$S" --name "Vàng A Sử" --gender male --age-group child --minor
expect "participant add (second)" 0 '^[0-9]+$'
P2=$(cat "$OUT")
run participant add "$S" --name "Hà Văn Tuấn" --gender male --age-group adult --role parent --json
expect "participant add --json" 0 '"name": "Hà Văn Tuấn"'
check "participant add --json has the fields" json_is \
    'd["gender"] == "male" and d["role"] == "parent" and d["minor"] is False and d["consent"] == "unknown" and d["attendance"] == [False] and d["session_id"] == '"$S"
P3=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <"$OUT")
run participant add "$S2" --name "Giàng Thị Mai" --gender female
POTHER=$(cat "$OUT")
check "a participant of the other session" [ -n "$POTHER" ]

fails "participant add with a bad gender" 2 '--gender must be female\|male\|other, not "nữ sinh"' \
    participant add "$S" --name "Sùng Thị Dợ" --gender "nữ sinh"
fails "participant add with a bad consent" 2 '--consent must be unknown\|given\|refused' \
    participant add "$S" --name "Sùng Thị Dợ" --consent maybe
fails "participant add without --name" 2 'needs --name' participant add "$S" --gender female
fails "participant add with an empty name" 1 'needs a name' participant add "$S" --name "  "
fails "participant add to a missing session" 1 'there is no session 999' \
    participant add 999 --name "Sùng Thị Dợ"
fails "participant add to a session id that is not a number" 2 'number such as 12, not "bốn"' \
    participant add bốn --name "Sùng Thị Dợ"
fails "participant add with a name that has a control character" 1 'cannot be stored' \
    participant add "$S" --name "$(printf 'Sùng\tDợ')"
check "mistakes added nobody" [ "$(sql "SELECT count(*) FROM participants WHERE session_id = $S")" = 3 ]

run participant edit "$P2" --ethnicity "Hmông" --role student --consent given \
    --consent-by "Vàng A Chứ"
expect "participant edit" 0 "participant $P2 updated"
run participant edit "$P3" --no-share-name --name "Hà Văn Tuấn (bố em Tiên)" --json
expect "participant edit --json" 0 'bố em Tiên'
run participant edit "$P1" --no-minor
run participant list "$S" --json
check "participant list --json is JSON" json_ok
check "edits were saved" json_is \
    '[p["ethnicity"] for p in d] == ["Thái", "Hmông", ""] and d[1]["consent_by"] == "Vàng A Chứ" and d[0]["minor"] is False and d[0]["share_name"] is True'
run participant edit "$P1" --minor
fails "participant edit without changes" 2 'needs something to change' participant edit "$P1"
fails "participant edit of a missing participant" 1 'there is no participant 9999' \
    participant edit 9999 --name "Ai đó"
fails "participant edit with a bad age group" 2 '--age-group must be' \
    participant edit "$P1" --age-group baby
run participant list "$S"
expect "participant list" 0 "Lò Thị Tiên .*consent: given \\(Lò Văn Páo\\)"
fails "participant list of a missing session" 1 'there is no session 999' participant list 999

# --- participants from a CSV file: Vietnamese headers and values, BOM, CRLF,
# a quoted name, a bad gender and an empty name
printf '\357\273\277họ tên,giới tính,nhóm tuổi,dân tộc,trẻ em\r\n' >"$T/roster.csv"
printf 'Giàng Thị Mai,nữ,child,Hmông,có\r\n' >>"$T/roster.csv"
printf 'Sùng A Dình,con trai,child,Hmông,có\r\n' >>"$T/roster.csv"
printf ',nam,adult,Kinh,không\r\n' >>"$T/roster.csv"
printf '"Hà Thị ""Bé"" Lan",nữ,adult,Tày,không\r\n' >>"$T/roster.csv"
before=$(sql "SELECT count(*) FROM participants WHERE session_id = $S")
run participant import "$S" "$T/roster.csv" --dry-run
expect "import --dry-run" 0 '2 would be added, 2 refused \(dry run: nothing was added\)'
check "dry run lists the accepted row with its line" grep -q '^line 2: accepted: Giàng Thị Mai' "$OUT"
check "dry run refuses the bad gender, with its line" grep -q '^line 3: refused: .*"con trai"' "$OUT"
check "dry run refuses the empty name, with its line" grep -q '^line 4: refused: .*empty' "$OUT"
check "dry run reads the quoted name" grep -q '^line 5: accepted: Hà Thị "Bé" Lan' "$OUT"
check "dry run added nobody" [ "$(sql "SELECT count(*) FROM participants WHERE session_id = $S")" = "$before" ]
run participant import "$S" "$T/roster.csv" --dry-run --json
expect "import --dry-run --json" 0 '"dry_run": true'
check "import --json is JSON with every row" json_is \
    '[(r["line"], r["accepted"]) for r in d["rows"]] == [(2, True), (3, False), (4, False), (5, True)] and d["accepted"] == 2 and d["refused"] == 2 and d["added"] == 0'
run participant import "$S" "$T/roster.csv"
expect "import" 0 '^2 added, 2 refused$'
check "import says the refused rows were not added" grep -q 'refused rows were not added' "$OUT"
check "import added the accepted rows" \
    [ "$(sql "SELECT count(*) FROM participants WHERE session_id = $S")" = $((before + 2)) ]
check "imported values were translated" \
    [ "$(sql "SELECT gender || ',' || is_minor FROM participants WHERE name = 'Giàng Thị Mai' AND session_id = $S")" = "female,1" ]
printf 'tên lớp,số em\n4A,30\n' >"$T/nonames.csv"
fails "import a file without a name column" 1 'no name column' participant import "$S" "$T/nonames.csv"
printf 'name,gender\n,female\nA Páo,robot\n' >"$T/allbad.csv"
fails "import a file whose every row is refused" 1 'no row can be added \(2 refused\)' \
    participant import "$S" "$T/allbad.csv"
check "the refused file's rows are still reported" grep -q '^line 3: refused' "$OUT"
printf 'name\n\377\376\n' >"$T/latin1.csv"
fails "import a file that is not UTF-8" 1 'UTF-8' participant import "$S" "$T/latin1.csv"
fails "import a missing file" 1 'No such file' participant import "$S" "$T/nothing.csv"
fails "import into a missing session" 1 'there is no session 999' \
    participant import 999 "$T/roster.csv"
fails "import without a file" 2 'needs a session id and a CSV file' participant import "$S"
check "failed imports added nobody" \
    [ "$(sql "SELECT count(*) FROM participants WHERE session_id = $S")" = $((before + 2)) ]

# --- attendance
run attend "$S" --day 1 "$P1" "$P3"
expect "attend" 0 "day 1: Lò Thị Tiên \\($P1\\) present"
run attend "$S" --day 1 --absent "$P2"
expect "attend --absent" 0 "day 1: Vàng A Sử \\($P2\\) absent"
fails "attend a day the session does not have" 1 'day 2 is not a day of session' \
    attend "$S" --day 2 "$P1"
fails "attend a participant of another session" 1 "participant $POTHER is not in session $S" \
    attend "$S" --day 1 "$P2" "$POTHER"
check "a wrong id changed nothing" [ "$(sql "SELECT count(*) FROM attendance WHERE participant_id = $P2 AND present = 1")" = 0 ]
fails "attend without --day" 2 'needs --day' attend "$S" "$P1"
fails "attend --day 0" 2 '1, 2 or 3, not "0"' attend "$S" --day 0 "$P1"
fails "attend with a bad id" 2 'number such as 12, not "-3"' attend "$S" --day 1 -- -3
fails "attend without participants" 2 'needs a session id and participant ids' attend "$S" --day 1

# --- activities and phases
run session phase "$S" experience
expect "phase experience" 0 "session $S: Experience"
run activity "$S" germ-glitter done
expect "activity done" 0 'Trò chơi “vi khuẩn lấp lánh”: done'
run activity "$S" six-steps-practice skipped
expect "activity skipped" 0 'skipped'
run activity "$S" six-steps-practice pending
expect "activity pending again" 0 'pending'
run activity "$S" six-steps-practice done
fails "activity that the pack lacks" 1 '"rua-tay" is not an activity of pack sample-handwashing' \
    activity "$S" rua-tay done
fails "activity with a bad status" 2 'done, skipped or pending, not "finished"' \
    activity "$S" germ-glitter finished
fails "activity without arguments" 2 'needs a session id' activity "$S"
fails "phase that does not exist" 2 'unknown phase "debrief"' session phase "$S" debrief
fails "phase closed is for session close" 2 'session close ID --yes' session phase "$S" closed
fails "phase of a missing session" 1 'there is no session 999' session phase 999 reflection
run session phase "$S" reflection
expect "phase reflection" 0 'Reflection'

# --- entries
run entry add "$S" --kind reflection --prompt what-happened --participant "$P1" \
    "Em thấy bột màu lấp lánh lan sang tay bạn Mai"
expect "reflection" 0 '^saved$'
run entry add "$S" --kind reflection --prompt what-happened --participant "$P1" \
    "Em thấy bột màu lấp lánh lan sang tay bạn Mai"
expect "the same reflection again" 0 '^unchanged$'
printf 'Em thấy sợ một chút,\nvì vi khuẩn lan nhanh quá.\n' |
	"$KOLB" entry add "$S" --kind reflection --prompt feelings --participant "$P1" - >"$OUT" 2>"$ERR"
RC=$?
expect "reflection from standard input" 0 '^saved$'
check "standard input kept its lines" \
    [ "$(sql "SELECT body FROM entries WHERE prompt_id = 'feelings'")" = "$(printf 'Em thấy sợ một chút,\nvì vi khuẩn lan nhanh quá.')" ]
run entry add "$S" --kind reflection --prompt why --group "Nhóm Hoa Ban" \
    "Vì xà phòng làm trôi dầu và vi khuẩn, nước không thôi thì không được"
expect "a group's reflection" 0 '^saved$'
run entry add "$S" --kind reflection --prompt what-happened --participant "$P2" \
    "Bột dính khắp tay em"
expect "second participant's reflection" 0 'saved'
run session phase "$S" application
run entry add "$S" --kind action_plan --prompt i-will --participant "$P1" --follow-up 2026-12-13 \
    --json "Em sẽ rửa tay bằng xà phòng trước khi ăn"
expect "action plan --json" 0 '"status": "saved"'
check "action plan --json fields" json_is \
    'd["version"] == 1 and d["kind"] == "action_plan" and d["participant_id"] == '"$P1"' and d["session_closed"] is False'
check "the follow-up date was saved" \
    [ "$(sql "SELECT follow_up FROM entries WHERE prompt_id = 'i-will'")" = 2026-12-13 ]
run entry add "$S" --kind note --prompt germ-glitter "Các em rất hào hứng; em Sử hơi ngại."
expect "a note on an activity" 0 '^saved$'

fails "entry with an unknown prompt" 1 '"cam-xuc" is not a reflection prompt of pack sample-handwashing \(what-happened, feelings, why\)' \
    entry add "$S" --kind reflection --prompt cam-xuc --participant "$P1" "Vui"
fails "entry with a prompt of another kind" 1 '"i-will" is not a reflection prompt' \
    entry add "$S" --kind reflection --prompt i-will --participant "$P1" "Vui"
fails "note on an unknown activity" 1 '"what-happened" is not an activity' \
    entry add "$S" --kind note --prompt what-happened "Ghi chú"
fails "entry with an unknown kind" 2 'reflection, action_plan or note, not "plan"' \
    entry add "$S" --kind plan --prompt i-will --participant "$P1" "Vui"
fails "reflection without participant or group" 2 'add --participant ID or --group NAME' \
    entry add "$S" --kind reflection --prompt feelings "Vui"
fails "entry with participant and group" 2 'not both' \
    entry add "$S" --kind reflection --prompt why --participant "$P1" --group "Nhóm 1" "Vui"
fails "follow-up on a reflection" 2 'action plans only' \
    entry add "$S" --kind reflection --prompt feelings --participant "$P1" --follow-up 2026-12-01 "Vui"
fails "follow-up that is not a date" 2 'YYYY-MM-DD, not "tuần sau"' \
    entry add "$S" --kind action_plan --prompt i-will --participant "$P1" --follow-up "tuần sau" "Vui"
fails "entry for a participant of another session" 1 "participant $POTHER is not in session $S" \
    entry add "$S" --kind reflection --prompt feelings --participant "$POTHER" "Vui"
fails "entry for a missing participant" 1 'there is no participant 9999' \
    entry add "$S" --kind reflection --prompt feelings --participant 9999 "Vui"
fails "entry without its text" 2 'needs a session id and the text' \
    entry add "$S" --kind reflection --prompt feelings --participant "$P1"
fails "entry without --prompt" 2 'needs --kind and --prompt' \
    entry add "$S" --kind reflection --participant "$P1" "Vui"
head -c 70000 /dev/zero | tr '\0' 'a' >"$T/long.txt"
"$KOLB" entry add "$S" --kind note --prompt germ-glitter - <"$T/long.txt" >"$OUT" 2>"$ERR"
RC=$?
expect "a text over 64 KiB is refused" 1 'longer than 64 KiB'
check "a text over 64 KiB: one error line" one_error_line
printf 'Em \377 vui\n' | "$KOLB" entry add "$S" --kind note --prompt germ-glitter - >"$OUT" 2>"$ERR"
RC=$?
expect "a text that is not UTF-8 is refused" 1 'not valid UTF-8'
check "a text that is not UTF-8: one error line" one_error_line
check "refused texts saved nothing" [ "$(sql "SELECT count(*) FROM entries WHERE session_id = $S")" = 6 ]

# --- assessments
run session phase "$S" assessment
run assess "$S" "$P1" six-steps met
expect "assess met" 0 'Lò Thị Tiên .*six-steps met'
run assess "$S" "$P2" key-moments not_yet
expect "assess not yet" 0 'not yet'
run assess "$S" "$P3" six-steps met
run assess "$S" "$P3" six-steps none
expect "assess none removes" 0 'not assessed'
check "the removed assessment is gone" [ "$(sql "SELECT count(*) FROM assessments WHERE participant_id = $P3")" = 0 ]
fails "assess an unknown outcome" 1 '"rua-tay" is not a learning outcome of pack sample-handwashing \(six-steps, key-moments\)' \
    assess "$S" "$P1" rua-tay met
fails "assess with a bad status" 2 'met, not_yet or none, not "đạt"' assess "$S" "$P1" six-steps đạt
fails "assess a participant of another session" 1 "participant $POTHER is not in session $S" \
    assess "$S" "$POTHER" six-steps met
fails "assess without enough arguments" 2 'needs a session id, a participant id' assess "$S" "$P1"

# --- session show: attendance, activities, entries, completion
run session show "$S"
expect "session show" 0 'Lớp 4A – Trường Tiểu học Bản Lướt'
check "show: place and facilitators" sh -c \
    "grep -q 'Bản Lướt, Bản Lướt, Lào Cai' '$OUT' && grep -q 'Nguyễn Thị Hoa, Lò Văn Minh' '$OUT'"
check "show: attendance per day" grep -Eq "^ +$P2 +Vàng A Sử +day 1: absent" "$OUT"
check "show: activities' status" grep -Eq '^  germ-glitter +done' "$OUT"
check "show: counts of entries" grep -q '4 reflections, 1 action plan, 1 note' "$OUT"
check "show: the completion summary" grep -q 'Completion: 1 / 5 complete' "$OUT"
check "show: Lò Thị Tiên completes" grep -Eq "^ +$P1 +Lò Thị Tiên +complete$" "$OUT"
check "show: what Vàng A Sử is missing" sh -c \
    "sed -n '/^ *$P2 *Vàng A Sử *not yet complete/,/^ *$P3 /p' '$OUT' | grep -c '^ *- ' | grep -qx 3"
check "show: ... attendance, action plan, outcome" sh -c \
    "grep -q '\\- attended 0 of 1 day' '$OUT' && grep -q '\\- no action plan' '$OUT' && grep -q '\\- outcome not yet met: Làm đúng sáu bước' '$OUT'"
run session show "$S" --json
expect "session show --json" 0 '"completion"'
check "session show --json is JSON" json_ok
check "show --json: session, participants with attendance, activities, entries" json_is \
    'd["session"]["phase"] == "assessment" and d["participants"][0]["attendance"] == [True] and d["participants"][1]["attendance"] == [False] and [a["status"] for a in d["activities"]] == ["done", "done"] and d["entries"] == {"reflection": 4, "action_plan": 1, "note": 1}'
check "show --json: who completes and exactly what is missing" json_is \
    'd["completion"]["complete"] == 1 and [r["complete"] for r in d["completion"]["rows"]][:2] == [True, False] and d["completion"]["rows"][0]["missing"] == [] and len(d["completion"]["rows"][1]["missing"]) == 3 and d["completion"]["rows"][1]["missing"][0].startswith("attended 0 of 1 day")'
fails "show a missing session" 1 'there is no session 999' session show 999
fails "show without a session id" 2 'needs one session id' session show
fails "show a session id that is not a number" 2 'number such as 12' session show 1x

# --- a session open elsewhere (the TUI holds its lock): changes refused, reading works
UID_S=$(sql "SELECT uid FROM sessions WHERE id = $S")
if command -v flock >/dev/null 2>&1; then
	flock "$KOLB_HOME/locks/session-$UID_S.lock" sleep 3 &
	holder=$!
	sleep 0.5
	fails "a change while the session is open elsewhere" 1 'open in another kolb' \
	    attend "$S" --day 1 "$P2"
	fails "an entry while the session is open elsewhere" 1 'open in another kolb' \
	    entry add "$S" --kind note --prompt germ-glitter "Ghi chú"
	run session show "$S"
	expect "show works while the session is open elsewhere" 0 'Lò Thị Tiên'
	wait $holder
fi

# --- list: in progress first
run session list
expect "session list" 0 'Lớp 4A – Trường Tiểu học Bản Lướt \(sample-handwashing 1.0.0\)'
check "list shows phase and people" grep -Eq "^ +$S +2026-11-29 +Assessment +5 " "$OUT"

# --- close, then correct an entry
fails "close without --yes" 2 'closing locks the entries; add --yes' session close "$S"
check "not closed without --yes" [ "$(sql "SELECT phase FROM sessions WHERE id = $S")" = assessment ]
run session close "$S" --yes
expect "close" 0 "session $S closed"
check "closed in the database" [ "$(sql "SELECT phase FROM sessions WHERE id = $S")" = closed ]
fails "close again" 1 'closed' session close "$S" --yes
fails "phase of a closed session" 1 'the session is closed' session phase "$S" reflection
run entry add "$S" --kind action_plan --prompt i-will --participant "$P1" \
    "Em sẽ rửa tay bằng xà phòng trước khi ăn và sau khi đi vệ sinh"
expect "a correction after closing" 0 '^saved as version 2 \(the session is closed\)$'
check "the old version is still there" \
    [ "$(sql "SELECT version || '|' || body FROM entries WHERE prompt_id = 'i-will' ORDER BY version LIMIT 1")" = "1|Em sẽ rửa tay bằng xà phòng trước khi ăn" ]
check "the new version supersedes it" \
    [ "$(sql "SELECT count(*) FROM entries n JOIN entries o ON n.supersedes = o.id WHERE n.prompt_id = 'i-will' AND n.version = 2 AND o.version = 1")" = 1 ]
run entry add "$S" --kind action_plan --prompt i-will --participant "$P1" \
    "Em sẽ rửa tay bằng xà phòng trước khi ăn và sau khi đi vệ sinh"
expect "the same correction again is unchanged" 0 '^unchanged$'
check "no third version" [ "$(sql "SELECT count(*) FROM entries WHERE prompt_id = 'i-will'")" = 2 ]
run session list --json
check "session list --json is JSON" json_ok
check "list --json: in progress first, closed last, with counts" json_is \
    '[s["id"] for s in d] == ['"$S2, $S"'] and d[1]["phase"] == "closed" and d[1]["participants"] == 5 and d[0]["participants"] == 1'
run session show "$S" --json
check "show --json after closing" json_is \
    'd["session"]["phase"] == "closed" and d["session"]["closed_at"] is not None and d["entries"]["action_plan"] == 1'

# --- the audit trail received every change
check "audit rows for the session" [ "$(sql "SELECT count(*) FROM audit WHERE session_id = $S")" -ge 25 ]
check "audit: the correction" [ "$(sql "SELECT count(*) FROM audit WHERE session_id = $S AND entity = 'entry' AND field = 'correction'")" = 1 ]
check "audit: assessments" [ "$(sql "SELECT count(*) FROM audit WHERE session_id = $S AND entity = 'assessment'")" -ge 4 ]
check "audit: activities" [ "$(sql "SELECT count(*) FROM audit WHERE session_id = $S AND entity = 'activity'")" = 4 ]
check "audit: phases" [ "$(sql "SELECT count(*) FROM audit WHERE session_id = $S AND field = 'phase'")" = 5 ]
check "audit: elapsed time never goes back" [ "$(sql "SELECT count(*) FROM audit a JOIN audit b ON b.id = a.id + 1 AND b.session_id = a.session_id WHERE a.session_id = $S AND b.elapsed_ms < a.elapsed_ms")" = 0 ]
check "database integrity" [ "$(sql 'PRAGMA integrity_check')" = ok ]

exit $e2e_failed
