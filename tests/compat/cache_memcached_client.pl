#!/usr/bin/perl
# Drives a server with Cache::Memcached (Debian's libcache-memcached-perl), unmodified.
# Usage: cache_memcached_client.pl PORT. Exits non-zero on the first mismatch.
use strict;
use warnings;
BEGIN {
    eval { require Cache::Memcached; 1 }
        or do { print "SKIP: libcache-memcached-perl is not installed\n"; exit 77 };
}

my $port = shift or die "usage: $0 PORT\n";
my $mc = Cache::Memcached->new({ servers => ["127.0.0.1:$port"], connect_timeout => 5,
                                 select_timeout => 5 });

sub check {
    my ($label, $got, $want) = @_;
    my $g = defined $got ? $got : 'undef';
    my $w = defined $want ? $want : 'undef';
    die "Cache::Memcached: $label: got '$g', want '$w'\n" unless $g eq $w;
}

$mc->flush_all;
check('set', $mc->set('greeting', 'hello') ? 1 : 0, 1);
check('get', $mc->get('greeting'), 'hello');
check('get missing', $mc->get('absent'), undef);
check('add existing', $mc->add('greeting', 'x') ? 1 : 0, 0);
check('replace', $mc->replace('greeting', 'hi') ? 1 : 0, 1);
check('get after replace', $mc->get('greeting'), 'hi');

# Perl structures are stored serialised (the F_STORABLE flag) and must round-trip.
check('set ref', $mc->set('struct', { list => [1, 2, 3], name => "a\r\nb\0c" }) ? 1 : 0, 1);
my $s = $mc->get('struct');
check('get ref', ref($s) eq 'HASH' ? join(',', @{ $s->{list} }) . '|' . $s->{name} : 'none',
      "1,2,3|a\r\nb\0c");

check('delete', $mc->delete('greeting') ? 1 : 0, 1);
check('get after delete', $mc->get('greeting'), undef);
check('delete again', $mc->delete('greeting') ? 1 : 0, 0);

$mc->set('counter', 10);
check('incr', $mc->incr('counter', 5), 15);
check('decr', $mc->decr('counter', 3), 12);
check('incr missing', $mc->incr('nocounter'), undef);

my @keys = map { "multi:$_" } 1 .. 110;
$mc->set($_, "v$_") for @keys;
my $got = $mc->get_multi(@keys, 'multi:missing');
check('get_multi count', scalar(keys %$got), scalar(@keys));
for my $k (@keys) { check("get_multi $k", $got->{$k}, "v$k") }

my $stats = $mc->stats(['misc']);
my $hits = $stats->{hosts}{"127.0.0.1:$port"}{misc}{get_hits};
die "Cache::Memcached: stats returned no get_hits\n" unless defined $hits && $hits > 0;
$mc->disconnect_all;
print "Cache::Memcached: ok\n";
