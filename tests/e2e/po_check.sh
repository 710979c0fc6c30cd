#!/bin/sh
# The message catalogues: locales/kolb.pot holds every message of the sources,
# locales/vi.po translates each one (nothing untranslated or fuzzy), keeps its
# printf placeholders (also in strings xgettext does not flag c-format, such as
# the N_() help texts) and its leading and trailing newlines, keeps help texts
# within 79 columns, is NFC, and the real binary speaks it.
# Uses only gettext, POSIX sh and awk (python3 only for the exact NFC check).
# PO=FILE checks another catalogue instead of locales/vi.po, POT=FILE another
# template instead of locales/kolb.pot (to prove that broken ones fail).
: "${PACKS_DIR:=unused}" # lib.sh wants it; these checks use no packs
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PO=${PO:-$ROOT/locales/vi.po}
POT=${POT:-$ROOT/locales/kolb.pot}
export LC_ALL=C.UTF-8
unset LANGUAGE LANG KOLB_LOCALEDIR
MAXCOL=79

# show FILE [MAX]: print the first MAX (20) lines of FILE, indented, for a failure.
show() {
	sed -n "1,${2:-20}p" "$1" | sed 's/^/    /'
	n=$(wc -l <"$1")
	[ "$n" -gt "${2:-20}" ] && echo "    ... and $((n - ${2:-20})) more"
	return 0
}
showin() { cat >"$T/show.tmp"; show "$T/show.tmp" "$@"; }

