# shellcheck shell=bash
# Process helpers for scripts/cluster (sourced, not run).

# accepts HOST PORT: true when something accepts TCP connections there.
accepts() {
  # shellcheck disable=SC2016  # expanded by the inner shell
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# ours PIDFILE: prints the pid when the file names a running ringcache process.
ours() {
  local pid cmdline
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # A pid can be reused after a crash: only claim processes of our own binaries.
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ "$cmdline" == *ringcache-* ]] || return 1
  echo "$pid"
}

# wait_ready NAME PID HOST PORT LOG: waits (bounded) until PID accepts connections on
# HOST:PORT; on failure prints why with the end of LOG and returns 1.
wait_ready() {
  local name=$1 pid=$2 host=$3 port=$4 log=$5
  local deadline=$((SECONDS + ${RINGCACHE_START_TIMEOUT:-10}))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "scripts/cluster: $name exited during start-up; $log says:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    accepts "$host" "$port" && return 0
    sleep 0.1
  done
  echo "scripts/cluster: $name accepts no connections on $host:$port after" \
       "${RINGCACHE_START_TIMEOUT:-10} s; see $log" >&2
  return 1
}

# stop_pidfile NAME PIDFILE: SIGTERM, then SIGKILL after a deadline; removes the pid file.
stop_pidfile() {
  local name=$1 file=$2 pid
  if ! pid=$(ours "$file"); then
    rm -f "$file"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + ${RINGCACHE_STOP_TIMEOUT:-10}))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "scripts/cluster: $name (pid $pid) ignored SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
  echo "stopped $name (pid $pid)"
}

# launch PIDFILE LOG COMMAND...: starts COMMAND in the background in its own session (so a
# closing terminal does not send it SIGHUP, which makes the proxy reload) and records its pid.
launch() {
  local file=$1 log=$2
  shift 2
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$file"
}
