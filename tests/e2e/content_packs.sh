#!/bin/sh
# End to end: every pack in content-packs/ validates, builds reproducibly (make
# packs) and installs, as a trainer preparing next week's workshop would do.
. "$(dirname "$0")/lib.sh"

n=0
for dir in content-packs/*/; do
	id=$(basename "$dir")
	n=$((n + 1))
	run pack validate "$dir"
	expect "validate $id" 0 "valid pack $id"
	check "$id was built by make packs" [ -f "$PACKS_DIR/$id.tar.gz" ]
	run pack build "$dir" -o "$T/$id.tar.gz"
	check "$id builds to the same bytes as make packs" cmp -s "$T/$id.tar.gz" "$PACKS_DIR/$id.tar.gz"
	run pack install "$PACKS_DIR/$id.tar.gz"
	expect "install $id" 0 "installed $id"
	run pack show "$id" --lang en
	expect "show $id in English" 0 'Learning outcomes:'
	run pack show "$id"
	expect "show $id in Vietnamese" 0 'Learning outcomes:'
done
run pack list
check "every pack is listed" [ "$(grep -c . "$OUT")" -eq "$n" ]
check "at least the five topic packs and the sample" [ "$n" -ge 6 ]
exit $e2e_failed
