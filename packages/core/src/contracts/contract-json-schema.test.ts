/**
 * `toJsonSchema` and `asyncApiDocument`: the document layout around each part, each library's part
 * as it gives it, and the parts it cannot give. (That real payloads validate against the schema is
 * checked with ajv in `@sqs-mega/node`'s tests, where ajv is at hand.)
 */
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asyncApiDocument, messageKey } from './asyncapi-document.js';
import { toJsonSchema } from './contract-json-schema.js';
import { ContractInvalidError, defineEvent } from './define-event.js';
import type { AnySchema } from './schema-validation.js';

const zodUser = defineEvent({
  name: 'user.updated',
  version: 2,
  domain: 'accounts',
  object: { current: z.object({ id: z.number(), email: z.email() }), previous: z.object({ email: z.string() }) },
  extra: z.object({ traceId: z.string() }),
  attributes: z.object({ source: z.enum(['web', 'api']) }),
});

/** A Standard Schema with no JSON Schema interface, accepting anything. */
const bare: AnySchema = { '~standard': { version: 1, vendor: 'hand-written', validate: (value) => ({ value }) } };

/** A Standard Schema whose JSON Schema conversion throws. */
const refusing = {
  '~standard': {
    version: 1,
    vendor: 'hand-written',
    validate: (value: unknown) => ({ value }),
    jsonSchema: {
      input: () => {
        throw new Error('custom checks have no JSON Schema');
      },
      output: () => ({}),
    },
  },
} as AnySchema;

describe('toJsonSchema', () => {
  it('writes the whole MEGA document: header constants, event, object and extra, each part from its schema input', () => {
    const { schema, unexpressed } = toJsonSchema(zodUser);
    expect(unexpressed).toEqual([]);
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'user.updated@2',
      type: 'object',
      required: ['protocol', 'version', 'event', 'object', 'extra'],
      properties: {
        protocol: { const: 'mega' },
        version: { const: 1 },
        event: {
          type: 'object',
          required: ['name', 'timestamp', 'version', 'domain', 'attributes'],
          properties: {
            name: { const: 'user.updated' },
            version: { const: 2 },
            domain: { const: 'accounts' },
            timestamp: { type: 'string', format: 'date-time' },
            attributes: { type: 'object', properties: { source: { enum: ['web', 'api'] } }, required: ['source'] },
          },
        },
        object: {
          type: 'object',
          required: ['current'],
          properties: {
            current: { type: 'object', properties: { id: { type: 'number' }, email: { type: 'string', format: 'email' } }, required: ['id', 'email'] },
            previous: { type: 'object', properties: { email: { type: 'string' } } },
          },
        },
        extra: { type: 'object', properties: { traceId: { type: 'string' } }, required: ['traceId'] },
      },
    });
    // Only the root names the dialect.
    const current = (schema['properties'] as Record<string, { properties: Record<string, unknown> }>)['object']!.properties['current'];
    expect(current).not.toHaveProperty('$schema');
  });

  it('writes the input side of a schema, not its output', () => {
    const contract = defineEvent({ name: 'n', object: { current: z.object({ count: z.string().transform(Number), plan: z.string().default('free') }) } });
    const current = (toJsonSchema(contract).schema as { properties: { object: { properties: { current: unknown } } } }).properties.object.properties.current;
    expect(current).toMatchObject({ properties: { count: { type: 'string' }, plan: { type: 'string', default: 'free' } }, required: ['count'] });
  });

  it('takes the JSON Schema of arktype schemas through the same interface', () => {
    const contract = defineEvent({ name: 'user.updated', object: { current: type({ id: 'number', email: 'string.email' }) } });
    const { schema, unexpressed } = toJsonSchema(contract);
    expect(unexpressed).toEqual([]);
    expect(schema).toMatchObject({
      required: ['protocol', 'version', 'event', 'object'],
      properties: { object: { properties: { current: { type: 'object', properties: { id: { type: 'number' }, email: { type: 'string', format: 'email' } } } } } },
    });
  });

  it('leaves a part unconstrained and reports it when its schema has no JSON Schema interface (valibot without its wrapper, a hand-written schema)', () => {
    const contract = defineEvent({ name: 'user.updated', object: { current: v.object({ id: v.number() }) }, extra: bare });
    const { schema, unexpressed } = toJsonSchema(contract);
    expect(unexpressed).toEqual([
      { part: 'object.current', reason: expect.stringMatching(/its valibot schema has no Standard JSON Schema interface.*pass a converter/) },
      { part: 'extra', reason: expect.stringMatching(/its hand-written schema has no Standard JSON Schema interface/) },
    ]);
    const properties = schema['properties'] as Record<string, { properties?: Record<string, unknown> }>;
    expect(properties['object']!.properties!['current']).toEqual({});
    expect(properties['extra']).toEqual({});
  });

  it('reports the message of a conversion that throws, and leaves that part unconstrained', () => {
    const contract = defineEvent({ name: 'user.updated', attributes: refusing });
    const { schema, unexpressed } = toJsonSchema(contract);
    expect(unexpressed).toEqual([{ part: 'attributes', reason: 'its conversion to JSON Schema threw: custom checks have no JSON Schema' }]);
    expect((schema as { properties: { event: { properties: { attributes: unknown } } } }).properties.event.properties.attributes).toEqual({});
  });

  it('uses a converter before the interface, falling back to the interface when it returns undefined', () => {
    const contract = defineEvent({ name: 'user.updated', object: { current: bare }, extra: z.object({ a: z.string() }) });
    const seen: unknown[] = [];
    const { schema, unexpressed } = toJsonSchema(contract, {
      target: 'draft-07',
      converter: (part, name, target) => {
        seen.push([name, target]);
        return part === bare ? { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['id'] } : undefined;
      },
    });
    expect(unexpressed).toEqual([]);
    expect(seen).toEqual([
      ['object.current', 'draft-07'],
      ['extra', 'draft-07'],
    ]);
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      properties: { object: { properties: { current: { type: 'object', required: ['id'] } } }, extra: { properties: { a: { type: 'string' } } } },
    });
  });

  it('requires attributes and extra only when their schema refuses an empty object, and event.version only when it is not 1', () => {
    const lenient = defineEvent({ name: 'n', extra: z.object({ a: z.string().optional() }), attributes: z.object({}) });
    const { schema } = toJsonSchema(lenient);
    expect(schema['required']).toEqual(['protocol', 'version', 'event']);
    expect((schema as { properties: { event: { required: unknown } } }).properties.event.required).toEqual(['name', 'timestamp']);
    expect((schema as { properties: { event: { properties: { domain: unknown } } } }).properties.event.properties.domain).toEqual({ type: 'string' });
  });

  it('rewrites local $refs of a part to where the part sits, in the document or in a larger one', () => {
    interface Tree {
      name: string;
      children: Tree[];
    }
    const tree: z.ZodType<Tree> = z.object({ name: z.string(), get children() { return z.array(tree); } });
    const contract = defineEvent({ name: 'tree.grown', object: { current: tree } });
    const at = (pointer?: string): unknown =>
      (toJsonSchema(contract, pointer === undefined ? {} : { pointer }).schema as { properties: { object: { properties: { current: { properties: { children: { items: unknown } } } } } } })
        .properties.object.properties.current.properties.children.items;
    expect(at()).toEqual({ $ref: '#/properties/object/properties/current' });
    expect(at('/components/messages/m/payload/schema')).toEqual({ $ref: '#/components/messages/m/payload/schema/properties/object/properties/current' });
  });
});

