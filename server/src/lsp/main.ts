/**
 * The server's entry: `sip-language-server --stdio` for any editor, `--node-ipc` when VS Code
 * starts it. vscode-languageserver chooses the transport from the command line, except over
 * stdio, where the server writes with its own JSON encoder (see `transport.ts`).
 */
import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server';
import { jsonEncoder } from './transport';

function stdioConnection() {
  const writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: jsonEncoder });
  // vscode-languageserver takes a stream and a writer together (it still ends the process when
  // stdin closes); its typings know the pairs stream + stream and reader + writer only.
  const connection = createConnection(ProposedFeatures.all, process.stdin, writer as unknown as NodeJS.WritableStream);
  // stdout carries the protocol: console output goes to the client's log instead.
  const log = (...args: unknown[]) => connection.console.log(format(...args));
  console.log = console.info = console.debug = log;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  return connection;
}

startServer(process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all));
