/**
 * `template/misplaced-keyword`: a known SIPp keyword where it cannot do its job.
 */
import type { Scenario, TemplateContext, TemplateMessage } from '../context';
import { defineTemplateRule, placeOf } from '../context';
import type { SubstitutedKeyword } from '../substitute';
import { attribute } from '../xml';
import { simpleName } from './common';

const mediaPorts = new Set(['media_port', 'auto_media_port', 'rtpstream_audio_port', 'rtpstream_video_port']);

export const misplacedKeyword = defineTemplateRule({
  id: 'template/misplaced-keyword',
  defaultSeverity: 'warning',
  summary: 'A SIPp keyword where it cannot work: `[len]` outside Content-Length, `[last_Via:]` before anything was received...',
  docs: {
    what:
      'Flags a SIPp keyword used where SIPp cannot give it a useful value: `[len]` anywhere but ' +
      'the Content-Length value (or twice); `[media_port]` and the other media ports off the SDP ' +
      '`m=` and `a=rtcp` lines; `[routes]` and `[next_url]` in a body, `[routes]` in a response, ' +
      'and both in a request when no earlier `<recv rrs="true">` learned a route set; ' +
      '`[authentication]` in a body; `[last_*]` in a `<send>` with nothing received before it, ' +
      'in a response with no request received before it, and `[last_Via:]` in a request other ' +
      'than ACK or CANCEL (whose Via must be the sender\'s own).',
    why:
      'SIPp then writes nothing (a `[last_*]` header that was never received is dropped with the ' +
      'rest of its line), or a value that means nothing where it stands: a response without the ' +
      'request\'s Via is never delivered, an in-dialog request without the route set bypasses the ' +
      'proxy, and the media port in a header does not open a media stream.',
    example: '```\n<send>\n  SIP/2.0 200 OK\n  [last_Via:]\n  ...\n</send>   (first step of the scenario: nothing received yet)\n```',
    references: ['SIPp documentation, "Keyword list"', 'RFC 3261 8.2.6.2', 'RFC 3261 12.2.1.1'],
  },
  checkTemplate(ctx) {
    for (const tm of ctx.messages) {
      let lengths = 0;
      for (const keyword of tm.keywords) {
        const inContentLength = keyword.use.kind === 'length' && placeOf(tm, keyword).header?.name === 'content-length';
        const problem = misplacement(ctx, tm, keyword, inContentLength ? ++lengths : 0);
        if (problem) ctx.report(keyword.origin, problem);
      }
    }
  },
});

function misplacement(ctx: TemplateContext, tm: TemplateMessage, keyword: SubstitutedKeyword, lengthOrdinal: number): string | undefined {
  const name = simpleName(keyword);
  const place = placeOf(tm, keyword);
  const family = keyword.use.family;
  const isResponse = tm.message.startLine.kind === 'response';
  if (name === 'len') {
    if (place.section !== 'header' || place.header?.name !== 'content-length') return '`[len]` is the body length: it belongs in the Content-Length value only.';
    if (lengthOrdinal > 1) return 'A second `[len]`: SIPp fills in only one of them.';
    return undefined;
  }
  if (name !== undefined && mediaPorts.has(name)) {
    const line = place.before.trimStart();
    if (!(line.startsWith('m=') || line.startsWith('a=rtcp:'))) {
      return `\`[${name}]\` is a media port: it belongs on an SDP \`m=\` line (or \`a=rtcp:\` with \`+1\`), where it also tells SIPp which port to play media from.`;
    }
    return undefined;
  }
  if (name === 'routes' || name === 'next_url') {
    if (place.section === 'body') return `\`[${name}]\` in the body: it is a ${name === 'routes' ? 'Route header' : 'Request-URI'}, part of the header section.`;
    if (name === 'routes' && isResponse) return '`[routes]` in a response: responses carry no Route header; the route set is for requests inside the dialog.';
    if (ctx.scenario && !ctx.scenario.hasJumps && tm.stepIndex !== undefined && !routeSetLearned(ctx.scenario, tm.stepIndex)) {
      return `\`[${name}]\` with no route set learned: no earlier \`<recv>\` has \`rrs="true"\`, so SIPp writes nothing here.`;
    }
    return undefined;
  }
  if (family.type === 'authentication' && place.section === 'body') return '`[authentication]` in the body: SIPp only supports it in the header section.';
  const isLast = family.type === 'last' || name === 'last_Request_URI' || name === 'last_cseq_number' || name === 'last_message';
  if (isLast && ctx.scenario && tm.stepIndex !== undefined && !ctx.scenario.hasJumps) {
    const written = `[${keyword.use.name}]`;
    const received = receivedBefore(ctx.scenario, tm.stepIndex);
    if (!received.any) return `\`${written}\` before anything was received: SIPp has no last message and drops it${family.type === 'last' && !family.valueOnly ? ' with the rest of its line' : ''}.`;
    if (isResponse && !received.request) return `\`${written}\` in a response, but no request was received before it: the headers would be copied from a response.`;
    if (family.type === 'last' && !family.valueOnly && /^(?:via|v)$/i.test(family.header) && !isResponse) {
      const line = tm.message.startLine;
      if (line.kind === 'request' && line.method !== 'ACK' && line.method !== 'CANCEL') {
        return `\`${written}\` in a ${line.method} request: a request carries its sender's own Via (\`Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\`), not the peer's.`;
      }
    }
  }
  return undefined;
}

/** Whether a `<recv rrs="true">` comes before step `index`. */
function routeSetLearned(scenario: Scenario, index: number): boolean {
  for (let i = 0; i < index; i++) {
    const step = scenario.steps[i];
    if (step.kind === 'recv' && /^(?:true|1)$/i.test(attribute(step.element, 'rrs')?.value ?? '')) return true;
  }
  return false;
}

/** What was received before step `index`: anything at all, and a request (or a 3PCC command, which may carry one). */
function receivedBefore(scenario: Scenario, index: number): { any: boolean; request: boolean } {
  let any = false;
  let request = false;
  for (let i = 0; i < index; i++) {
    const step = scenario.steps[i];
    if (step.kind === 'recvCmd') {
      any = true;
      request = true;
    } else if (step.kind === 'recv') {
      any = true;
      if (attribute(step.element, 'request')) request = true;
    }
  }
  return { any, request };
}
