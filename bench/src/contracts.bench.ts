/**
 * Event-contract benchmark: the per-message CPU of "decode + validate + route" through core's
 * `Dispatcher`, with no contract (a plain `eventSubscriber` on the same name, version and domain,
 * whose handler does nothing) against `contractSubscriber` with the same ~10-field
 * `object.current` schema written with valibot, zod and arktype, all measured side by side,
 * interleaved, in one run. Bodies: a pool of distinct realistic MEGA JSON bodies built with
 * `contract.build()` and `encodeBody`, cycled; each sample is the whole pool dispatched, awaited one
 * after another.
 *
 * A breakdown follows, so a miss can be traced: inside the dispatcher (a contract whose schema
 * costs nothing — core's contract layer alone — and the valibot schema without its checks), and
 * outside it (decodeBody, each schema alone, `contract.parse`, and the copy `parse` makes of the
 * payload). Last, the budget: how much of the target the schema library's own time takes.
 *
 * Target: a contract with a valibot schema of ~10 fields adds ≤ 25 % to the per-message CPU of
 * decode + route. Run: `npx turbo run build --filter=@sqs-mega/core` at the root, then
 * `cd bench && npm run bench:contracts`. Results: results/contracts.json.
 */
import {
  contractSubscriber,
  decodeBody,
  defineEvent,
  Dispatcher,
  encodeBody,
  eventSubscriber,
  ProcessStatus,
  type AnySchema,
  type EventContract,
  type MegaPayload,
} from '@sqs-mega/core';
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';
import { compare, fixed, printTable, writeResults } from './harness.js';

/** Interleaved rounds per case: more than the harness default, the machine is shared. */
const ROUNDS = 9;
/** Distinct bodies in the pool, cycled. */
const POOL = 256;
/** The target: the valibot contract's cost ≤ this many times the cost without a contract. */
const TARGET = 1.25;

const EVENT = { name: 'user.updated', version: 2, domain: 'accounts' } as const;
const PLANS = ['free', 'pro', 'enterprise'] as const;

// ---------------------------------------------------------------------------------------------
// The same schema of `object.current`, in each library: 10 fields (numbers, strings with email and
// length checks, a boolean, an enum, an ISO date string, a nested object of 2 fields, an array of
// strings).

const valibotUser = v.object({
  id: v.pipe(v.number(), v.integer(), v.minValue(1)),
  email: v.pipe(v.string(), v.email()),
  username: v.pipe(v.string(), v.minLength(3), v.maxLength(32)),
  fullName: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  age: v.pipe(v.number(), v.integer(), v.minValue(13), v.maxValue(130)),
  verified: v.boolean(),
  plan: v.picklist(PLANS),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  address: v.object({ city: v.pipe(v.string(), v.minLength(1)), country: v.pipe(v.string(), v.length(2)) }),
  tags: v.pipe(v.array(v.string()), v.maxLength(10)),
});

const zodUser = z.object({
  id: z.number().int().min(1),
  email: z.email(),
  username: z.string().min(3).max(32),
  fullName: z.string().min(1).max(100),
  age: z.number().int().min(13).max(130),
  verified: z.boolean(),
  plan: z.enum(PLANS),
  createdAt: z.iso.datetime(),
  address: z.object({ city: z.string().min(1), country: z.string().length(2) }),
  tags: z.array(z.string()).max(10),
});

const arktypeUser = type({
  id: 'number.integer >= 1',
  email: 'string.email',
  username: '3 <= string <= 32',
  fullName: '1 <= string <= 100',
  age: '13 <= number.integer <= 130',
  verified: 'boolean',
  plan: "'free' | 'pro' | 'enterprise'",
  createdAt: 'string.date.iso',
  address: { city: 'string > 0', country: 'string == 2' },
  tags: 'string[] <= 10',
});

/**
 * A Standard Schema that accepts anything and returns it as is: a contract with it costs exactly
 * what core's contract layer adds (header check, the checks, validateSync, the copy, the async
 * wrapper), with no schema library's time in it.
 */
const passThrough: AnySchema = { '~standard': { version: 1, vendor: 'bench', validate: (value: unknown) => ({ value }) } };

/** The valibot schema with the same fields and types, and none of the checks (no email, length, range or ISO date). */
const valibotTypesOnly = v.object({
  id: v.number(),
  email: v.string(),
  username: v.string(),
  fullName: v.string(),
  age: v.number(),
  verified: v.boolean(),
  plan: v.picklist(PLANS),
  createdAt: v.string(),
  address: v.object({ city: v.string(), country: v.string() }),
  tags: v.array(v.string()),
});

