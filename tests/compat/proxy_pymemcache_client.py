#!/usr/bin/python3
"""pymemcache, unchanged and with its defaults, against a ringcache-proxy read-write listener.

Usage: proxy_pymemcache_client.py PROXY_PORT NODE_PORT... The application sees one server; the
node ports are only used to check that the keys were spread over the nodes.
Exits non-zero on the first mismatch (77: pymemcache is not installed).
"""
import sys
import time

try:
    from pymemcache.client.base import Client
    from pymemcache.exceptions import MemcacheClientError
except ImportError:
    print("SKIP: python3-pymemcache is not installed")
    sys.exit(77)


def check(label, got, want):
    if got != want:
        sys.exit(f"pymemcache via proxy: {label}: got {got!r}, want {want!r}")


def main():
    port = int(sys.argv[1])
    node_ports = [int(p) for p in sys.argv[2:]]
    c = Client(("127.0.0.1", port))

    c.set("greeting", "hello", expire=300)
    check("get", c.get("greeting"), b"hello")
    check("get missing", c.get("absent"), None)
    check("delete", c.delete("greeting", noreply=False), True)
    check("get after delete", c.get("greeting"), None)
    check("delete missing", c.delete("greeting", noreply=False), False)

    check("set with ttl", c.set("short", b"x", expire=1, noreply=False), True)
    check("get before expiry", c.get("short"), b"x")
    deadline = time.monotonic() + 5
    while c.get("short") is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    check("get after expiry", c.get("short"), None)

    keys = [f"spread:{i}" for i in range(90)]
    check("set_many", c.set_many({k: k.encode() for k in keys}, expire=300, noreply=False), [])
    check("get_many", c.get_many(keys + ["spread:absent"]), {k: k.encode() for k in keys})
    check("incr", (c.set("n", b"41", noreply=False), c.incr("n", 1)), (True, 42))

    # The keys live on the nodes, each on exactly one of them, and every node has some.
    held = {}
    for node_port in node_ports:
        node = Client(("127.0.0.1", node_port), connect_timeout=5, timeout=5)
        found = node.get_many(keys)
        node.close()
        if not found:
            sys.exit(f"pymemcache via proxy: node {node_port} holds none of {len(keys)} keys")
        for k in found:
            held[k] = held.get(k, 0) + 1
    check("each key on exactly one node", sorted(set(held.values())), [1])
    check("every key on some node", len(held), len(keys))

    # flush_all needs the admin role: a read-write listener refuses it and keeps the data.
    try:
        c.flush_all(noreply=False)
        sys.exit("pymemcache via proxy: flush_all succeeded on a read-write listener")
    except MemcacheClientError:
        pass
    check("get after a refused flush_all", c.get("spread:0"), b"spread:0")
    c.close()
    print("pymemcache via proxy: ok")


if __name__ == "__main__":
    main()
