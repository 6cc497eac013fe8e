import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { isLoadlineError } from '../../core/index.js';
import { createPool } from './Pool.js';
import type { ResponseInfo, TransportError } from './types.js';

test('options and origin are validated, naming the field', () => {
  const bad: Array<[() => unknown, string]> = [
    [() => createPool('ftp://127.0.0.1'), 'origin'],
    [() => createPool('not a url'), 'origin'],
    [() => createPool('http://127.0.0.1', { connections: 0 }), 'connections'],
    [() => createPool('http://127.0.0.1', { pipelining: 1.5 }), 'pipelining'],
    [() => createPool('http://127.0.0.1', { requestTimeoutMs: -1 }), 'requestTimeoutMs'],
    [() => createPool('http://127.0.0.1', { conections: 3 } as never), 'conections'],
  ];
  for (const [make, field] of bad) {
    assert.throws(make, (error: unknown) => isLoadlineError(error, 'LOADLINE_INVALID_OPTION') && error.details.field === field, field);
  }
  const pool = createPool('http://127.0.0.1:1');
  assert.throws(() => pool.prepare({ method: 'GET', path: 'x' }), (error: unknown) => isLoadlineError(error) && error.details.field === 'path');
});

test('close() fails queued and in-flight requests with POOL_CLOSED, once each; later requests fail too', async (t) => {
  let arrived!: () => void;
  const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server = http.createServer(() => arrived()); // never answers
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  t.after(() => server.closeAllConnections());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  const errors: TransportError[] = [];
  const done = Array.from({ length: 3 }, () => new Promise<void>((resolve) => pool.request({ method: 'GET', path: '/' }, (e) => (errors.push(e!), resolve()))));
  await requestArrived;
  assert.equal(pool.inFlight, 1);
  assert.equal(pool.queued, 2);
  await pool.close();
  await Promise.all(done);
  assert.deepEqual(errors.map((e) => [e.kind, e.code]), [['other', 'POOL_CLOSED'], ['other', 'POOL_CLOSED'], ['other', 'POOL_CLOSED']]);
  const late = await new Promise<[TransportError | null, ResponseInfo | null]>((resolve) => pool.request({ method: 'GET', path: '/' }, (e, r) => resolve([e, r])));
  assert.equal(late[0]?.code, 'POOL_CLOSED');
});

test('an invalid spec fails through its callback, asynchronously', async () => {
  const pool = createPool('http://127.0.0.1:1');
  let sync = true;
  const error = await new Promise<TransportError | null>((resolve) => {
    pool.request({ method: 'GET', path: '/', headers: { 'x-a': 'a\nb' } }, (e) => resolve(e));
    sync = false;
  });
  assert.equal(sync, false);
  assert.equal(error?.kind, 'other');
  assert.equal(error?.code, 'LOADLINE_INVALID_OPTION');
  await pool.close();
});
