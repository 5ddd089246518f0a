/**
 * `template/unknown-keyword`: a `[keyword]` that SIPp does not know, most often a misspelling.
 */
import { defineTemplateRule, replacementData } from '../context';
import { suggestKeyword } from '../keywords';
import { replacementFix } from './common';

export const unknownKeyword = defineTemplateRule({
  id: 'template/unknown-keyword',
  defaultSeverity: 'warning',
  summary: 'A SIPp keyword that SIPp does not know, such as `[local-ip]` for `[local_ip]`.',
  docs: {
    what:
      'Flags a bracketed keyword in a SIPp scenario or `.sip` template whose name is not one of ' +
      'SIPp\'s keywords, with the keyword it most likely meant. A name close to no keyword is ' +
      'reported as information: SIPp accepts it only when the command line defines it with ' +
      '`-key NAME VALUE`. A `[` without its `]`, or a bracketed IPv6 address in a scenario, is ' +
      'an error: SIPp reads every `[` of a message as the start of a keyword.',
    why:
      'SIPp refuses to load a scenario with an unknown keyword ("Unsupported keyword"), so the ' +
      'test never starts; a keyword defined with `-key` on one machine breaks on the next.',
    example: '```\nVia: SIP/2.0/[transport] [local-ip]:[local_port];branch=[branch]\n```',
    fix: 'Replaces the name by the suggested keyword, keeping its offset and parameters. Unsafe: a name defined with `-key` may be meant.',
    references: ['SIPp documentation, "Keyword list"'],
  },
  fixable: 'offline',
  checkTemplate(ctx) {
    for (const tm of ctx.messages) {
      for (const keyword of tm.keywords) {
        const use = keyword.use;
        if (use.unterminated) {
          ctx.report(keyword.origin, `\`[\` without a closing \`]\`: SIPp reads it as the start of a keyword and refuses to load the scenario. Write \`\\x5b\` for a literal bracket.`, undefined, 'error');
          continue;
        }
        if (use.family.type !== 'unknown') continue;
        if (use.name === '' || /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/.test(use.name)) {
          ctx.report(keyword.origin, `SIPp reads \`[${use.name}]\` as a keyword and refuses to load the scenario. Write \`\\x5b\` for a literal \`[\` (an IPv6 address is written by \`[local_ip]\` or \`[remote_ip]\` with its brackets).`, undefined, 'error');
          continue;
        }
        const suggestion = suggestKeyword(use.name);
        if (suggestion) {
          const offset = use.offset === 0 ? '' : use.offset > 0 ? `+${use.offset}` : String(use.offset);
          const replacement = `[${suggestion}${offset}${use.params ? ` ${use.params}` : ''}]`;
          ctx.report(keyword.origin, `Unknown SIPp keyword \`[${use.name}]\`; did you mean \`[${suggestion}]\`? SIPp refuses to load a scenario with an unknown keyword.`, replacementData(replacement, { name: use.name, suggestion }));
        } else {
          ctx.report(keyword.origin, `\`[${use.name}]\` is not a built-in SIPp keyword: SIPp loads the scenario only when the command line defines it with \`-key ${use.name} VALUE\`.`, { name: use.name }, 'info');
        }
      }
    }
  },
  fix: (ctx) => replacementFix(ctx, (data) => `Replace with ${String(data.replacement)}`, 'unsafe'),
});
