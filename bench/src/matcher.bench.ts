/**
 * Matcher benchmark, one run, ratios against named peers measured side by side:
 *
 * 1. One pattern with mixed operators over a realistic MEGA event: @sqs-mega/core
 *    (`compilePattern` over the payload, and `eventPattern` as a subscriber declares it) against a
 *    hand-written predicate (the floor), sift and mingo. The pattern is translated mechanically to
 *    the MongoDB query language, and all five must give the same answers on the value set first.
 * 2. The router with 10, 100, 1,000 and 10,000 event subscribers on realistic event names: the
 *    cost per routed message, against the cost with 10 subscribers.
 *
 * Targets: ours ≤ 2× the hand-written predicate, ≥ 10× faster than sift, router cost at 10,000
 * subscribers < 3× the cost at 10. Run: `npm run build` at the root, then
 * `cd bench && npx tsx src/matcher.bench.ts`. Results: results/matcher.json.
 */
import {
  compilePattern,
  eventPattern,
  SubscriberRouter,
  type DecodedBody,
  type EventPatternAttributes,
  type MegaPayload,
  type Pattern,
} from '@sqs-mega/core';
import { Query } from 'mingo';
import siftModule from 'sift';
import { compare, fixed, printTable, writeResults } from './harness.js';

/** sift is CommonJS: Node's default import is its `module.exports`, which is the function itself. */
const sift = siftModule as unknown as typeof siftModule.default;

/** Interleaved rounds per case: more than the harness default, the machine is shared. */
const ROUNDS = 9;

// ---------------------------------------------------------------------------------------------
// 1. One pattern, mixed operators

/** A realistic MEGA event (the spec's `user.updated` example), with variations that fail one condition each. */
function userUpdated(overrides: {
  name?: string;
  domain?: string;
  version?: number;
  timestamp?: string;
  email?: string;
  current?: Record<string, unknown> | null;
}): MegaPayload {
  const payload: MegaPayload = {
    protocol: 'mega',
    version: 1,
    event: {
      name: overrides.name ?? 'user.updated',
      timestamp: new Date(overrides.timestamp ?? '2020-05-04T15:53:27.823Z'),
      version: overrides.version ?? 1,
      domain: overrides.domain ?? 'user',
      subject: '987650',
      publisher: 'user-service',
      attributes: { email: overrides.email ?? 'johndoe_86@example.com', ssn: '497279436' },
    },
    extra: { ip_address: '2804:14c:5ba9:b067:70cc:9baa:5287:19b3' },
  };
  if (overrides.current !== null) {
    payload.object = {
      type: 'user',
      id: '987650',
      version: 2,
      current: overrides.current ?? {
        id: 987650,
        full_name: 'John Doe',
        username: 'john.doe',
        email: 'johndoe_86@example.com',
        created_at: '2020-05-03T12:20:23.000',
        updated_at: '2020-05-04T15:52:01.000',
      },
      previous: { id: 987650, full_name: 'John Doe', username: 'john', email: 'johndoe_86@example.com' },
    };
  }
  return payload;
}

const values: MegaPayload[] = [
  userUpdated({}),
  userUpdated({ name: 'user.created' }),
  userUpdated({ domain: 'account' }),
  userUpdated({ domain: 'billing' }),
  userUpdated({ version: 3 }),
  userUpdated({ timestamp: '2020-04-30T23:59:59Z' }),
  userUpdated({ email: 'JohnDoe@example.org' }),
  userUpdated({ current: { id: 0, username: 'john.doe', email: 'x@example.com' } }),
  userUpdated({ current: { id: 7, username: 'test', email: 'x@example.com' } }),
  userUpdated({ current: { id: 7, username: 'jane' } }),
  userUpdated({ current: null }),
  userUpdated({ current: { id: 8, username: 'jane', email: null } }),
];

/** The pattern over the whole payload, in the JSON form (mixed operators). */
const payloadPattern = {
  event: {
    name: 'user.updated',
    domain: { $oneOf: ['user', 'account'] },
    version: { $gte: 1, $lt: 3 },
    timestamp: { $gte: { $datetime: '2020-05-01T00:00:00Z' } },
    attributes: { email: { $match: '[a-z0-9_.]+@example\\.com$' } },
  },
  object: {
    current: {
      id: { $gt: 0 },
      username: { $not: { $oneOf: ['test', 'synthetic'] } },
      email: { $any: true },
    },
  },
} satisfies Pattern;

