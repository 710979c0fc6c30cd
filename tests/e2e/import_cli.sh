#!/bin/sh
# End to end: a trainer's session carried to the office: export, import into the
# office's data folder (everything equal), import again (nothing changes), a newer
# export (what changed is reported), a record revoked and issued again (both at the
# office, an older archive un-revoking nothing), tampered and hostile archives refused whole,
# an encrypted archive, and the read-only review in tmux.
. "$(dirname "$0")/lib.sh"
A="$T/netbook" B="$T/office"
ka() { "$KOLB" --data-dir "$A" "$@"; }
kb() { "$KOLB" --data-dir "$B" "$@"; }
ka pack install "$PACKS_DIR/sample-handwashing.tar.gz" >/dev/null
ka issuer init --name "Quỹ Tầm Vóc Việt" --country VN >/dev/null
S=$(ka session new --pack sample-handwashing --title "Lớp 4A, Tả Van" --date "$(date +%F)" --days 2)
P1=$(ka participant add "$S" --name "Giàng Thị Su" --age-group child --consent given --consent-by "Giàng A Dơ")
P2=$(ka participant add "$S" --name "Lò Thị Tiên" --share-name)
ka attend "$S" --day 1 "$P1" "$P2" >/dev/null
ka attend "$S" --day 2 "$P1" "$P2" >/dev/null
ka entry add "$S" --kind reflection --prompt feelings --participant "$P1" "Em thấy sợ khi bột lan sang tay bạn" >/dev/null
ka entry add "$S" --kind reflection --prompt what-happened --participant "$P2" "Bột màu lan khắp lớp, kể cả sang tay cô" >/dev/null
ka entry add "$S" --kind action_plan --prompt i-will --participant "$P2" --follow-up 2026-12-20 "Tôi sẽ đặt xà phòng cạnh chum nước" >/dev/null
ka entry add "$S" --kind note --prompt germ-glitter "Nhóm 2 cần thêm thời gian" >/dev/null
ka assess "$S" "$P2" six-steps met >/dev/null
ka session close "$S" --yes >/dev/null
ka entry add "$S" --kind reflection --prompt feelings --participant "$P1" "Em thấy sợ, rồi em hiểu phải dùng xà phòng" >/dev/null
ka records issue "$S" --date "$(date +%F)" >/dev/null

ka export "$S" -o "$T/s.tar.gz" >/dev/null
run --data-dir "$B" import "$T/s.tar.gz"
expect "import into the office's data folder" 0 '\(new here\)'
check "... reports the signature and that the issuer is not trusted yet" grep -q 'an issuer NOT in the trust list' "$OUT"
check "... every version of the corrected entry arrived" [ "$(sqlite3 "$B/kolb.db" "select count(*) from entries where prompt_id = 'feelings'")" = 2 ]

# Round trip: the office's export of the session equals the netbook's, file for file
# (the office has no issuer key, so only the signature files differ).
SB=$(sqlite3 "$B/kolb.db" 'select id from sessions')
kb export "$SB" -o "$T/back.tar.gz" >/dev/null
mkdir "$T/x1" "$T/x2"
tar -xzf "$T/s.tar.gz" -C "$T/x1" && tar -xzf "$T/back.tar.gz" -C "$T/x2"
for f in session.json participants.csv attendance.csv reflections.csv action_plans.csv assessments.csv credentials.csv; do
	check "round trip: $f equal" cmp -s "$T/x1/$f" "$T/x2/$f"
done
check "round trip: the signed record is the same bytes" diff -r "$T/x1/credentials" "$T/x2/credentials"
check "the archive checks with sha256sum -c" sh -c "cd '$T/x1' && sha256sum -c --quiet SHA256SUMS"

counts() { sqlite3 "$B/kolb.db" "select (select count(*) from sessions)||','||(select count(*) from participants)||','||(select count(*) from entries)||','||(select count(*) from audit)||','||(select count(*) from credentials)"; }
before=$(counts)
run --data-dir "$B" import "$T/s.tar.gz"
expect "importing the same archive again changes nothing" 0 'unchanged: everything was already here'
check "... and the database is the same" [ "$(counts)" = "$before" ]

# A newer export of the same session.
ka entry add "$S" --kind reflection --prompt why --group "Nhóm 1" "Vì dầu bám vào tay, nước không rửa trôi" >/dev/null
ka export "$S" -o "$T/s2.tar.gz" >/dev/null
run --data-dir "$B" import "$T/s2.tar.gz"
expect "a newer export: what changed is reported" 0 '1 entries or new versions added'

# A name corrected on the netbook after the records were signed: the record is revoked
# and issued again in the new name; the office gets both, the old one revoked.
ka participant edit "$P2" --name "Lò Thị Tiến" >/dev/null
ka records revoke "$S" "$P2" --reason "Sai tên: Tiên → Tiến" >/dev/null
ka records issue "$S" --date "$(date +%F)" --replace "$P2" >"$OUT"
check "netbook: a new record for the renamed participant" grep -Eq '^ +'"$P2"' +Lò Thị Tiến +issued \(new\)' "$OUT"
ka export "$S" -o "$T/s3.tar.gz" >/dev/null
offq() { sqlite3 "$B/kolb.db" "$1"; }
run --data-dir "$B" import "$T/s3.tar.gz"
expect "re-issued: the office is told" 0 '2 completion records added or revoked'
check "... the office holds both records, one revoked, one not" \
    [ "$(offq "select count(*) || ',' || sum(revoked_at is null) from credentials c join participants p on p.id = c.participant_id where p.name = 'Lò Thị Tiến'")" = "2,1" ]
check "... the old one with its reason" \
    [ "$(offq "select revoke_reason from credentials where revoked_at is not null")" = "Sai tên: Tiên → Tiến" ]
