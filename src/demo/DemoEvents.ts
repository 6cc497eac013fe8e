import type { ForumVolumes } from '../forum/index.js';
import type { CapacityReport, FindStep } from '../load/index.js';
import type { Diagnosis } from './diagnosis.js';
import type { AtRate } from './DemoReport.js';

export type ServiceMode = 'naive' | 'optimized';

/** What the demo tells its caller as it goes; the CLI prints each. */
export type DemoEvent =
  | { type: 'service-started'; mode: ServiceMode; url: string; pid: number; seedMs: number; volumes: ForumVolumes; dashboard: string | undefined }
  | { type: 'search-started'; mode: ServiceMode; slos: string[]; budgetMs: number }
  | { type: 'step'; mode: ServiceMode; step: FindStep }
  | { type: 'search-done'; mode: ServiceMode; capacity: CapacityReport }
  | { type: 'diagnosis'; mode: ServiceMode; diagnosis: Diagnosis }
  | { type: 'diagnosis-failed'; mode: ServiceMode; reason: string }
  | { type: 'compare-hold'; mode: ServiceMode; atRate: AtRate }
  | { type: 'service-stopped'; mode: ServiceMode };
