// Wire-client throughput per core: loadline's pool vs a minimal raw-socket keep-alive client vs
// undici's Pool (dispatch API, its fastest path), all driving the same nginx (one worker, pinned
// to core 0) from this process pinned to core 1, 50 connections, one request in flight each.
// The minimal client is the ceiling: it knows the response size in advance and parses nothing.
// Run: npm run build && node --expose-gc bench/load-client.bench.mjs
// Noisy on a shared 2-core machine: read the ratios, not the absolute figures.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { Pool } from 'undici';
import { compare } from './lib/compare.mjs';
import { createPool } from '../dist/load/http/index.js';
import { startNginx } from './lib/nginx.mjs';
import { benchSetup } from './lib/setup.mjs';

const CONNECTIONS = 50;
const MEASURE_MS = 2000;
const WARMUP_MS = 300;
const BODY = 'hello from nginx';




let lastPerCpu = 0;

/** Runs `start(onDone)` style closed loops for warm-up + measure; returns requests/s. */
async function measure(loop) {
  let counting = false;
  let count = 0;
  const stop = loop(() => { if (counting) count++; });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  counting = true;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const rps = (count * 1000) / (performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  counting = false;
  await stop();
  lastPerCpu = count / ((cpu.user + cpu.system) / 1e6);
  return rps;
}

function loadlineLoop(port) {
  return (tick) => {
    const pool = createPool(`http://127.0.0.1:${port}`, { connections: CONNECTIONS });
    const spec = { method: 'GET', path: '/' };
    let running = true;
    const onResponse = (error) => {
      if (error) { if (running) throw new Error(error.code); return; }
      tick();
      if (running) pool.request(spec, onResponse);
    };
    for (let i = 0; i < CONNECTIONS; i++) pool.request(spec, onResponse);
    return async () => { running = false; await pool.close(); };
  };
}

function undiciLoop(port) {
  return (tick) => {
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONNECTIONS, pipelining: 1 });
    let running = true;
    const options = { origin: `http://127.0.0.1:${port}`, method: 'GET', path: '/' };
    const handler = {
      onRequestStart() {}, onResponseStart() {}, onResponseData() {},
      onResponseEnd() { tick(); if (running) pool.dispatch(options, handler); },
      onResponseError(_c, e) { if (running) throw e; },
    };
    for (let i = 0; i < CONNECTIONS; i++) pool.dispatch(options, handler);
    return async () => { running = false; await pool.close(); };
  };
}

// The ceiling: knows nginx's exact response length, so it only counts bytes.
function minimalLoop(port, responseLength) {
  return (tick) => {
    const request = Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    let running = true;
    const sockets = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
      let pending = 0;
      socket.on('connect', () => socket.write(request));
      socket.on('data', (chunk) => {
        pending += chunk.length;
        while (pending >= responseLength) {
          pending -= responseLength;
          tick();
          if (running) socket.write(request);
        }
      });
      socket.on('error', () => {});
      sockets.push(socket);
    }
    return async () => { running = false; for (const s of sockets) s.destroy(); };
  };
}

async function responseLength(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    let text = '';
    s.on('data', (d) => {
      text += d.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end >= 0 && text.length >= end + 4 + BODY.length) { s.destroy(); resolve(end + 4 + BODY.length); }
    });
  });
}

benchSetup(import.meta.url); // nginx-light, taskset
spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
const nginx = await startNginx(BODY);
try {
  const length = await responseLength(nginx.port);
  const names = ['loadline createPool', 'undici Pool (dispatch)', 'minimal raw socket (no parsing)'];
  const loops = [loadlineLoop(nginx.port), undiciLoop(nginx.port), minimalLoop(nginx.port, length)];
  const perCpu = [[], [], []];
  await compare({
    title: `HTTP/1.1 client, ${CONNECTIONS} keep-alive connections against nginx (1 worker), client pinned to one core`,
    unit: 'requests/s',
    contenders: names.map((name, i) => ({ name, run: async () => { const rps = await measure(loops[i]); perCpu[i].push(lastPerCpu); return rps; } })),
  });
  // The same runs per CPU-second of this process: steadier than wall-clock rates on a shared machine.
  await compare({
    title: 'same runs, requests per client CPU-second',
    unit: 'requests/CPU-s',
    between: () => {},
    contenders: names.map((name, i) => ({ name, run: () => perCpu[i].shift() })),
  });
} finally {
  nginx.stop();
}