kb records list "$SB" >"$OUT"
check "... records list at the office: both, the revoked one first and marked" sh -c \
    "[ \$(wc -l <'$OUT') = 2 ] && head -n 1 '$OUT' | grep -q 'REVOKED on' && ! tail -n 1 '$OUT' | grep -q REVOKED"
mkdir "$T/x3" "$T/x4"
kb export "$SB" -o "$T/back3.tar.gz" >/dev/null
tar -xzf "$T/s3.tar.gz" -C "$T/x3" && tar -xzf "$T/back3.tar.gz" -C "$T/x4"
for f in session.json credentials.csv; do
	check "re-issued round trip: $f equal" cmp -s "$T/x3/$f" "$T/x4/$f"
done
check "re-issued round trip: every signed record, the same bytes" sh -c \
    "[ \$(ls '$T/x3/credentials' | wc -l) = 2 ] && diff -r '$T/x3/credentials' '$T/x4/credentials'"
run --data-dir "$B" import "$T/s3.tar.gz"
expect "re-issued: importing it again changes nothing" 0 'unchanged: everything was already here'
creds_before=$(offq "select group_concat(uid || coalesce(revoked_at, '-'), ';') from credentials")
run --data-dir "$B" import "$T/s2.tar.gz"
expect "an older archive (before the revocation) imports" 0 'session'
check "... and un-revokes nothing" sh -c \
    "! grep -q 'completion records' '$OUT' && [ \"\$(sqlite3 '$B/kolb.db' \"select group_concat(uid || coalesce(revoked_at, '-'), ';') from credentials\")\" = '$creds_before' ]"
run --data-dir "$B" import "$T/s3.tar.gz"
expect "the newer archive again: the corrected name is back" 0 '1 participants changed'

# Tampering, each kind: refused whole, nothing imported.
before=$(counts)
tamper() { # NAME MESSAGE: rebuild x1 into NAME.tar.gz after the caller changed it
	(cd "$T/t" && bsdtar -czf "$T/$1.tar.gz" *)
	run --data-dir "$B" import "$T/$1.tar.gz"
	expect "tampered ($1) refused" 1 "$2"
	check "tampered ($1): one-line error" one_line_error
	check "tampered ($1): nothing imported" [ "$(counts)" = "$before" ]
}
fresh() { rm -rf "$T/t"; mkdir "$T/t"; tar -xzf "$T/s2.tar.gz" -C "$T/t"; }
fresh; sed -i 's/Lò Thị Tiên/Lò Thị Tiền/' "$T/t/participants.csv"; tamper csvbyte 'participants.csv does not match its checksum'
fresh; rm "$T/t/reflections.csv"; tamper removed 'reflections.csv is listed in SHA256SUMS but missing'
fresh; echo extra >"$T/t/extra.txt"; tamper added 'extra.txt is not listed in SHA256SUMS'
fresh; cp "$T/x1/SHA256SUMS.sig" "$T/t/SHA256SUMS.sig"; tamper signature 'signature of SHA256SUMS does not verify'
fresh; sed -i 's/Em thấy sợ/Em thấy vui/' "$T/t/session.json"
(cd "$T/t" && sha256sum $(ls | grep -v SHA256SUMS) credentials/* > SHA256SUMS 2>/dev/null)
tamper resummed 'signature of SHA256SUMS does not verify'
fresh; ln -s /etc/passwd "$T/t/evil"; tamper symlink '"evil" is a symbolic link'
head -c 2000 /dev/urandom >"$T/garbage.tar.gz"
run --data-dir "$B" import "$T/garbage.tar.gz"
expect "garbage refused" 1 'refused'
check "garbage: nothing imported" [ "$(counts)" = "$before" ]

# Encrypted for the office.
kb keygen-office >"$T/office.key" 2>/dev/null
REC=$(sed -n 's/^# public key: //p' "$T/office.key")
ka export "$S" -o "$T/s.age" --encrypt-to "$REC" >/dev/null
run --data-dir "$B" import "$T/s.age"
expect "an encrypted archive without the identity is refused with a hint" 1 '--identity'
run --data-dir "$B" import --identity "$T/office.key" "$T/s.age"
expect "an encrypted archive imports with the office identity" 0 'unchanged'

# Review an archive without importing it, read-only, in tmux at 80x24.
tm_start 80 24 "env LC_ALL=C.UTF-8 TERM=screen '$KOLB' --data-dir '$T/empty' review '$T/s2.tar.gz'"
if wait_for 'Lớp 4A, Tả Van'; then pass "review lists the archive's session"; else fail "review lists the archive's session" "$(screen)"; fi
tm send-keys -t e2e Enter Tab
if wait_for 'Em thấy sợ, rồi em hiểu phải dùng xà phòng'; then pass "review shows the reflections"; else fail "review shows the reflections" "$(screen)"; fi
tm send-keys -t e2e Escape
sleep 0.2
tm send-keys -t e2e /
tm send-keys -t e2e -l "xa phong"
tm send-keys -t e2e Enter
if wait_for 'entries match "xa phong" \(ignoring diacritics\)'; then pass "/ searches every entry, ignoring diacritics"; else fail "/ searches every entry, ignoring diacritics" "$(screen)"; fi
if screen | grep -q 'Lò Thị Tiên · plan i-will'; then pass "a result names the session, participant and prompt"; else fail "a result names the session, participant and prompt" "$(screen)"; fi
tm send-keys -t e2e q
sleep 0.3
check "review imports nothing into the data folder" [ ! -s "$T/empty/kolb.db" ] || [ "$(sqlite3 "$T/empty/kolb.db" 'select count(*) from sessions')" = 0 ]
exit $e2e_failed
