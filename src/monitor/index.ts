/**
 * loadline/monitor: the in-process runtime monitor. Per-route RED metrics, event-loop delay and
 * utilization, GC, heap, CPU, health checks, alert rules, leak trend, SLOs, Prometheus exposition,
 * a live dashboard and node:cluster aggregation.
 */
export { createMonitor } from './createMonitor.js';
export { Monitor, type MonitorOptions } from './Monitor.js';
export type { MonitorSample } from './MonitorSample.js';
export { sampleMonitor, toServerPoint, type MonitorSampler, type SampleMonitorOptions } from './sampleMonitor.js';

// http/: per-route RED metrics and the framework adapters (`monitor<Framework>`)
export { monitorHttp, type MonitorHttpOptions } from './http/monitorHttp.js';
export { monitorExpress, type MonitorExpressOptions } from './http/monitorExpress.js';
export { monitorFastify, type MonitorFastifyOptions } from './http/monitorFastify.js';
export { UNMATCHED_ROUTE, type RouteOf } from './http/RouteRecorder.js';
export { HttpMetrics, type HttpInterval, type RouteInterval, type HttpMetricsOptions, type HttpDelta } from './http/HttpMetrics.js';

// exposition/: Prometheus text
export { PrometheusRegistry, DEFAULT_BUCKETS, type PrometheusRegistryOptions } from './exposition/PrometheusRegistry.js';
export { OVERFLOW_LABEL_VALUE } from './exposition/LabelledSeries.js';
export type { ExpositionLease } from './exposition/ExpositionBuffers.js';
export { registerWithPromClient, type PromClientRegistryLike, type PromClientMetricLike } from './exposition/promClientBridge.js';
export { PROMETHEUS_CONTENT_TYPE } from './exposition/prometheusText.js';
export { checkExposition } from './exposition/checkExposition.js';

// health/: checks, the health endpoints' answer, shutdown
export { HealthChecks, type CheckResult, type HealthCheckFn, type HealthCheckOptions, type HealthReport, type HealthStatus } from './health/HealthChecks.js';
export { redisCheck, pgCheck, eventLoopCheck, heapCheck, type PingableRedis, type QueryablePool, type PgCheckOptions } from './health/builtinChecks.js';
export { gracefulShutdown, type GracefulShutdown, type GracefulShutdownOptions } from './health/gracefulShutdown.js';

// alerts/: alert rules, their webhook, SLO tracking
export { AlertRules, type AlertEvent, type AlertLevel, type AlertRuleOptions, type AlertState, type KnownMetrics } from './alerts/AlertRules.js';
export { WebhookNotifier, type WebhookOptions, type WebhookStats } from './alerts/WebhookNotifier.js';
export { SloTracker, type SloOptions, type SloReport } from './alerts/SloTracker.js';
export { BUILTIN_ALERT_METRICS } from './alerts/MetricQuery.js';

// runtime/: probes and leak trend
export type { RuntimeSample, EventLoopDelayMs } from './runtime/RuntimeProbes.js';
export { LeakDetector, type LeakDetectorOptions, type LeakReport } from './runtime/LeakDetector.js';

// serve/: endpoints, the dashboard, their server
export { handleMonitorRequest, isMonitorPath, performanceStats, MONITOR_PATHS } from './serve/monitorEndpoints.js';
export { serveMonitor, type MonitorServer, type ServeMonitorOptions } from './serve/serveMonitor.js';
export { serveDashboard, type ServeDashboardOptions } from './serve/serveDashboard.js';
export { dashboardHtml } from './serve/dashboardPage.js';
export { MIN_TOKEN_LENGTH } from './serve/BearerToken.js';
export { SESSION_COOKIE } from './serve/DashboardSession.js';

// queries/: a query monitor (loadline/db) attached with createMonitor({ queries })
export type { QueryStatsSource } from './queries/QueryStatsSource.js';
export { sampleQueries, type QueriesSampler, type SampleQueriesOptions } from './queries/sampleQueries.js';
export { queriesOverRun, type QueriesSnapshotJson } from './queries/queriesOverRun.js';

// cluster/: node:cluster aggregation
export { aggregateCluster, reportToPrimary, type ClusterAggregation, type ClusterAggregationOptions, type WorkerReport } from './cluster/clusterAggregation.js';
export type { ClusterView, ClusterRuntimeSummary, WorkerRuntime } from './cluster/ClusterView.js';

// Deprecated names, kept for 0.2.x: each is the same value or type as its replacement.
export { monitorHandler, type MonitorHandlerOptions } from './http/monitorHttp.js';
export { expressMonitor, type ExpressMonitorOptions } from './http/monitorExpress.js';
export { fastifyMonitor, type FastifyMonitorOptions } from './http/monitorFastify.js';
export { MetricRegistry, type MetricRegistryOptions } from './exposition/PrometheusRegistry.js';
export { Slo } from './alerts/SloTracker.js';
