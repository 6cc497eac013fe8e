/**
 * The reference service: seed 003's forum and wiki API on SQLite, with a naive mode that has the
 * seed's bottlenecks and an optimized mode that fixes each with loadline's parts. The demo and
 * `loadline forum` consume it; no pillar imports it.
 */
export { startForum, type ForumServer, type ForumStats, type ForumMonitorUrls } from './startForum.js';
export type { ForumOptions } from './ForumOptions.js';
export { FORUM_FIXES, FORUM_FIX_SUMMARIES, type ForumFix } from './fixes.js';
export { SEEDED_PASSWORD, seededEmail, volumesFor, type ForumVolumes } from './data/generateForum.js';
export { WEBSOCKET_PATH } from './realtime/attachWebSocket.js';
export { TOPICS_PAGE_SIZE, MAX_THREAD_POSTS } from './services/ForumService.js';
