# Helpers for scripts/bench: free ports, starting/stopping the servers under test, pinning.
# Sourced, not run. Every server started here is recorded in STARTED_PIDS and killed on exit.

STARTED_PIDS=()

# A port nothing listens on now (the kernel picks it; the race before the server binds it
# is harmless because a failed start is detected and reported).
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (at most 5 s) until 127.0.0.1:$1 accepts connections and pid $2 is alive.
wait_ready() {
  local port=$1 pid=$2 i
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 1
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

# server_cmd NAME PORT THREADS MEM_MB [CONN_LIMIT]: prints the command line of server NAME.
server_cmd() {
  local name=$1 port=$2 threads=$3 mem=$4 conns=${5:-1024}
  local common=(-l 127.0.0.1 -p "$port" -U 0 -t "$threads" -m "$mem" -c "$conns")
  case "$name" in
    memcached)
      # memcached refuses to run as root unless told which user to be.
      local user=()
      [ "$(id -u)" -eq 0 ] && user=(-u root)
      echo "$MEMCACHED_BIN ${common[*]} ${user[*]}" ;;
    ringcache) echo "$RINGCACHE_BIN ${common[*]}" ;;
  esac
}

# start_server NAME PORT THREADS MEM_MB [CONN_LIMIT]: starts it pinned to SERVER_CPUS (if
# set), sets SERVER_PID; returns non-zero (server killed, stderr kept in $LOG_DIR) if it does
# not come up.
start_server() {
  local cmd
  cmd=$(server_cmd "$@")
  # shellcheck disable=SC2086  # cmd is a word list built above
  start_cmd "$1" "$2" $cmd
}

# start_cmd NAME PORT COMMAND...: starts COMMAND as a server that listens on 127.0.0.1:PORT.
# Each server runs in a session of its own, as a daemon or a service would. Sharing the
# script's session would put it in the load generator's scheduler autogroup
# (kernel.sched_autogroup_enabled), where the kernel splits one share of CPU between the two
# by load; on a busy machine the server's CPU then depends on how often its helper threads
# wake up (memcached's LRU maintainer: ~1000/s) rather than on its own work.
start_cmd() {
  local name=$1 port=$2
  shift 2
  local pin=()
  [ -n "${SERVER_CPUS:-}" ] && pin=(taskset -c "$SERVER_CPUS")
  local session=()
  [ "$SERVER_SESSION" = own ] && session=(setsid)
  # setsid execs in place here (a background job is not a process group leader), so $! is
  # the server itself.
  "${session[@]}" "${pin[@]}" "$@" >"$LOG_DIR/$name-$port.log" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  if ! wait_ready "$port" "$SERVER_PID"; then
    echo "bench: $name did not start on port $port: $(tail -n 3 "$LOG_DIR/$name-$port.log")" >&2
    stop_server "$SERVER_PID"
    return 1
  fi
}

# rss_kb PID...: the summed VmRSS of these processes.
rss_kb() {
  local pid sum=0 kb
  for pid in "$@"; do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    sum=$((sum + ${kb:-0}))
  done
  echo "$sum"
}

# stop_server PID: TERM, then KILL after 3 s; only for pids this script started.
stop_server() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_all_servers() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null && stop_server "$pid"
  done
  return 0
}

# kv_get KEY LINE: the value of KEY in a "result k=v k=v" line.
kv_get() {
  local key=$1 line=$2 word
  for word in $line; do
    [ "${word%%=*}" = "$key" ] && { echo "${word#*=}"; return 0; }
  done
  echo ""
}

# Where servers run: SERVER_SESSION=own (the default, see start_server) or shared with the
# script and the load generator (how the first figures in docs/BENCHMARKS.md were taken).
SERVER_SESSION=${SERVER_SESSION:-own}
if [ "$SERVER_SESSION" = own ] && ! command -v setsid >/dev/null; then SERVER_SESSION=shared; fi

# Chooses CPUs: the server gets the first $1 CPUs, the generator the rest, when there are
# enough CPUs for both; sets SERVER_CPUS, LOADGEN_CPUS and PIN_NOTE.
choose_pinning() {
  local threads=$1 cpus
  cpus=$(nproc)
  SERVER_CPUS="" LOADGEN_CPUS=""
  if ! command -v taskset >/dev/null; then
    PIN_NOTE="no pinning (taskset not found)"
  elif [ "$cpus" -gt "$threads" ]; then
    SERVER_CPUS="0-$((threads - 1))"
    LOADGEN_CPUS="$threads-$((cpus - 1))"
    [ "$threads" -eq 1 ] && SERVER_CPUS=0
    [ "$threads" -eq $((cpus - 1)) ] && LOADGEN_CPUS=$threads
    PIN_NOTE="server on CPU $SERVER_CPUS, load generator on CPU $LOADGEN_CPUS (taskset)"
  else
    PIN_NOTE="no pinning ($cpus CPUs, server threads $threads)"
  fi
  if [ "$SERVER_SESSION" = own ]; then
    PIN_NOTE="$PIN_NOTE; each server in its own session (setsid)"
  else
    PIN_NOTE="$PIN_NOTE; servers in the load generator's session"
  fi
}
