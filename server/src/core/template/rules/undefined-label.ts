/**
 * `template/undefined-label`: a `next` or `ontimeout` that names no label, or a label defined twice.
 */
import { defineTemplateRule } from '../context';
import { attribute } from '../xml';

export const undefinedLabel = defineTemplateRule({
  id: 'template/undefined-label',
  defaultSeverity: 'error',
  summary: 'A `next` or `ontimeout` jump to a label the scenario does not define, or a label defined twice.',
  docs: {
    what:
      'Flags a `next="..."` or `ontimeout="..."` attribute whose value is the id of no ' +
      '`<label>` of the scenario, a `<label>` without `id`, and a label id defined twice.',
    why: 'SIPp refuses to load such a scenario ("The label ... was not defined", "is used twice"), so the test never starts.',
    example: '```\n<recv response="180" optional="true" next="ringing"/>\n... (no <label id="ringing"/>)\n```',
    references: ['SIPp documentation, "Conditional branching"'],
  },
  checkTemplate(ctx) {
    const scenario = ctx.scenario;
    if (!scenario) return;
    const seen = new Set<string>();
    for (const step of scenario.steps) {
      if (step.kind !== 'label') continue;
      const id = attribute(step.element, 'id');
      if (!id) ctx.report(step.element.nameRange, '`<label>` without `id`: SIPp refuses to load the scenario.');
      else if (seen.has(id.value)) ctx.report(id.valueRange, `Label \`${id.value}\` is defined twice: SIPp refuses to load the scenario.`);
      else seen.add(id.value);
    }
    for (const step of scenario.steps) {
      for (const name of ['next', 'ontimeout']) {
        const target = attribute(step.element, name);
        if (target && !scenario.labels.has(target.value)) {
          ctx.report(target.valueRange, `\`${name}="${target.value}"\` jumps to a label that is not defined: SIPp refuses to load the scenario. Add \`<label id="${target.value}"/>\` where the jump should land.`);
        }
      }
    }
  },
});
