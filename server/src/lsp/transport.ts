/**
 * The JSON encoder of the stdio transport. Publishing a trace's diagnostics sends megabytes of
 * JSON after every edit, though most of them are the very objects published last time (the
 * analysis keeps them between edits). So each diagnostic is encoded once, its bytes kept by
 * object, and a publication is put together from those bytes. Every other message is encoded
 * as vscode-jsonrpc's own encoder does; the bytes are always those of `JSON.stringify`.
 */
import type { ContentTypeEncoder, Message } from 'vscode-languageserver/node';

/** The bytes of each diagnostic object published; the server never changes one once made. */
const encoded = new WeakMap<object, Buffer>();

/** The key in a publication's JSON after which the diagnostics go. */
const marker = '"diagnostics":[]';

export const jsonEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(message: Message, options: { charset: BufferEncoding }): Promise<Uint8Array> {
    try {
      return Promise.resolve(encode(message, options.charset));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};

function encode(message: Message, charset: BufferEncoding): Buffer {
  const params = (message as { method?: string; params?: { diagnostics?: unknown } }).params;
  const diagnostics = params?.diagnostics;
  if ((message as { method?: string }).method !== 'textDocument/publishDiagnostics' || !Array.isArray(diagnostics) || diagnostics.length === 0) {
    return Buffer.from(JSON.stringify(message, undefined, 0), charset);
  }
  // The message with no diagnostics, then theirs spliced in where its empty list stands. Keys
  // of a JSON text have their quotes unescaped, so the marker cannot occur inside the URI.
  const shell = JSON.stringify({ ...message, params: { ...params, diagnostics: [] } }, undefined, 0);
  const at = shell.indexOf(marker) + marker.length - 1;
  const comma = Buffer.from(',', charset);
  const parts: Buffer[] = [Buffer.from(shell.slice(0, at), charset)];
  for (let i = 0; i < diagnostics.length; i++) {
    const diagnostic = diagnostics[i] as object;
    let bytes = encoded.get(diagnostic);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(diagnostic), charset);
      encoded.set(diagnostic, bytes);
    }
    if (i > 0) parts.push(comma);
    parts.push(bytes);
  }
  parts.push(Buffer.from(shell.slice(at), charset));
  return Buffer.concat(parts);
}
