#!/usr/bin/env node
// The protocol floor of the lsp benchmark: a stdio "language server" that parses nothing and
// lints nothing. It answers every didOpen and didChange by writing one publishDiagnostics
// whose diagnostics are the JSON text in the file named by its first argument (what
// sip-language-server published for the same trace), bytes prepared once at start. Timed the
// same way as the real server, it shows what moving the trace in and the diagnostics out costs
// by itself: no server that publishes those diagnostics can answer faster.
'use strict';
const fs = require('fs');
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const diagnostics = fs.readFileSync(process.argv[2], 'utf8');
const head = '{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":';
const tail = Buffer.from(`,"diagnostics":${diagnostics}}}`, 'utf8');

const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));

/** Writes the publication directly: the bytes are ready, no encoder runs. */
function publish(uri, version) {
  const start = Buffer.from(`${head}${JSON.stringify(uri)},"version":${version}`, 'utf8');
  process.stdout.write(`Content-Length: ${start.length + tail.length}\r\n\r\n`);
  process.stdout.write(start);
  process.stdout.write(tail);
}

connection.onRequest('initialize', () => ({ capabilities: { textDocumentSync: 2 } }));
connection.onRequest('shutdown', () => null);
connection.onNotification('exit', () => process.exit(0));
connection.onNotification('textDocument/didOpen', (p) => publish(p.textDocument.uri, p.textDocument.version));
connection.onNotification('textDocument/didChange', (p) => publish(p.textDocument.uri, p.textDocument.version));
connection.listen();
