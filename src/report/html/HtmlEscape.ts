/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON safe to embed inside a `<script>` element: no `</script>` or `<!--` can close it early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A `<table>` from a header and rows of already-escaped cell HTML. */
export function htmlTable(testId: string, header: readonly string[], rows: ReadonlyArray<readonly string[]>, numericFrom = 1): string {
  const th = header.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table data-testid="${escapeHtml(testId)}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
