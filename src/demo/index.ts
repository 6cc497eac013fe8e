/**
 * The demo (`loadline demo`) as the CLI uses it: the forum run, its report, diagnosis and pages.
 * Internal to the package: not a subpath export; the demo consumes the pillars and no pillar
 * imports it.
 */
export { runForumDemo } from './runForumDemo.js';
export type { DemoEvent } from './DemoEvents.js';
export type { DemoReport } from './DemoReport.js';
export { beforeAfterRows, formatBeforeAfter } from './beforeAfterTable.js';
export { renderDemoHtml } from './demoHtml.js';
export { formatDiagnosis } from './formatDiagnosis.js';
export { SEED_003_SLOS } from './ForumDemoOptions.js';
export { startMonitoredDemoTarget } from './MonitoredDemoTarget.js';
