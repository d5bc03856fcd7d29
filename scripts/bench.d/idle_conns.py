#!/usr/bin/python3
"""Opens COUNT idle client connections to 127.0.0.1:PORT and prints the server's RSS before
and after: the memory one idle connection costs. Each connection first sends "version" and
reads the reply, so the server has accepted it and set it up, then stays open and silent.
Usage: idle_conns.py PORT SERVER_PID COUNT
Prints: result rss_before_kb=... rss_after_kb=... bytes_per_connection=..."""
import resource
import socket
import sys
import time


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main():
    port, pid, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 64), hard))
    time.sleep(0.5)  # let the server finish starting up
    before = rss_kb(pid)
    conns = []
    deadline = time.monotonic() + 60
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"version\r\n")
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = s.recv(256)
            if not chunk or time.monotonic() > deadline:
                raise RuntimeError("no reply to version")
            reply += chunk
        conns.append(s)
    time.sleep(0.5)
    after = rss_kb(pid)
    per = (after - before) * 1024 / count
    print(f"result connections={count} rss_before_kb={before} rss_after_kb={after} "
          f"bytes_per_connection={per:.0f}")
    for s in conns:
        s.close()


if __name__ == "__main__":
    main()
