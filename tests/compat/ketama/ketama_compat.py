#!/usr/bin/python3
"""Cross-checks ringcache's ketama ring (through ring_tool) against the real thing.

1. libmemcached in process (ctypes, MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED): for random
   topologies, memcached_generate_hash() must name the node ring_tool names. No network,
   so it also covers port 11211 (hashed as the bare host) and host names.
2. pylibmc with behaviors={"ketama_weighted": True} writes keys to real memcached
   instances on 127.0.0.1; every key must sit on exactly the node ring_tool predicts.
3. nutcracker (distribution: ketama, hash: md5) receives the same writes; same check,
   including servers with twemproxy names ("host:port:weight name").

Usage: ketama_compat.py --ring-tool PATH [--keys N]. Exit 77 (skip) when none of the
reference implementations is installed.
"""
import argparse
import ctypes
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
DEADLINE = time.monotonic() + 240  # the whole run, so nothing here can hang ctest
GOLDEN = ["foo", "bar", "hello", "user:1", "key:0", "key:1", "key:2", "a", "z"]
KETAMA_WEIGHTED = 16  # enum memcached_behavior_t in libmemcached-1.0/types/behavior.h


def check_deadline():
    if time.monotonic() > DEADLINE:
        raise RuntimeError("ketama_compat: out of time")


def make_keys(n, seed):
    """GOLDEN plus n distinct printable keys without spaces, 1..250 bytes."""
    rng = random.Random(seed)
    keys, seen = list(GOLDEN), set(GOLDEN)
    while len(keys) < n + len(GOLDEN):
        length = rng.choice([rng.randint(1, 16), rng.randint(1, 64), rng.randint(1, 250)])
        key = "".join(chr(rng.randint(33, 126)) for _ in range(length))
        if key not in seen:
            seen.add(key)
            keys.append(key)
    return keys


def ring_tool(tool, specs, keys):
    """Node index per key, as ringcache's ring places it."""
    out = subprocess.run([tool, *specs], input="\n".join(keys) + "\n", capture_output=True,
                         text=True, timeout=60, check=True).stdout.split()
    assert len(out) == len(keys), (len(out), len(keys))
    return [int(x) for x in out]


def report(label, keys, expected, actual):
    """actual[i]: the node indexes holding keys[i]. Returns the number of misplaced keys."""
    bad = [(k, e, a) for k, e, a in zip(keys, expected, actual) if a != [e]]
    status = "ok" if not bad else "MISMATCH"
    print(f"{label}: {len(keys)} keys, {len(keys) - len(bad)} on the predicted node: {status}")
    for key, want, got in bad[:5]:
        print(f"  key {key!r}: ring_tool says node {want}, found on {got}")
    return len(bad)


# ---- 1. libmemcached in process -------------------------------------------------------

def libmemcached_check(tool, nkeys):
    try:
        lib = ctypes.CDLL("libmemcached.so.11")
    except OSError:
        print("libmemcached: libmemcached.so.11 not found, skipped")
        return None
    lib.memcached_create.restype = ctypes.c_void_p
    lib.memcached_create.argtypes = [ctypes.c_void_p]
    lib.memcached_free.argtypes = [ctypes.c_void_p]
    lib.memcached_server_add_with_weight.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                                     ctypes.c_uint16, ctypes.c_uint32]
    lib.memcached_behavior_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint64]
    lib.memcached_generate_hash.restype = ctypes.c_uint32
    lib.memcached_generate_hash.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]

    def placements(nodes, keys):
        memc = lib.memcached_create(None)
        try:
            for host, port, weight in nodes:
                assert lib.memcached_server_add_with_weight(memc, host.encode(), port, weight) == 0
            assert lib.memcached_behavior_set(memc, KETAMA_WEIGHTED, 1) == 0
            return [[lib.memcached_generate_hash(memc, k.encode(), len(k))] for k in keys]
        finally:
            lib.memcached_free(memc)

    rng = random.Random(7)
    topologies = [("golden 127.0.0.2..4:11211", [(f"127.0.0.{i}", 11211, 1) for i in (2, 3, 4)])]
    topologies.append(("host names", [("cache-a.example", 11211, 1), ("cache-b.example", 11211, 2),
                                      ("cache-c.example", 11311, 1)]))
    for t in range(12):
        n = rng.choice([2, 3, 5, 8, 13, 25, 40])
        nodes = [(f"10.0.{rng.randint(0, 9)}.{i}", rng.choice([11211, 11211, 11212, 20000 + i]),
                  rng.choice([1, 1, 1, 2, 3, 7, 10])) for i in range(n)]
        topologies.append((f"random #{t} ({n} nodes)", nodes))
    failures = 0
    keys = make_keys(nkeys, 1)
    for label, nodes in topologies:
        check_deadline()
        specs = [f"{h}:{p}:{w}" for h, p, w in nodes]
        failures += report(f"libmemcached {label}", keys, ring_tool(tool, specs, keys),
                           placements(nodes, keys))
    return failures


# ---- servers ---------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, seconds=5.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.02)
    return False


