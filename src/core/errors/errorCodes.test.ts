import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from './errorCodes.js';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/**
 * Every `LOADLINE_*` name in the source, split into error codes and environment variables: a
 * name read anywhere as `env.NAME` (process.env, a scenario's `$env`, Artillery's
 * `$processEnvironment`) is a variable, every other one a code.
 */
function namesInSource(): { codes: Map<string, string>; variables: Set<string> } {
  const codes = new Map<string, string>();
  const variables = new Set<string>();
  const texts = sourceFiles(SRC)
    .map((file) => ({ file: file.slice(SRC.length), text: readFileSync(file, 'utf8') }))
    .filter(({ file }) => !file.startsWith('core/errors/errorCodes.')); // the list itself (and this test)
  for (const { text } of texts) for (const m of text.matchAll(/(?:env|Environment)(?:\.|\[['"])(LOADLINE_[A-Z0-9_]+)/g)) variables.add(m[1]!);
  for (const { file, text } of texts) {
    for (const m of text.matchAll(/LOADLINE_[A-Z0-9_]+/g)) if (!variables.has(m[0]) && !codes.has(m[0])) codes.set(m[0], file);
  }
  return { codes, variables };
}

/** Codes kept listed for the rest of the minor version so that code naming them still compiles; nothing may throw them. */
const deprecated = new Set(Object.entries(ERROR_CODES).filter(([, meaning]) => meaning.startsWith('deprecated')).map(([code]) => code));

test('every LOADLINE_* code the source uses is in ERROR_CODES, every listed code is used, and no deprecated one is', () => {
  const { codes, variables } = namesInSource();
  assert.ok(codes.size >= 20, `${codes.size} codes found in src/: the scan missed the source`);
  const listed = new Set(Object.keys(ERROR_CODES));
  const unlisted = [...codes].filter(([code]) => !listed.has(code)).map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(unlisted, [], 'add each code to ERROR_CODES in src/core/errors/errorCodes.ts with its one-line meaning');
  const unused = [...listed].filter((code) => !codes.has(code) && !deprecated.has(code));
  assert.deepEqual(unused, [], 'these codes are listed but nothing uses them: remove them from ERROR_CODES');
  const stillUsed = [...codes].filter(([code]) => deprecated.has(code)).map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(stillUsed, [], 'these codes are deprecated: use the code their meaning names');
  assert.deepEqual([...listed].filter((code) => variables.has(code)), [], 'an error code must not share its name with an environment variable');
});

test('each code has a one-line meaning', () => {
  for (const [code, meaning] of Object.entries(ERROR_CODES)) {
    assert.match(code, /^LOADLINE_[A-Z0-9_]+$/);
    assert.ok(meaning.length > 10 && !meaning.includes('\n'), code);
  }
});
