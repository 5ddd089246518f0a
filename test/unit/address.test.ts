/**
 * Address classes: one table row per address, with the class id it must get (or undefined for
 * public, unflagged and junk input), plus the user's internal networks and hover text.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeAddress, isUnspecifiedAddress, nonPublicClass, sameAddress } from '../../server/src/core/net/address';
import { bytesHeldAfter } from './check';

/** [address, expected class id, expected RFC] — undefined id means "not flagged". */
const cases: readonly [string, string | undefined, string?][] = [
  // RFC 1918, each block and its edges.
  ['10.0.0.0', 'private', 'RFC 1918'],
  ['10.255.255.255', 'private', 'RFC 1918'],
  ['172.16.0.1', 'private', 'RFC 1918'],
  ['172.31.255.254', 'private', 'RFC 1918'],
  ['172.32.0.1', undefined],
  ['172.15.255.255', undefined],
  ['192.168.1.20', 'private', 'RFC 1918'],
  ['192.169.0.1', undefined],
  // RFC 6598 shared address space and its edges.
  ['100.64.0.10', 'cgnat', 'RFC 6598'],
  ['100.127.255.255', 'cgnat', 'RFC 6598'],
  ['100.63.255.255', undefined],
  ['100.128.0.0', undefined],
  // Loopback, link-local, "this network", IETF protocol assignments.
  ['127.0.0.1', 'loopback', 'RFC 1122'],
  ['127.255.0.9', 'loopback', 'RFC 1122'],
  ['169.254.10.1', 'link-local', 'RFC 3927'],
  ['0.0.0.0', 'this-network', 'RFC 1122'],
  ['0.1.2.3', 'this-network', 'RFC 1122'],
  ['192.0.0.1', 'ietf-protocol', 'RFC 6890'],
  ['192.0.0.170', 'ietf-protocol', 'RFC 6890'],
  // PCP and TURN anycast inside 192.0.0.0/24 are globally reachable.
  ['192.0.0.9', undefined],
  ['192.0.0.10', undefined],
  // Other special-purpose blocks the Internet does not route.
  ['198.18.0.1', 'benchmarking', 'RFC 2544'],
  ['198.19.255.255', 'benchmarking', 'RFC 2544'],
  ['240.0.0.1', 'reserved', 'RFC 1112'],
  ['255.255.255.255', 'broadcast', 'RFC 919'],
  // Documentation blocks: deliberately treated as public (examples and tests use them).
  ['192.0.2.1', undefined],
  ['198.51.100.5', undefined],
  ['203.0.113.1', undefined],
  // Public, multicast and globally routed special blocks.
  ['8.8.8.8', undefined],
  ['1.1.1.1', undefined],
  ['224.0.0.1', undefined],
  ['239.255.255.250', undefined],
  ['192.88.99.1', undefined],
  ['192.175.48.1', undefined],
  // IPv6.
  ['::', 'unspecified', 'RFC 4291'],
  ['::1', 'loopback', 'RFC 4291'],
  ['0:0:0:0:0:0:0:1', 'loopback', 'RFC 4291'],
  ['fe80::1', 'link-local', 'RFC 4291'],
  ['fe80::1%eth0', 'link-local', 'RFC 4291'],
  ['FE80::ABCD', 'link-local', 'RFC 4291'],
  ['fc00::1', 'ula', 'RFC 4193'],
  ['fd12:3456:789a::1', 'ula', 'RFC 4193'],
  ['fec0::1', 'site-local', 'RFC 3879'],
  ['100::1', 'discard', 'RFC 6666'],
  ['2001:2::1', 'benchmarking', 'RFC 5180'],
  ['2001:100::1', 'ietf-protocol', 'RFC 2928'],
  ['2001:1::2', undefined],
  ['2001:db8::1', undefined],
  ['3fff::1', undefined],
  ['2a00:1450:4001:82a::200e', undefined],
  ['2002:c000:0204::1', undefined],
  ['ff02::1', undefined],
  // IPv4-mapped and IPv4-translated IPv6: classified by the IPv4 part.
  ['::ffff:10.0.0.1', 'private', 'RFC 1918'],
  ['::ffff:100.64.1.1', 'cgnat', 'RFC 6598'],
  ['::ffff:127.0.0.1', 'loopback', 'RFC 1122'],
  ['::ffff:a00:1', 'private', 'RFC 1918'],
  ['::ffff:203.0.113.7', undefined],
  ['::ffff:0:192.168.0.1', 'private', 'RFC 1918'],
  // Brackets are tolerated.
  ['[::1]', 'loopback', 'RFC 4291'],
  ['[fd00::5]', 'ula', 'RFC 4193'],
  // Junk: never a class, never an exception.
  ['', undefined],
  ['junk', undefined],
  ['example.com', undefined],
  ['10.1', undefined],
  ['10.0.0', undefined],
  ['010.000.000.001x', undefined],
  // RFC 3261 dotted quads may have leading zeros; they are decimal.
  ['010.000.000.001', 'private', 'RFC 1918'],
  ['100.064.000.010', 'cgnat', 'RFC 6598'],
  ['256.0.0.1', undefined],
  ['0x0a.0.0.1', undefined],
  ['999.1.1.1', undefined],
  ['10.0.0.1.', undefined],
  ['10.0.0.1:5060', undefined],
  [':::1', undefined],
  ['fe80::1::2', undefined],
  ['[::1', undefined],
  ['1.2.3.4/8', undefined],
  ['x'.repeat(300), undefined],
];

