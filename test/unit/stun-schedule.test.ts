// The RFC 8489 retransmission schedule over UDP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transmissionOffsets } from '../../server/src/core/stun/schedule';

const cases: { rto: number; total: number; max?: number; expect: number[] }[] = [
  // RFC 8489 section 6.2.1: RTO 500 ms, Rc 7 -> sent at 0, 500, 1500, 3500, 7500, 15500, 31500 ms.
  { rto: 500, total: 39500, expect: [0, 500, 1500, 3500, 7500, 15500, 31500] },
  { rto: 500, total: Infinity, expect: [0, 500, 1500, 3500, 7500, 15500, 31500] },
  { rto: 500, total: 3000, expect: [0, 500, 1500] },
  { rto: 500, total: 3500, expect: [0, 500, 1500] },
  { rto: 500, total: 3501, expect: [0, 500, 1500, 3500] },
  { rto: 50, total: 500, expect: [0, 50, 150, 350] },
  { rto: 500, total: 400, expect: [0] },
  { rto: 100, total: 10000, max: 3, expect: [0, 100, 300] },
  { rto: 0, total: 1000, expect: [0] },
];

for (const c of cases) {
  test(`RTO ${c.rto} ms within ${c.total} ms${c.max ? `, at most ${c.max}` : ''}`, () => {
    assert.deepEqual(transmissionOffsets(c.rto, c.total, c.max), c.expect);
  });
}
