// Per-request cost of scenario steps: loadline's compiled templates and request builder against
// the naive way (re-parse every template with a regex on every request, as Artillery's template()
// does by walking the step). Run: node --expose-gc bench/load-scenario-request.bench.mjs
// The machine is shared and noisy: read the ratios, not the absolute figures.
import { compare, opsPerSecond } from './lib/compare.mjs';
import { compileRequest, buildRequest } from '../dist/load/scenario/run/request.js';
import { compileTemplate } from '../dist/load/scenario/compile/template.js';
import { createVuState } from '../dist/load/scenario/run/vuState.js';
import { seededRandom } from '../dist/load/scenario/random.js';
import { processResponse } from '../dist/load/scenario/run/processResponse.js';
import { ResponseView } from '../dist/load/scenario/run/ResponseView.js';

const vars = { email: 'ada@example.com', password: 'secret', token: 'eyJhbGciOiJIUzI1NiJ9.payload.sig', id: 42 };
const vu = createVuState({ id: 1, target: 'http://127.0.0.1:3000', rng: seededRandom(1), vars });

const loginStep = {
  name: 'login', method: 'POST', path: '/api/v1/auth/login', headers: { authorization: 'Bearer {{ token }}' }, query: {},
  body: { kind: 'json', value: { email: '{{ email }}', password: '{{ password }}', remember: true } },
  timeoutMs: undefined, redirects: 0, captures: [{ as: 'token', source: 'json', expression: '$.token', group: 0, default: undefined }],
  checks: [{ name: 'status is 200', status: [200], header: undefined, body: undefined, maxDurationMs: 1000, fn: undefined }], record: [],
};
const defaults = { 'content-type': 'application/json', 'user-agent': 'loadline' };
const compiled = compileRequest(loginStep, defaults);

// The naive builder: templates found and replaced by regex on every call, objects walked anew.
const TEMPLATE = /\{\{\s*([\w.$]+)\s*\}\}/g;
const render = (text, scope) => text.replace(TEMPLATE, (_, name) => String(scope[name] ?? ''));
const walk = (value, scope) =>
  typeof value === 'string' ? render(value, scope) : Array.isArray(value) ? value.map((v) => walk(v, scope)) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, scope)])) : value;
function naiveBuild(step, scope) {
  const headers = {};
  for (const [k, v] of Object.entries({ ...defaults, ...step.headers })) headers[k.toLowerCase()] = render(v, scope);
  return { method: step.method, path: render(step.path, scope), headers, body: JSON.stringify(walk(step.body.value, scope)), captureBody: true };
}

const a = buildRequest(compiled, vu);
const b = naiveBuild(loginStep, vars);
if (a.body !== b.body || a.path !== b.path || a.headers.authorization !== b.headers.authorization) throw new Error('builders disagree');

await compare({
  title: 'build one login request (JSON body, 3 templates, default headers)',
  contenders: [
    { name: 'loadline buildRequest (compiled)', run: () => opsPerSecond(() => buildRequest(compiled, vu)) },
    { name: 'regex templating per request', run: () => opsPerSecond(() => naiveBuild(loginStep, vars)) },
  ],
});

const path = '/users/{{ id }}/orders?token={{ token }}&email={{ email }}';
const template = compileTemplate(path);
await compare({
  title: 'render a path template with 3 variables',
  contenders: [
    { name: 'loadline compileTemplate().render', run: () => opsPerSecond(() => template.render(vu)) },
    { name: 'String.replace with a regex', run: () => opsPerSecond(() => render(path, vars)) },
  ],
});

// Response side: capture a token from JSON and run a check, per response.
const response = { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ token: 'tok', user: { id: 1 } })), bytes: 0, timings: { blocked: 0, connect: 0, tls: 0, ttfb: 0, receive: 0 } };
const view = new ResponseView();
const naiveAfter = (res, scope) => {
  const json = JSON.parse(res.body.toString('utf8'));
  const token = 'token'.split('.').reduce((o, k) => (o == null ? undefined : o[k]), json);
  if (token !== undefined) scope.token = token;
  return res.status === 200;
};
await compare({
  title: 'process one response (JSON capture + status/latency check)',
  contenders: [
    { name: 'loadline processResponse', run: () => opsPerSecond(() => processResponse(compiled, vu, view, response, 12)) },
    { name: 'parse + path split per response', run: () => opsPerSecond(() => naiveAfter(response, vars)) },
  ],
});
