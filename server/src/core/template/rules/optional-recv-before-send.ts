/**
 * `template/optional-recv-before-send`: an optional `<recv>` followed by a step that is not a receive.
 */
import { defineTemplateRule } from '../context';
import { attribute } from '../xml';

/** The steps before which SIPp wants the last `<recv>` to be mandatory. */
const checked = new Set(['send', 'pause', 'timewait', 'nop', 'sendCmd']);

export const optionalRecvBeforeSend = defineTemplateRule({
  id: 'template/optional-recv-before-send',
  defaultSeverity: 'error',
  summary: 'An optional `<recv>` directly before a `<send>`, `<pause>` or `<nop>`, with no mandatory `<recv>` between.',
  docs: {
    what:
      'Flags a `<send>`, `<pause>`, `<timewait>`, `<nop>` or `<sendCmd>` whose closest preceding ' +
      'receive step is `optional="true"` (or `global`).',
    why:
      'SIPp refuses to load such a scenario ("<recv> before <send> sequence without a mandatory ' +
      'message"): after optional receives it needs one it can wait for, or it could not tell ' +
      'when to go on.',
    example: '```\n<recv response="100" optional="true"/>\n<send>...</send>\n```',
    references: ['SIPp documentation, "recv", attribute "optional"'],
  },
  checkTemplate(ctx) {
    const scenario = ctx.scenario;
    if (!scenario) return;
    let lastOptional = false;
    for (const step of scenario.steps) {
      if (step.kind === 'recv' || step.kind === 'recvCmd') {
        const value = attribute(step.element, 'optional')?.value;
        lastOptional = value === 'true' || value === 'global';
      } else if (checked.has(step.kind)) {
        if (lastOptional) ctx.report(step.element.nameRange, `\`<${step.kind}>\` right after an optional \`<recv>\`: SIPp needs a mandatory \`<recv>\` between them and refuses to load the scenario.`);
        lastOptional = false;
      }
    }
  },
});
