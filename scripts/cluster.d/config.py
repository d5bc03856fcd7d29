#!/usr/bin/python3
"""Lists what scripts/cluster starts for a proxy configuration, one line each:

    node HOST PORT
    listener HOST PORT ROLE

Refuses (exit 2) any address that is not loopback: the script runs a local cluster and must
never listen beyond this machine. The proxy itself validates everything else.
Usage: config.py CONFIG.json
"""
import ipaddress
import json
import sys


def fail(message):
    print(f"scripts/cluster: {message}", file=sys.stderr)
    sys.exit(2)


def loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_host_port(text, where):
    if not isinstance(text, str) or ":" not in text:
        fail(f"{where}: expected \"host:port\", got {text!r}")
    host, _, port = text.rpartition(":")
    host = host.strip("[]")
    if not port.isdigit() or not 0 < int(port) < 65536:
        fail(f"{where}: bad port in {text!r}")
    return host, int(port)


def main():
    path = sys.argv[1]
    try:
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"cannot read {path}: {e}")
    if not isinstance(config, dict):
        fail(f"{path}: expected a JSON object")
    lines = []
    for p, pool in enumerate(config.get("pools") or []):
        for n, node in enumerate(pool.get("nodes") or []):
            where = f"pools[{p}].nodes[{n}]"
            address = node.get("address") if isinstance(node, dict) else node
            host, port = split_host_port(address, where)
            if not loopback(host):
                fail(f"{where}: {address} is not a loopback address; "
                     "a local cluster only starts nodes on this machine")
            lines.append(f"node {host} {port}")
    for i, listener in enumerate(config.get("listeners") or []):
        host = listener.get("address", "127.0.0.1")
        if not loopback(host):
            fail(f"listeners[{i}].address: {host} is not a loopback address; "
                 "a local cluster never listens beyond this machine")
        lines.append(f"listener {host} {listener.get('port')} {listener.get('role', 'read-write')}")
    if not any(l.startswith("node ") for l in lines) or not any(
            l.startswith("listener ") for l in lines):
        fail(f"{path}: needs at least one node and one listener")
    # A node listed in two pools is started once.
    print("\n".join(dict.fromkeys(lines)))


if __name__ == "__main__":
    main()