describe('nonPublicClass', () => {
  for (const [address, id, rfc] of cases) {
    it(`${JSON.stringify(address.length > 40 ? `${address.slice(0, 10)}…` : address)} → ${id ?? 'not flagged'}`, () => {
      const klass = nonPublicClass(address, []);
      assert.equal(klass?.id, id);
      if (rfc !== undefined) {
        assert.equal(klass?.rfc, rfc);
        assert.ok(klass?.description.startsWith(rfc), `description "${klass?.description}" names ${rfc} first`);
        assert.match(klass?.block ?? '', /\/\d+$/);
      }
    });
  }

  it('gives each RFC 1918 address its own block', () => {
    assert.equal(nonPublicClass('10.1.2.3', [])?.block, '10.0.0.0/8');
    assert.equal(nonPublicClass('172.20.0.1', [])?.block, '172.16.0.0/12');
    assert.equal(nonPublicClass('192.168.0.1', [])?.block, '192.168.0.0/16');
    assert.equal(nonPublicClass('100.64.0.10', [])?.block, '100.64.0.0/10');
  });

  it('returns the same answer the second time (memo) and for other inputs in between', () => {
    for (let round = 0; round < 2; round++) {
      assert.equal(nonPublicClass('100.64.0.10', [])?.id, 'cgnat');
      assert.equal(nonPublicClass('203.0.113.1', []), undefined);
    }
  });

  it('keeps no document alive through the addresses it remembers', () => {
    // A host cut from a document is a view on the whole text: the memo must keep a copy.
    const kept = bytesHeldAfter(() => {
      const document = `${'x'.repeat(32 << 20)} 192.168.100.200 fd00::1234:5678:9abc `;
      const v4 = document.indexOf('192.168.');
      const v6 = document.indexOf('fd00::');
      assert.equal(nonPublicClass(document.slice(v4, v4 + 15), [])?.id, 'private');
      assert.equal(nonPublicClass(document.slice(v6, v6 + 20), [])?.id, 'ula');
    });
    assert.ok(kept < 8 << 20, `${kept} bytes still held after the document is gone`);
  });
});

describe('internalNetworks', () => {
  const networks = ['10.20.0.0/16', 'fd00:1::/48', '192.168.7.7', ' 172.16.0.0/12 ', 'not a cidr', '10.0.0.0/99', '::ffff:100.64.5.0/120'];
  const table: readonly [string, string | undefined][] = [
    ['10.20.1.1', undefined],
    ['10.21.1.1', 'private'],
    ['fd00:1::5', undefined],
    ['fd00:1:0:ffff::5', undefined],
    ['fd00:2::5', 'ula'],
    ['192.168.7.7', undefined],
    ['192.168.7.8', 'private'],
    ['172.31.0.1', undefined],
    ['::ffff:10.20.3.4', undefined],
    ['100.64.5.9', undefined],
    ['100.64.6.9', 'cgnat'],
    ['127.0.0.1', 'loopback'],
  ];
  for (const [address, id] of table) {
    it(`${address} → ${id ?? 'exempt'}`, () => {
      assert.equal(nonPublicClass(address, networks)?.id, id);
    });
  }

  it('reads a new settings array (cache keyed by identity, not contents)', () => {
    assert.equal(nonPublicClass('10.21.1.1', networks)?.id, 'private');
    assert.equal(nonPublicClass('10.21.1.1', ['10.0.0.0/8']), undefined);
    assert.equal(nonPublicClass('10.21.1.1', [])?.id, 'private');
  });
});

describe('describeAddress', () => {
  const table: readonly [string, string | undefined][] = [
    ['100.64.0.10', '100.64.0.10: RFC 6598 shared address (CGNAT) in 100.64.0.0/10, not routable on the Internet'],
    ['192.168.1.1', '192.168.1.1: RFC 1918 private address in 192.168.0.0/16, not routable on the Internet'],
    ['fd00::1', 'fd00::1: RFC 4193 unique local address (ULA) in fc00::/7, not routable on the Internet'],
    ['8.8.8.8', '8.8.8.8: public address'],
    ['203.0.113.1', '203.0.113.1: documentation address, treated as public'],
    ['224.0.0.1', '224.0.0.1: multicast address'],
    ['example.com', undefined],
    ['', undefined],
  ];
  for (const [address, text] of table) {
    it(address || '(empty)', () => assert.equal(describeAddress(address), text));
  }

  it('says when an internal network exempts the address', () => {
    assert.equal(describeAddress('10.1.1.1', ['10.0.0.0/8']), '10.1.1.1: RFC 1918 private address, inside your internal networks');
  });
});

describe('sameAddress and isUnspecifiedAddress', () => {
  it('compares IP literals by value', () => {
    assert.ok(sameAddress('::1', '0:0:0:0:0:0:0:1'));
    assert.ok(sameAddress('::ffff:10.0.0.1', '10.0.0.1'));
    assert.ok(sameAddress('FD00::1', 'fd00::1'));
    assert.ok(!sameAddress('10.0.0.1', '10.0.0.2'));
    assert.ok(sameAddress('Example.COM', 'example.com'));
    assert.ok(!sameAddress('10.0.0.1', 'example.com'));
  });

  it('knows the unspecified address in its forms', () => {
    for (const a of ['0.0.0.0', '::', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0']) assert.ok(isUnspecifiedAddress(a), a);
    for (const a of ['0.0.0.1', '::1', 'junk']) assert.ok(!isUnspecifiedAddress(a), a);
  });
});
