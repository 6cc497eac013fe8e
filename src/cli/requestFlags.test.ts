import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../core/index.js';
import { resolveCapacityOptions } from '../load/capacity/CapacityOptions.js';
import { resolveLoadOptions } from '../load/LoadOptions.js';
import { spawnCli } from './cliProcess.test-kit.js';
import { parseHeader, parseRequestFlags, REQUEST_HELP } from './requestFlags.js';

const SECRET = 'xyz-s3cret-value';

/** Header flags that are wrong in ways a user types, each carrying a credential. */
const BAD_HEADERS = [
  `Authorization Bearer ${SECRET}`, // no colon
  `Authorization=Bearer ${SECRET}`, // curl-ish
  `X-Custom Bearer ${SECRET}`, // not a name loadline knows as secret
  `Bad Name: Bearer ${SECRET}`, // a space in the name
  SECRET, // a bare token
  `Authorization: Bearer ${SECRET}\r\nX-Injected: 1`, // a line break in the value
  `Authorization: Bearer ${SECRET}\u20ac`, // a character above U+00FF: the request could not carry it
];

test('parseRequestFlags reads the library fields; absent flags stay absent', () => {
  assert.deepEqual(parseRequestFlags({}), {});
  assert.deepEqual(parseRequestFlags({ method: 'post', header: ['Accept: application/json', 'X-A:b'], body: '{}', timeout: '2s', insecure: true }), {
    method: 'POST',
    headers: { Accept: 'application/json', 'X-A': 'b' },
    body: '{}',
    timeoutMs: 2000,
    insecure: true,
  });
  for (const [values, message] of [
    [{ method: 'P0ST' }, /^--method: got "P0ST", expected an HTTP method/],
    [{ timeout: '0s' }, /^--timeout: got "0s", expected a duration above 0/],
    [{ timeout: 'soon' }, /^--timeout: /],
  ] as const) {
    assert.throws(() => parseRequestFlags(values), (err) => isLoadlineError(err, 'LOADLINE_INVALID_OPTION') && message.test(err.message), JSON.stringify(values));
  }
});

test('a bad --header never shows what follows its name', () => {
  for (const text of BAD_HEADERS) {
    assert.throws(
      () => parseHeader(text),
      (err) => isLoadlineError(err) && /^--header: got "[^"]*\[REDACTED\]"/.test(err.message) && !err.message.includes(SECRET),
      JSON.stringify(text),
    );
  }
});

test('a --header value the request could not carry is refused by the flag, as the encoder would refuse it', () => {
  assert.throws(() => parseHeader('X-Price: 5 \u20ac'), (err) => isLoadlineError(err) && /^--header: got "X-Price: \[REDACTED\]", expected a header value of .*nor characters above U\+00FF/.test(err.message));
  assert.deepEqual(parseHeader('X-Name: Andr\u00e9\tB'), ['X-Name', 'Andr\u00e9\tB'], 'Latin-1 and tabs pass, as the encoder takes them');
});

test('run and find: the same timeout default, from the library: 10 s', () => {
  const url = 'http://127.0.0.1:9/';
  assert.equal(resolveLoadOptions({ url }).timeoutMs, 10_000);
  assert.equal(resolveCapacityOptions({ load: { url }, slos: ['p(95)<100'] }).timeoutMs, resolveLoadOptions({ url }).timeoutMs);
  assert.match(REQUEST_HELP, /--timeout D +per-request timeout \(default 10s\)/);
});

test('run and find: one set of request flags, and no credential in any error message of either', async () => {
  const [runHelp, findHelp] = await Promise.all([spawnCli(['run', '--help']), spawnCli(['find', '--help'])]);
  for (const help of [runHelp, findHelp]) assert.ok(help.stdout.includes(REQUEST_HELP), help.stdout);
  const commands = [
    ['run', 'http://127.0.0.1:9/'],
    ['find', 'http://127.0.0.1:9/', '--slo', 'p(95)<100'],
  ];
  const runs = await Promise.all(commands.flatMap((command) => BAD_HEADERS.map(async (header) => ({ command, header, ran: await spawnCli([...command, '-H', 'Accept: */*', '--header', header]) }))));
  for (const { command, header, ran } of runs) {
    const what = `${command[0]} --header ${JSON.stringify(header)}`;
    assert.equal(ran.code, 2, `${what}: ${ran.stderr}`);
    assert.match(ran.stderr, /--header: got "[^"]*\[REDACTED\]"/, what);
    assert.ok(!ran.stderr.includes(SECRET) && !ran.stdout.includes(SECRET), `${what} shows the secret: ${ran.stderr}`);
  }
  // find takes run's short flags too.
  const short = await spawnCli(['find', 'http://127.0.0.1:9/', '--slo', 'p(95)<100', '-m', 'G3T']);
  assert.equal(short.code, 2);
  assert.match(short.stderr, /--method: got "G3T"/);
});
