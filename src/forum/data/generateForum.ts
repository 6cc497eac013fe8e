import { SeededRandom } from '../../core/index.js';

/** How many rows of each kind a scale seeds. */
export interface ForumVolumes {
  users: number;
  forums: number;
  topics: number;
  posts: number;
  wikiPages: number;
}

/** Scale 1: the volumes of a small real forum (the example). */
const BASE: ForumVolumes = { users: 2000, forums: 20, topics: 5000, posts: 100_000, wikiPages: 1000 };

export function volumesFor(scale: number): ForumVolumes {
  const topics = Math.max(1, Math.round(BASE.topics * scale));
  return {
    users: Math.max(2, Math.round(BASE.users * scale)),
    forums: Math.min(BASE.forums, topics),
    topics,
    posts: Math.max(topics, Math.round(BASE.posts * scale)),
    wikiPages: Math.max(1, Math.round(BASE.wikiPages * scale)),
  };
}

/** Every seeded account's password (one scrypt hash at seeding, so seeding stays fast). */
export const SEEDED_PASSWORD = 'forum-password';

/** The email of seeded user `id` (1-based), for load scenarios and tests. */
export function seededEmail(id: number): string {
  return `user${id}@forum.test`;
}

/** Seeded timestamps start here (2024-01-01T00:00:00Z) and advance one minute per post. */
export const SEED_EPOCH_MS = Date.UTC(2024, 0, 1);
const POST_STEP_MS = 60_000;

export interface UserRow { id: number; name: string; email: string; createdAt: number }
export interface TopicRow { id: number; forumId: number; title: string; authorId: number; createdAt: number; updatedAt: number; postCount: number; lastPostId: number }
export interface WikiPageRow { id: number; namespace: string; title: string; authorId: number; createdAt: number }
export interface RevisionRow { id: number; pageId: number; authorId: number; body: string; createdAt: number }

/** The posts as columns (100k objects would cost more to build than to insert); `parentId` 0 means a top-level post. */
export interface PostColumns {
  topicId: Int32Array;
  parentId: Int32Array;
  authorId: Int32Array;
  createdAt: Float64Array;
  body: string[];
}

/** A whole forum's rows, ids 1-based and dense, in an order that satisfies every reference. */
export interface ForumData {
  volumes: ForumVolumes;
  users: UserRow[];
  forums: { id: number; name: string }[];
  topics: TopicRow[];
  posts: PostColumns;
  wikiPages: WikiPageRow[];
  revisions: RevisionRow[];
}

const WORDS = ('performance cache index query latency thread reply topic wiki page node server request ' +
  'response database sqlite postgres memory leak event loop worker socket room session token login ' +
  'benchmark throughput percentile budget regression deploy release build bundle install config ' +
  'error timeout retry limit queue pool connection lock write read scan join plan row column table ' +
  'schema migration backup restore metric alert dashboard trace profile heap garbage collector ' +
  'the a of to and in is it that for on with as this be at by from or an not but we you they').split(' ');
const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Tim', 'Hedy', 'Donald', 'Sophie', 'John'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Liskov', 'Thompson', 'Hamilton', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman', 'Lee', 'Lamarr', 'Knuth', 'Wilson', 'Backus'];
const FORUM_NAMES = ['Announcements', 'General', 'Help', 'Performance', 'Databases', 'Caching', 'Deployments', 'Monitoring', 'Security', 'Frontend',
  'Backend', 'Testing', 'Tooling', 'Showcase', 'Jobs', 'Meta', 'Off-topic', 'Feedback', 'Releases', 'Archive'];
const NAMESPACES = ['Main', 'Help', 'Guide', 'Project', 'Reference'];

function sentence(rng: SeededRandom): string {
  const n = 6 + rng.int(9);
  let s = WORDS[rng.int(WORDS.length)]!;
  s = s[0]!.toUpperCase() + s.slice(1);
  for (let i = 1; i < n; i++) s += ' ' + WORDS[rng.int(WORDS.length)]!;
  return s + '.';
}

/**
 * Bodies are drawn from a pool of sentences made once: building each of 100k bodies word by word
 * cost seconds, mostly in the garbage collector.
 */
class Prose {
  readonly #pool: string[];
  constructor(private readonly rng: SeededRandom) {
    this.#pool = Array.from({ length: 4096 }, () => sentence(rng));
  }

