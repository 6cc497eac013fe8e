/**
 * loadline/report: turns load results into answers. A single-file HTML report, a regression gate
 * that compares runs with confidence intervals, and budgets (bundle sizes, API latency, errors,
 * throughput, Lighthouse) in one file.
 */
export { readResult, parseResult, type RunResult, type CapacityLadder, type CapacityStep, type Observation } from '../core/index.js';

export { renderHtmlReport, type HtmlReportOptions } from './html/HtmlReport.js';
export { renderLadderComparison, type LadderComparisonOptions, type ComparedLadder } from './html/LadderComparison.js';
export type { SpikeSummary } from './html/SpikeSection.js';
export { verdictOf, type Verdict } from './html/ReportTables.js';

export { compareResults, COMPARE_METRICS, type CompareOptions, type CompareMetric, type CompareLevel, type ComparisonReport, type ComparisonRow } from './compare/CompareResults.js';
export { formatComparisonText, formatComparisonMarkdown } from './compare/ComparisonFormat.js';
export { blockBootstrapChange, type BlockBootstrapOptions, type SeriesStatistic } from './compare/BlockBootstrap.js';

export { readBudgetFile, parseBudget, findBudgetFile, BUDGET_FILE_NAMES } from './budget/BudgetFile.js';
export { budgetSchema } from './budget/BudgetSchema.js';
export { checkBudget, type BudgetInputs } from './budget/CheckBudget.js';
export { formatBudgetText, formatBudgetMarkdown } from './budget/BudgetFormat.js';
export { BUNDLE_PRESETS, LIGHTHOUSE_DEFAULTS, type Budget, type BudgetCheck, type BudgetReport, type BudgetLevel, type Limit, type BundleBudget, type ApiBudget, type LighthouseBudget, type LighthouseMetric } from './budget/Budget.js';
export { measureBundle, type BundleSizes } from './budget/BundleCheck.js';
export { globToRegExp, findFiles } from './budget/Glob.js';
export { observe, judgeSlo } from './budget/ResultMetric.js';

// Deprecated since 0.2.0, removed in 0.3.0: test fixtures moved to loadline/testing.
import { SeededRandom as SeededRandomMoved } from '../core/index.js';
import { syntheticResult as syntheticResultMoved, type SyntheticEndpoint as SyntheticEndpointMoved, type SyntheticResultOptions as SyntheticResultOptionsMoved } from './SyntheticResult.js';
/** @deprecated since 0.2.0: import `syntheticResult` from `loadline/testing`. */
export const syntheticResult = syntheticResultMoved;
/** @deprecated since 0.2.0: import `SyntheticResultOptions` from `loadline/testing`. */
export type SyntheticResultOptions = SyntheticResultOptionsMoved;
/** @deprecated since 0.2.0: import `SyntheticEndpoint` from `loadline/testing`. */
export type SyntheticEndpoint = SyntheticEndpointMoved;
/** @deprecated since 0.2.0: import `SeededRandom` from `loadline/testing`. */
export const SeededRandom = SeededRandomMoved;
/** @deprecated since 0.2.0: import `SeededRandom` from `loadline/testing`. */
export type SeededRandom = SeededRandomMoved;
