import type { Scenario, ScenarioSchedule } from './model.js';

/**
 * Declares a scenario with full type checking; returns its argument unchanged. Scenario modules
 * export its result as their default export and are loaded without a build step.
 *
 * @example
 * import { defineScenario } from 'loadline/load';
 *
 * export default defineScenario({
 *   target: 'http://127.0.0.1:3000',
 *   flows: [{
 *     name: 'login and browse',
 *     steps: [
 *       { request: { name: 'login', method: 'POST', path: '/login', json: { user: '{{ email }}' },
 *                    capture: [{ json: '$.token', as: 'token' }], check: [{ status: 200 }] } },
 *       { request: { path: '/media', headers: { authorization: 'Bearer {{ token }}' } } },
 *       { think: { min: '500ms', max: '3s' } },
 *     ],
 *   }],
 *   thresholds: { http_req_duration: ['p(95)<127'] },
 * });
 */
export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}

/**
 * Declares the scenarios of a scenario set with full type checking; returns its argument
 * unchanged. A module exports the result as `scenarios`, beside the async functions they run
 * (`exec`, default the scenario's name); `loadline run file.ts` runs every scenario side by side,
 * each on its own executor. Optional exports: `target`, `thresholds`, `metrics`, `setup`, `teardown`.
 *
 * @example
 * import { defineScenarios, type ScenarioContext } from 'loadline/load';
 *
 * export const target = 'http://127.0.0.1:3000';
 * export const scenarios = defineScenarios({
 *   browse: { executor: 'constant-arrival-rate', rate: 50, duration: '30s' },
 *   buy: { executor: 'ramping-vus', stages: [{ duration: '10s', target: 5 }, { duration: '20s', target: 5 }] },
 * });
 * export const thresholds = { 'http_req_duration{scenario:buy}': ['p(95)<200'] };
 *
 * export async function browse(t: ScenarioContext) {
 *   const res = await t.http.get('/products');
 *   t.check(res, { 'products 200': (r) => r.status === 200 });
 * }
 * export async function buy(t: ScenarioContext) {
 *   const cart = await t.http.post('/cart', JSON.stringify({ sku: t.vu }), { headers: { 'Content-Type': 'application/json' } });
 *   if (cart.status !== 201) return;
 *   for (let i = 0; i < 3; i++) await t.http.get(`/cart/${cart.json('id')}`);
 * }
 */
export function defineScenarios<const S extends Record<string, ScenarioSchedule>>(scenarios: S): S {
  return scenarios;
}