class Servers:
    """Starts processes on free loopback ports and always stops them."""

    def __init__(self):
        self.procs = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=3)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=3)

    def start(self, make_argv):
        """make_argv(port) -> argv; retries a few times if the port got taken meanwhile."""
        for _ in range(5):
            check_deadline()
            port = free_port()
            proc = subprocess.Popen(make_argv(port), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            self.procs.append(proc)
            if wait_listening(port, proc):
                return port
            proc.kill()
        raise RuntimeError(f"could not start {make_argv(0)[0]}")

    def memcached(self, n):
        # memcached refuses to run as root unless told which user to become.
        user = ["-u", "nobody"] if os.geteuid() == 0 else []
        return [self.start(lambda p: ["memcached", "-l", "127.0.0.1", "-p", str(p), "-U", "0",
                                      "-m", "16", "-t", "1", *user]) for _ in range(n)]


def stored_on(pylibmc, ports, keys):
    """For each key, the indexes of the memcached instances that hold it."""
    where = [[] for _ in keys]
    for idx, port in enumerate(ports):
        check_deadline()
        client = pylibmc.Client([f"127.0.0.1:{port}"])
        for start in range(0, len(keys), 500):
            found = client.get_multi(keys[start:start + 500])
            for i in range(start, min(start + 500, len(keys))):
                if keys[i] in found:
                    where[i].append(idx)
        client.disconnect_all()
    return where


def write_all(client, keys):
    for start in range(0, len(keys), 500):
        failed = client.set_multi({k: b"v" for k in keys[start:start + 500]})
        assert not failed, f"set_multi failed for {len(failed)} keys"


TOPOLOGIES = [("3 nodes", [1, 1, 1]), ("weights 1,2,3", [1, 2, 3]), ("25 nodes", [1] * 25),
              ("weights 1,1,5,10,3", [1, 1, 5, 10, 3])]


# ---- 2. pylibmc ------------------------------------------------------------------------

def pylibmc_check(tool, nkeys):
    try:
        import pylibmc
    except ImportError:
        print("pylibmc: not installed, skipped")
        return None
    if not shutil.which("memcached"):
        print("pylibmc: memcached not installed, skipped")
        return None
    failures = 0
    keys = make_keys(nkeys, 2)
    for label, weights in TOPOLOGIES:
        with Servers() as servers:
            ports = servers.memcached(len(weights))
            specs = [f"127.0.0.1:{p}:{w}" for p, w in zip(ports, weights)]
            client = pylibmc.Client(specs, behaviors={"ketama_weighted": True})
            write_all(client, keys)
            client.disconnect_all()
            failures += report(f"pylibmc {label}", keys, ring_tool(tool, specs, keys),
                               stored_on(pylibmc, ports, keys))
    return failures


# ---- 3. nutcracker ---------------------------------------------------------------------

def nutcracker_argv(workdir, specs):
    def argv(port):
        conf = os.path.join(workdir, f"nc-{port}.yml")
        with open(conf, "w") as f:
            f.write(f"pool:\n  listen: 127.0.0.1:{port}\n  hash: md5\n  distribution: ketama\n"
                    "  auto_eject_hosts: false\n  timeout: 2000\n  servers:\n")
            f.writelines(f"   - {s}\n" for s in specs)
        return ["nutcracker", "-c", conf, "-o", os.path.join(workdir, f"nc-{port}.log"),
                "-s", str(free_port()), "-a", "127.0.0.1",
                "-p", os.path.join(workdir, f"nc-{port}.pid")]
    return argv


def nutcracker_check(tool, nkeys):
    try:
        import pylibmc
    except ImportError:
        print("nutcracker: pylibmc (the writer) not installed, skipped")
        return None
    if not (shutil.which("nutcracker") and shutil.which("memcached")):
        print("nutcracker: nutcracker or memcached not installed, skipped")
        return None
    failures = 0
    keys = make_keys(nkeys, 3)
    named = [("named servers", [1, 2, 1, 1], True)]
    for label, weights, with_names in [(l, w, False) for l, w in TOPOLOGIES] + named:
        with Servers() as servers, tempfile.TemporaryDirectory() as workdir:
            ports = servers.memcached(len(weights))
            specs = [f"127.0.0.1:{p}:{w}" + (f" shard-{i}" if with_names else "")
                     for i, (p, w) in enumerate(zip(ports, weights))]
            proxy_port = servers.start(nutcracker_argv(workdir, specs))
            client = pylibmc.Client([f"127.0.0.1:{proxy_port}"])
            write_all(client, keys)
            client.disconnect_all()
            failures += report(f"nutcracker {label}", keys, ring_tool(tool, specs, keys),
                               stored_on(pylibmc, ports, keys))
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ring-tool", required=True)
    parser.add_argument("--keys", type=int, default=4000)
    args = parser.parse_args()
    results = [libmemcached_check(args.ring_tool, args.keys),
               pylibmc_check(args.ring_tool, args.keys),
               nutcracker_check(args.ring_tool, args.keys)]
    ran = [r for r in results if r is not None]
    if not ran:
        return SKIP
    return 1 if sum(ran) else 0


if __name__ == "__main__":
    sys.exit(main())