/** The same conditions as an event subscriber declares them (spec §6). */
const subscriberAttributes = {
  name: payloadPattern.event.name,
  domain: payloadPattern.event.domain,
  version: payloadPattern.event.version,
  timestamp: payloadPattern.event.timestamp,
  attributes: payloadPattern.event.attributes,
  objectCurrent: payloadPattern.object.current,
} satisfies EventPatternAttributes;

type MongoQuery = Record<string, unknown>;

/**
 * Translates the JSON pattern form to the MongoDB query language, mechanically: nested object
 * patterns become dotted paths; `$oneOf` → `$in`; `$not` of `$oneOf` → `$nin`; `$match` "re" →
 * `$regex` anchored at the start; `$any` → `$exists`; `{$datetime}` → a `Date`. Only the
 * operators this benchmark uses are supported: anything else throws.
 */
function toMongo(pattern: Record<string, unknown>, prefix = ''): MongoQuery {
  const query: MongoQuery = {};
  for (const [key, sub] of Object.entries(pattern)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof sub !== 'object' || sub === null) {
      query[path] = sub;
    } else if (Object.keys(sub).every((k) => k.startsWith('$'))) {
      query[path] = toMongoOperators(sub as Record<string, unknown>);
    } else {
      Object.assign(query, toMongo(sub as Record<string, unknown>, path));
    }
  }
  return query;
}

function toMongoValue(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && '$datetime' in value) {
    return new Date((value as { $datetime: string }).$datetime);
  }
  return value;
}

function toMongoOperators(ops: Record<string, unknown>): MongoQuery {
  const out: MongoQuery = {};
  for (const [op, arg] of Object.entries(ops)) {
    switch (op) {
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        out[op] = toMongoValue(arg);
        break;
      case '$oneOf':
        out.$in = arg;
        break;
      case '$match':
        out.$regex = new RegExp(`^(?:${arg as string})`);
        break;
      case '$any':
        out.$exists = true;
        break;
      case '$not': {
        const inner = arg as Record<string, unknown>;
        if (!('$oneOf' in inner)) throw new Error(`toMongo: unsupported $not ${JSON.stringify(arg)}`);
        out.$nin = inner.$oneOf;
        break;
      }
      default:
        throw new Error(`toMongo: unsupported operator ${op}`);
    }
  }
  return out;
}

const EMAIL = /^[a-z0-9_.]+@example\.com$/;
const SINCE = Date.parse('2020-05-01T00:00:00Z');

/** The floor: the same conditions written by hand for this payload type. */
function handWritten(p: MegaPayload): boolean {
  const e = p.event;
  if (e.name !== 'user.updated') return false;
  if (e.domain !== 'user' && e.domain !== 'account') return false;
  if (!(e.version >= 1 && e.version < 3)) return false;
  if (!(e.timestamp.getTime() >= SINCE)) return false;
  const email = e.attributes.email;
  if (typeof email !== 'string' || !EMAIL.test(email)) return false;
  const current = p.object?.current;
  if (current === undefined) return false;
  const id = current.id;
  if (!(typeof id === 'number' && id > 0)) return false;
  if (current.username === 'test' || current.username === 'synthetic') return false;
  return Object.hasOwn(current, 'email');
}

