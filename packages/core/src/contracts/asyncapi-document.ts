/**
 * `asyncApiDocument`: an AsyncAPI 3.0.0 document (a plain JSON value) of event contracts and the
 * SQS queues and SNS topics that carry them, for tools and teams in other languages. Pure: the
 * caller writes it where it wants (the `sqs-mega contracts` command of `@sqs-mega/node` does).
 *
 * Each contract is one message (`components.messages`), whose payload is its
 * {@link toJsonSchema} document in draft-07 — the JSON Schema dialect AsyncAPI parsers read.
 */
import { toJsonSchema, type ContractJsonSchemaOptions, type ContractPart, type JsonSchemaObject } from './contract-json-schema.js';
import { ContractInvalidError, type EventContract } from './define-event.js';

/**
 * Where contracts travel: an SQS queue (`queue`, its name) or an SNS topic (`topic`, its name or
 * ARN), and the contracts published there.
 *
 * @example
 * ```ts
 * export const channels = {
 *   'user-events': { queue: 'user-events', contracts: [userUpdated, userCreated] },
 *   'user-fanout': { topic: 'arn:aws:sns:eu-west-1:123456789012:users', contracts: [userUpdated] },
 * };
 * ```
 */
export type ChannelDeclaration = (
  | { readonly queue: string; readonly topic?: never }
  | { readonly topic: string; readonly queue?: never }
) & {
  readonly contracts: readonly EventContract[];
  /** @defaultValue none */
  readonly description?: string;
};

/** The channels of a document, by key (letters, digits, `.`, `-`, `_`). */
export type ChannelDeclarations = Readonly<Record<string, ChannelDeclaration>>;

/** What {@link asyncApiDocument} takes. */
export interface AsyncApiDocumentInput {
  /** The contracts to describe; the contracts of `channels` are added when missing. */
  readonly contracts: readonly EventContract[];
  /** Where they travel. @defaultValue one channel per contract, keyed and addressed by its event name */
  readonly channels?: ChannelDeclarations;
  /** `info.title`. */
  readonly title: string;
  /** `info.version`, the version of this API (not of AsyncAPI). */
  readonly version: string;
  /** `info.description`. @defaultValue none */
  readonly description?: string;
  /** Passed to {@link toJsonSchema} for each contract (`target` and `pointer` are set here). @defaultValue none */
  readonly jsonSchema?: Pick<ContractJsonSchemaOptions, 'converter'>;
}

/** A contract part the document leaves unconstrained, and why. */
export interface UnexpressedContractPart {
  /** The contract, `name@version`. */
  readonly contract: string;
  readonly part: ContractPart;
  readonly reason: string;
}

/** What {@link asyncApiDocument} returns. */
export interface AsyncApiDocumentResult {
  /** The AsyncAPI 3.0.0 document, ready for `JSON.stringify`. */
  readonly document: JsonSchemaObject;
  /** The parts left unconstrained in the payloads (also in the document as `x-sqs-mega-unexpressed`). */
  readonly unexpressed: readonly UnexpressedContractPart[];
}

const KEY = /^[A-Za-z0-9.\-_]+$/;

