#!/usr/bin/env node
// The SIP language server, for any LSP client: `sip-language-server --stdio`.
'use strict';
const path = require('path');
const fs = require('fs');
const bundled = path.join(__dirname, '..', 'dist', 'server.js');
require(fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'out', 'server', 'src', 'lsp', 'main.js'));
