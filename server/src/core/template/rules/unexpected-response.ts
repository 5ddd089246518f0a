/**
 * `template/unexpected-response`: a `<recv response>` that no request sent before it can bring.
 */
import { defineTemplateRule } from '../context';
import { attribute } from '../xml';

export const unexpectedResponse = defineTemplateRule({
  id: 'template/unexpected-response',
  defaultSeverity: 'warning',
  summary: 'A `<recv response="...">` that no request sent before it can produce (only ACK, or nothing, was sent).',
  docs: {
    what:
      'Flags a `<recv response>` in a scenario when no `<send>` before it (in the whole scenario, ' +
      'when steps jump with `next` or `ontimeout`) is a request that gets responses: nothing ' +
      'was sent, only responses were, or only ACK.',
    why:
      'ACK gets no response, and a scenario that has sent no request receives none: the ' +
      'scenario waits for a message that never comes and each call fails on its timeout, or ' +
      'the response of another transaction is taken for it.',
    example: '```\n<send><![CDATA[ ACK sip:[service]@[remote_ip] SIP/2.0 ... ]]></send>\n<recv response="200"/>\n```',
    references: ['RFC 3261 17.1.1.1', 'SIPp documentation, "recv"'],
  },
  checkTemplate(ctx) {
    const scenario = ctx.scenario;
    if (!scenario) return;
    const canBeAnswered = (method: string | undefined) => method !== undefined && method !== 'ACK';
    const anywhere = scenario.steps.some((s) => canBeAnswered(s.method));
    let sent = false;
    let onlyAck = false;
    for (const step of scenario.steps) {
      if (step.kind === 'send') {
        if (canBeAnswered(step.method)) sent = true;
        else if (step.method === 'ACK') onlyAck = true;
        else if (step.message === undefined) sent = true; // Unreadable: give it the benefit of the doubt.
        continue;
      }
      if (step.kind !== 'recv') continue;
      const response = attribute(step.element, 'response');
      if (!response || !/^\d+$/.test(response.value.trim())) continue;
      if (scenario.hasJumps ? anywhere : sent) continue;
      const why = onlyAck ? 'only ACK was sent before it, and ACK gets no response' : 'no request was sent before it';
      ctx.report(response.valueRange, `No request can produce this ${response.value} response: ${why}.`);
    }
  },
});