/** The key of a contract's message: `user.updated.v2` (AsyncAPI keys may not hold `@`). */
export function messageKey(contract: EventContract): string {
  return `${contract.name}.v${contract.version}`.replace(/[^A-Za-z0-9.\-_]/g, '_');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function topicName(topic: string): string {
  return topic.startsWith('arn:') ? topic.slice(topic.lastIndexOf(':') + 1) : topic;
}

function defaultChannels(contracts: readonly EventContract[]): ChannelDeclarations {
  const channels: Record<string, ChannelDeclaration> = {};
  for (const contract of contracts) {
    const key = contract.name.replace(/[^A-Za-z0-9.\-_]/g, '_');
    const existing = channels[key];
    channels[key] = { queue: contract.name, contracts: [...(existing?.contracts ?? []), contract] };
  }
  return channels;
}

/**
 * The AsyncAPI 3.0.0 document of `input.contracts` on `input.channels`: one channel per declaration
 * (address: the queue's or topic's name; `x-sqs-mega-transport`: `sqs` or `sns`, and the ARN as
 * `x-sqs-mega-topic-arn` when given), a `send` and a `receive` operation per channel, and one
 * message per contract (`name`: `user.updated@2`; payload: its JSON Schema, draft-07).
 *
 * Parts that could not be written as JSON Schema are unconstrained in the payloads and listed in
 * `unexpressed` and in the document's `x-sqs-mega-unexpressed`.
 *
 * @throws ContractInvalidError (code `CONTRACT_INVALID`) for a channel key AsyncAPI
 *   refuses, a channel with neither or both of `queue` and `topic`, or without contracts; or two
 *   contracts with the same `name@version`.
 */
export function asyncApiDocument(input: AsyncApiDocumentInput): AsyncApiDocumentResult {
  const declared = input.channels ?? defaultChannels(input.contracts);
  const contracts = new Map<string, EventContract>();
  const add = (contract: EventContract): void => {
    const known = contracts.get(contract.id);
    if (known !== undefined && known !== contract) throw new ContractInvalidError(`two different contracts are named ${contract.id}; give each version its own number`);
    contracts.set(contract.id, contract);
  };
  input.contracts.forEach(add);

  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const [key, channel] of Object.entries(declared)) {
    if (!KEY.test(key)) throw new ContractInvalidError(`the key ${JSON.stringify(key)} may hold only letters, digits, ".", "-" and "_"`);
    const { queue, topic } = channel as { queue?: unknown; topic?: unknown };
    if ((typeof queue === 'string') === (typeof topic === 'string') || queue === '' || topic === '') {
      throw new ContractInvalidError(`channel ${key} needs exactly one of queue (a queue name) and topic (a topic name or ARN)`);
    }
    if (!Array.isArray(channel.contracts) || channel.contracts.length === 0) throw new ContractInvalidError(`channel ${key} needs a non-empty contracts list`);
    channel.contracts.forEach(add);

    const messages: Record<string, unknown> = {};
    for (const contract of channel.contracts) messages[messageKey(contract)] = { $ref: `#/components/messages/${escapePointer(messageKey(contract))}` };
    channels[key] = {
      address: typeof queue === 'string' ? queue : topicName(topic as string),
      ...(channel.description === undefined ? {} : { description: channel.description }),
      messages,
      'x-sqs-mega-transport': typeof queue === 'string' ? 'sqs' : 'sns',
      ...(typeof topic === 'string' && topic.startsWith('arn:') ? { 'x-sqs-mega-topic-arn': topic } : {}),
    };
    const operationMessages = channel.contracts.map((contract) => ({ $ref: `#/channels/${escapePointer(key)}/messages/${escapePointer(messageKey(contract))}` }));
    for (const action of ['send', 'receive'] as const) {
      operations[`${action}-${key}`] = {
        action,
        channel: { $ref: `#/channels/${escapePointer(key)}` },
        summary: `${action === 'send' ? 'Publish' : 'Receive'} ${channel.contracts.map((c) => c.id).join(', ')} ${action === 'send' ? 'to' : 'from'} ${key}.`,
        messages: operationMessages,
      };
    }
  }

  const messages: Record<string, unknown> = {};
  const unexpressed: UnexpressedContractPart[] = [];
  for (const contract of contracts.values()) {
    const key = messageKey(contract);
    const { schema, unexpressed: parts } = toJsonSchema(contract, {
      ...input.jsonSchema,
      target: 'draft-07',
      pointer: `/components/messages/${escapePointer(key)}/payload/schema`,
    });
    unexpressed.push(...parts.map((part) => ({ contract: contract.id, ...part })));
    messages[key] = {
      name: contract.id,
      title: contract.id,
      summary: `The MEGA event ${contract.name}, version ${contract.version}${contract.domain === undefined ? '' : `, domain ${String(contract.domain)}`}.`,
      contentType: 'application/json',
      payload: { schemaFormat: 'application/schema+json;version=draft-07', schema },
      ...(parts.length === 0 ? {} : { 'x-sqs-mega-unexpressed': parts }),
    };
  }

  const description = [
    input.description,
    unexpressed.length === 0
      ? undefined
      : `Some schema parts could not be written as JSON Schema and are unconstrained here (see x-sqs-mega-unexpressed): ${unexpressed.map((u) => `${u.contract} ${u.part}`).join(', ')}.`,
  ].filter((line) => line !== undefined);
  const document: JsonSchemaObject = {
    asyncapi: '3.0.0',
    info: { title: input.title, version: input.version, ...(description.length === 0 ? {} : { description: description.join('\n\n') }) },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
    ...(unexpressed.length === 0 ? {} : { 'x-sqs-mega-unexpressed': unexpressed }),
  };
  return { document, unexpressed };
}
