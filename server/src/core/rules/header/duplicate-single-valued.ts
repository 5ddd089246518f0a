import { defineRule } from '../rule';
import { singleValuedHeaders } from '../../sip/headers';
import { ParsedMessage } from '../../sip/parse';

/** A canonical name as people write it: `Call-ID`, `Content-Length`. */
function displayName(name: string): string {
  return name === 'call-id' ? 'Call-ID' : name.replace(/(^|-)(\w)/g, (_, d: string, c: string) => d + c.toUpperCase());
}

export const duplicateSingleValued = defineRule({
  id: 'header/duplicate-single-valued',
  defaultSeverity: 'error',
  summary: 'A header that may appear once appears again',
  docs: {
    what: 'A second Call-ID, CSeq, From, To, Max-Forwards, Content-Length, Content-Type, Expires (and other single-valued headers) in one message, reported at each repetition.',
    why: 'Receivers pick different copies, so the message means different things to different elements; two Content-Length values make framing ambiguous. RFC 4475 asks for 400 Bad Request.',
    example: '`Content-Length: 13` and later `Content-Length: 5`',
    references: ['RFC 3261 7.3.1', 'RFC 4475 3.3.9', 'RFC 4475 3.3.10'],
  },
  checkMessage({ message, report }) {
    const pass = ++passes;
    const packed = message instanceof ParsedMessage ? message : undefined;
    const count = packed !== undefined ? packed.headerCount : message.headers.length;
    for (let k = 0; k < count; k++) {
      // A packed message gives names from its store: a header object is built only for a repeat.
      const name = packed !== undefined ? packed.store.name(packed.firstHeader + k) : message.headers[k].name;
      const slot = slots.get(name);
      if (slot === undefined) continue;
      if (seenIn[slot] === pass) {
        const header = packed !== undefined ? packed.headerAt(packed.firstHeader + k) : message.headers[k];
        report(header.nameRange, `${displayName(name)} appears more than once; it may appear once only.`, { name });
      }
      seenIn[slot] = pass;
    }
  },
});

/**
 * The pass in which each single-valued header was last seen, by its slot: a pass counts the
 * messages checked, so that a repeat is found without a list per message. Holds numbers only.
 */
const slots = new Map([...singleValuedHeaders].map((name, i) => [name, i]));
const seenIn: number[] = new Array<number>(slots.size).fill(0);
let passes = 0;
