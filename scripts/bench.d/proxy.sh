# The proxy comparison's processes: three nodes shared by both front ends, ringcache-proxy
# and nutcracker (twemproxy). Sourced by scripts/bench after lib.sh.

PROXY_NODE_PIDS=()
PROXY_NODE_PORTS=()

# start_proxy_nodes: three PROXY_NODES servers (-t 1 -m 64), pinned like every server.
start_proxy_nodes() {
  local i port
  PROXY_NODE_PIDS=() PROXY_NODE_PORTS=()
  for i in 1 2 3; do
    port=$(free_port)
    start_server "$PROXY_NODES" "$port" 1 64 || return 1
    PROXY_NODE_PIDS+=("$SERVER_PID")
    PROXY_NODE_PORTS+=("$port")
  done
}

stop_proxy_nodes() {
  local pid
  for pid in "${PROXY_NODE_PIDS[@]}"; do stop_server "$pid"; done
  PROXY_NODE_PIDS=()
}

# nutcracker_config PORT: a pool in front of the nodes with ketama over md5, the same
# placement ringcache-proxy uses. No timeout and no ejection: like the proxy, it waits.
nutcracker_config() {
  local port=$1 node
  printf 'bench:\n  listen: 127.0.0.1:%s\n  hash: md5\n  distribution: ketama\n' "$port"
  printf '  auto_eject_hosts: false\n  server_connections: 1\n  servers:\n'
  for node in "${PROXY_NODE_PORTS[@]}"; do printf '   - 127.0.0.1:%s:1\n' "$node"; done
}

# start_front proxy|nutcracker PORT: the front end on 127.0.0.1:PORT, with one worker thread
# for ringcache-proxy (nutcracker has one). Sets SERVER_PID.
start_front() {
  local kind=$1 port=$2 nodes stats_port
  nodes=$(printf '127.0.0.1:%s,' "${PROXY_NODE_PORTS[@]}")
  case "$kind" in
    proxy)
      start_cmd proxy "$port" "$PROXY_BIN" --listen "127.0.0.1:$port" --nodes "${nodes%,}" --threads 1 ;;
    nutcracker)
      nutcracker_config "$port" >"$LOG_DIR/nutcracker-$port.yml"
      # Its stats listener defaults to 0.0.0.0:22222: loopback and a free port instead.
      stats_port=$(free_port)
      start_cmd nutcracker "$port" "$NUTCRACKER_BIN" -c "$LOG_DIR/nutcracker-$port.yml" \
        -a 127.0.0.1 -s "$stats_port" -o "$LOG_DIR/nutcracker-$port.out" ;;
  esac
}