# entries FILE: one line per message of a PO/POT file, its strings still
# PO-escaped (so without tabs or newlines), separated by tabs:
#   FLAGS  MSGCTXT  MSGID  MSGID_PLURAL  MSGSTR[0]  MSGSTR[1]...
# FLAGS is "f" for a fuzzy entry, "-" otherwise. The header and obsolete
# (#~) entries are left out.
cat >"$T/entries.awk" <<'EOF'
function take(s) {
	sub(/^[^"]*"/, "", s)
	sub(/"[ \t\r]*$/, "", s)
	return s
}
function flush(  line, i) {
	if (have && id != "") {
		line = (fuzzy ? "f" : "-") "\t" ctxt "\t" id "\t" idpl
		for (i = 0; i < n; i++)
			line = line "\t" str[i]
		print line
	}
	have = 0; fuzzy = 0; ctxt = ""; id = ""; idpl = ""; n = 0; cur = 0; state = ""
	split("", str)
}
/^#~/ { next }
/^#/ {
	if (state == "str")
		flush()
	if ($0 ~ /^#,.*fuzzy/)
		fuzzy = 1
	next
}
/^msgctxt[ \t]/ { if (state == "str") flush(); ctxt = take($0); state = "ctxt"; next }
/^msgid_plural[ \t]/ { idpl = take($0); state = "idpl"; next }
/^msgid[ \t]/ { if (state == "str") flush(); id = take($0); have = 1; state = "id"; next }
/^msgstr\[/ {
	k = $0
	sub(/^msgstr\[/, "", k)
	sub(/\].*/, "", k)
	cur = k + 0
	str[cur] = take($0)
	if (cur + 1 > n)
		n = cur + 1
	state = "str"
	next
}
/^msgstr[ \t]/ { cur = 0; str[0] = take($0); n = 1; state = "str"; next }
/^[ \t]*"/ {
	s = take($0)
	if (state == "ctxt") ctxt = ctxt s
	else if (state == "id") id = id s
	else if (state == "idpl") idpl = idpl s
	else if (state == "str") str[cur] = str[cur] s
	next
}
END { if (state == "str") flush() }
EOF
entries() { awk -f "$T/entries.awk" "$1"; }

# ids: the keys (context, msgid, plural) of entries on stdin, sorted.
ids() { cut -f2-4 | sort -u; }

# --- a. msgfmt's own checks (header, c-format placeholders, plural forms)
if msgfmt -c --check-format -o /dev/null "$PO" 2>"$T/msgfmt.err"; then
	pass "msgfmt -c --check-format accepts $(basename "$PO")"
else
	show "$T/msgfmt.err"
	fail "msgfmt -c --check-format accepts $(basename "$PO")"
fi

# --- b. kolb.pot is what the Makefile's `pot` target makes from the sources now
FRESH="$T/fresh.pot"
(cd "$ROOT" && make -n -s --no-print-directory pot) >"$T/pot.cmd" 2>"$T/pot.err"
if grep -q '^xgettext ' "$T/pot.cmd" && grep -q -- '-o locales/kolb.pot' "$T/pot.cmd"; then
	sed "s|-o locales/kolb.pot|-o $FRESH|" "$T/pot.cmd" >"$T/pot.sh"
	(cd "$ROOT" && sh "$T/pot.sh") >"$T/xgettext.out" 2>&1
fi
if [ -s "$FRESH" ]; then
	pass "xgettext extracts the messages with the Makefile's pot command"
	entries "$POT" | ids >"$T/pot.ids"
	entries "$FRESH" | ids >"$T/fresh.ids"
	comm -13 "$T/pot.ids" "$T/fresh.ids" >"$T/pot.missing"
	comm -23 "$T/pot.ids" "$T/fresh.ids" >"$T/pot.stale"
	if [ -s "$T/pot.missing" ]; then
		echo "  in the sources but not in locales/kolb.pot (run make pot):"
		cut -f2 "$T/pot.missing" | showin
		fail "kolb.pot has every message of the sources" "$(wc -l <"$T/pot.missing") missing"
	else
		pass "kolb.pot has every message of the sources ($(wc -l <"$T/fresh.ids"))"
	fi
	if [ -s "$T/pot.stale" ]; then
		echo "  in locales/kolb.pot but no longer in the sources (run make pot):"
		cut -f2 "$T/pot.stale" | showin
		fail "kolb.pot has no message the sources dropped" "$(wc -l <"$T/pot.stale") stale"
	else
		pass "kolb.pot has no message the sources dropped"
	fi
else
	cat "$T/pot.cmd" "$T/pot.err" "$T/xgettext.out" | showin
	fail "xgettext extracts the messages with the Makefile's pot command"
	cp "$POT" "$FRESH" # check the rest against the committed template
fi

# --- c. every message of the sources is translated, none fuzzy
entries "$PO" >"$T/po.entries"
entries "$FRESH" | ids >"$T/fresh.ids"
awk -F'\t' '{ ok = ($1 != "f"); for (i = 5; i <= NF; i++) if ($i == "") ok = 0 } ok' \
    "$T/po.entries" | ids >"$T/po.done"
comm -23 "$T/fresh.ids" "$T/po.done" >"$T/po.missing"
if [ -s "$T/po.missing" ]; then
	echo "  untranslated or fuzzy in $(basename "$PO") (msgmerge, translate, drop the fuzzy flag):"
	cut -f2 "$T/po.missing" | cut -c1-150 | showin 40
	fail "every message is translated" "$(wc -l <"$T/po.missing") of $(wc -l <"$T/fresh.ids") missing"
else
	pass "every message is translated ($(wc -l <"$T/fresh.ids"), none fuzzy)"
fi
ids <"$T/po.entries" | comm -13 "$T/fresh.ids" - >"$T/po.stale"
if [ -s "$T/po.stale" ]; then
	echo "  in $(basename "$PO") but not in the sources (run msgmerge):"
	cut -f2 "$T/po.stale" | cut -c1-150 | showin
	fail "the catalogue has no stale message" "$(wc -l <"$T/po.stale")"
else
	pass "the catalogue has no stale message"
fi

# --- d. placeholders, newlines and 79 columns, for every translated message.
# Conversions are compared in order (after putting positional %N$ ones in
# their argument order); %% is compared by count. Messages of several lines
# get their msgid and msgstr written to $T/wide/N.id and N.str for wc -L: those
# laid out for the terminal (help texts, printed as they are: no line over 100
# columns in English) must keep every translated line within 79 columns.
mkdir "$T/wide"
cat >"$T/check.awk" <<'EOF'
# units(s): split the PO-escaped s into u[1..n]: an escape pair or one byte.
function units(s,   n, i, c) {
	n = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\" && i < length(s)) {
			c = c substr(s, i + 1, 1)
			i++
		}
		u[++n] = c
	}
	return n
}
function lead(s,   n, i) {
	n = units(s)
	for (i = 1; i <= n && u[i] == "\\n"; i++)
		;
	return i - 1
}
function trail(s,   n, i) {
	n = units(s)
	for (i = n; i >= 1 && u[i] == "\\n"; i--)
		;
	return n - i
}
# convs(s): the printf conversions of s, space-separated, positional ones put in
# argument order and stripped of N$; pct receives the number of %%.
function convs(s,   out, rest, c, p, k, maxp, npos, nplain, slot) {
	out = ""; pct = 0; maxp = 0; npos = 0; nplain = 0
	split("", slot)
	while ((p = index(s, "%")) > 0) {
		rest = substr(s, p)
		if (match(rest, /^%([1-9][0-9]*\$)?[-+ #0']*([0-9]+|\*([1-9][0-9]*\$)?)?(\.([0-9]+|\*([1-9][0-9]*\$)?)?)?(hh|h|ll|l|L|j|z|t|q)?[diouxXeEfFgGaAcspnm%]/) ||
		    match(rest, /^%<[A-Za-z0-9_]+>/)) {
			c = substr(rest, 1, RLENGTH)
			s = substr(rest, RLENGTH + 1)
		} else {
			c = "%?"
			s = substr(rest, 2)
		}
		if (c == "%%") {
			pct++
			continue
		}
		if (match(c, /^%[1-9][0-9]*\$/)) {
			k = substr(c, 2, RLENGTH - 2) + 0
			slot[k] = "%" substr(c, RLENGTH + 1)
			if (k > maxp)
				maxp = k
			npos++
			continue
		}
		nplain++
		out = out " " c
	}
	if (npos > 0 && nplain == 0) {
		for (k = 1; k <= maxp; k++)
			out = out " " ((k in slot) ? slot[k] : "%MISSING")
	} else if (npos > 0) {
		out = out " (positional and plain mixed)"
	}
	return out
}
# plain(s): the text of the PO-escaped s.
function plain(s,   n, i, t, c) {
	n = units(s)
	t = ""
	for (i = 1; i <= n; i++) {
		c = u[i]
		if (c == "\\n") c = "\n"
		else if (c == "\\t") c = "\t"
		else if (c == "\\\"") c = "\""
		else if (c == "\\\\") c = "\\"
		t = t c
	}
	return t
}
function short(s) { return length(s) > 100 ? substr(s, 1, 100) "..." : s }
function problem(what, id) {
	printf "  %s\n    msgid: %s\n", what, short(id)
	bad++
}
BEGIN { FS = "\t" }
$1 == "f" { next }
{
	id = $3
	ref = ($4 != "") ? $4 : $3
	cref = convs(ref); pref = pct
	for (i = 5; i <= NF; i++) {
		if ($i == "")
			continue
		cs = convs($i)
		if (cs != cref)
			problem("placeholders differ: msgid has [" cref " ], msgstr has [" cs " ]", id)
		if (pct != pref)
			problem("%% differ: msgid has " pref ", msgstr has " pct, id)
		if (lead(ref) != lead($i))
			problem("leading newlines differ: " lead(ref) " in msgid, " lead($i) " in msgstr", id)
		if (trail(ref) != trail($i))
			problem("trailing newlines differ: " trail(ref) " in msgid, " trail($i) " in msgstr", id)
	}
	# A help text: more than one line (a newline before its end).
	if ($4 == "" && $5 != "" && substr(id, 1, length(id) - 2 * trail(id)) ~ /\\n/) {
		nw++
		printf "%s\n", plain(id) > (dir "/" nw ".id")
		printf "%s\n", plain($5) > (dir "/" nw ".str")
		close(dir "/" nw ".id")
		close(dir "/" nw ".str")
	}
}
EOF
awk -v dir="$T/wide" -f "$T/check.awk" "$T/po.entries" >"$T/check.out"
# report PATTERN NAME: pass NAME unless check.awk found a PATTERN problem.
report() {
	if grep -q "$1" "$T/check.out"; then
		grep -A1 "$1" "$T/check.out" | grep -v '^--$' | showin 40
		fail "$2" "$(grep -c "$1" "$T/check.out") messages"
	else
		pass "$2"
	fi
}
report 'placeholders differ\|%% differ' "every translation keeps its printf placeholders and %%"
report 'newlines differ' "every translation keeps its leading and trailing newlines"
: >"$T/wide.out"
nhelp=0
for f in "$T"/wide/*.id; do
	[ -f "$f" ] || continue
	# Lines over 100 columns: paragraphs the screens wrap themselves.
	[ "$(wc -L <"$f")" -le 100 ] || continue
	nhelp=$((nhelp + 1))
	s=${f%.id}.str
	[ "$(wc -L <"$s")" -le $MAXCOL ] && continue
	: >"$T/wide.lines"
	while IFS= read -r line; do
		[ "$(printf '%s\n' "$line" | wc -L)" -gt $MAXCOL ] || continue
		# A line kept exactly as in English (a command synopsis) is not the
		# translation's fault.
		grep -qxF -- "$line" "$f" && continue
		echo "    $(printf '%s\n' "$line" | wc -L): $line" >>"$T/wide.lines"
	done <"$s"
	if [ -s "$T/wide.lines" ]; then
		echo "  over $MAXCOL columns in the translation of: $(head -n 1 "$f" | cut -c1-70)"
		cat "$T/wide.lines"
	fi >>"$T/wide.out"
done
if [ -s "$T/wide.out" ]; then
	show "$T/wide.out" 40
	fail "help texts stay within $MAXCOL columns"
elif [ "$nhelp" -lt 10 ]; then
	fail "help texts stay within $MAXCOL columns" "only $nhelp laid-out texts found: the check is broken"
else
	pass "help texts stay within $MAXCOL columns ($nhelp texts)"
fi

# --- e. the real binary speaks Vietnamese with LANGUAGE=vi, English with en
# (the catalogue it finds is the one make compiled from locales/vi.po).
# in_vi / in_en CMD...: run kolb in that language, stdout in $OUT, stderr in $ERR.
in_vi() { LANGUAGE='vi' "$KOLB" "$@" >"$OUT" 2>"$ERR"; }
in_en() { LANGUAGE='en' "$KOLB" "$@" >"$OUT" 2>"$ERR"; }
has() { grep -qF -- "$1" "$OUT"; }
lacks() { ! grep -qF -- "$1" "$OUT"; }
in_vi --help
check "kolb --help in Vietnamese" has "cách dùng: kolb [--data-dir DIR]"
check "... lists the commands in Vietnamese" has "Các lệnh:"
cp "$OUT" "$T/help.vi"
in_en --help
check "kolb --help in English with LANGUAGE=en" has "usage: kolb [--data-dir DIR]"
check "... and no Vietnamese" lacks "cách dùng"
cp "$OUT" "$T/help.en"
in_vi help verify
check "kolb help verify in Vietnamese" has "cách dùng: kolb verify"
check "... its text too" has "chứng nhận hoàn thành"
in_vi frobnicate
check "errors in Vietnamese" grep -qF 'kolb: không có lệnh "frobnicate"' "$ERR"

# over FILE: the number of its lines wider than 79 columns.
over() {
	n=0
	while IFS= read -r line; do
		[ "$(printf '%s\n' "$line" | wc -L)" -gt $MAXCOL ] && n=$((n + 1))
	done <"$1"
	echo "$n"
}
check "kolb --help in Vietnamese fits 80 columns (no more long lines than English)" \
    [ "$(over "$T/help.vi")" -le "$(over "$T/help.en")" ]
cmds=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p' "$T/help.en")
: >"$T/cmds.bad"
ncmd=0
for c in $cmds; do
	ncmd=$((ncmd + 1))
	in_en help "$c"
	cp "$OUT" "$T/cmd.en"
	in_vi help "$c"
	if cmp -s "$OUT" "$T/cmd.en"; then
		echo "  kolb help $c: the same in Vietnamese as in English" >>"$T/cmds.bad"
	elif [ "$(over "$OUT")" -gt "$(over "$T/cmd.en")" ]; then
		echo "  kolb help $c: lines over $MAXCOL columns in Vietnamese:" >>"$T/cmds.bad"
		while IFS= read -r line; do
			[ "$(printf '%s\n' "$line" | wc -L)" -gt $MAXCOL ] && echo "    $line" >>"$T/cmds.bad"
		done <"$OUT"
	fi
done
if [ "$ncmd" -lt 10 ]; then
	fail "kolb help COMMAND in Vietnamese" "only $ncmd commands found in kolb --help"
elif [ -s "$T/cmds.bad" ]; then
	show "$T/cmds.bad" 40
	fail "kolb help COMMAND in Vietnamese, within 80 columns, for every command"
else
	pass "kolb help COMMAND in Vietnamese, within 80 columns, for every command ($ncmd)"
fi

# --- f. NFC: Vietnamese letters precomposed, as typed on Vietnamese keyboards
# and as kolb compares text. A combining mark (U+0300-U+036F) means decomposed
# Vietnamese; python3, when present, checks full NFC too.
comb=$(printf '\314[\200-\277]\\|\315[\200-\257]')
if LC_ALL=C grep -n "$comb" "$PO" >"$T/nfc.out"; then
	show "$T/nfc.out"
	fail "no decomposed diacritics (combining marks) in $(basename "$PO")"
else
	pass "no decomposed diacritics (combining marks) in $(basename "$PO")"
fi
if command -v python3 >/dev/null 2>&1 && python3 -c 'import unicodedata' 2>/dev/null; then
	if python3 - "$PO" >"$T/nfc.out" 2>&1 <<'EOF'
import sys, unicodedata
bad = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not unicodedata.is_normalized("NFC", line):
            print(f"  line {n} is not NFC: {line.rstrip()[:100]}")
            bad += 1
sys.exit(1 if bad else 0)
EOF
	then
		pass "$(basename "$PO") is NFC"
	else
		show "$T/nfc.out"
		fail "$(basename "$PO") is NFC"
	fi
else
	echo "SKIP $(basename "$PO") is NFC (no python3; the combining-mark check above still ran)"
fi
exit $e2e_failed
