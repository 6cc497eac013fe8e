import type { TestContext } from 'node:test';
import express from 'express';
import { createQueryMonitor, instrumentPg } from '../../db/index.js';
import { pgSchema, seedForumPosts } from '../../db/db.test-kit.js';
import { createMonitor } from '../createMonitor.js';
import { monitorExpress } from '../http/monitorExpress.js';

/**
 * An Express app with the monitor (token-protected, no runtime probes) and a query monitor on a
 * pg pool whose own schema holds `posts` forum posts by as many authors (seedForumPosts); the
 * caller adds the routes. Schema and monitor are dropped and stopped after the test.
 */
export async function monitoredPgExpress(t: TestContext, options: { schemaPrefix: string; posts: number; token: string }) {
  const { pool, drop } = await pgSchema(options.schemaPrefix, { max: 4 });
  t.after(drop);
  await seedForumPosts(pool, options.posts);
  const queries = createQueryMonitor({ log: false });
  instrumentPg(pool, { monitor: queries });
  const monitor = createMonitor({ queries, token: options.token, runtime: false });
  t.after(() => monitor.stop());
  const app = express();
  app.use(monitorExpress(monitor));
  return { pool, queries, monitor, app };
}