const schemas = { valibot: valibotUser, zod: zodUser, arktype: arktypeUser } satisfies Record<string, AnySchema>;
type Library = keyof typeof schemas;
const LIBRARIES = Object.keys(schemas) as Library[];

const contracts = {
  valibot: defineEvent({ ...EVENT, object: { current: valibotUser } }),
  zod: defineEvent({ ...EVENT, object: { current: zodUser } }),
  arktype: defineEvent({ ...EVENT, object: { current: arktypeUser } }),
};
const passThroughContract = defineEvent({ ...EVENT, object: { current: passThrough } });
const valibotTypesOnlyContract = defineEvent({ ...EVENT, object: { current: valibotTypesOnly } });

// ---------------------------------------------------------------------------------------------
// Bodies

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Tim', 'Frances', 'Niklaus'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Perlman', 'Berners-Lee', 'Allen', 'Wirth'];
const CITIES: [string, string][] = [['Lisbon', 'PT'], ['Berlin', 'DE'], ['São Paulo', 'BR'], ['Osaka', 'JP'], ['Toronto', 'CA'], ['Nairobi', 'KE'], ['Lyon', 'FR']];
const TAGS = ['beta', 'newsletter', 'mobile', 'vip', 'churn-risk', 'referral', 'support', 'trial', 'annual', 'eu'];

