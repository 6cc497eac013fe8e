import type { Scenario } from './model.js';

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