  paragraph(minSentences: number, spread: number): string {
    const n = minSentences + this.rng.int(spread);
    const parts = new Array<string>(n);
    for (let i = 0; i < n; i++) parts[i] = this.#pool[this.rng.int(this.#pool.length)]!;
    return parts.join(' ');
  }
}

function title(rng: SeededRandom): string {
  const words = 3 + rng.int(5);
  let t = '';
  for (let i = 0; i < words; i++) t += (i ? ' ' : '') + WORDS[rng.int(WORDS.length)]!;
  return t[0]!.toUpperCase() + t.slice(1);
}

/**
 * Generates a forum deterministically: the same scale and seed give the same rows, byte for
 * byte, on every machine. Topics open over time and replies favour recent topics (a real forum's
 * long tail); a reply answers an earlier post of its topic six times in ten, so threads nest.
 */
export function generateForum(scale: number, seed: number): ForumData {
  const volumes = volumesFor(scale);
  // Seed 0 starts from the golden-ratio state, as the forum's own generator did before it used
  // core's (which starts seed 0 from state 0): every seed keeps its data, byte for byte.
  const rng = new SeededRandom(seed >>> 0 || 0x9e3779b9);
  const prose = new Prose(rng);
  const users: UserRow[] = [];
  for (let id = 1; id <= volumes.users; id++) {
    users.push({ id, name: `${FIRST[rng.int(FIRST.length)]} ${LAST[rng.int(LAST.length)]} ${id}`, email: seededEmail(id), createdAt: SEED_EPOCH_MS - (volumes.users - id + 1) * 3_600_000 });
  }
  const forums = Array.from({ length: volumes.forums }, (_, i) => ({ id: i + 1, name: FORUM_NAMES[i]! }));
  const author = () => 1 + rng.int(volumes.users);

  const n = volumes.posts;
  const posts: PostColumns = { topicId: new Int32Array(n), parentId: new Int32Array(n), authorId: new Int32Array(n), createdAt: new Float64Array(n), body: new Array<string>(n) };
  const topics: TopicRow[] = [];
  const postsOfTopic: number[][] = [];
  // Topics open evenly through the timeline; the posts between two openings are replies.
  const openEvery = n / volumes.topics;
  let nextOpening = 0;
  for (let i = 0; i < n; i++) {
    const id = i + 1;
    const at = SEED_EPOCH_MS + i * POST_STEP_MS;
    let topicIndex: number;
    let parent = 0;
    if (topics.length < volumes.topics && i >= Math.floor(nextOpening)) {
      nextOpening += openEvery;
      topicIndex = topics.length;
      const by = author();
      topics.push({ id: topicIndex + 1, forumId: 1 + rng.int(volumes.forums), title: title(rng), authorId: by, createdAt: at, updatedAt: at, postCount: 0, lastPostId: 0 });
      postsOfTopic.push([]);
      posts.authorId[i] = by;
    } else {
      const r = rng.next();
      topicIndex = topics.length - 1 - Math.floor(topics.length * r * r);
      const earlier = postsOfTopic[topicIndex]!;
      if (rng.next() < 0.6) parent = earlier[rng.int(earlier.length)]!;
      posts.authorId[i] = author();
    }
    const topic = topics[topicIndex]!;
    posts.topicId[i] = topic.id;
    posts.parentId[i] = parent;
    posts.createdAt[i] = at;
    posts.body[i] = prose.paragraph(1, 5);
    postsOfTopic[topicIndex]!.push(id);
    topic.postCount++;
    topic.updatedAt = at;
    topic.lastPostId = id;
  }

  const wikiPages: WikiPageRow[] = [];
  const revisions: RevisionRow[] = [];
  for (let id = 1; id <= volumes.wikiPages; id++) {
    const createdAt = SEED_EPOCH_MS + rng.int(n) * POST_STEP_MS;
    wikiPages.push({ id, namespace: NAMESPACES[rng.int(NAMESPACES.length)]!, title: title(rng), authorId: author(), createdAt });
    const count = 1 + rng.int(9);
    for (let r = 0; r < count; r++) {
      revisions.push({ id: revisions.length + 1, pageId: id, authorId: author(), body: prose.paragraph(6, 24), createdAt: createdAt + r * 86_400_000 });
    }
  }
  // Revisions are stored in time order across pages, as edits arrive: a page's revisions are scattered.
  revisions.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  revisions.forEach((r, i) => (r.id = i + 1));
  return { volumes, users, forums, topics, posts, wikiPages, revisions };
}
