/**
 * `template/invalid-recv`: a `<recv>` whose `request`, `response` or `optional` cannot match.
 */
import { defineTemplateRule } from '../context';
import { attribute } from '../xml';
import { methods } from '../../knowledge/sip';

const knownMethods = new Set(methods.map((m) => m.name));

export const invalidRecv = defineTemplateRule({
  id: 'template/invalid-recv',
  defaultSeverity: 'warning',
  summary: 'A `<recv>` whose request, response or optional attribute cannot work.',
  docs: {
    what:
      'Flags a `<recv>` with neither `request` nor `response`; a `response` that is not a number ' +
      '(an error: SIPp refuses to load) or not a status code (100-699); a `request` that is not ' +
      'a method name (a number, a lower-case method, characters a method cannot have), unless ' +
      '`regexp_match="true"`; and an `optional` other than `true`, `false` or `global` (an error).',
    why:
      'SIPp compares the method of a received request with `request` as written, and the status ' +
      'code with `response`: a value that no message can carry makes the step wait until the ' +
      'call times out.',
    example: '```\n<recv request="invite"/>\n<recv response="2OO"/>\n```',
    references: ['RFC 3261 7.1', 'RFC 3261 21', 'SIPp documentation, "recv"'],
  },
  checkTemplate(ctx) {
    const scenario = ctx.scenario;
    if (!scenario) return;
    for (const step of scenario.steps) {
      if (step.kind !== 'recv') continue;
      const request = attribute(step.element, 'request');
      const response = attribute(step.element, 'response');
      const optional = attribute(step.element, 'optional');
      if (!request && !response) ctx.report(step.element.nameRange, '`<recv>` without `request` or `response` matches no message.');
      if (response) {
        const value = response.value.trim();
        if (!/^\d+$/.test(value)) ctx.report(response.valueRange, `\`response="${response.value}"\` is not a number: SIPp refuses to load the scenario.`, undefined, 'error');
        else if (Number(value) < 100 || Number(value) > 699) ctx.report(response.valueRange, `\`response="${value}"\` is not a status code (100-699): no response matches it.`);
      }
      if (request && !/^(?:true|1)$/i.test(attribute(step.element, 'regexp_match')?.value ?? '')) {
        const value = request.value;
        if (/^\d{3}$/.test(value)) ctx.report(request.valueRange, `\`request="${value}"\` looks like a status code: use \`response="${value}"\` to wait for a response.`);
        else if (knownMethods.has(value.toUpperCase()) && value !== value.toUpperCase()) ctx.report(request.valueRange, `SIPp compares methods as written, and methods are case-sensitive: \`${value}\` never matches \`${value.toUpperCase()}\`.`);
        else if (!/^[A-Za-z0-9.!%*_+`'~-]+$/.test(value)) ctx.report(request.valueRange, `\`request="${value}"\` is not a method name: no request matches it (set \`regexp_match="true"\` for a regular expression).`);
      }
      if (optional && !/^(?:true|false|global)$/.test(optional.value)) {
        ctx.report(optional.valueRange, `\`optional="${optional.value}"\`: SIPp accepts only \`true\`, \`false\` or \`global\`, and refuses to load the scenario.`, undefined, 'error');
      }
    }
  },
});
