/**
 * `template/malformed-scenario`: XML or `<send>` content that SIPp cannot load.
 */
import { defineTemplateRule } from '../context';

export const malformedScenario = defineTemplateRule({
  id: 'template/malformed-scenario',
  defaultSeverity: 'error',
  summary: 'Scenario XML that SIPp cannot load: broken markup, a `<send>` without CDATA, a keyword as method.',
  docs: {
    what:
      'Flags markup errors in a SIPp scenario (an element or CDATA section not closed, an end tag ' +
      'without start tag), a `<send>` whose message is not in a CDATA section or is empty, and a ' +
      'message whose start line begins with a keyword.',
    why:
      'SIPp reads the message of a `<send>` from its CDATA section only and refuses to load a ' +
      'scenario with an empty one; it needs the method (or `SIP/2.0`) written out to count CSeq ' +
      'and match responses.',
    example: '```\n<send>\n  INVITE sip:[service]@[remote_ip] SIP/2.0\n  ...\n</send>\n```',
    references: ['SIPp documentation, "Writing your own scenario"'],
  },
  checkTemplate(ctx) {
    const scenario = ctx.scenario;
    if (!scenario) return;
    for (const problem of scenario.problems) ctx.report(problem.range, problem.message);
    for (const step of scenario.steps) {
      if (step.kind !== 'send') continue;
      const element = step.element;
      const cdata = element.content.find((c) => c.kind === 'cdata');
      const text = element.content.filter((c) => c.kind === 'text').map((c) => ctx.text.slice(c.range.start, c.range.end)).join('');
      if (!cdata) {
        ctx.report(element.nameRange, text.trim() === '' ? '`<send>` without a message: SIPp needs it in a CDATA section.' : '`<send>` message outside a CDATA section: SIPp reads only CDATA (`<![CDATA[ ... ]]>`) and refuses to load the scenario.');
      } else if (ctx.text.slice(cdata.range.start, cdata.range.end).trim() === '') {
        ctx.report(element.nameRange, 'Empty CDATA in `<send>`: SIPp refuses to load the scenario.');
      }
      const tm = step.message;
      const first = tm?.keywords[0];
      if (tm && first && first.out.start <= tm.message.startLine.range.start + 1 && tm.message.startLine.range.start === first.out.start) {
        ctx.report(first.origin, 'The message starts with a keyword: SIPp needs the method or `SIP/2.0` written out and refuses to load the scenario.');
      }
    }
  },
});
