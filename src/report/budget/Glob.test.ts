import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findFiles, globToRegExp } from './Glob.js';

test('glob syntax: *, **, ?, braces and classes', () => {
  const cases: Array<[string, string, boolean]> = [
    ['dist/*.js', 'dist/app.js', true],
    ['dist/*.js', 'dist/sub/app.js', false],
    ['dist/**/*.js', 'dist/app.js', true],
    ['dist/**/*.js', 'dist/a/b/app.js', true],
    ['dist/**', 'dist/a/b/app.css', true],
    ['dist/*.{js,css}', 'dist/a.css', true],
    ['dist/*.{js,css}', 'dist/a.map', false],
    ['dist/app-?.js', 'dist/app-1.js', true],
    ['dist/app-[0-9].js', 'dist/app-x.js', false],
    ['dist/app.js', 'dist/appxjs', false],
  ];
  for (const [glob, path, expected] of cases) assert.equal(globToRegExp(glob).test(path), expected, `${glob} ~ ${path}`);
});

test('findFiles walks below the fixed prefix and returns sorted matches', () => {
  const root = mkdtempSync(join(tmpdir(), 'loadline-glob-'));
  try {
    mkdirSync(join(root, 'dist/assets/nested'), { recursive: true });
    for (const f of ['dist/assets/b.js', 'dist/assets/a.js', 'dist/assets/nested/c.js', 'dist/assets/a.css', 'other/x.js']) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), 'x');
    }
    const rel = (files: string[]) => files.map((f) => relative(root, f));
    assert.deepEqual(rel(findFiles(root, 'dist/**/*.js')), ['dist/assets/a.js', 'dist/assets/b.js', 'dist/assets/nested/c.js']);
    assert.deepEqual(rel(findFiles(root, './dist/assets/*.css')), ['dist/assets/a.css']);
    assert.deepEqual(findFiles(root, 'missing/**/*.js'), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
