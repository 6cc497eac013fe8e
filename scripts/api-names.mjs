#!/usr/bin/env node
// Lists the public runtime names of every subpath in package.json's "exports", from the build
// (run `npm run build` first), and keeps docs/api.md's lists in step with them. The test
// dist/core/publicSurface.test.js compares the same lists, so a name added to or dropped from a
// subpath fails the tests until docs/api.md says so.
// Usage: node scripts/api-names.mjs           prints each subpath's names and what docs/api.md lacks
//        node scripts/api-names.mjs --write   rewrites the lists in docs/api.md (between the markers)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docsFile = join(root, 'docs/api.md');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const BLOCK = /<!-- api-names (\S+) -->\n([\s\S]*?)<!-- \/api-names -->/g;

/** Every `.d.ts` below `dir`. */
function declarations(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? declarations(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []));
}

/** Names exported right after a doc comment with `@deprecated`, in the declarations below `dir`. */
function deprecatedNames(dir) {
  const names = new Set();
  const re = /\/\*\*(?:(?!\*\/)[\s\S])*@deprecated(?:(?!\*\/)[\s\S])*\*\/\s*export (?:declare )?(?:(?:const|let|function|class|abstract class) (\w+)|\{([^}]*)\})/g;
  for (const file of declarations(dir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(re)) {
      if (m[1]) names.add(m[1]);
      else for (const part of m[2].split(',')) if (!/^\s*type\s/.test(part)) names.add(part.trim().split(/\s+as\s+/).pop());
    }
  }
  return names;
}

const subpaths = Object.entries(pkg.exports).filter(([, target]) => typeof target === 'object' && target.default);
const lists = new Map();
for (const [subpath, target] of subpaths) {
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  const names = Object.keys(await import(specifier)).sort((a, b) => a.localeCompare(b, 'en'));
  const deprecated = deprecatedNames(dirname(join(root, target.default)));
  lists.set(specifier, { current: names.filter((n) => !deprecated.has(n)), deprecated: names.filter((n) => deprecated.has(n)) });
}

function block(specifier, { current, deprecated }) {
  const line = (names) => names.map((n) => `\`${n}\``).join(', ');
  return `<!-- api-names ${specifier} -->\n${current.length} names: ${line(current)}.\n${deprecated.length ? `\nDeprecated, removed in the next minor version (${deprecated.length}): ${line(deprecated)}.\n` : ''}<!-- /api-names -->`;
}

const docs = readFileSync(docsFile, 'utf8');
const documented = new Map([...docs.matchAll(BLOCK)].map((m) => [m[1], new Set([...m[2].matchAll(/`([^`]+)`/g)].map((n) => n[1]))]));
if (process.argv.includes('--write')) {
  const missing = [...lists.keys()].filter((s) => !documented.has(s));
  if (missing.length) {
    console.error(`docs/api.md has no list for ${missing.join(', ')}: add a section with the markers <!-- api-names NAME --> and <!-- /api-names -->, then run this again`);
    process.exit(1);
  }
  writeFileSync(docsFile, docs.replace(BLOCK, (whole, specifier) => (lists.has(specifier) ? block(specifier, lists.get(specifier)) : whole)));
  console.log(`docs/api.md: ${[...lists].map(([s, l]) => `${s} ${l.current.length + l.deprecated.length}`).join(', ')}`);
} else {
  for (const [specifier, { current, deprecated }] of lists) {
    const all = [...current, ...deprecated];
    const known = documented.get(specifier) ?? new Set();
    const added = all.filter((n) => !known.has(n));
    const removed = [...known].filter((n) => !all.includes(n));
    console.log(`${specifier}: ${all.length} names (${deprecated.length} deprecated)${added.length ? `; not in docs/api.md: ${added.join(', ')}` : ''}${removed.length ? `; in docs/api.md but gone: ${removed.join(', ')}` : ''}`);
  }
}
