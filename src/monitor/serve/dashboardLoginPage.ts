import { inlineHashes } from './dashboardPage.js';

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232b;display:grid;place-items:center;min-height:100vh}
form{background:#fff;border-radius:8px;padding:22px 26px;box-shadow:0 1px 3px #0003;display:grid;gap:10px;min-width:320px}
h1{font-size:18px;margin:0}p{margin:0;color:#57606a;font-size:13px}.error{color:#cf222e}
input{font:inherit;padding:6px 8px;border:1px solid #d0d7de;border-radius:5px}button{font:inherit;padding:6px;border:0;border-radius:5px;background:#1f883d;color:#fff}`;

/** The login page's Content-Security-Policy: its stylesheet by hash, no script at all, the form posts to its own origin. */
export const LOGIN_CSP = `default-src 'none'; script-src 'none'; style-src ${inlineHashes(`<style>${STYLE}</style>`, 'style')}; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

/**
 * What `/loadline` shows without a session: a form that posts the token (in the request body,
 * never in a URL) to `loadline/session`, which answers with the session cookie. `action` is
 * relative to the page's own path, so the form works under any mount.
 */
export function loginHtml(action: string, message?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>loadline monitor: sign in</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style></head>
<body>
<form method="post" action="${action}">
<h1>loadline monitor</h1>
<p>The dashboard needs the monitor's token (its <code>token</code> option or <code>LOADLINE_TOKEN</code>).</p>
${message ? `<p class="error">${message}</p>` : ''}<input type="password" name="token" autocomplete="current-password" required autofocus aria-label="token">
<button type="submit">Open the dashboard</button>
</form>
</body></html>`;
}
