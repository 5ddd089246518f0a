/**
 * `nat/public-mapping-known`: a response whose top Via shows the public mapping of a private
 * sent-by, a value ready for the fix.
 */
import { defineRule } from '../rule';
import { substituteMapping } from '../../fix/substitute';
import { DocumentIndex } from '../context';
import type { SipDocument } from '../../sip/model';
import { classify, formatHostPort, mappingTitle, messageName, natData, NatTexts, readMapping, viaMapping } from './common';

export const publicMappingKnown = defineRule({
  id: 'nat/public-mapping-known',
  defaultSeverity: 'info',
  summary: 'A response whose Via received/rport shows the public mapping of a private sent-by.',
  docs: {
    what:
      'Reports a response whose top Via has a non-routable sent-by and a `received` and/or ' +
      '`rport` value naming a public address: the server saw the request come from there, so ' +
      'that is the public mapping of the sender behind its NAT.',
    why:
      'It breaks nothing: it is the evidence the other NAT findings need. It confirms the ' +
      'sender is behind a NAT, and it gives the address and port that the sender could ' +
      'advertise (or that an SBC rewrites to) while the binding lives.',
    example:
      '```\nSIP/2.0 200 OK\nVia: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-1;received=203.0.113.1;rport=5410\n```',
    fix:
      'When the request of this response is in the document (found by transaction), the fix ' +
      'writes the mapping into ' +
      'that request: Contact, top Via (with `;rport`), SDP c=, o= and a=rtcp, and recounts ' +
      'Content-Length. Unsafe: a NAT binding expires, and a symmetric NAT maps each ' +
      'destination to another port.',
    references: ['RFC 3581 4', 'RFC 3261 18.2.1'],
  },
  fixable: 'offline',
  checkMessage(ctx) {
    const message = ctx.message;
    if (message.startLine.kind !== 'response') return;
    const top = ctx.values.vias()[0]?.value;
    if (top === undefined || top.sentBy.hostKind === 'domain') return;
    const klass = classify(ctx, top.sentBy.host);
    if (klass === undefined) return;
    const mapping = viaMapping(ctx, top, 'the', message);
    if (mapping === undefined) return;
    const param = top.received ?? top.rport;
    if (param === undefined) return;
    const data = natData(top.sentBy.host, top.sentBy.port, 'via', mapping);
    ctx.report(param.range, texts.text(top.sentBy.host, top.sentBy.port, klass, mapping), data);
  },
  fix(ctx) {
    const data = ctx.finding.data;
    const mapping = readMapping(data?.mapping);
    const address = data?.address;
    const response = ctx.message;
    if (mapping === undefined || typeof address !== 'string' || response === undefined) return undefined;
    // The request is looked up only when a fix is asked for: linting never pays for it.
    const index = fixIndex(ctx.document);
    const request = index.requestOf(response);
    if (request === undefined) return undefined;
    const edits = substituteMapping(
      ctx.document.text,
      request,
      index.values(request),
      { address, port: mapping.privatePort ?? undefined },
      { address: mapping.address, port: mapping.port ?? undefined },
    );
    if (edits.length === 0) return undefined;
    return { title: `${mappingTitle(mapping)} in the ${messageName(request)}`, edits, safety: 'unsafe' };
  },
});

const texts = new NatTexts(
  (host, port, _klass, mapping) =>
    `Public mapping of ${formatHostPort(host, port)} is ${formatHostPort(mapping!.address, mapping!.port)} (from Via received/rport): a ready value for Contact, Via and SDP.`,
);

/**
 * One transaction index per document for fix time: `fixAll` asks for the fix of every finding,
 * and each must not rebuild the index.
 */
const fixIndexes = new WeakMap<SipDocument, DocumentIndex>();

function fixIndex(document: SipDocument): DocumentIndex {
  let index = fixIndexes.get(document);
  if (index === undefined) {
    index = new DocumentIndex(document);
    fixIndexes.set(document, index);
  }
  return index;
}
