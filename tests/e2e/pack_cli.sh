#!/bin/sh
# End to end: `kolb pack ...` as a programme officer and a trainer use it, on
# the real binary, with hostile archives built here.
. "$(dirname "$0")/lib.sh"
SAMPLE=content-packs/sample-handwashing

run --version
expect "version" 0 '^kolb [0-9]+\.[0-9]+\.[0-9]+'
run --help
expect "help lists pack" 0 'pack +check, build, install'
run help pack
expect "help pack" 0 'kolb pack install \[--force\]'
run frobnicate
expect "unknown command" 2 'no command "frobnicate"'
check "unknown command: one-line error" one_line_error
run pack install
expect "install without archive is a usage error" 2 'usage: kolb pack'

# --- the data folder: --data-dir, $KOLB_HOME, $XDG_DATA_HOME, created 0700
run --data-dir "$T/flag" pack list
expect "data dir from --data-dir" 0 'no packs installed'
check "--data-dir created 0700" [ "$(stat -c %a "$T/flag")" = 700 ]
KOLB_HOME= XDG_DATA_HOME="$T/xdg" "$KOLB" pack list >/dev/null 2>&1
check "data dir from XDG_DATA_HOME" [ -f "$T/xdg/kolb/kolb.db" ]
check "data dir from XDG_DATA_HOME is 0700" [ "$(stat -c %a "$T/xdg/kolb")" = 700 ]
run pack list
check "data dir from KOLB_HOME" [ -f "$KOLB_HOME/kolb.db" ]
check "database is private (0600)" [ "$(stat -c %a "$KOLB_HOME/kolb.db")" = 600 ]

# --- validate
run pack validate "$SAMPLE"
expect "validate the sample pack" 0 'valid pack sample-handwashing 1.0.0'
cp -r "$SAMPLE" "$T/broken"
sed -i 's/"version": "1.0.0"/"version": "one"/; s/"minutes": 20/"minutes": -5/' "$T/broken/pack.json"
rm "$T/broken/activities/six-steps-practice.en.md"
run pack validate "$T/broken"
expect "validate a broken pack fails" 1 'the pack has 3 problems'
check "every problem is listed with its field" grep -q 'pack.json: version: "one" is not a semantic version' "$ERR"
check "... and the minutes" grep -q 'experience\[0\].minutes: must be between 1 and 480' "$ERR"
check "... and the missing file" grep -q 'activities/six-steps-practice.en.md: file does not exist' "$ERR"

# --- build: reproducible, readable by bsdtar and GNU tar
run pack build "$SAMPLE" -o "$T/a.tar.gz"
expect "build" 0 'wrote'
touch "$SAMPLE/pack.json" 2>/dev/null || true
sleep 1
run pack build "$SAMPLE" -o "$T/b.tar.gz"
check "build is reproducible" cmp -s "$T/a.tar.gz" "$T/b.tar.gz"
check "bsdtar reads the archive" sh -c "bsdtar -tf '$T/a.tar.gz' | grep -qx pack.json"
check "GNU tar reads the archive" sh -c "tar -tzf '$T/a.tar.gz' | grep -qx 'activities/germ-glitter.vi.md'"
check "owners and times are fixed" sh -c "tar -tvzf '$T/a.tar.gz' | grep -v ' 0/0 ' | wc -l | grep -qx 0"
run pack build "$T/broken" -o "$T/broken.tar.gz"
expect "a broken pack is not built" 1 'problems'
check "no archive is left for a broken pack" [ ! -e "$T/broken.tar.gz" ]
run pack validate "$T/a.tar.gz"
expect "validate an archive" 0 'valid pack'

# --- install, list, show
run pack install "$T/a.tar.gz"
expect "install" 0 'installed sample-handwashing 1.0.0'
check "installed into packs/ID/VERSION" [ -f "$KOLB_HOME/packs/sample-handwashing/1.0.0/pack.json" ]
run pack install "$T/a.tar.gz"
expect "install again is a no-op" 0 'already installed; nothing changed'
run pack list
expect "list" 0 'sample-handwashing +1\.0\.0 +vi,en +Rửa tay bằng xà phòng'
run pack list --lang en
expect "list in English" 0 'Handwashing with soap'
run pack list --json
expect "list --json" 0 '"sha256": "[0-9a-f]{64}"'
run pack show sample-handwashing
expect "show" 0 'Trò chơi “vi khuẩn lấp lánh” \(20 min\)'
run pack show sample-handwashing --lang en
expect "show in English" 0 'The “glitter germs” game'
run pack show nothing-here
expect "show an unknown pack" 1 'pack nothing-here is not installed'

