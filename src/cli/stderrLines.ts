/**
 * Warnings and notices the CLI prints on stderr, wrapped to 80 columns: a CI log or a terminal
 * of that width otherwise folds a 300-character warning mid-word. Words are never cut, so a path
 * or URL in a warning stays whole for copy and paste (it may then run past the width, alone on
 * its line); continuation lines are indented two spaces.
 */

/** Columns stderr warnings wrap at. */
export const WARNING_WIDTH = 80;

/**
 * `text` wrapped at spaces to `width` columns, each paragraph (`\n`) on its own.
 *
 * @example
 * wrapWarning('loadline: warning: ' + 'word '.repeat(30)); // lines of at most 80 columns
 */
export function wrapWarning(text: string, width = WARNING_WIDTH): string {
  return text
    .split('\n')
    .map((paragraph) => {
      if (paragraph.length <= width) return paragraph;
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        const lead = lines.length === 0 ? '' : '  ';
        if (line === '') line = lead + word;
        else if (line.length + 1 + word.length <= width) line += ` ${word}`;
        else {
          lines.push(line);
          line = `  ${word}`;
        }
      }
      if (line !== '') lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

/** Prints a warning on stderr, wrapped (`wrapWarning`). */
export function printWarning(text: string): void {
  process.stderr.write(`${wrapWarning(text)}\n`);
}
