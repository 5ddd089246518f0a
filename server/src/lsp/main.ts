/**
 * The server's entry: `sip-language-server --stdio` for any editor, `--node-ipc` when VS Code
 * starts it. The transport is chosen by vscode-languageserver from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
