#!/bin/bash
# Runs libmemcached's memcstat against an empty server. Usage: memcstat.sh PORT.
set -u
. "$(dirname "$0")/lib.sh"
port=${1:?usage: memcstat.sh PORT}
need /usr/bin/memcstat

reply=$(mc_send "$port" "set a 0 0 1\r\n1\r\nset b 0 0 1\r\n2\r\nget a b c\r\n")
[ "$(grep -c STORED <<<"$reply")" -eq 2 ] || fail "could not store the items" "$reply"

out=$(timeout 20 /usr/bin/memcstat --servers="127.0.0.1:$port" 2>&1) || fail "memcstat failed" "$out"
grep -q "^Server: 127.0.0.1 ($port)$" <<<"$out" || fail "no server line" "$out"
for want in 'curr_items: 2' 'get_hits: 2' 'get_misses: 1' 'cmd_get: 3'; do
  grep -q "^	$want$" <<<"$out" || fail "missing '$want'" "$out"
done
grep -Eq '^	pid: [0-9]+$' <<<"$out" || fail "no pid" "$out"
grep -Eq '^	version: [0-9A-Za-z.+~_-]+$' <<<"$out" || fail "no version" "$out"
echo "memcstat: ok"
