# Hit-ratio replays for scripts/bench: a Zipf stream and a generated production-style trace
# (tracegen.py), each replayed cache-aside against a fresh server of each kind at a memory
# limit where eviction matters. Sourced; uses lib.sh and the variables scripts/bench sets.

HIT_COLUMNS="replay,server,mem_mb,gets,hits,hit_ratio,sets,not_stored,warmup_gets,first_seen,ceiling,seconds,rss_kb"

# replay_args NAME: the generator's arguments for a replay.
replay_args() {
  case "$1" in
    zipf) echo "--replay zipf --requests $HIT_ZIPF_REQUESTS --replay-warmup $HIT_ZIPF_WARMUP" \
               "--key-space $HIT_ZIPF_KEYS --zipf-s 0.99 --value-size 100" ;;
    trace) echo "--replay $LOG_DIR/trace.txt --replay-warmup $HIT_TRACE_WARMUP" ;;
  esac
}

# replay_run NAME SERVER: one replay against a fresh server at -m HIT_MEM.
replay_run() {
  local name=$1 server=$2 port line
  port=$(free_port)
  start_server "$server" "$port" "$SERVER_THREADS" "$HIT_MEM" || { FAILURES=$((FAILURES + 1)); return 0; }
  # shellcheck disable=SC2046  # a word list
  line=$("${LOADGEN_PIN[@]}" "$LOADGEN" --port "$port" $(replay_args "$name") --server-pid "$SERVER_PID" \
           --max-time 300 --output kv | grep '^result ') || true
  stop_server "$SERVER_PID"
  if [ "$(kv_get ok "$line")" != 1 ]; then
    echo "bench: $name replay on $server failed: ${line:-no result}" >&2
    FAILURES=$((FAILURES + 1))
    return 0
  fi
  printf '%s,%s,%s' "$name" "$server" "$HIT_MEM" >>"$HIT_CSV"
  for k in gets hits hit_ratio sets not_stored warmup_gets first_seen ceiling seconds rss_kb; do printf ',%s' "$(kv_get "$k" "$line")" >>"$HIT_CSV"; done
  echo >>"$HIT_CSV"
  echo "  replay $name $server -m $HIT_MEM: hit ratio $(kv_get hit_ratio "$line") over $(kv_get gets "$line")" \
       "gets after $(kv_get warmup_gets "$line") (unbounded cache: $(kv_get ceiling "$line"))" >&2
}

hitratio_section() {
  local name s
  # The trace's generator is deterministic (seed 1): every run replays the same requests.
  if ! timeout 600 /usr/bin/python3 scripts/bench.d/tracegen.py --requests "$HIT_TRACE_REQUESTS" \
         --objects "$HIT_TRACE_OBJECTS" --seed 1 >"$LOG_DIR/trace.txt"; then
    echo "bench: tracegen.py failed" >&2
    FAILURES=$((FAILURES + 1))
    return 0
  fi
  for name in zipf trace; do
    for s in "${NODE_SERVERS[@]}"; do replay_run "$name" "$s"; done
  done
}
