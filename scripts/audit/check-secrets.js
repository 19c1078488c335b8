#!/usr/bin/env node
// Fails when a log or answer file of an e2e run holds a secret: an OTX API key the tests use,
// a JWT (or one of its segments), or a JWT secret. Usage: check-secrets.js <file>...
'use strict';
const { existsSync, readFileSync } = require('node:fs');

// Keys and secrets the e2e suites send (test/helpers, test/*.e2e-spec.ts).
const LITERALS = [
  'test-otx-key',
  'revoked-key',
  'an-example-shared-secret-of-more-than-32-chars',
  'another-secret-another-secret-another',
];
// A JWT, or its header/payload segment alone: base64url of '{"'.
const JWT = /eyJ[A-Za-z0-9_-]{8,}/;

let problems = 0;
let lines = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`secrets audit: ${file} is missing`);
    problems += 1;
    continue;
  }
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      lines += 1;
      const literal = LITERALS.find((s) => line.includes(s));
      if (literal || JWT.test(line)) {
        problems += 1;
        if (problems <= 10) console.error(`secrets audit: ${file}:${i + 1} holds a secret`);
      }
    });
}
if (lines < 100) {
  console.error(`secrets audit: only ${lines} lines read; the audit saw too little to mean anything`);
  problems += 1;
}
console.log(`secrets audit: ${lines} lines of logs and answers read, ${problems} problem(s)`);
process.exit(problems > 0 ? 1 : 0);
