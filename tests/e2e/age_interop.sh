#!/bin/sh
# End to end: kolb's age encryption against the real age tools (age, age-keygen):
# an export encrypted with --encrypt-to opens with `age -d -i`, what `age -r` writes
# imports with `kolb import --identity`, and `kolb keygen-office` keys work in age
# as identity and recipient. Without age installed the script says so and checks
# only kolb's side.
. "$(dirname "$0")/lib.sh"
A="$T/netbook" B="$T/office"
ka() { "$KOLB" --data-dir "$A" "$@"; }
kb() { "$KOLB" --data-dir "$B" "$@"; }
sessions() { sqlite3 "$B/kolb.db" 'select count(*) from sessions' 2>/dev/null || echo 0; }

# --- kolb keygen-office: age-keygen's format
run keygen-office
expect "keygen-office prints an identity" 0 '^AGE-SECRET-KEY-1'
cp "$OUT" "$T/office.key"
check "line 1: # created: RFC 3339 time" sh -c "sed -n 1p '$T/office.key' | grep -Eq '^# created: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})\$'"
check "line 2: # public key: age1 + 58 Bech32 characters" sh -c "sed -n 2p '$T/office.key' | grep -Eq '^# public key: age1[02-9ac-hj-np-z]{58}\$'"
check "line 3: the identity, upper case Bech32" sh -c "sed -n 3p '$T/office.key' | grep -Eq '^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}\$'"
check "three lines, nothing else" [ "$(wc -l <"$T/office.key")" -eq 3 ]
OREC=$(sed -n 's/^# public key: //p' "$T/office.key")
run keygen-office
check "every run makes a new key" sh -c "! grep -q '$OREC' '$OUT'"
KOLB_NOW=2024-05-01T02:30:00Z TZ=Asia/Ho_Chi_Minh "$KOLB" keygen-office >"$T/k2" 2>/dev/null
check "the time is local with its offset, as age-keygen writes it" grep -q '^# created: 2024-05-01T09:30:00+07:00$' "$T/k2"
run keygen-office -o "$T/office2.key"
expect "keygen-office -o writes a file and prints the public key" 0 '^Public key: age1'
check "... mode 0600" [ "$(stat -c %a "$T/office2.key")" = 600 ]
OREC2=$(sed -n 's/^Public key: //p' "$OUT")
check "... the printed key is the file's" grep -qx "# public key: $OREC2" "$T/office2.key"
run keygen-office -o "$T/office2.key"
expect "keygen-office -o refuses to overwrite a key" 1 'File exists'
check "... and the key is still there" grep -qx "# public key: $OREC2" "$T/office2.key"
run keygen-office extra
expect "keygen-office takes no arguments" 2 'usage: kolb keygen-office'

# --- a session on the netbook
ka pack install "$PACKS_DIR/sample-handwashing.tar.gz" >/dev/null
S=$(ka session new --pack sample-handwashing --title "Lớp 4A, Tả Van" --date "$(date +%F)")
P=$(ka participant add "$S" --name "Giàng Thị Su" --age-group child --consent given --consent-by "Giàng A Dơ")
ka entry add "$S" --kind reflection --prompt feelings --participant "$P" "Em thấy sợ khi bột lan sang tay bạn" >/dev/null

if ! command -v age >/dev/null 2>&1 || ! command -v age-keygen >/dev/null 2>&1; then
	echo "age and age-keygen are not installed: interoperability not checked"
	run --data-dir "$A" export "$S" -o "$T/s.age" --encrypt-to "$OREC"
	expect "export --encrypt-to" 0
	run --data-dir "$B" import --identity "$T/office.key" "$T/s.age"
	expect "import --identity of kolb's own encryption" 0 'new here'
	exit $e2e_failed
fi

check "age-keygen -y derives keygen-office's public key" [ "$(age-keygen -y "$T/office.key")" = "$OREC" ]

# --- kolb encrypts, age decrypts
age-keygen -o "$T/k.txt" 2>/dev/null
AREC=$(sed -n 's/^# public key: //p' "$T/k.txt")
run --data-dir "$A" export "$S" -o "$T/s.age" --encrypt-to "$AREC"
expect "export --encrypt-to an age-keygen recipient" 0
check "the export is an age file" [ "$(head -n 1 "$T/s.age")" = "age-encryption.org/v1" ]
check "the export is not readable as gzip" sh -c "! gzip -t '$T/s.age' 2>/dev/null"
check "age -d -i decrypts kolb's export" age -d -i "$T/k.txt" -o "$T/s.tar.gz" "$T/s.age"
check "... into a tar.gz that tar -tzf lists" sh -c "tar -tzf '$T/s.tar.gz' | grep -qx session.json"
mkdir "$T/x"
tar -xzf "$T/s.tar.gz" -C "$T/x"
check "... whose files check with sha256sum -c" sh -c "cd '$T/x' && sha256sum -c --quiet SHA256SUMS"
check "... holding the session's words" grep -q 'Em thấy sợ khi bột lan sang tay bạn' "$T/x/session.json"
check "the participant's name is not in the encrypted bytes" sh -c "! grep -q 'Giàng' '$T/s.age'"
check "age refuses kolb's export with another identity" sh -c "! age -d -i '$T/office.key' -o '$T/no.tar.gz' '$T/s.age' 2>/dev/null"
check "... and writes nothing" [ ! -e "$T/no.tar.gz" ]

# --- keygen-office's identity and recipient in age
run --data-dir "$A" export "$S" -o "$T/o.age" --encrypt-to "$OREC"
expect "export --encrypt-to keygen-office's public key" 0
check "age -d -i keygen-office's identity file decrypts it" age -d -i "$T/office.key" -o "$T/o.tar.gz" "$T/o.age"
check "... into the same archive as the plain export" sh -c "'$KOLB' --data-dir '$A' export '$S' -o '$T/plain.tar.gz' >/dev/null && cmp -s '$T/plain.tar.gz' '$T/o.tar.gz'"

# --- age encrypts, kolb imports
age -r "$OREC" -o "$T/p.age" "$T/plain.tar.gz"
run --data-dir "$B" import "$T/p.age"
expect "an age file imported without --identity asks for it" 1 '--identity'
run --data-dir "$B" import --identity "$T/k.txt" "$T/p.age"
expect "import with the wrong identity is refused" 1 'not encrypted to any identity'
check "... nothing imported" [ "$(sessions)" = 0 ]
run --data-dir "$B" import --identity "$T/office.key" "$T/p.age"
expect "kolb import --identity opens what age -r wrote to keygen-office's key" 0 'new here'
check "... the session is in the office database" [ "$(sessions)" = 1 ]
age -r "$AREC" -r "$OREC2" -o "$T/p2.age" "$T/plain.tar.gz"
run --data-dir "$B" import --identity "$T/k.txt" "$T/p2.age"
expect "age-keygen's identity file works for kolb import (several recipients)" 0 'unchanged'
age -a -r "$OREC" -o "$T/armored.age" "$T/plain.tar.gz"
run --data-dir "$B" import --identity "$T/office.key" "$T/armored.age"
expect "an armored file (age -a) is refused with a clear reason" 1 'ASCII-armored'

# --- damage on the way: refused whole
cp "$T/p.age" "$T/cut.age"
truncate -s -100 "$T/cut.age"
run --data-dir "$B" import --identity "$T/office.key" "$T/cut.age"
expect "a truncated age file is refused" 1 'fails authentication|truncated'
check "... one-line error" one_line_error
exit $e2e_failed
