// Deterministic generator of realistic SIP traces for the benchmarks. A trace is a plain
// concatenation of messages, as a TCP stream or a pasted capture holds them: registrations
// (REGISTER, 401, REGISTER with credentials, 200), calls (INVITE with SDP, 100, 180, 200 with
// SDP, ACK, BYE, 200) and keep-alives (OPTIONS, 200). User agents sit behind NATs (private,
// CGNAT addresses in Via, Contact and SDP) or on public addresses; some messages use compact
// header names, some fold a long header over two lines. Messages weigh about 400-1300 bytes.
'use strict';

const fs = require('fs');
const path = require('path');

/** Bump when the generated text changes, so that cached traces are made again. */
const GENERATOR_VERSION = 4;

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same trace everywhere. */
function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPACT = { via: 'v', from: 'f', to: 't', 'call-id': 'i', contact: 'm', 'content-length': 'l', 'content-type': 'c', supported: 'k' };
const CANONICAL = {
  via: 'Via', from: 'From', to: 'To', 'call-id': 'Call-ID', contact: 'Contact', 'content-length': 'Content-Length',
  'content-type': 'Content-Type', supported: 'Supported', cseq: 'CSeq', 'max-forwards': 'Max-Forwards',
  'user-agent': 'User-Agent', server: 'Server', allow: 'Allow', expires: 'Expires', 'www-authenticate': 'WWW-Authenticate',
  authorization: 'Authorization', 'record-route': 'Record-Route', route: 'Route', accept: 'Accept',
  'session-expires': 'Session-Expires', 'min-se': 'Min-SE', date: 'Date', 'p-asserted-identity': 'P-Asserted-Identity',
  'allow-events': 'Allow-Events', 'accept-language': 'Accept-Language', warning: 'Warning', reason: 'Reason',
};
const USER_AGENTS = ['Yealink SIP-T46S 66.86.0.15', 'Grandstream GXP2170 1.0.11.23', 'Linphone/5.2.4 (belle-sip/5.2.4)',
  'Zoiper rv2.10.20.1', 'Cisco-CP8841/14.2.1', 'PolycomVVX-VVX_450-UA/6.4.3.5018', 'baresip v3.10.1 (x86_64/linux)', 'MicroSIP/3.21.3'];
const SERVERS = ['Kamailio (5.7.4 (x86_64/linux))', 'Asterisk PBX 20.5.0', 'FreeSWITCH-mod_sofia/1.10.11', 'OpenSIPS (3.4.3 (x86_64/linux))'];
const ALLOW = 'INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE, UPDATE, PRACK';
const DOMAIN = 'sip.example.net';
const PROXY = '203.0.113.1';