async function benchSinglePattern() {
  const ours = compilePattern(payloadPattern);
  const oursEvent = eventPattern(subscriberAttributes);
  const mongoQuery = toMongo(payloadPattern);
  const siftTest = sift(mongoQuery);
  const mingoQuery = new Query(mongoQuery);
  // Every peer is a (payload) => boolean called the same way, through one indirect call.
  const peers: Record<string, (p: MegaPayload) => boolean> = {
    'ours (compilePattern)': ours.test,
    'ours (eventPattern)': oursEvent.test,
    'hand-written': handWritten,
    sift: siftTest,
    mingo: (p) => mingoQuery.test(p as unknown as Record<string, unknown>),
  };

  // Same answers first.
  const expected = values.map(handWritten);
  for (const [name, test] of Object.entries(peers)) {
    const answers = values.map(test);
    if (answers.join() !== expected.join()) {
      throw new Error(`${name} disagrees with the hand-written predicate: ${answers.join()} vs ${expected.join()}`);
    }
  }
  const matches = expected.filter(Boolean).length;
  console.log(`Value set: ${values.length} payloads, ${matches} match; all peers agree on every one.`);

  const over = (test: (p: MegaPayload) => boolean) => () => {
    let n = 0;
    for (const v of values) if (test(v)) n++;
    return n;
  };
  // Steady state: past the matcher's tier-up threshold (500 calls) before anything is timed.
  for (let pass = 0; pass < 100; pass++) for (const peer of Object.values(peers)) over(peer)();
  const timings = await compare({
    ours: over(peers['ours (compilePattern)']!),
    oursEvent: over(peers['ours (eventPattern)']!),
    handWritten: over(peers['hand-written']!),
    sift: over(peers.sift!),
    mingo: over(peers.mingo!),
  }, { rounds: ROUNDS });
  const perTest = (ns: number) => ns / values.length;
  const floor = perTest(timings.handWritten);
  const rows = [
    { peer: 'hand-written (floor)', nsPerTest: floor },
    { peer: '@sqs-mega/core compilePattern', nsPerTest: perTest(timings.ours) },
    { peer: '@sqs-mega/core eventPattern', nsPerTest: perTest(timings.oursEvent) },
    { peer: 'sift', nsPerTest: perTest(timings.sift) },
    { peer: 'mingo', nsPerTest: perTest(timings.mingo) },
  ].map((r) => ({
    ...r,
    vsHandWritten: r.nsPerTest / floor,
    oursFasterBy: r.nsPerTest / perTest(timings.ours),
  }));
  printTable(
    ['peer', 'ns/test', 'vs hand-written', 'compilePattern is faster by'],
    rows.map((r) => [r.peer, fixed(r.nsPerTest, 1), `${fixed(r.vsHandWritten)}×`, `${fixed(r.oursFasterBy, 1)}×`]),
  );
  const oursVsFloor = perTest(timings.ours) / floor;
  const eventVsFloor = perTest(timings.oursEvent) / floor;
  const siftVsOurs = perTest(timings.sift) / perTest(timings.ours);
  const mingoVsOurs = perTest(timings.mingo) / perTest(timings.ours);
  console.log(
    `Targets: ours ≤ 2× hand-written → compilePattern ${fixed(oursVsFloor)}×, eventPattern ${fixed(eventVsFloor)}× ` +
      `(${oursVsFloor <= 2 && eventVsFloor <= 2 ? 'met' : 'MISSED'}); ` +
      `≥ 10× faster than sift → ${fixed(siftVsOurs, 1)}× (${siftVsOurs >= 10 ? 'met' : 'MISSED'}); ` +
      `mingo is ${fixed(mingoVsOurs, 1)}× slower than ours.`,
  );
  return {
    pattern: payloadPattern,
    subscriberAttributes,
    mongoQuery: JSON.parse(JSON.stringify(mongoQuery, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))),
    valueCount: values.length,
    matchingValues: matches,
    rows,
    targets: {
      oursVsHandWritten: { compilePattern: oursVsFloor, eventPattern: eventVsFloor, target: 2 },
      siftVsOurs: { ratio: siftVsOurs, target: 10 },
      mingoVsOurs: mingoVsOurs,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 2. The router

const DOMAINS = [
  'user', 'account', 'auth', 'cart', 'order', 'billing', 'payment', 'invoice', 'shipping', 'inventory',
  'catalog', 'pricing', 'review', 'notification', 'search', 'support', 'subscription', 'warehouse', 'loyalty', 'report',
];
const ENTITIES = [
  'profile', 'session', 'token', 'item', 'line', 'address', 'card', 'refund', 'coupon', 'discount',
  'product', 'variant', 'bundle', 'stock', 'reservation', 'shipment', 'parcel', 'label', 'carrier', 'route',
  'ticket', 'comment', 'rating', 'email', 'sms', 'push', 'plan', 'trial', 'seat', 'quota',
  'tier', 'point', 'reward', 'export', 'schedule', 'job', 'batch', 'file', 'image', 'tag',
  'category', 'brand', 'store', 'region', 'currency', 'tax', 'fee', 'payout', 'dispute', 'audit',
];
const ACTIONS = ['created', 'updated', 'deleted', 'archived', 'restored', 'approved', 'rejected', 'expired', 'viewed', 'exported'];

/** 10,000 distinct realistic event names, interleaved so any first N spread over domains and actions. */
const ALL_NAMES: string[] = [];
for (let i = 0; i < ENTITIES.length * ACTIONS.length; i++) {
  for (const domain of DOMAINS) {
    ALL_NAMES.push(`${domain}.${ENTITIES[i % ENTITIES.length]}.${ACTIONS[Math.floor(i / ENTITIES.length)]}`);
  }
}

/** A small deterministic PRNG, so every run routes the same messages to the same subscribers. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * N subscribers, shaped like real ones: most subscribe to one event name (some with conditions on
 * the object), some to a few names, some to a name prefix (`^billing\.invoice\.`); plus a constant
 * handful that are not indexable at all (an audit log of everything, a domain-wide one, a regex).
 */
function subscribersFor(n: number): EventPatternAttributes[] {
  const random = prng(n);
  const names = ALL_NAMES.slice(0, n);
  const subs: EventPatternAttributes[] = [
    {},
    { domain: 'user', version: { $gte: 1 } },
    { name: { $match: '.*\\.deleted$' }, objectId: { $any: true } },
  ];
  for (let i = subs.length; i < n; i++) {
    const name = names[i]!;
    const r = random();
    if (r < 0.7) subs.push({ name });
    else if (r < 0.85) subs.push({ name, objectCurrent: { id: { $gt: 0 } } });
    else if (r < 0.95) subs.push({ name: { $oneOf: [name, names[Math.floor(random() * n)]!] } });
    else subs.push({ name: { $match: `^${name.slice(0, name.lastIndexOf('.') + 1).replaceAll('.', '\\.')}` } });
  }
  return subs;
}

function decoded(name: string, i: number): DecodedBody {
  const domain = name.slice(0, name.indexOf('.'));
  return {
    kind: 'mega',
    encoding: 'json',
    document: {},
    payload: {
      protocol: 'mega',
      version: 1,
      event: { name, timestamp: new Date(1588607607823 + i), version: 1, domain, attributes: {} },
      object: { type: domain, id: String(i), version: 1, current: { id: i, status: 'active' } },
    },
  };
}

async function benchRouter() {
  const sizes = [10, 100, 1_000, 10_000] as const;
  const routers = new Map<number, { route: () => number; perMessage: number; messages: DecodedBody[] }>();
  for (const n of sizes) {
    const router = new SubscriberRouter<number>();
    const subs = subscribersFor(n);
    subs.forEach((s, i) => router.add({ kind: 'event', pattern: s }, i));
    // Messages: names some subscriber listens to (9 in 10) and names nobody listens to.
    const random = prng(1000 + n);
    const messages = Array.from({ length: 256 }, (_, i) =>
      decoded(random() < 0.9 ? ALL_NAMES[Math.floor(random() * n)]! : `unknown.${i}.created`, i),
    );
    // Check the index against testing every subscriber, on these very messages.
    const compiled = subs.map((s) => eventPattern(s));
    for (const m of messages) {
      const expected = compiled.flatMap((p, i) => (m.kind === 'mega' && p.test(m.payload) ? [i] : []));
      const got = router.route(m);
      if (got.join() !== expected.join()) throw new Error(`router with ${n} subscribers disagrees on ${JSON.stringify(m)}`);
    }
    routers.set(n, {
      messages,
      perMessage: messages.length,
      route: () => {
        let delivered = 0;
        for (const m of messages) delivered += router.route(m).length;
        return delivered;
      },
    });
  }
  // Steady state: every pattern a message reaches has passed the matcher's tier-up threshold
  // (500 calls, then generated code) before timing, so no compilation lands inside a timed round.
  for (const r of routers.values()) for (let pass = 0; pass < 600; pass++) r.route();
  const timings = await compare(
    Object.fromEntries([...routers].map(([n, r]) => [`n${n}`, r.route])) as Record<string, () => number>,
    { rounds: ROUNDS },
  );
  const base = timings.n10! / 256;
  const rows = sizes.map((n) => {
    const nsPerMessage = timings[`n${n}`]! / 256;
    const deliveries = routers.get(n)!.route() / 256;
    return { subscribers: n, nsPerMessage, vsTen: nsPerMessage / base, deliveriesPerMessage: deliveries };
  });
  printTable(
    ['subscribers', 'ns/message', 'vs 10 subscribers', 'deliveries/message'],
    rows.map((r) => [r.subscribers.toLocaleString('en-US'), fixed(r.nsPerMessage, 1), `${fixed(r.vsTen)}×`, fixed(r.deliveriesPerMessage)]),
  );
  const worst = rows[rows.length - 1]!.vsTen;
  console.log(`Target: cost at 10,000 < 3× the cost at 10 → ${fixed(worst)}× (${worst < 3 ? 'met' : 'MISSED'}).`);
  return { messagesPerRound: 256, rows, target: { at10000VsAt10: worst, target: 3 } };
}

console.log('## Single pattern: mixed operators over a MEGA event\n');
const single = await benchSinglePattern();
console.log('\n## Router: per-message cost as subscribers grow\n');
const router = await benchRouter();
console.log(`\nWrote ${writeResults('matcher', { singlePattern: single, router })}`);
