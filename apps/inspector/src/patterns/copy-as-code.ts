/**
 * "Copy as code": the pattern being tried, as a TypeScript subscriber for `@sqs-mega/node`'s
 * listener. Patterns become object literals; a `__proto__` key is written as a computed key
 * (`["__proto__"]`), since a plain `__proto__:` in a literal would set the prototype instead.
 */
import type { SubscriberKind } from '../worker/protocol.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function quote(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function keyText(key: string): string {
  if (key === '__proto__') return `[${quote(key)}]`;
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** A TypeScript expression for a JSON value, indented by `indent` levels of two spaces. */
export function typescriptLiteral(value: unknown, indent = 0): string {
  const pad = '  '.repeat(indent + 1);
  const end = '  '.repeat(indent);
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item: unknown) => typescriptLiteral(item, indent + 1));
    const flat = `[${items.join(', ')}]`;
    return flat.length <= 60 && !flat.includes('\n') ? flat : `[\n${items.map((i) => pad + i).join(',\n')},\n${end}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    const items = keys.map((key) => `${keyText(key)}: ${typescriptLiteral((value as Record<string, unknown>)[key], indent + 1)}`);
    const flat = `{ ${items.join(', ')} }`;
    return flat.length <= 60 && !flat.includes('\n') ? flat : `{\n${items.map((i) => pad + i).join(',\n')},\n${end}}`;
  }
  return 'undefined';
}

const HANDLERS: Record<SubscriberKind, { helper: string; parameter: string; body: string }> = {
  event: { helper: 'eventSubscriber', parameter: 'payload', body: '// payload.event, payload.object: a MEGA event matching the pattern' },
  data: { helper: 'dataSubscriber', parameter: 'data', body: '// data: a data object matching the pattern' },
  message: { helper: 'messageSubscriber', parameter: 'decoded', body: '// decoded: { kind, payload | data | text | bytes, encoding?, sns? }' },
};

/** What the code is made from. */
export interface SubscriberCodeInput {
  readonly kind: SubscriberKind;
  /** The pattern (parsed JSON); `undefined` for none. */
  readonly pattern: unknown;
  /** The queue the subscriber listens to. */
  readonly queueUrl?: string;
}

/** A complete TypeScript module: the subscriber, registered on an `SqsListener`. */
export function subscriberCode({ kind, pattern, queueUrl }: SubscriberCodeInput): string {
  const { helper, parameter, body } = HANDLERS[kind];
  const patternCode = pattern === undefined ? (kind === 'event' ? '{}' : 'undefined') : typescriptLiteral(pattern, 1);
  return [
    `import { ${helper} } from '@sqs-mega/core';`,
    `import { SqsListener, stopOnSignals } from '@sqs-mega/node';`,
    '',
    `const listener = new SqsListener({ queueUrl: ${queueUrl === undefined ? 'process.env.QUEUE_URL!' : quote(queueUrl)} });`,
    '',
    'listener.register(',
    `  ${helper}(`,
    `    ${patternCode},`,
    `    async (${parameter}, { signal }) => {`,
    `      ${body}`,
    '    },',
    '  ),',
    ');',
    "listener.on('error', (error) => console.error(error));",
    'listener.start();',
    'stopOnSignals(listener);',
    '',
  ].join('\n');
}