describe('asyncApiDocument', () => {
  it('gives each contract a channel named after its event when no channels are declared', () => {
    const v1 = defineEvent({ name: 'user.updated', version: 1, object: { current: z.object({ id: z.number() }) } });
    const { document, unexpressed } = asyncApiDocument({ contracts: [v1, zodUser], title: 'Accounts', version: '1.0.0' });
    expect(unexpressed).toEqual([]);
    expect(document).toMatchObject({
      asyncapi: '3.0.0',
      info: { title: 'Accounts', version: '1.0.0' },
      channels: {
        'user.updated': {
          address: 'user.updated',
          messages: {
            'user.updated.v1': { $ref: '#/components/messages/user.updated.v1' },
            'user.updated.v2': { $ref: '#/components/messages/user.updated.v2' },
          },
        },
      },
      operations: {
        'send-user.updated': { action: 'send', channel: { $ref: '#/channels/user.updated' } },
        'receive-user.updated': { action: 'receive', messages: [{ $ref: '#/channels/user.updated/messages/user.updated.v1' }, { $ref: '#/channels/user.updated/messages/user.updated.v2' }] },
      },
      components: {
        messages: {
          'user.updated.v2': {
            name: 'user.updated@2',
            payload: { schemaFormat: 'application/schema+json;version=draft-07', schema: { $schema: 'http://json-schema.org/draft-07/schema#', title: 'user.updated@2' } },
          },
        },
      },
    });
    expect(messageKey(zodUser)).toBe('user.updated.v2');
  });

  it('addresses declared queues and topics by name, keeping a topic ARN, and lists unexpressed parts in the document', () => {
    const opaque = defineEvent({ name: 'audit.logged', extra: bare });
    const { document, unexpressed } = asyncApiDocument({
      contracts: [],
      channels: {
        'user-events': { queue: 'user-events', contracts: [zodUser] },
        audit: { topic: 'arn:aws:sns:eu-west-1:123456789012:audit', contracts: [opaque], description: 'Audit trail.' },
      },
      title: 'Accounts',
      version: '2.1.0',
    });
    expect(unexpressed).toEqual([{ contract: 'audit.logged@1', part: 'extra', reason: expect.stringContaining('no Standard JSON Schema interface') }]);
    expect(document).toMatchObject({
      info: { description: expect.stringContaining('audit.logged@1 extra') },
      channels: {
        'user-events': { address: 'user-events', 'x-sqs-mega-transport': 'sqs' },
        audit: { address: 'audit', description: 'Audit trail.', 'x-sqs-mega-transport': 'sns', 'x-sqs-mega-topic-arn': 'arn:aws:sns:eu-west-1:123456789012:audit' },
      },
      components: { messages: { 'audit.logged.v1': { 'x-sqs-mega-unexpressed': [{ part: 'extra' }] } } },
      'x-sqs-mega-unexpressed': unexpressed,
    });
  });

  it('refuses channel declarations it cannot write, saying why', () => {
    const cases: [unknown, RegExp][] = [
      [{ 'user events': { queue: 'q', contracts: [zodUser] } }, /key "user events" may hold only letters/],
      [{ c: { contracts: [zodUser] } }, /channel c needs exactly one of queue .* and topic/],
      [{ c: { queue: 'q', topic: 't', contracts: [zodUser] } }, /channel c needs exactly one of queue/],
      [{ c: { queue: 'q', contracts: [] } }, /channel c needs a non-empty contracts list/],
      [{ c: { queue: 'q', contracts: [zodUser, defineEvent({ name: 'user.updated', version: 2 })] } }, /two different contracts are named user\.updated@2/],
    ];
    for (const [channels, reason] of cases) {
      expect(() => asyncApiDocument({ contracts: [], channels: channels as never, title: 't', version: '1' })).toThrow(ContractInvalidError);
      expect(() => asyncApiDocument({ contracts: [], channels: channels as never, title: 't', version: '1' })).toThrow(reason);
    }
  });
});
