import { defineRule } from '../rule';

export const invalidUtf8 = defineRule({
  id: 'syntax/invalid-utf8',
  defaultSeverity: 'warning',
  summary: 'Bytes that are not valid UTF-8',
  docs: {
    what: 'Bytes that do not decode as UTF-8 in a start line, a header or text between messages; the editor and the linter show each as U+FFFD. Reported once per line. Bodies are not checked: a binary body is legal (RFC 3261 7.4), though then Content-Length cannot be checked on the decoded text.',
    why: 'SIP text is UTF-8 (RFC 3261 7.3.1); other bytes in headers make parsers reject the message. Binary bodies are legal with the right Content-Type, but then the file is a capture, not text: the CLI never rewrites such a file with `--fix`.',
    example: 'A Latin-1 display name `"J\\xf6rg"` saved without conversion.',
    references: ['RFC 3261 7.3.1', 'RFC 3629'],
  },
  checkDocument({ document, report }) {
    const text = document.text;
    const bodies = document.messages.filter((m) => m.body).map((m) => m.body!);
    let b = 0;
    let reported = 0;
    for (let i = text.indexOf('\uFFFD'); i !== -1 && reported < 1000; i = text.indexOf('\uFFFD', i + 1)) {
      while (b < bodies.length && bodies[b].end <= i) b++;
      if (b < bodies.length && bodies[b].start <= i) {
        i = bodies[b].end - 1;
        continue;
      }
      let end = i + 1;
      while (text.charCodeAt(end) === 0xfffd) end++;
      report({ start: i, end }, 'Bytes that are not valid UTF-8 (shown as U+FFFD).');
      reported++;
      const eol = text.indexOf('\n', end);
      i = eol === -1 ? text.length : eol;
    }
  },
});
