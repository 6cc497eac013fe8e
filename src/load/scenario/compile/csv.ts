/**
 * RFC 4180 CSV: fields separated by commas, quoted with `"` (a doubled `""` inside quotes is one
 * quote), rows ended by LF or CRLF. Empty lines are skipped. Returns the rows as string arrays.
 *
 * @example
 * parseCsv('email,password\n"a@x.io","p,1"\n'); // [['email','password'], ['a@x.io','p,1']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    field = '';
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') endRow();
    else if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      i++;
    } else field += c;
  }
  if (quoted) throw new Error('unclosed quoted field');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
