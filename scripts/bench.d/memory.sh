# Memory checks for scripts/bench: items and payload share at -m 64 per value size, and the
# memory an idle connection costs. Sourced; uses lib.sh and the variables scripts/bench sets.

MEMORY_COLUMNS="server,values,keys_set,curr_items,evictions,bytes,limit_maxbytes,payload_bytes,rss_start_kb,rss_kb"
IDLE_COLUMNS="server,connections,rss_before_kb,rss_after_kb,bytes_per_connection"

# value_size_args LABEL: the generator's value-size arguments for a size label ("mix" is the
# four sizes, each key getting one).
value_size_args() {
  case "$1" in
    mix) echo "--value-sizes 32,100,1000,10000" ;;
    *) echo "--value-size $1" ;;
  esac
}

# memory_fill SERVER LABEL: a fresh server at -m MEM_FILL_MB (64; --quick: 16) filled with
# key:NNNNNNN until it evicts.
memory_fill() {
  local server=$1 label=$2 port line rss_start
  port=$(free_port)
  start_server "$server" "$port" "$SERVER_THREADS" "${MEM_FILL_MB:-64}" || { FAILURES=$((FAILURES + 1)); return 0; }
  rss_start=$(rss_kb "$SERVER_PID")
  # shellcheck disable=SC2046  # a word list
  line=$("${LOADGEN_PIN[@]}" "$LOADGEN" --port "$port" --fill-until-evict $(value_size_args "$label") \
           --fill-max-keys 3000000 --key-prefix key: --server-pid "$SERVER_PID" --max-time 120 \
           --output kv | grep '^result ') || true
  stop_server "$SERVER_PID"
  if [ "$(kv_get evicted "$line")" != 1 ]; then
    echo "bench: memory check on $server ($label B) did not reach evictions: ${line:-no result}" >&2
    FAILURES=$((FAILURES + 1))
    return 0
  fi
  printf '%s,%s' "$server" "$label" >>"$MEM_CSV"
  for k in keys_set curr_items evictions bytes limit_maxbytes payload_bytes; do
    printf ',%s' "$(kv_get "$k" "$line")" >>"$MEM_CSV"
  done
  echo ",$rss_start,$(kv_get rss_kb "$line")" >>"$MEM_CSV"
  echo "  memory $server ${label}: $(kv_get curr_items "$line") items, payload $(kv_get payload_bytes "$line") B, RSS $(kv_get rss_kb "$line") KiB" >&2
}

# memory_idle SERVER COUNT: RSS before and after COUNT idle client connections.
memory_idle() {
  local server=$1 count=$2 port line
  port=$(free_port)
  start_server "$server" "$port" "$SERVER_THREADS" 64 $((count + 1024)) ||
    { FAILURES=$((FAILURES + 1)); return 0; }
  line=$("${LOADGEN_PIN[@]}" timeout 120 /usr/bin/python3 scripts/bench.d/idle_conns.py \
           "$port" "$SERVER_PID" "$count" | grep '^result ') || true
  stop_server "$SERVER_PID"
  if [ -z "$line" ]; then
    echo "bench: idle-connection check on $server failed" >&2
    FAILURES=$((FAILURES + 1))
    return 0
  fi
  echo "$server,$count,$(kv_get rss_before_kb "$line"),$(kv_get rss_after_kb "$line"),$(kv_get bytes_per_connection "$line")" >>"$IDLE_CSV"
  echo "  idle   $server: $count connections, $(kv_get bytes_per_connection "$line") B each" >&2
}

# memory_section LABELS IDLE_COUNT
memory_section() {
  local label s
  for label in ${1//,/ }; do
    for s in "${NODE_SERVERS[@]}"; do memory_fill "$s" "$label"; done
  done
  for s in "${NODE_SERVERS[@]}"; do memory_idle "$s" "$2"; done
}
