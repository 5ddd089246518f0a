/**
 * Diagnostics from the language server, as VS Code shows them: rule ids as codes, ranges on the
 * offending text, and settings that change what is reported.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, openFixture, waitFor, waitForDiagnostics } from './helpers';

/** One expected diagnostic: its rule, where it is, and the text it covers. */
interface Expected {
  readonly code: string;
  readonly line: number;
  readonly text: string;
}

// invite-behind-nat.sip: an INVITE from 192.168.1.20 with no public address anywhere.
const EXPECTED: readonly Expected[] = [
  { code: 'nat/private-via', line: 1, text: '192.168.1.20:5060' },
  { code: 'nat/private-contact', line: 7, text: '192.168.1.20:5060' },
  { code: 'nat/private-sdp-connection', line: 14, text: '192.168.1.20' },
];

suite('diagnostics', () => {
  test('NAT findings carry the rule id, the sipnat source and the exact range', async () => {
    const document = await openFixture('invite-behind-nat.sip');
    const diagnostics = await waitForDiagnostics(document.uri, EXPECTED.map((e) => e.code));
    for (const expected of EXPECTED) {
      const found = diagnostics.find((d) => diagnosticCode(d) === expected.code);
      assert.ok(found, `${expected.code} is reported; got ${diagnostics.map(diagnosticCode).join(', ')}`);
      assert.equal(found.source, 'sipnat');
      assert.equal(found.range.start.line, expected.line, `${expected.code} line`);
      assert.equal(document.getText(found.range), expected.text, `${expected.code} range`);
      assert.equal(found.severity, vscode.DiagnosticSeverity.Warning, `${expected.code} severity`);
    }
    // Every diagnostic links to its rule's documentation.
    for (const d of diagnostics) {
      assert.ok(typeof d.code === 'object' && d.code.target.toString().length > 0, `${diagnosticCode(d)} links to its documentation`);
    }
  });

  test('a rule set to "off" in sipnat.rules disappears, and comes back when the setting is removed', async () => {
    const document = await openFixture('invite-behind-nat.sip');
    await waitForDiagnostics(document.uri, ['nat/private-contact']);
    const config = vscode.workspace.getConfiguration('sipnat', document.uri);
    const has = (code: string) => vscode.languages.getDiagnostics(document.uri).some((d) => diagnosticCode(d) === code);
    try {
      await config.update('rules', { 'nat/private-contact': 'off', 'nat/private-via': 'error' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('nat/private-contact to be turned off', () => (has('nat/private-contact') ? undefined : true));
      const via = vscode.languages.getDiagnostics(document.uri).find((d) => diagnosticCode(d) === 'nat/private-via');
      assert.equal(via?.severity, vscode.DiagnosticSeverity.Error, 'the severity override applies');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('nat/private-contact to come back', () => (has('nat/private-contact') ? true : undefined));
  });

  test('in a Wireshark dissection the findings point into the protocol tree, and no line or octet count is judged', async () => {
    // wireshark-dissection.sip: `tshark -Y sip -O sip -V` of a call from 100.64.0.10 behind a NAT.
    const document = await openFixture('wireshark-dissection.sip');
    const codes = ['nat/private-via', 'nat/private-contact', 'nat/private-sdp-connection'];
    const diagnostics = await waitFor('all three NAT findings in the dissection', () => {
      const list = vscode.languages.getDiagnostics(document.uri);
      return codes.every((c) => list.some((d) => diagnosticCode(d) === c)) ? list : undefined;
    });
    const first = (code: string) => diagnostics.filter((d) => diagnosticCode(d) === code).sort((a, b) => a.range.start.line - b.range.start.line)[0];
    assert.equal(first('nat/private-via').range.start.line, 13);
    assert.equal(document.getText(first('nat/private-via').range), '100.64.0.10:5060');
    assert.equal(first('nat/private-contact').range.start.line, 36);
    assert.equal(first('nat/private-sdp-connection').range.start.line, 56);
    assert.equal(document.getText(first('nat/private-sdp-connection').range), '100.64.0.10');
    const judged = diagnostics.map(diagnosticCode).filter((c) => c === 'message/content-length-mismatch' || c === 'syntax/lf-line-endings' || c === 'syntax/stray-text');
    assert.deepEqual(judged, []);
  });

  test('sipnat.internalNetworks silences addresses the user routes', async () => {
    const document = await openFixture('invite-behind-nat.sip');
    await waitForDiagnostics(document.uri, ['nat/private-contact']);
    const config = vscode.workspace.getConfiguration('sipnat', document.uri);
    const natCodes = () => vscode.languages.getDiagnostics(document.uri).map(diagnosticCode).filter((c) => c.startsWith('nat/'));
    try {
      await config.update('internalNetworks', ['192.168.1.0/24'], vscode.ConfigurationTarget.Workspace);
      await waitFor('the NAT findings to go away', () => (natCodes().length === 0 ? true : undefined));
    } finally {
      await config.update('internalNetworks', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(document.uri, ['nat/private-contact']);
  });
});
