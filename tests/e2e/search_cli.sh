#!/bin/sh
# End to end: `kolb search` over the entries of a data folder made through the
# CLI: with and without --fold (Vietnamese diacritics, precomposed and
# decomposed), the highlighted words, --json with every span, --limit, exit
# statuses like grep's, pattern mistakes, and a correction after closing that
# leaves only the new version searchable.
. "$(dirname "$0")/lib.sh"

json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)' <"$OUT"; }
json_is() {
	python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)" <"$OUT"
}
# lines N: stdout has N lines
lines() { [ "$(wc -l <"$OUT")" -eq "$1" ]; }
# has FIXED-STRING: stdout contains it
has() { grep -qF -- "$1" "$OUT"; }
one_error_line() {
	[ "$(grep -c '^kolb: ' "$ERR")" -eq 1 ] &&
	    [ "$(grep -vc -e '^kolb: ' -e '^usage: kolb ' "$ERR")" -eq 0 ]
}

run pack install "$PACKS_DIR/sample-handwashing.tar.gz"
expect "install the sample pack" 0 'installed sample-handwashing'

run search "rửa tay"
expect "search an empty data folder" 1 '^no entry matches$'

run session new --pack sample-handwashing --title "Lớp 4A – Trường Tiểu học Buôn Đôn" \
    --province "Đắk Lắk" --date 2026-11-29
S=$(cat "$OUT")
run session new --pack sample-handwashing --title "Hội phụ nữ thôn Sín Chéng" --date 2027-01-15
S2=$(cat "$OUT")
run participant add "$S" --name "Đinh Thị Học"
P1=$(cat "$OUT")
run participant add "$S" --name "Y Khoa Niê"
P2=$(cat "$OUT")
run participant add "$S2" --name "Giàng Thị Mỷ"
P3=$(cat "$OUT")
check "a data folder with two sessions and three participants" \
    [ -n "$S" ] && [ -n "$S2" ] && [ -n "$P1" ] && [ -n "$P2" ] && [ -n "$P3" ]

LONG="Hôm nay em học được rằng bột màu lan rất nhanh từ tay bạn này sang tay bạn khác, nên em sẽ rửa tay bằng xà phòng trước khi ăn cơm và sau khi đi vệ sinh ở trường và ở nhà."
run entry add "$S" --kind reflection --prompt what-happened --participant "$P1" "$LONG"
expect "a reflection" 0 '^saved$'
# decomposed (NFD) "học": o + U+0323
NFD=$(printf 'Em se\314\203 nh\341\272\257c em trai \304\221i ho\314\243c v\341\273\201 r\341\273\255a tay.')
run entry add "$S" --kind action_plan --prompt i-will --participant "$P2" "$NFD"
expect "an action plan typed decomposed" 0 '^saved$'
run entry add "$S" --kind reflection --prompt why --group "Nhóm Hoa Ban" "Vì nước lạnh nên mọi người rửa vội."
expect "a group's reflection" 0 '^saved$'
run entry add "$S" --kind note --prompt germ-glitter "Trời mưa, bắt đầu muộn. Thầy hiệu trưởng dự cả buổi học."
expect "a facilitator's note" 0 '^saved$'
run entry add "$S2" --kind reflection --prompt feelings --participant "$P3" "Mẹ lo cho em bé hay mút tay, ở DAK LAK cũng vậy."
expect "a reflection in the second session" 0 '^saved$'

# --- without --fold: diacritics count, case does not
run search hoc
expect "\"hoc\" does not find \"học\" without --fold" 1 '^no entry matches$'
check "nothing else is printed when nothing matches" lines 1
run search "HỌC"
expect "search is case-insensitive" 0 '^2 entries match$'
check "one line per entry and the count" lines 3
check "the match is the original word, between « and »" has "em «học» được"
check "the line starts with the date and the session title" \
    grep -q '^2026-11-29  Lớp 4A – Trường Tiểu học Buôn Đôn  Đinh Thị Học  reflection/what-happened: ' "$OUT"
check "a note has no participant" has "2026-11-29  Lớp 4A – Trường Tiểu học Buôn Đôn  —  note/germ-glitter: "
run search "rửa vội"
expect "a group's words" 0 '^1 entry matches$'
check "the group is named" has "  Nhóm Hoa Ban  reflection/why: Vì nước lạnh nên mọi người «rửa vội»."
run search "Buôn Đôn|Đinh Thị"
expect "titles and names are not searched, only the words" 1 '^no entry matches$'

# --- --fold
run search --fold hoc
expect "--fold: \"hoc\" finds \"học\"" 0 '^3 entries match$'
check "--fold: the precomposed word is highlighted" has "em «học» được"
check "--fold: the decomposed word is highlighted whole, marks included" \
    has "$(printf '\304\221i \302\253ho\314\243c\302\273 v')"
check "--fold: the note" has "buổi «học»."
run search --fold "dak lak"
expect "--fold: \"dak lak\" finds DAK LAK" 0 '^1 entry matches$'
check "--fold: upper case highlighted as written" has "ở «DAK LAK» cũng"
run search --fold "Đắk Lắk"
expect "--fold: \"Đắk Lắk\" finds DAK LAK" 0 '^1 entry matches$'
run search "Đắk Lắk"
expect "without --fold \"Đắk Lắk\" does not" 1 '^no entry matches$'
run search --fold "XA PHONG"
expect "--fold: XA PHONG" 0 '^1 entry matches$'
check "the window around the match is cut with …" \
    grep -q ': …[^«]*«xà phòng»[^»]*…$' "$OUT"
