#!/usr/bin/python3
"""pymemcache, unchanged, against a ringcache-proxy read-only listener.

Usage: proxy_pymemcache_read_only.py READ_ONLY_PORT READ_WRITE_PORT. Reads work; every write
raises the client's error for CLIENT_ERROR (MemcacheClientError) and the connection stays
usable. Exits non-zero on the first mismatch (77: pymemcache is not installed).
"""
import sys

try:
    from pymemcache.client.base import Client
    from pymemcache.exceptions import MemcacheClientError
except ImportError:
    print("SKIP: python3-pymemcache is not installed")
    sys.exit(77)


def check(label, got, want):
    if got != want:
        sys.exit(f"pymemcache via read-only listener: {label}: got {got!r}, want {want!r}")


def refused(label, call):
    try:
        result = call()
    except MemcacheClientError as e:
        check(f"{label}: error text", str(e), "b'access denied'")
        return
    sys.exit(f"pymemcache via read-only listener: {label} was not refused (got {result!r})")


def main():
    ro_port, rw_port = int(sys.argv[1]), int(sys.argv[2])
    writer = Client(("127.0.0.1", rw_port))
    check("set through read-write", writer.set("page:1", b"published", noreply=False), True)

    c = Client(("127.0.0.1", ro_port))
    check("get", c.get("page:1"), b"published")
    refused("set", lambda: c.set("page:1", b"defaced", noreply=False))
    check("get after a refused set", c.get("page:1"), b"published")
    refused("add", lambda: c.add("page:2", b"x", noreply=False))
    refused("delete", lambda: c.delete("page:1", noreply=False))
    refused("incr", lambda: c.incr("page:1", 1))
    refused("touch", lambda: c.touch("page:1", 10, noreply=False))
    refused("flush_all", lambda: c.flush_all(noreply=False))
    check("get_many", c.get_many(["page:1", "page:2"]), {"page:1": b"published"})
    check("get after every refusal", c.get("page:1"), b"published")
    check("value unchanged for the writer", writer.get("page:1"), b"published")
    check("page:2 never created", writer.get("page:2"), None)
    c.close()
    writer.close()
    print("pymemcache via read-only listener: ok")


if __name__ == "__main__":
    main()
