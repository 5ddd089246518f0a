import { defineRule, type Report } from '../rule';
import type { Param } from '../../sip/uri';

export const viaBroadcast = defineRule({
  id: 'header/via-broadcast',
  defaultSeverity: 'warning',
  summary: 'Via sent-by or maddr is a broadcast address',
  docs: {
    what: 'A Via whose sent-by, `received` or `maddr` is the limited broadcast address 255.255.255.255.',
    why: 'Responses are sent to the Via; an element must not send them to a broadcast address (a reflection risk), so the response is lost.',
    example: '`Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23`',
    references: ['RFC 3261 18.2.2', 'RFC 4475 3.3.11'],
  },
  checkMessage({ values, report }) {
    const vias = values.vias();
    for (let i = 0; i < vias.length; i++) {
      const via = vias[i];
      if (!via.value) continue;
      if (via.value.sentBy.host === '255.255.255.255') report(via.value.sentBy.hostRange, 'The Via sent-by is the broadcast address 255.255.255.255: responses must not go there.');
      checkParam(via.value.received, report);
      checkParam(via.value.maddr, report);
    }
  },
});

/** Reports a Via `received` or `maddr` parameter that names the broadcast address. */
function checkParam(param: Param | undefined, report: Report): void {
  if (param?.value === '255.255.255.255' && param.valueRange) report(param.valueRange, `The Via ${param.name} is the broadcast address 255.255.255.255.`);
}
