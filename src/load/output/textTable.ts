/**
 * Box tables and text lines that fit a terminal's width. A summary printed in an 80-column
 * terminal used to run to 102-column tables and 179-column lines, which the terminal folds
 * mid-cell. Text columns wrap at spaces (a word longer than its column is cut); number columns
 * never wrap.
 */

/**
 * Splits `text` into lines of at most `width` characters, keeping its leading indent on every
 * line (plus `hang` more after the first). It breaks between parts set apart by two spaces
 * (`p50 1ms  p95 2ms`) when it can, else at spaces, else after `,` or `/` (tag sets, paths), and
 * cuts a word only when nothing else fits.
 *
 * @example
 * wrapText('  PASS http_req_duration:p(95)<200  observed 12.3', 30, 2);
 */
export function wrapText(text: string, width: number, hang = 0): string[] {
  if (text.length <= width || width <= 0) return [text];
  const indent = /^ */.exec(text)![0];
  const body = text.slice(indent.length);
  const next = indent + ' '.repeat(hang);
  if (body.includes('  ')) {
    const parts = body.split(/ {2,}/);
    if (parts.every((p) => p.length <= width - next.length)) return pack(parts.map((text) => ({ text, glued: false })), '  ', indent, next, width);
  }
  // A word too long for a line splits after `,` or `/`; its pieces go back together without a space.
  const pieces = body.split(/ +/).flatMap((word) => (word.length > width - next.length ? word.split(/(?<=[,/])/).map((text, i) => ({ text, glued: i > 0 })) : [{ text: word, glued: false }]));
  return pack(pieces, ' ', indent, next, width);
}

/** Greedy fill of `pieces` into lines; a `glued` piece continues the word before it (no separator). */
function pack(pieces: ReadonlyArray<{ text: string; glued: boolean }>, sep: string, first: string, next: string, width: number): string[] {
  const lines: string[] = [];
  let line = first;
  let lead = first;
  for (const { text, glued } of pieces) {
    const join = line.length === lead.length || glued ? '' : sep;
    if (join.length + text.length <= width - line.length) {
      line += join + text;
      continue;
    }
    if (line.length > lead.length) lines.push(line);
    lead = next;
    line = lead;
    let rest = text;
    while (rest.length > width - line.length && width - line.length > 0) {
      lines.push(line + rest.slice(0, width - line.length));
      rest = rest.slice(width - line.length);
    }
    line += rest;
  }
  if (line.length > lead.length) lines.push(line);
  return lines;
}

/**
 * Draws rows as a box table (as in the seeds' result documents); columns in `left` are
 * left-aligned text, the others right-aligned numbers. When the table is wider than `width`, the
 * columns in `shrinkFirst`, then the widest text column, give up a character at a time (down to
 * the header's width, at least 10) and their cells wrap onto more lines (`wrapText`).
 *
 * @example
 * boxTable(['Endpoint', 'Requests'], [['GET /', '12']], new Set([0]), 80);
 */
export function boxTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  left: ReadonlySet<number> = new Set([0, columns.length - 1]),
  width = Infinity,
  shrinkFirst: readonly number[] = [],
): string {
  const natural = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const widths = [...natural];
  const floor = (i: number) => Math.min(natural[i]!, Math.max(columns[i]!.length, 10));
  const total = () => widths.reduce((sum, w) => sum + w + 3, 1);
  // Columns named in `shrinkFirst` give way first, in that order; then the widest text column.
  for (const i of shrinkFirst) while (total() > width && widths[i]! > floor(i)) widths[i]!--;
  while (total() > width) {
    let pick = -1;
    for (let i = 0; i < widths.length; i++) if (left.has(i) && widths[i]! > floor(i) && (pick === -1 || widths[i]! > widths[pick]!)) pick = i;
    if (pick === -1) break;
    widths[pick]!--;
  }
  const line = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const cells = (r: readonly string[]) => '│' + r.map((c, i) => ` ${left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)} `).join('│') + '│';
  const wrapped = (r: readonly string[]) => {
    // A list of parts (two spaces apart) wraps flush; a name or tag set hangs under its first line.
    const parts = r.map((c, i) => (c.length > widths[i]! ? wrapText(c, widths[i]!, c.trim().includes('  ') ? 0 : 2) : [c]));
    const height = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: height }, (_, k) => cells(parts.map((p) => p[k] ?? '')));
  };
  return [line('┌', '┬', '┐'), ...wrapped(columns), line('├', '┼', '┤'), ...rows.flatMap(wrapped), line('└', '┴', '┘')].join('\n');
}

/** The width of a table drawn by `boxTable`: its first line's length. */
export function tableWidth(table: string): number {
  const end = table.indexOf('\n');
  return end === -1 ? table.length : end;
}
