#!/bin/bash
# Runs libmemcached's protocol conformance checker, binary tests, against a server
# (memccapable.sh runs the ascii half). Usage: memccapable_binary.sh PORT. Every test must
# pass. Flushes the server.
set -u
. "$(dirname "$0")/lib.sh"
port=${1:?usage: memccapable_binary.sh PORT}
need /usr/bin/memccapable
out=$(timeout 120 /usr/bin/memccapable -b -t 5 -h 127.0.0.1 -p "$port" 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "memccapable exited with $rc" "$out"
grep -q '^All tests passed' <<<"$out" || fail "memccapable did not report success" "$out"
if grep -q '\[fail\]' <<<"$out"; then fail "a memccapable test failed" "$out"; fi
[ "$(grep -c '^binary .*\[pass\]' <<<"$out")" -ge 27 ] || fail "fewer binary tests ran than expected" "$out"
echo "memccapable: ok ($(grep -c '\[pass\]' <<<"$out") binary tests passed)"
