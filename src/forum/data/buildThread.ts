import { iso, type ThreadPost, type UserRef } from './ForumStore.js';

export interface FlatPost { id: number; parentId: number | null; author: UserRef; body: string; createdAt: number }

/**
 * Nests posts under the post they answer, keeping the given order (oldest first) at each level.
 * A reply whose parent is not in `posts` (cut by the post limit) is listed at the top level.
 */
export function buildThread(posts: readonly FlatPost[]): ThreadPost[] {
  const byId = new Map<number, ThreadPost>();
  const roots: ThreadPost[] = [];
  for (const p of posts) {
    const node: ThreadPost = { id: p.id, parentId: p.parentId, author: p.author, body: p.body, createdAt: iso(p.createdAt), replies: [] };
    byId.set(p.id, node);
    const parent = p.parentId === null ? undefined : byId.get(p.parentId);
    (parent ? parent.replies : roots).push(node);
  }
  return roots;
}