/** Makes a trace of `count` messages from `seed`; returns the messages and their concatenation. */
function generateTrace(count, seed) {
  const rnd = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const hex = (n) => { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[int(0, 15)]; return s; };
  const token = (n) => { let s = ''; for (let i = 0; i < n; i++) s += 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[int(0, 61)]; return s; };

  /** A user agent: behind a NAT (a private or CGNAT local address, a public mapping) or public. */
  function userAgent(n) {
    const natted = rnd() < 0.6;
    const local = !natted ? `198.51.100.${int(2, 254)}`
      : pick([() => `192.168.${int(0, 3)}.${int(2, 254)}`, () => `10.${int(0, 40)}.${int(0, 255)}.${int(2, 254)}`,
        () => `100.64.0.${int(2, 254)}`, () => `172.${int(16, 31)}.${int(0, 255)}.${int(2, 254)}`])();
    return {
      user: `${1000 + n}`, display: pick(['Alice', 'Bob', 'Carol', 'Dave', 'Reception', 'Sales', 'Support', 'Room 12']),
      local, localPort: pick([5060, 5060, 5062, int(10000, 60000)]), publicIp: natted ? `203.0.113.${int(2, 254)}` : local,
      publicPort: natted ? int(1024, 65535) : 0, natted, agent: pick(USER_AGENTS), transport: pick(['UDP', 'UDP', 'UDP', 'TCP']),
      rtpPort: 2 * int(5000, 15000),
    };
  }

  /**
   * Writes one message. `headers` is a list of [lower-case name, value]; compact forms and a
   * folded header are chosen per message. Content-Length is the body's octet count.
   */
  function render(startLine, headers, body) {
    const compact = rnd() < 0.15;
    const fold = rnd() < 0.1;
    const lines = [startLine];
    for (const [name, value] of headers) {
      const written = compact && COMPACT[name] ? COMPACT[name] : CANONICAL[name] || name;
      if (fold && (name === 'allow' || name === 'supported') && value.includes(', ')) {
        const cut = value.indexOf(', ', Math.floor(value.length / 2));
        lines.push(`${written}: ${value.slice(0, cut + 1)}`, `\t${value.slice(cut + 2)}`);
      } else {
        lines.push(`${written}: ${value}`);
      }
    }
    const length = Buffer.byteLength(body, 'utf8');
    lines.push(`${compact ? 'l' : 'Content-Length'}: ${length}`);
    return lines.join('\r\n') + '\r\n\r\n' + body;
  }

  function sdp(ua, sessionId, version) {
    const address = ua.local;
    const srtp = rnd() < 0.3;
    const lines = ['v=0', `o=${ua.user} ${sessionId} ${version} IN IP4 ${address}`, 's=-', `c=IN IP4 ${address}`, 't=0 0',
      `m=audio ${ua.rtpPort} ${srtp ? 'RTP/SAVP' : 'RTP/AVP'} 111 0 8 9 18 101`, 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 useinbandfec=1; minptime=10',
      'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:9 G722/8000', 'a=rtpmap:18 G729/8000', 'a=fmtp:18 annexb=no',
      'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=ptime:20', 'a=maxptime:150', 'a=sendrecv'];
    if (srtp) lines.push(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${token(40)}`);
    if (rnd() < 0.3) lines.push(`a=rtcp:${ua.rtpPort + 1} IN IP4 ${address}`);
    return lines.join('\r\n') + '\r\n';
  }

  const via = (ua, branch, withReceived) => {
    const base = `SIP/2.0/${ua.transport} ${ua.local}:${ua.localPort};branch=z9hG4bK${branch}`;
    if (!withReceived) return base + (rnd() < 0.7 ? ';rport' : '');
    return ua.natted ? `${base};received=${ua.publicIp};rport=${ua.publicPort}` : `${base};rport=${ua.localPort}`;
  };
  const contact = (ua) => `<sip:${ua.user}@${ua.local}:${ua.localPort}${ua.transport === 'TCP' ? ';transport=tcp' : ''}>`;
  const date = () => `${pick(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'])}, ${int(1, 28)} Nov 2025 ${int(10, 23)}:${int(10, 59)}:${int(10, 59)} GMT`;

  function response(status, reason, request, extra, body, toTag) {
    const h = [['via', request.viaWithReceived], ['from', request.from], ['to', toTag ? `${request.to};tag=${toTag}` : request.to],
      ['call-id', request.callId], ['cseq', `${request.cseq} ${request.method}`], ['server', request.server], ...extra];
    if (status === 100) h.push(['warning', `399 ${DOMAIN} "Request received, looking up the callee"`]);
    if (body) h.push(['content-type', 'application/sdp']);
    return render(`SIP/2.0 ${status} ${reason}`, h, body || '');
  }

  function registration(ua) {
    const out = [];
    const callId = `${hex(16)}@${ua.local}`;
    const tag = hex(8);
    const server = pick(SERVERS);
    const common = (cseq, branch) => ({
      method: 'REGISTER', cseq, callId, from: `"${ua.display}" <sip:${ua.user}@${DOMAIN}>;tag=${tag}`, to: `"${ua.display}" <sip:${ua.user}@${DOMAIN}>`,
      viaWithReceived: via(ua, branch, true), server,
    });
    const branch1 = token(10);
    const base = (cseq, branch) => [['via', via(ua, branch, false)], ['max-forwards', '70'], ['from', common(cseq, branch).from], ['to', common(cseq, branch).to],
      ['call-id', callId], ['cseq', `${cseq} REGISTER`], ['contact', `${contact(ua)};+sip.instance="<urn:uuid:${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}>";reg-id=1`],
      ['expires', '3600'], ['allow', ALLOW], ['supported', 'path, gruu, outbound'], ['user-agent', ua.agent]];
    out.push(render(`REGISTER sip:${DOMAIN} SIP/2.0`, base(1, branch1), ''));
    const nonce = hex(32);
    out.push(response(401, 'Unauthorized', common(1, branch1), [['www-authenticate', `Digest realm="${DOMAIN}", nonce="${nonce}", algorithm=MD5, qop="auth"`]], '', hex(10)));
    const branch2 = token(10);
    const auth = `Digest username="${ua.user}", realm="${DOMAIN}", nonce="${nonce}", uri="sip:${DOMAIN}", response="${hex(32)}", algorithm=MD5, cnonce="${hex(8)}", qop=auth, nc=00000001`;
    out.push(render(`REGISTER sip:${DOMAIN} SIP/2.0`, [...base(2, branch2), ['authorization', auth]], ''));
    out.push(response(200, 'OK', common(2, branch2), [['contact', `${contact(ua)};expires=3600`], ['date', date()]], '', hex(10)));
    return out;
  }

  function call(caller, callee) {
    const out = [];
    const callId = `${token(24)}@${caller.local}`;
    const fromTag = hex(10);
    const toTag = hex(10);
    const server = pick(SERVERS);
    const session = `${int(100000000, 999999999)}`;
    const from = `"${caller.display}" <sip:${caller.user}@${DOMAIN}>;tag=${fromTag}`;
    const to = `<sip:${callee.user}@${DOMAIN}>`;
    const branch = token(12);
    const rr = `<sip:${PROXY};lr;ftag=${fromTag};did=${hex(6)}.${hex(8)}>, <sip:edge-${int(1, 4)}.${DOMAIN};lr;transport=${caller.transport.toLowerCase()}>`;
    const invite = { method: 'INVITE', cseq: 101, callId, from, to, viaWithReceived: via(caller, branch, true), server };
    out.push(render(`INVITE sip:${callee.user}@${DOMAIN} SIP/2.0`, [['via', via(caller, branch, false)], ['max-forwards', '70'], ['from', from], ['to', to],
      ['call-id', callId], ['cseq', '101 INVITE'], ['contact', contact(caller)], ['allow', ALLOW], ['supported', 'replaces, timer, 100rel'],
      ['session-expires', '1800'], ['min-se', '90'], ['p-asserted-identity', `"${caller.display}" <sip:${caller.user}@${DOMAIN}>`],
      ['allow-events', 'talk, hold, conference, refer, check-sync'], ['accept-language', 'en, de;q=0.8'], ['user-agent', caller.agent],
      ['content-type', 'application/sdp']], sdp(caller, session, session)));
    out.push(response(100, 'Trying', invite, [], '', undefined));
    out.push(response(180, 'Ringing', invite, [['record-route', rr], ['contact', contact(callee)], ['allow', ALLOW],
      ['allow-events', 'talk, hold, conference, refer'], ['p-asserted-identity', `<sip:${callee.user}@${DOMAIN}>`]], '', toTag));
    out.push(response(200, 'OK', invite, [['record-route', rr], ['contact', contact(callee)], ['allow', ALLOW], ['supported', 'replaces, timer'],
      ['session-expires', '1800;refresher=uac'], ['p-asserted-identity', `<sip:${callee.user}@${DOMAIN}>`]], sdp(callee, `${int(100000000, 999999999)}`, '1'), toTag));
    const inDialog = (method, cseq, ua, fromHdr, toHdr, uri) => render(`${method} ${uri} SIP/2.0`, [['via', via(ua, token(12), false)],
      ['max-forwards', '70'], ['route', rr], ['from', fromHdr], ['to', toHdr], ['call-id', callId], ['cseq', `${cseq} ${method}`],
      ['user-agent', ua.agent]], '');
    out.push(inDialog('ACK', 101, caller, from, `${to};tag=${toTag}`, `sip:${callee.user}@${callee.local}:${callee.localPort}`));
    const byeBranch = token(12);
    out.push(render(`BYE sip:${callee.user}@${callee.local}:${callee.localPort} SIP/2.0`, [['via', via(caller, byeBranch, false)], ['max-forwards', '70'],
      ['route', rr], ['from', from], ['to', `${to};tag=${toTag}`], ['call-id', callId], ['cseq', '102 BYE'], ['user-agent', caller.agent],
      ['reason', 'Q.850;cause=16;text="Normal call clearing"']], ''));
    out.push(response(200, 'OK', { method: 'BYE', cseq: 102, callId, from, to, viaWithReceived: via(caller, byeBranch, true), server }, [['supported', 'replaces, timer']], '', toTag));
    return out;
  }

  function options(ua) {
    const branch = token(10);
    const from = `<sip:${ua.user}@${DOMAIN}>;tag=${hex(8)}`;
    const callId = `${hex(20)}@${ua.local}`;
    const req = render(`OPTIONS sip:${DOMAIN} SIP/2.0`, [['via', via(ua, branch, false)], ['max-forwards', '70'], ['from', from],
      ['to', `<sip:${DOMAIN}>`], ['call-id', callId], ['cseq', '1 OPTIONS'], ['contact', contact(ua)], ['accept', 'application/sdp'], ['user-agent', ua.agent]], '');
    const res = response(200, 'OK', { method: 'OPTIONS', cseq: 1, callId, from, to: `<sip:${DOMAIN}>`, viaWithReceived: via(ua, branch, true), server: pick(SERVERS) },
      [['allow', ALLOW], ['accept', 'application/sdp'], ['supported', 'path, outbound, gruu']], '', hex(8));
    return [req, res];
  }

  const agents = [];
  for (let i = 0; i < 400; i++) agents.push(userAgent(i));
  const messages = [];
  while (messages.length < count) {
    const r = rnd();
    const flow = r < 0.25 ? registration(pick(agents)) : r < 0.8 ? call(pick(agents), pick(agents)) : options(pick(agents));
    for (const m of flow) if (messages.length < count) messages.push(m);
  }
  return { messages, text: messages.join('') };
}

/**
 * The trace of `count` messages, cached in `dir` (`trace-<count>-v<version>.sip` and a JSON
 * list of message lengths, so the per-message parsers get the same messages back without
 * counting the split against them).
 */
function loadTrace(dir, count, seed) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `trace-${count}-s${seed}-v${GENERATOR_VERSION}.sip`);
  const lengthsFile = `${file}.lengths.json`;
  if (fs.existsSync(file) && fs.existsSync(lengthsFile)) {
    const text = fs.readFileSync(file, 'utf8');
    const lengths = JSON.parse(fs.readFileSync(lengthsFile, 'utf8'));
    const messages = [];
    let at = 0;
    for (const n of lengths) {
      messages.push(text.slice(at, at + n));
      at += n;
    }
    return { file, text, messages, bytes: Buffer.byteLength(text) };
  }
  const { messages, text } = generateTrace(count, seed);
  fs.writeFileSync(file, text);
  fs.writeFileSync(lengthsFile, JSON.stringify(messages.map((m) => m.length)));
  return { file, text, messages, bytes: Buffer.byteLength(text) };
}

module.exports = { generateTrace, loadTrace, prng, GENERATOR_VERSION };