/** The `i`-th user: every field varies, so no two bodies are alike. */
function user(i: number) {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[(i * 7) % LAST.length]!;
  const username = `${first}.${last}${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
  const [city, country] = CITIES[i % CITIES.length]!;
  return {
    id: 100_000 + i * 37,
    email: `${username}@example.com`,
    username,
    fullName: `${first} ${last}`,
    age: 18 + (i % 60),
    verified: i % 3 !== 0,
    plan: PLANS[i % PLANS.length]!,
    createdAt: new Date(Date.UTC(2019, i % 12, 1 + (i % 28), i % 24, (i * 13) % 60, (i * 7) % 60, i % 1000)).toISOString(),
    address: { city, country },
    tags: TAGS.slice(i % 4, (i % 4) + 1 + (i % 6)),
  };
}

/** A realistic user.updated@2 MEGA payload, built (and validated) by the contract. */
function payloadOf(i: number): MegaPayload {
  return contracts.valibot.build({
    timestamp: new Date(Date.UTC(2020, 4, 4, 15, 53, 27, 823) + i * 1000),
    subject: String(100_000 + i * 37),
    publisher: 'accounts-api',
    object: { type: 'user', id: String(100_000 + i * 37), version: 1 + (i % 9), current: user(i) },
    extra: { traceId: `1-5f84c7a4-${(0x1d2c3b4a + i * 7919).toString(16)}`, ip_address: `203.0.113.${i % 250}` },
    attributes: { source: i % 2 === 0 ? 'web' : 'api' },
  });
}

const payloads = Array.from({ length: POOL }, (_, i) => payloadOf(i));
const bodies = payloads.map((p) => encodeBody(p));
const signal = new AbortController().signal;
const inputs = bodies.map((body, i) => ({ messageId: `m-${i}`, body, receiveCount: 1, attributes: {}, messageAttributes: {}, signal }));
const bodyBytes = bodies.map((b) => new TextEncoder().encode(b).length);

// ---------------------------------------------------------------------------------------------
// Dispatchers

const noop = (): void => {};

function dispatcherWith(subscriber: Parameters<Dispatcher['register']>[0]): Dispatcher {
  const dispatcher = new Dispatcher();
  dispatcher.register(subscriber);
  return dispatcher;
}

const pattern = { name: EVENT.name, version: EVENT.version, domain: EVENT.domain };
const dispatchers = {
  none: dispatcherWith(eventSubscriber(pattern, noop, { name: 'none' })),
  valibot: dispatcherWith(contractSubscriber(contracts.valibot, noop, { name: 'valibot' })),
  zod: dispatcherWith(contractSubscriber(contracts.zod, noop, { name: 'zod' })),
  arktype: dispatcherWith(contractSubscriber(contracts.arktype, noop, { name: 'arktype' })),
  // The breakdown: a contract whose schema costs nothing; the valibot schema without its checks.
  passThrough: dispatcherWith(contractSubscriber(passThroughContract, noop, { name: 'pass-through schema' })),
  valibotTypesOnly: dispatcherWith(contractSubscriber(valibotTypesOnlyContract, noop, { name: 'valibot, types only' })),
};
type Case = keyof typeof dispatchers;

/** Every body is delivered and deleted; a broken one is refused by every library's contract. */
async function checkDispatchers(): Promise<void> {
  for (const [name, dispatcher] of Object.entries(dispatchers)) {
    for (const input of inputs) {
      const outcome = await dispatcher.dispatch(input);
      const first = outcome.outcomes[0];
      if (outcome.action !== 'delete' || outcome.unrecognized || first?.status !== ProcessStatus.DONE || first.error !== undefined) {
        throw new Error(`${name}: ${input.messageId} was not delivered and deleted: ${JSON.stringify(outcome.outcomes)}`);
      }
    }
  }
  const broken = { ...payloads[0]!, object: { ...payloads[0]!.object!, current: { ...user(0), email: 'not-an-email', age: 7 } } };
  for (const library of LIBRARIES) {
    const outcome = await dispatchers[library].dispatch({ ...inputs[0]!, body: encodeBody(broken) });
    if (outcome.outcomes[0]?.status !== ProcessStatus.FATAL_ERROR) throw new Error(`${library} let a broken body through`);
    const result = contracts[library].parse(broken);
    if (result.ok || result.violation.issues.length !== 2) throw new Error(`${library} did not find the 2 issues of the broken body`);
  }
}

const dispatchAll = (dispatcher: Dispatcher) => async () => {
  let deleted = 0;
  for (const input of inputs) if ((await dispatcher.dispatch(input)).action === 'delete') deleted++;
  return deleted;
};

async function benchDispatch() {
  await checkDispatchers();
  // Steady state: every path warmed (the matcher tiers up after 500 calls) before anything is timed.
  for (let pass = 0; pass < 20; pass++) for (const dispatcher of Object.values(dispatchers)) await dispatchAll(dispatcher)();
  const cases = Object.fromEntries(Object.entries(dispatchers).map(([name, d]) => [name, dispatchAll(d)])) as Record<Case, () => Promise<number>>;
  const timings = await compare(cases, { rounds: ROUNDS, awaitEach: true });
  const perMessage = (name: Case) => timings[name] / POOL;
  const base = perMessage('none');
  const rows = (['none', ...LIBRARIES] as const).map((name) => ({
    subscriber: name === 'none' ? 'no contract (eventSubscriber)' : `contractSubscriber, ${name}`,
    nsPerMessage: perMessage(name),
    vsNoContract: perMessage(name) / base,
    addedNsPerMessage: perMessage(name) - base,
  }));
  printTable(
    ['subscriber', 'ns/message', 'vs no contract', 'added ns/message'],
    rows.map((r) => [r.subscriber, fixed(r.nsPerMessage, 0), `${fixed(r.vsNoContract)}×`, r.subscriber.startsWith('no') ? '—' : `+${fixed(r.addedNsPerMessage, 0)}`]),
  );
  const ratio = perMessage('valibot') / base;
  console.log(
    `\nTarget: a valibot contract of ~10 fields adds ≤ ${fixed((TARGET - 1) * 100, 0)} % to decode + route → ` +
      `${fixed(ratio, 3)}× (+${fixed((ratio - 1) * 100, 1)} %): ${ratio <= TARGET ? 'PASS' : 'MISS'}`,
  );
  const inside = [
    { step: 'no contract: decode + route + a sync no-op handler', nsPerMessage: base },
    { step: "contractSubscriber, a pass-through schema (core's contract layer alone)", nsPerMessage: perMessage('passThrough') },
    { step: 'contractSubscriber, valibot without checks (types only)', nsPerMessage: perMessage('valibotTypesOnly') },
    { step: 'contractSubscriber, valibot (all of it)', nsPerMessage: perMessage('valibot') },
  ].map((r) => ({ ...r, vsNoContract: r.nsPerMessage / base, addedNsPerMessage: r.nsPerMessage - base }));
  return { rows, inside, target: { valibotVsNoContract: ratio, target: TARGET, met: ratio <= TARGET } };
}

/** Outside the dispatcher: where the contract's time goes, per message, over the same pool. */
async function benchBreakdown() {
  const decoded = bodies.map((b) => {
    const d = decodeBody(b);
    if (d.kind !== 'mega') throw new Error('expected a MEGA body');
    return d.payload;
  });
  const currents = decoded.map((p) => p.object!.current);
  const over =
    <T>(items: readonly T[], f: (item: T) => unknown) =>
    () => {
      let last: unknown;
      for (const item of items) last = f(item);
      return last;
    };
  const validate = (schema: AnySchema) => (value: unknown) => schema['~standard'].validate(value);
  const parse = (contract: EventContract) => (payload: MegaPayload) => contract.parse(payload);
  // The copy parse makes of the payload before it puts the schema's output in place.
  const copy = (p: MegaPayload) => ({ ...p, event: { ...p.event }, object: { ...p.object } });
  const cases = {
    decodeBody: over(bodies, decodeBody),
    copy: over(decoded, copy),
    ...Object.fromEntries(LIBRARIES.map((l) => [`schema:${l}`, over(currents, validate(schemas[l]))])),
    ...Object.fromEntries(LIBRARIES.map((l) => [`parse:${l}`, over(decoded, parse(contracts[l] as unknown as EventContract))])),
    'parse:passThrough': over(decoded, parse(passThroughContract as unknown as EventContract)),
    'schema:valibotTypesOnly': over(currents, validate(valibotTypesOnly)),
  } as Record<string, () => unknown>;
  for (let pass = 0; pass < 50; pass++) for (const f of Object.values(cases)) f();
  const timings = await compare(cases, { rounds: ROUNDS });
  const ns = (name: string) => timings[name]! / POOL;
  const rows = [
    { step: 'decodeBody (JSON body → payload)', library: '—', nsPerMessage: ns('decodeBody') },
    { step: "parse's copy of the payload (3 spreads)", library: '—', nsPerMessage: ns('copy') },
    { step: 'contract.parse with a pass-through schema (core alone)', library: '—', nsPerMessage: ns('parse:passThrough') },
    { step: 'the schema alone, without checks (types only)', library: 'valibot', nsPerMessage: ns('schema:valibotTypesOnly') },
    ...LIBRARIES.flatMap((l) => [
      { step: "the schema alone (['~standard'].validate)", library: l, nsPerMessage: ns(`schema:${l}`) },
      { step: 'contract.parse (header + schema + copy)', library: l, nsPerMessage: ns(`parse:${l}`) },
    ]),
  ];
  return rows;
}

console.log(`## Decode + validate + route through the Dispatcher (${POOL} distinct bodies, ${Math.min(...bodyBytes)}–${Math.max(...bodyBytes)} B of JSON)\n`);
const dispatch = await benchDispatch();
console.log('\n## Breakdown inside the Dispatcher (valibot)\n');
printTable(
  ['step', 'ns/message', 'vs no contract', 'added ns/message'],
  dispatch.inside.map((r, i) => [r.step, fixed(r.nsPerMessage, 0), `${fixed(r.vsNoContract)}×`, i === 0 ? '—' : `+${fixed(r.addedNsPerMessage, 0)}`]),
);
console.log('\n## Breakdown outside the Dispatcher (sync calls over the decoded pool)\n');
const breakdown = await benchBreakdown();
printTable(
  ['step', 'library', 'ns/message'],
  breakdown.map((r) => [r.step, r.library, fixed(r.nsPerMessage, 0)]),
);

// What the target asks of core, apart from the schema library: the valibot schema's own time
// against decode + route, and core's contract layer (a pass-through schema) against the same.
const base = dispatch.rows[0]!.nsPerMessage;
const schemaAlone = breakdown.find((r) => r.library === 'valibot' && r.step.startsWith('the schema alone ('))!.nsPerMessage;
const coreLayer = dispatch.inside.find((r) => r.step.includes('pass-through'))!.addedNsPerMessage;
const budget = {
  decodeAndRouteNs: base,
  budgetNs: base * (TARGET - 1),
  valibotSchemaAloneNs: schemaAlone,
  valibotSchemaAloneVsBase: schemaAlone / base,
  coreLayerAddedNs: coreLayer,
  coreLayerVsBase: coreLayer / base,
};
console.log(
  `\nBudget: ${fixed((TARGET - 1) * 100, 0)} % of ${fixed(base, 0)} ns is ${fixed(budget.budgetNs, 0)} ns. ` +
    `The valibot schema alone takes ${fixed(schemaAlone, 0)} ns (${fixed(budget.valibotSchemaAloneVsBase * 100, 1)} % of decode + route); ` +
    `core's contract layer (a pass-through schema, in the dispatcher) adds ${fixed(coreLayer, 0)} ns (${fixed(budget.coreLayerVsBase * 100, 1)} %).`,
);
console.log(
  `\nWrote ${writeResults('contracts', {
    pool: POOL,
    bodyBytes: { min: Math.min(...bodyBytes), max: Math.max(...bodyBytes), mean: bodyBytes.reduce((a, b) => a + b, 0) / POOL },
    schemaFields: Object.keys(valibotUser.entries),
    sampleBody: bodies[1],
    dispatch: dispatch.rows,
    insideDispatcher: dispatch.inside,
    outsideDispatcher: breakdown,
    target: dispatch.target,
    budget,
  })}`,
);
