import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const REPO = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', REPO), 'utf8')) as { name: string; exports: Record<string, unknown> };
const specifiers = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object')
  .map(([subpath]) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));

/** docs/api.md's list of runtime names for each subpath, between `<!-- api-names SPECIFIER -->` and `<!-- /api-names -->`. */
function documentedNames(): Map<string, string[]> {
  const docs = readFileSync(new URL('docs/api.md', REPO), 'utf8');
  return new Map([...docs.matchAll(/<!-- api-names (\S+) -->\n([\s\S]*?)<!-- \/api-names -->/g)].map((m) => [m[1]!, [...m[2]!.matchAll(/`([^`]+)`/g)].map((n) => n[1]!).sort()]));
}

test('every subpath in package.json exports has a list of names in docs/api.md, and every list a subpath', () => {
  assert.ok(specifiers.includes('loadline') && specifiers.includes('loadline/testing'), specifiers.join(', '));
  assert.deepEqual([...documentedNames().keys()].sort(), [...specifiers].sort());
});

for (const specifier of specifiers) {
  test(`${specifier}: its runtime names are the ones docs/api.md lists`, async () => {
    const actual = Object.keys(await import(specifier)).sort();
    const documented = documentedNames().get(specifier) ?? [];
    const added = actual.filter((n) => !documented.includes(n));
    const removed = documented.filter((n) => !actual.includes(n));
    assert.deepEqual(
      { added, removed },
      { added: [], removed: [] },
      `${specifier} changed its public names. If that was meant: npm run build && node scripts/api-names.mjs --write, and say what changed in CHANGELOG.md (a removed name stays one minor version as a deprecated alias).`,
    );
  });
}

test('the package ships no test files or test kits, and ships loadline/testing', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ files: Array<{ path: string }> }>;
  const paths = packed!.files.map((f) => f.path);
  assert.deepEqual(paths.filter((p) => /\.test[.-]/.test(p)), []);
  for (const specifier of specifiers) {
    const target = (pkg.exports[specifier === pkg.name ? '.' : `./${specifier.slice(pkg.name.length + 1)}`] as { default: string; types: string });
    assert.ok(paths.includes(target.default.slice(2)), `${target.default} is not packed`);
    assert.ok(paths.includes(target.types.slice(2)), `${target.types} is not packed`);
  }
});

test('deprecated aliases of loadline/load and loadline/compat are the internals themselves, so code written for 0.1.0 behaves as before', async () => {
  const internals: Record<string, Record<string, string>> = {
    'loadline/load': {
      ArrivalSchedule: 'load/model/ArrivalSchedule.js',
      ClosedModel: 'load/model/ClosedModel.js',
      OpenModel: 'load/model/OpenModel.js',
      RequestIteration: 'load/iteration/RequestIteration.js',
      ScenarioIteration: 'load/iteration/ScenarioIteration.js',
      RunStatsSource: 'load/stats/RunStatsSource.js',
      buildResult: 'load/buildResult.js',
      compileScenario: 'load/scenario/compile/compileScenario.js',
      createVuState: 'load/scenario/run/vuState.js',
      CookieJar: 'load/scenario/run/CookieJar.js',
      ResponseView: 'load/scenario/run/ResponseView.js',
      buildRequest: 'load/scenario/run/request.js',
      processResponse: 'load/scenario/run/processResponse.js',
      processFailure: 'load/scenario/run/processResponse.js',
      redirectTarget: 'load/scenario/run/redirect.js',
      sampleThinkMs: 'load/scenario/run/thinkTime.js',
      outcomeNames: 'load/scenario/metrics/outcomeNames.js',
      OutcomeCounts: 'load/scenario/metrics/OutcomeCounts.js',
      MetricRegistry: 'load/scenario/metrics/MetricRegistry.js',
      normalizeTags: 'load/scenario/metrics/MetricRegistry.js',
      shouldAbort: 'load/scenario/metrics/abortOnFail.js',
      userShare: 'load/scenario/workerShare.js',
      workerLoad: 'load/scenario/workerShare.js',
    },
    'loadline/compat': { ScheduleSet: 'compat/executors/ScheduleSet.js', artilleryMetrics: 'compat/artillery/index.js' },
  };
  const docs = readFileSync(new URL('docs/api.md', REPO), 'utf8');
  for (const [specifier, names] of Object.entries(internals)) {
    const exported = (await import(specifier)) as Record<string, unknown>;
    const block = new RegExp(`<!-- api-names ${specifier} -->[\\s\\S]*?Deprecated[^:]*: ([^\\n]*)`).exec(docs);
    for (const [name, file] of Object.entries(names)) {
      const internal = (await import(new URL(`dist/${file}`, REPO).href)) as Record<string, unknown>;
      assert.ok(internal[name] !== undefined, `${file} exports ${name}`);
      assert.equal(exported[name], internal[name], `${specifier}'s ${name}`);
      assert.ok(block?.[1]?.includes(`\`${name}\``), `docs/api.md lists ${specifier}'s ${name} as deprecated`);
    }
  }
});
