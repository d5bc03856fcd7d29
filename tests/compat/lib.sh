# Helpers shared by the compat scripts (sourced, not run).

# mc_send PORT BYTES: sends BYTES (printf escapes allowed) and then quit, prints the replies.
mc_send() {
  local port=$1 bytes=$2
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf "${bytes}quit\r\n" >&3
  timeout 5 cat <&3
  exec 3<&-
}

# fail MESSAGE [OUTPUT]: prints why, and the tool's output, then exits 1.
fail() {
  echo "FAIL: $1" >&2
  [ -n "${2:-}" ] && printf '%s\n' "$2" >&2
  exit 1
}

# need TOOL: exits 77 (skipped) when TOOL is not installed.
need() {
  [ -x "$1" ] || { echo "SKIP: $1 is not installed" >&2; exit 77; }
}
