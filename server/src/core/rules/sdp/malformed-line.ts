/**
 * `sdp/malformed-line`: the SDP parser's own errors, one finding each.
 */
import { defineRule } from '../rule';

export const malformedLine = defineRule({
  id: 'sdp/malformed-line',
  defaultSeverity: 'error',
  summary: 'An SDP line that does not follow the `<type>=<value>` grammar.',
  docs: {
    what:
      'Flags SDP lines the parser cannot read: a line that is not `<type>=<value>` (an empty line, ' +
      'a space around `=`, a type of more than one letter), a type letter RFC 8866 does not define, ' +
      'a `c=` line without exactly three fields, an `o=` line without exactly six, an `m=` line ' +
      'without a format, an `a=` line without a name, a `t=` line that is not two decimal times, a ' +
      '`b=` line that is not `<bwtype>:<bandwidth>`, an IPv6 address written in brackets, and an ' +
      'address that does not match its `IP4`/`IP6` address type.',
    why:
      'SDP parsers are strict. RFC 8866 tells a receiver to ignore a whole session description that ' +
      'holds a type letter it does not understand, and most stacks answer a body they cannot parse ' +
      'with `488 Not Acceptable Here` or `400 Bad Request`, so the call fails before any media flows.',
    example:
      '```\nv=0\no=alice 2890844526 2890844526 IN IP4 198.51.100.7\ns=-\nc = IN IP4 198.51.100.7\n' +
      't=0 0\nm=audio 49170 RTP/AVP 0\n```\n`c = IN IP4 ...` has spaces around `=`.',
    references: ['RFC 8866 5', 'RFC 8866 5.2', 'RFC 8866 5.7', 'RFC 8866 5.13', 'RFC 8866 5.14', 'RFC 8866 9'],
  },
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const errors = sessions[i].errors;
      for (let k = 0; k < errors.length; k++) ctx.report(errors[k].range, errors[k].message);
    }
  },
});
