#!/usr/bin/python3
"""Drives a server with pylibmc (Debian's python3-pylibmc over libmemcached), unmodified.

Usage:
  pylibmc_client.py PORT                       text, then binary protocol round trips
  pylibmc_client.py PORT --sasl USER PASSWORD  binary protocol with SASL PLAIN; must work
  pylibmc_client.py PORT --sasl-refused USER PASSWORD
                                               the same credentials must be refused
Exits non-zero on the first mismatch, 77 when pylibmc is not installed.
"""
import sys

try:
    import pylibmc
except ImportError:
    print("SKIP: python3-pylibmc is not installed")
    sys.exit(77)


def check(label, got, want):
    if got != want:
        sys.exit(f"pylibmc: {label}: got {got!r}, want {want!r}")


def client(port, binary, **credentials):
    return pylibmc.Client([f"127.0.0.1:{port}"], binary=binary,
                          behaviors={"cas": True, "connect_timeout": 5000, "receive_timeout": 5000000,
                                     "send_timeout": 5000000}, **credentials)


def round_trips(c, tag):
    """set/get/delete/incr/get_multi and friends; keys carry the tag so runs do not mix."""
    k = lambda name: f"{tag}:{name}"
    check(f"{tag} flush_all", c.flush_all(), True)
    check(f"{tag} set", c.set(k("greeting"), b"hello"), True)
    check(f"{tag} get", c.get(k("greeting")), b"hello")
    check(f"{tag} get missing", c.get(k("absent")), None)
    blob = bytes(range(256)) * 64
    check(f"{tag} set binary", c.set(k("blob"), blob), True)
    check(f"{tag} get binary", c.get(k("blob")), blob)
    # pylibmc keeps Python types in the item flags and restores them.
    check(f"{tag} set int", c.set(k("int"), 42), True)
    check(f"{tag} get int", c.get(k("int")), 42)
    check(f"{tag} set str", c.set(k("str"), "ünïcode"), True)
    check(f"{tag} get str", c.get(k("str")), "ünïcode")
    check(f"{tag} add existing", c.add(k("greeting"), b"x"), False)
    check(f"{tag} add new", c.add(k("new"), b"n"), True)
    check(f"{tag} replace", c.replace(k("greeting"), b"hi"), True)
    check(f"{tag} append", c.append(k("greeting"), b"!"), True)
    check(f"{tag} prepend", c.prepend(k("greeting"), b">"), True)
    check(f"{tag} get after append/prepend", c.get(k("greeting")), b">hi!")
    check(f"{tag} delete", c.delete(k("greeting")), True)
    check(f"{tag} delete again", c.delete(k("greeting")), False)
    check(f"{tag} get deleted", c.get(k("greeting")), None)

    check(f"{tag} set counter", c.set(k("counter"), "10"), True)
    check(f"{tag} incr", c.incr(k("counter"), 5), 15)
    check(f"{tag} decr", c.decr(k("counter"), 20), 0)
    check(f"{tag} incr again", c.incr(k("counter")), 1)
    try:
        c.incr(k("no-counter"))
        sys.exit(f"pylibmc: {tag} incr missing: no error")
    except pylibmc.NotFound:
        pass

    many = {k(f"m{i}"): f"value{i}".encode() for i in range(50)}
    check(f"{tag} set_multi", c.set_multi(many), [])
    wanted = list(many) + [k("missing1"), k("missing2")]
    check(f"{tag} get_multi", c.get_multi(wanted), many)
    check(f"{tag} delete_multi", c.delete_multi(list(many)[:10]), True)
    check(f"{tag} get_multi after delete", len(c.get_multi(list(many))), 40)

    check(f"{tag} touch", c.touch(k("new"), 100), True)
    value, cas = c.gets(k("new"))
    check(f"{tag} gets", value, b"n")
    check(f"{tag} cas", c.cas(k("new"), b"m", cas), True)
    check(f"{tag} cas stale", c.cas(k("new"), b"o", cas), False)
    check(f"{tag} get after cas", c.get(k("new")), b"m")


def main():
    port = int(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 2 else ""
    if mode == "":
        for binary in (False, True):
            tag = "bin" if binary else "text"
            c = client(port, binary)
            round_trips(c, tag)
            stats = c.get_stats()
            check(f"{tag} stats servers", len(stats), 1)
            check(f"{tag} stats has curr_items", "curr_items" in stats[0][1], True)
        c.flush_all()
        check("get after flush_all", c.get("bin:new"), None)
        print("pylibmc: ok (text and binary)")
    elif mode == "--sasl":
        c = client(port, True, username=sys.argv[3], password=sys.argv[4])
        round_trips(c, "sasl")
        print("pylibmc: ok (binary with SASL PLAIN)")
    elif mode == "--sasl-refused":
        c = client(port, True, username=sys.argv[3], password=sys.argv[4])
        try:
            c.set("k", b"v")
        except pylibmc.Error as e:
            check("refusal names authentication", "AUTH" in str(e).upper(), True)
            print(f"pylibmc: ok (refused: {str(e).splitlines()[0][:80]})")
            return
        sys.exit("pylibmc: set succeeded with wrong credentials")
    else:
        sys.exit(f"usage: {sys.argv[0]} PORT [--sasl|--sasl-refused USER PASSWORD]")


if __name__ == "__main__":
    main()
