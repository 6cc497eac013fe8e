import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The Chromium the browser tests drive: `LOADLINE_CHROMIUM` when set, else Debian's. Pointing it
 * at a missing file is how their clean-up on failure is checked: every one must fail in seconds.
 */
export const CHROMIUM_PATH = process.env.LOADLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Playwright's default is 3 minutes; a Chromium that starts at all starts in a few seconds. */
const LAUNCH_TIMEOUT_MS = 30_000;

/**
 * Launches headless Chromium for a test; throws at once, naming the path, when it is not there.
 * Call it inside the test's `try` (or register its `close` in `t.after`), after nothing that
 * would outlive a failure.
 *
 * @example
 * let browser: Browser | undefined;
 * try {
 *   browser = await launchChromium();
 * } finally {
 *   await browser?.close();
 * }
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: the browser tests need it (Debian: apt-get install chromium; npm test installs it when it may) or LOADLINE_CHROMIUM=<path>`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, timeout: LAUNCH_TIMEOUT_MS, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}
