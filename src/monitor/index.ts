/**
 * loadline/monitor: the in-process runtime monitor. Per-route RED metrics, event-loop delay and
 * utilization, GC, heap, CPU, health checks, alert rules, leak trend, SLOs, Prometheus exposition,
 * a live dashboard and node:cluster aggregation.
 */
export { createMonitor } from './createMonitor.js';
export { Monitor, type MonitorOptions } from './Monitor.js';
export { MIN_TOKEN_LENGTH } from './BearerToken.js';
export { SESSION_COOKIE } from './DashboardSession.js';
export type { MonitorSample } from './MonitorSample.js';
export { monitorHandler, type MonitorHandlerOptions } from './nodeHttpAdapter.js';
export { expressMonitor, type ExpressMonitorOptions } from './expressAdapter.js';
export { fastifyMonitor, type FastifyMonitorOptions } from './fastifyAdapter.js';
export { UNMATCHED_ROUTE, type RouteOf } from './RouteRecorder.js';
export { handleMonitorRequest, isMonitorPath, performanceStats, MONITOR_PATHS } from './MonitorEndpoints.js';
export { serveMonitor, type MonitorServer, type ServeMonitorOptions } from './serveMonitor.js';
export { gracefulShutdown, type GracefulShutdown, type GracefulShutdownOptions } from './GracefulShutdown.js';
export { HealthChecks, type CheckResult, type HealthCheckFn, type HealthCheckOptions, type HealthReport, type HealthStatus } from './HealthChecks.js';
export { redisCheck, pgCheck, eventLoopCheck, heapCheck, type PingableRedis, type QueryablePool, type PgCheckOptions } from './BuiltinChecks.js';
export { AlertRules, type AlertEvent, type AlertLevel, type AlertRuleOptions, type AlertState, type KnownMetrics } from './AlertRules.js';
export { WebhookNotifier, type WebhookOptions, type WebhookStats } from './WebhookNotifier.js';
export { LeakDetector, type LeakDetectorOptions, type LeakReport } from './LeakDetector.js';
export { Slo, type SloOptions, type SloReport } from './Slo.js';
export { MetricRegistry, DEFAULT_BUCKETS, type MetricRegistryOptions } from './MetricRegistry.js';
export { OVERFLOW_LABEL_VALUE } from './LabelledSeries.js';
export { HttpMetrics, type HttpInterval, type RouteInterval, type HttpMetricsOptions, type HttpDelta } from './HttpMetrics.js';
export type { RuntimeSample, EventLoopDelayMs } from './RuntimeProbes.js';
export { BUILTIN_ALERT_METRICS } from './MetricQuery.js';
export { aggregateCluster, reportToPrimary, type ClusterAggregation, type ClusterAggregationOptions, type WorkerReport } from './ClusterAggregation.js';
export type { ClusterView, ClusterRuntimeSummary, WorkerRuntime } from './ClusterView.js';
export type { ExpositionLease } from './ExpositionBuffers.js';
export { sampleMonitor, toServerPoint, type MonitorSampler, type SampleMonitorOptions } from './sampleMonitor.js';
export { registerWithPromClient, type PromClientRegistryLike, type PromClientMetricLike } from './promClientBridge.js';
export { dashboardHtml } from './DashboardPage.js';
export { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';
export { checkExposition } from './checkExposition.js';
export { serveDashboard, type ServeDashboardOptions } from './serveDashboard.js';
