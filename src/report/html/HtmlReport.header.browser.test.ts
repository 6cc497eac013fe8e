import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../core/chromium.test-kit.js';
import type { RunResult } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import { renderHtmlReport } from './HtmlReport.js';

const result = syntheticResult({ seed: 3, durationS: 30, endpoints: [{ name: 'GET /' }] }) as RunResult;
result.config.warmupMs = 5000;
result.config.scenario = 'checkout with payment and shipping estimate';

test('header cells wrap between words, never inside one that fits the cell', async () => {
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    // Narrow enough that the longer facts ("open model (arrival rate), 200/s, 30 s measured, ...") wrap.
    const page = await browser.newPage({ viewport: { width: 320, height: 900 } });
    await page.setContent(renderHtmlReport(result), { waitUntil: 'load' });
    const cells = await page.$$eval('[data-testid="facts"] dd', (dds) =>
      dds.map((dd) => {
        const text = dd.firstChild!;
        const words: Array<{ word: string; lines: number; width: number }> = [];
        for (const m of (text.textContent ?? '').matchAll(/\S+/g)) {
          const range = dd.ownerDocument.createRange();
          range.setStart(text, m.index!);
          range.setEnd(text, m.index! + m[0].length);
          const rects = [...range.getClientRects()];
          words.push({ word: m[0], lines: new Set(rects.map((r) => Math.round(r.top))).size, width: rects.reduce((w, r) => w + r.width, 0) });
        }
        return { name: dd.getAttribute('data-fact'), width: dd.clientWidth, height: dd.getBoundingClientRect().height, words };
      }),
    );
    const model = cells.find((c) => c.name === 'load model')!;
    assert.ok(model.height > 30, `the load model fact should wrap at this width: ${JSON.stringify(model)}`);
    const split = cells.flatMap((c) => c.words.filter((w) => w.lines > 1 && w.width <= c.width).map((w) => `${c.name}: "${w.word}"`));
    assert.deepEqual(split, [], 'words broken across lines');
  } finally {
    await browser?.close();
  }
});