# --- versions
cp -r "$SAMPLE" "$T/v2"
sed -i 's/"version": "1.0.0"/"version": "2.0.0"/' "$T/v2/pack.json"
"$KOLB" pack build "$T/v2" -o "$T/v2.tar.gz" >/dev/null
run pack install "$T/v2.tar.gz"
expect "upgrade" 0 'upgraded sample-handwashing from 1.0.0 to 2.0.0'
check "the unused old version is gone" [ ! -e "$KOLB_HOME/packs/sample-handwashing/1.0.0" ]
run pack install "$T/a.tar.gz"
expect "downgrade refused" 1 'older than the installed 2.0.0; use --force'
run pack install --force "$T/a.tar.gz"
expect "downgrade with --force" 0 'downgraded sample-handwashing from 2.0.0 to 1.0.0'

# --- hostile archives: refused whole, naming the entry, nothing left behind
mkdir -p "$T/h" && cp -r "$SAMPLE"/* "$T/h/"
ln -s /etc/passwd "$T/h/evil"
(cd "$T/h" && bsdtar -cf "$T/symlink.tar" pack.json activities evil)
(cd "$T/h" && rm evil && echo x > x && bsdtar -cPf "$T/dotdot.tar" -s ',^x,../x,' pack.json activities x)
(cd "$T/h" && bsdtar -cPf "$T/abs.tar" pack.json /etc/hostname)
(cd "$T/h" && ln x y && bsdtar -cf "$T/hardlink.tar" pack.json x y)
(cd "$T/h" && mkfifo fifo && bsdtar -cf "$T/fifo.tar" pack.json fifo)
head -c 3000000 /dev/zero > "$T/h/zeros"
(cd "$T/h" && bsdtar -czf "$T/dup.tar.gz" pack.json pack.json)
echo "not an archive at all" > "$T/text.tar.gz"
before=$(ls -A "$KOLB_HOME/packs" | sort | tr '\n' ' ')
for case in "symlink.tar:\"evil\" is a symbolic link" "dotdot.tar:\"../x\" has a \"..\" component" \
    "abs.tar:\"/etc/hostname\" has an absolute path" "hardlink.tar:\"y\" is a hard link" \
    "fifo.tar:\"fifo\" is a fifo" "dup.tar.gz:\"pack.json\" appears twice" \
    "text.tar.gz:not an archive"; do
	file=${case%%:*}
	msg=${case#*:}
	run pack install "$T/$file"
	expect "hostile $file refused" 1 "$msg"
	check "hostile $file: one-line error" one_line_error
done
check "nothing was installed by hostile archives" [ "$(ls -A "$KOLB_HOME/packs" | sort | tr '\n' ' ')" = "$before" ]
check "no staging folder is left behind" [ -z "$(ls -A "$KOLB_HOME/tmp")" ]

# --- a failure midway leaves no trace
run pack remove sample-handwashing
expect "remove" 0 'removed sample-handwashing'
for point in extract.entry:3 install.before-rename install.before-commit; do
	KOLB_FAULT=$point "$KOLB" pack install "$T/a.tar.gz" >"$OUT" 2>"$ERR"
	RC=$?
	expect "injected failure at $point" 1 'injected fault'
	check "no trace after failure at $point" [ -z "$(ls -A "$KOLB_HOME/packs")" ]
	run pack list
	expect "no record after failure at $point" 0 'no packs installed'
done

# --- remove refused while a session uses the pack
run pack install "$T/a.tar.gz"
sqlite3 "$KOLB_HOME/kolb.db" "INSERT INTO sessions (uid, pack_id, pack_version, pack_sha256, language, title, start_date, days, created_at) VALUES ('s1', 'sample-handwashing', '1.0.0', '', 'vi', 'Lớp 4A', '2026-11-29', 1, 'x')"
run pack remove sample-handwashing
expect "remove refused while a session uses it" 1 'used by 1 session; use --force'
run pack remove --force sample-handwashing
expect "remove --force" 0 'removed'

# --- a database from a newer kolb is refused, untouched
cp -r "$KOLB_HOME" "$T/future"
sqlite3 "$T/future/kolb.db" "PRAGMA journal_mode=DELETE; PRAGMA user_version=42;" >/dev/null
sum=$(sha256sum "$T/future/kolb.db")
run --data-dir "$T/future" pack list
expect "newer database refused" 1 'newer kolb \(schema 42'
check "newer database unchanged" [ "$(sha256sum "$T/future/kolb.db")" = "$sum" ]

# --- a second kolb writing at the same time gets a clear message, nothing corrupt
(printf 'BEGIN IMMEDIATE;\nINSERT INTO settings VALUES ("held", "1");\n'; sleep 7; printf 'COMMIT;\n') |
	sqlite3 "$KOLB_HOME/kolb.db" &
holder=$!
sleep 1
run pack install "$T/a.tar.gz"
expect "busy database: clear message" 1 'in use by another kolb'
wait $holder
run pack install "$T/a.tar.gz"
expect "install works once the other writer is done" 0 'installed'
check "database integrity" [ "$(sqlite3 "$KOLB_HOME/kolb.db" 'PRAGMA integrity_check')" = ok ]

exit $e2e_failed
