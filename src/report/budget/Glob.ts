import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Converts a glob to an anchored regular expression over `/`-separated relative paths:
 * `**` spans directories, `*` and `?` stay within one, `{a,b}` picks alternatives, `[abc]` a class.
 *
 * @example
 * globToRegExp('dist/**\/*.{js,css}').test('dist/assets/app.js'); // true
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += /[.+^$()|\\\]]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}

/** The directory part of a glob before its first wildcard, where the walk can start. */
function staticPrefix(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (/[*?{[]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

/**
 * Files under `root` whose path relative to `root` matches `glob`, sorted. Walks only below the
 * glob's fixed prefix. Node 20 has no stable `fs.glob`, hence this small matcher.
 */
export function findFiles(root: string, glob: string): string[] {
  const pattern = globToRegExp(glob.replace(/^\.\//, ''));
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && pattern.test(relative(root, path).split(sep).join('/'))) out.push(path);
    }
  };
  walk(join(root, staticPrefix(glob.replace(/^\.\//, ''))));
  return out.sort();
}
