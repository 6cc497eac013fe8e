// Starts nginx from Debian's nginx-light as a benchmark target: one worker pinned to core 0,
// serving a small static body on a free loopback port, stopped (SIGQUIT) when this process ends.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * @param {string} body  the response body nginx returns for every request
 * @param {string} [locations]  nginx `location` blocks to serve instead (then `body` is unused)
 */
export async function startNginx(body, locations) {
  const prefix = mkdtempSync(join(tmpdir(), 'loadline-nginx-'));
  const port = await freePort();
  writeFileSync(join(prefix, 'nginx.conf'), `worker_processes 1; daemon off; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 10000000; keepalive_timeout 60s;
  server { listen 127.0.0.1:${port}; ${locations ?? `location / { default_type text/plain; return 200 '${body}'; }`} } }
`);
  // Debian's path first: /usr/sbin is not on every user's PATH.
  const nginx = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  const child = spawn('taskset', ['-c', '0', nginx, '-c', join(prefix, 'nginx.conf'), '-p', prefix], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (await canConnect(port)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try { process.kill(child.pid, 'SIGQUIT'); } catch {}
    rmSync(prefix, { recursive: true, force: true });
  };
  // nginx must not outlive this process, however it ends.
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
  return { port, prefix, stop };
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}
