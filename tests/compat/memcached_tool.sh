#!/bin/bash
# Runs memcached's own memcached-tool (`stats` and `display`) against an empty server.
# Usage: memcached_tool.sh PORT.
set -u
. "$(dirname "$0")/lib.sh"
port=${1:?usage: memcached_tool.sh PORT}
tool=/usr/share/memcached/scripts/memcached-tool
need "$tool"
need /usr/bin/perl

small=$(head -c 10 /dev/zero | tr '\0' 's')
medium=$(head -c 1000 /dev/zero | tr '\0' 'm')
large=$(head -c 100000 /dev/zero | tr '\0' 'l')
reply=$(mc_send "$port" "set small 0 0 10\r\n$small\r\nset medium 0 0 1000\r\n$medium\r\nset large 0 0 100000\r\n$large\r\nget small\r\n")
[ "$(grep -c STORED <<<"$reply")" -eq 3 ] || fail "could not store the items" "$reply"

# memcached-tool passes the server's "\r" through; drop it.
out=$(timeout 20 perl "$tool" "127.0.0.1:$port" stats 2>&1) || fail "memcached-tool stats failed" "$out"
out=${out//$'\r'/}
grep -Eq "^#127\.0\.0\.1:$port +Field +Value$" <<<"$out" || fail "stats: no header" "$out"
grep -Eq '^ *curr_items +3$' <<<"$out" || fail "stats: curr_items is not 3" "$out"
grep -Eq '^ *get_hits +1$' <<<"$out" || fail "stats: get_hits is not 1" "$out"
grep -Eq '^ *cmd_set +3$' <<<"$out" || fail "stats: cmd_set is not 3" "$out"

out=$(timeout 20 perl "$tool" "127.0.0.1:$port" display 2>&1) || fail "memcached-tool display failed" "$out"
grep -q '^  #  Item_Size  Max_age   Pages   Count   Full?  Evicted Evict_Time OOM$' <<<"$out" ||
  fail "display: no header" "$out"
if grep -q 'uninitialized' <<<"$out"; then fail "display: stats items/slabs lack fields" "$out"; fi
count=$(awk 'NR > 1 && $1 ~ /^[0-9]+$/ { n += $5 } END { print n + 0 }' <<<"$out")
[ "$count" -eq 3 ] || fail "display: item counts add up to $count, not 3" "$out"
echo "memcached-tool: ok"
