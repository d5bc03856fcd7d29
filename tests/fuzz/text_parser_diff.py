#!/usr/bin/env python3
"""Differential test: random text requests against a real memcached and text_parser_model.

Usage: text_parser_diff.py MODEL_BINARY [--cases N] [--seed S] [--memcached PATH]
Starts memcached on a free 127.0.0.1 port, sends every case on its own connection
followed by "mn\\r\\n", and compares the reply bytes (and whether the connection closed)
with what the model predicts from parse_text_request. Keys are never reused, so the
cache always looks empty to a request. Exits 1 on the first mismatch.
"""
import argparse, os, random, socket, struct, subprocess, sys, time

NUMBERS = ['0', '1', '5', '-1', '-0', '+5', '01', '4294967295', '4294967296', '4294967297',
           '18446744073709551615', '18446744073709551616', '9999999999', '2147483647',
           '2147483648', '-2147483649', 'x', '', '1x', '\t1', '1\t', '1\tz', '1\r', ' 1', '0x1']
SEPS = [' ', ' ', ' ', '  ', '\t']
ENDS = ['\r\n', '\r\n', '\r\n', '\n', '\r\r\n', '\0\r\n']


class Gen:
    def __init__(self, rnd):
        self.r = rnd
        self.n = 0

    def key(self):
        self.n += 1
        k = 'k%d_%d' % (self.n, self.r.randrange(10**9))
        roll = self.r.random()
        if roll < 0.05:
            k = k + 'x' * (250 - len(k))          # exactly 250 bytes
        elif roll < 0.1:
            k = k + 'x' * (251 - len(k))          # one byte too long
        return k

    def num(self, ok='0'):
        return self.r.choice(NUMBERS) if self.r.random() < 0.3 else ok

    def tail(self):
        r = self.r.random()
        return ' noreply' if r < 0.2 else ' junk' if r < 0.25 else ''

    def request(self):
        r = self.r
        cmd = r.choice(['get', 'gets', 'gat', 'gats', 'bget', 'set', 'add', 'replace', 'append',
                        'prepend', 'cas', 'delete', 'incr', 'decr', 'touch', 'flush_all',
                        'version', 'verbosity', 'shutdown', 'mn', 'bogus', 'GET'])
        if cmd in ('get', 'gets', 'bget'):
            toks = [cmd] + [self.key() for _ in range(r.choice([0, 1, 1, 2, 30]))]
        elif cmd in ('gat', 'gats'):
            toks = [cmd, self.num('10')] + [self.key() for _ in range(r.choice([0, 1, 2]))]
        elif cmd in ('set', 'add', 'replace', 'append', 'prepend', 'cas'):
            size = r.choice([0, 1, 5, 100])
            n = self.num(str(size))
            toks = [cmd, self.key(), self.num('0'), self.num('0'), n]
            if cmd == 'cas':
                toks.append(self.num('7'))
            line = ' '.join(toks) + self.tail()
            data = r.choice(['x' * size, 'y' * (size + 1), 'z' * max(size - 1, 0), 'a\r\nb' + 'c' * size])
            dend = r.choice(['\r\n', '\r\n', '\n', 'XY', ''])
            return self.mangle(line) + r.choice(ENDS[:2]) + data + dend
        elif cmd == 'delete':
            toks = [cmd, self.key()] + r.choice([[], ['0'], ['5'], ['noreply'], ['0', 'noreply'],
                                                 ['5', 'noreply'], ['noreply', '0'], ['a', 'b', 'c']])
            return self.mangle(' '.join(toks)) + r.choice(ENDS)
        elif cmd in ('incr', 'decr'):
            toks = [cmd, self.key(), self.num('1')]
        elif cmd == 'touch':
            toks = [cmd, self.key(), self.num('10')]
        elif cmd == 'flush_all':
            toks = [cmd] + r.choice([[], ['0'], ['x'], ['-1'], ['1', '2'], ['noreply', 'x']])
        elif cmd == 'verbosity':
            toks = [cmd] + r.choice([[], ['1'], ['x'], ['1', '2'], ['noreply']])
        elif cmd == 'GET':
            toks = ['GET', '/', 'HTTP/1.1']
        else:
            toks = [cmd] + r.choice([[], ['a'], ['graceful'], ['x', 'y']])
        return self.mangle(' '.join(toks) + self.tail()) + r.choice(ENDS)

    def mangle(self, line):
        r = self.r
        if r.random() < 0.2:
            line = line.replace(' ', r.choice(SEPS))
        if r.random() < 0.1:
            line = ' ' * r.choice([1, 3]) + line
        if r.random() < 0.05:
            toks = line.split(' ')
            del toks[r.randrange(len(toks))]
            line = ' '.join(toks)
        return line

    def case(self):
        reqs = [self.request() for _ in range(self.r.choice([1, 1, 2, 3]))]
        return ''.join(reqs).encode('latin-1')


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ask(port, data, expect_len, expect_closed):
    s = socket.create_connection(('127.0.0.1', port))
    s.sendall(data)
    out, closed = b'', False
    deadline = time.time() + 1.0
    s.settimeout(0.02)
    while time.time() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            if len(out) >= expect_len and not expect_closed:
                break
            continue
        except ConnectionResetError:
            closed = True
            break
        if not chunk:
            closed = True
            break
        out += chunk
    s.close()
    return out, closed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('model')
    ap.add_argument('--cases', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--memcached', default='/usr/bin/memcached')
    a = ap.parse_args()
    port = free_port()
    cmd = [a.memcached, '-l', '127.0.0.1', '-p', str(port), '-U', '0']
    if os.geteuid() == 0:
        cmd += ['-u', 'nobody']
    mc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    model = subprocess.Popen([a.model], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        time.sleep(0.3)
        gen = Gen(random.Random(a.seed))
        for i in range(a.cases):
            data = gen.case() + b'mn\r\n'
            model.stdin.write(struct.pack('<I', len(data)) + data)
            model.stdin.flush()
            (n,) = struct.unpack('<I', model.stdout.read(4))
            want = model.stdout.read(n)
            want_closed = model.stdout.read(1) == b'\x01'
            got, closed = ask(port, data, len(want), want_closed)
            if got != want or closed != want_closed:
                print('MISMATCH case %d: %r' % (i, data))
                print('  memcached: %r closed=%s' % (got, closed))
                print('  model:     %r closed=%s' % (want, want_closed))
                return 1
        print('%d cases agree' % a.cases)
        return 0
    finally:
        model.stdin.close()
        model.wait()
        mc.terminate()
        mc.wait()


if __name__ == '__main__':
    sys.exit(main())
