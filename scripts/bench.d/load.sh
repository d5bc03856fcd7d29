# Throughput runs for scripts/bench: node vs memcached (w1-w4) and proxy vs nutcracker vs a
# node directly (w1, w2). Sourced; uses lib.sh, proxy.sh and the variables scripts/bench sets.

LOAD_COLUMNS="section,workload,round,side,rps,requests,seconds,p50_us,p99_us,p999_us,hits,misses,server_cpu_s,server_cpu_us_per_req,client_cpu_us_per_req,load1"

# workload_args NAME: the generator's arguments for a workload (key spaces divided by
# KEY_DIVISOR, which only --quick sets: its prefills then take a tenth of the time).
workload_args() {
  local k=$((100000 / ${KEY_DIVISOR:-1})) k4=$((1000000 / ${KEY_DIVISOR:-1}))
  case "$1" in
    w1) echo "--connections 50 --ratio 9:1 --value-size 100 --key-space $k --prefill" ;;
    w2) echo "--connections 50 --ratio 9:1 --value-size 100 --key-space $k --multiget 10 --prefill" ;;
    w3) echo "--connections 50 --ratio 1:1 --value-size 1000 --key-space $k --prefill" ;;
    w4) echo "--connections 50 --ratio 9:1 --value-size 100 --key-space $k4 --distribution zipf --zipf-s 0.99 --prefill" ;;
    *) echo "bench: unknown workload $1" >&2; return 1 ;;
  esac
}

# workload_memory NAME: the servers' -m, large enough that the prefilled key space fits.
workload_memory() {
  case "$1" in
    w3|w4) echo 256 ;;
    *) echo 64 ;;
  esac
}

# measure SECTION WORKLOAD ROUND SIDE PORT PIDS: one load run against 127.0.0.1:PORT with
# server CPU summed over PIDS (comma-separated); appends a row to LOAD_CSV.
measure() {
  local section=$1 workload=$2 round=$3 side=$4 port=$5 pids=$6 line args load1
  args=$(workload_args "$workload")
  load1=$(cut -d' ' -f1 /proc/loadavg)
  # shellcheck disable=SC2086  # args is a word list
  line=$("${LOADGEN_PIN[@]}" "$LOADGEN" --port "$port" $args --threads 1 --warmup "$WARMUP" \
           --duration "$DURATION" --server-pid "$pids" --max-time $((DURATION + WARMUP + 180)) \
           --output kv | grep '^result ') || true
  if [ -z "$line" ] || [ "$(kv_get requests "$line")" = 0 ] || [ "$(kv_get errors "$line")" != 0 ] ||
     [ "$(kv_get dead "$line")" != 0 ]; then
    echo "bench: $section $side $workload round $round failed: ${line:-no result}" >&2
    FAILURES=$((FAILURES + 1))
    return 0
  fi
  printf '%s,%s,%s,%s' "$section" "$workload" "$round" "$side" >>"$LOAD_CSV"
  for k in rps requests seconds p50_us p99_us p999_us hits misses server_cpu_s server_cpu_us_per_req \
           client_cpu_us_per_req; do
    printf ',%s' "$(kv_get "$k" "$line")" >>"$LOAD_CSV"
  done
  echo ",$load1" >>"$LOAD_CSV"
  printf '  %-6s %-10s %-3s round %d: %9.0f req/s  server %6.2f us/req  p50 %7.1f us  p99 %8.1f us\n' \
    "$section" "$side" "$workload" "$round" "$(kv_get rps "$line")" \
    "$(kv_get server_cpu_us_per_req "$line")" "$(kv_get p50_us "$line")" "$(kv_get p99_us "$line")" >&2
}

# node_run SERVER WORKLOAD ROUND: a fresh server (-t SERVER_THREADS), prefill, warm-up, window.
node_run() {
  local server=$1 workload=$2 round=$3 port
  port=$(free_port)
  if ! start_server "$server" "$port" "$SERVER_THREADS" "$(workload_memory "$workload")"; then
    FAILURES=$((FAILURES + 1))
    return 0
  fi
  measure node "$workload" "$round" "$server" "$port" "$SERVER_PID"
  stop_server "$SERVER_PID"
}

# node_section WORKLOADS: each workload, ROUNDS rounds of ringcache then memcached.
node_section() {
  local w round s
  for w in ${1//,/ }; do
    workload_args "$w" >/dev/null || { FAILURES=$((FAILURES + 1)); continue; }
    for round in $(seq 1 "$ROUNDS"); do
      for s in "${NODE_SERVERS[@]}"; do node_run "$s" "$w" "$round"; done
    done
  done
}

# proxy_section WORKLOADS: one set of three nodes for the whole section; per round and
# workload a fresh ringcache-proxy --threads 1, a fresh nutcracker, and the first node
# directly, in turn. Server CPU counts the front end plus all three nodes (direct: the node).
proxy_section() {
  local w round side port front_pid
  start_proxy_nodes || { FAILURES=$((FAILURES + 1)); return 0; }
  for w in ${1//,/ }; do
    for round in $(seq 1 "$ROUNDS"); do
      for side in "${PROXY_SIDES[@]}"; do
        if [ "$side" = direct ]; then
          measure proxy "$w" "$round" direct "${PROXY_NODE_PORTS[0]}" "${PROXY_NODE_PIDS[0]}"
          continue
        fi
        port=$(free_port)
        start_front "$side" "$port" || { FAILURES=$((FAILURES + 1)); continue; }
        front_pid=$SERVER_PID
        measure proxy "$w" "$round" "$side" "$port" "$front_pid,$(IFS=,; echo "${PROXY_NODE_PIDS[*]}")"
        stop_server "$front_pid"
      done
    done
  done
  stop_proxy_nodes
}
