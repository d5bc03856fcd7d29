#!/usr/bin/python3
"""Drives a server with pymemcache (Debian's python3-pymemcache), unmodified.

Usage: pymemcache_client.py PORT. Exits non-zero on the first mismatch.
"""
import sys
import time

try:
    from pymemcache.client.base import Client
except ImportError:
    print("SKIP: python3-pymemcache is not installed")
    sys.exit(77)


def check(label, got, want):
    if got != want:
        sys.exit(f"pymemcache: {label}: got {got!r}, want {want!r}")


def main():
    port = int(sys.argv[1])
    c = Client(("127.0.0.1", port), connect_timeout=5, timeout=5)
    c.flush_all()

    check("set", c.set("greeting", b"hello", noreply=False), True)
    check("get", c.get("greeting"), b"hello")
    check("get missing", c.get("absent"), None)
    check("add existing", c.add("greeting", b"x", noreply=False), False)
    check("replace", c.replace("greeting", b"hi", noreply=False), True)
    check("append", c.append("greeting", b"!", noreply=False), True)
    check("prepend", c.prepend("greeting", b">", noreply=False), True)
    check("get after append/prepend", c.get("greeting"), b">hi!")

    # A value with every byte, including \0 and \r\n.
    blob = bytes(range(256)) * 4
    check("set binary", c.set("blob", blob, noreply=False), True)
    check("get binary", c.get("blob"), blob)

    check("set with ttl", c.set("short", b"x", expire=1, noreply=False), True)
    check("get before expiry", c.get("short"), b"x")
    deadline = time.monotonic() + 5
    while c.get("short") is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    check("get after expiry", c.get("short"), None)

    check("delete", c.delete("greeting", noreply=False), True)
    check("delete again", c.delete("greeting", noreply=False), False)

    c.set("counter", b"10")
    check("incr", c.incr("counter", 5), 15)
    check("decr", c.decr("counter", 20), 0)
    check("incr missing", c.incr("nocounter", 1), None)

    value, unique = c.gets("counter")
    # A shrunk number may keep its length, space-padded (memcached does this).
    check("gets value", value.rstrip(b" "), b"0")
    check("cas with current unique", c.cas("counter", b"7", unique, noreply=False), True)
    check("cas with stale unique", c.cas("counter", b"8", unique, noreply=False), False)
    check("cas missing", c.cas("nokey", b"8", unique, noreply=False), None)
    check("touch", c.touch("counter", 100, noreply=False), True)

    keys = [f"many:{i}" for i in range(120)]
    check("set_many", c.set_many({k: k.encode() for k in keys}, noreply=False), [])
    got = c.get_many(keys + ["many:missing"])
    check("get_many", got, {k: k.encode() for k in keys})

    stats = c.stats()
    if stats.get(b"cmd_get", 0) <= 0 or b"curr_items" not in stats:
        sys.exit(f"pymemcache: stats look wrong: {stats!r}")
    version = c.version()
    if not version:
        sys.exit("pymemcache: empty version")
    c.close()
    print("pymemcache: ok")


if __name__ == "__main__":
    main()