check "the window is about 60 columns" python3 -c '
import sys, unicodedata
line = open(sys.argv[1], encoding="utf-8").readline().rstrip("\n")
snip = line.split(": ", 1)[1].replace("«", "").replace("»", "")
w = sum(0 if unicodedata.combining(c) else 1 for c in snip)
sys.exit(0 if 55 <= w <= 64 else 1)' "$OUT"

# --- --json
run search --fold --json "tay|hoc"
expect "--json" 0
check "--json is JSON" json_ok
check "--json: an array of the matching entries" json_is \
    'len(d) == 4 and sorted(e["session_id"] for e in d) == sorted(['"$S, $S, $S, $S2"'])'
check "--json: the fields" json_is \
    'd[0]["kind"] in ("action_plan", "note", "reflection") and all(set(e) >= {"entry_id", "session_id", "session_title", "date", "participant_id", "who", "group", "kind", "prompt_id", "version", "body", "spans"} for e in d)'
check "--json: every span, as byte offsets into the body" python3 -c '
import json, sys, unicodedata
d = json.load(open(sys.argv[1], encoding="utf-8"))
def fold(s):
    s = unicodedata.normalize("NFD", s).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in s if not unicodedata.combining(c)).lower()
for e in d:
    b = e["body"].encode()
    for sp in e["spans"]:
        t = b[sp["start"]:sp["end"]].decode()
        assert t == sp["text"], (t, sp)
        assert fold(t) in ("tay", "hoc"), t
lp = [e for e in d if e["prompt_id"] == "what-happened"][0]
assert [s["text"] for s in lp["spans"]] == ["học", "tay", "tay", "tay"], lp["spans"]
assert lp["who"] == "Đinh Thị Học" and lp["date"] == "2026-11-29" and lp["version"] == 1
note = [e for e in d if e["kind"] == "note"][0]
assert note["participant_id"] is None and note["who"] == ""
' "$OUT"
run search --json "không có chữ này"
expect "--json with no match" 1
check "--json with no match prints []" json_is 'd == []'

# --- --limit
run search --fold --limit 2 "tay|hoc"
expect "--limit" 0 '^4 entries match \(the first 2 shown\)$'
check "--limit prints that many" lines 3
run search --json --limit 1 tay
check "--json --limit" json_is 'len(d) == 1'

# --- --count
run search --fold --count "tay|hoc"
expect "--count" 0 '^4$'
check "--count prints only the number" lines 1
run search --count "không có chữ này"
expect "--count with no match" 1 '^0$'
run search --count --json --fold hoc
check "--count --json" json_is 'd == {"count": 3}'
run search --count --limit 2 tay
expect "--count takes no --limit" 2 'takes no --limit'

# --- mistakes: exit 2 with one error line
run search "học("
expect "a bad pattern" 2 'invalid pattern at offset 6: missing closing parenthesis'
check "a bad pattern: one error line and the usage" one_error_line
run search --fold "[b-ạ]"
expect "a pattern that folding breaks" 2 'with diacritics ignored the pattern is "\[b-a\]"'
run search
expect "no pattern" 2 'search needs one pattern'
run search a b
expect "two patterns" 2 'search needs one pattern'
run search --limit x tay
expect "--limit not a number" 2 '--limit needs a number above 0, not "x"'
run search --colour tay
expect "unknown option" 2 'unknown option or missing value: --colour'
run search ""
expect "an empty pattern" 2 'the pattern is empty'
run search -- "-?tay"
expect "a pattern after --" 0 '^3 entries match$'
run help search
expect "help search" 0 'usage: kolb search'
run --help
check "--help lists search" grep -q '^  search ' "$OUT"

# --- a terminal gets bold reverse instead of « »
if command -v script >/dev/null 2>&1; then
	script -qec "\"$KOLB\" search xà" /dev/null >"$OUT" 2>"$ERR" </dev/null
	check "on a terminal the match is bold and reversed" grep -q "$(printf '\033\\[1;7mxà\033\\[0m')" "$OUT"
	check "on a terminal no « »" sh -c "! grep -q '«' '$OUT'"
fi

# --- words that would drive the terminal (an imported archive) are printed as spaces
run entry add "$S2" --kind note --prompt germ-glitter "$(printf 'Cờ \033[31mđỏ\033[0m sao \302\233vàng')"
expect "a note with escape sequences" 0 '^saved$'
run search "cờ"
expect "search it" 0 '^1 entry matches$'
check "no ESC and no C1 control in the output" python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
sys.exit(1 if b"\x1b" in b or "\u009b".encode() in b or "«Cờ»  [31mđỏ [0m sao  vàng".encode() not in b else 0)' "$OUT"
run search --json "cờ"
check "--json keeps the text as it is" json_is 'd[0]["body"] == "Cờ \x1b[31mđỏ\x1b[0m sao \x9bvàng"'

# --- a correction after closing: only the new version is searched
run session close "$S" --yes
expect "close the session" 0 "closed"
run entry add "$S" --kind reflection --prompt why --group "Nhóm Hoa Ban" "Vì nước suối lạnh buốt."
expect "a correction after closing" 0 'version 2'
run search "rửa vội"
expect "the old version is not searched" 1 '^no entry matches$'
run search --json "suối"
expect "the new version is" 0
check "the correction: version 2, once" json_is 'len(d) == 1 and d[0]["version"] == 2 and d[0]["group"] == "Nhóm Hoa Ban"'
run search --fold "nuoc"
expect "one result per entry, not per version" 0 '^1 entry matches$'

exit $e2e_failed
