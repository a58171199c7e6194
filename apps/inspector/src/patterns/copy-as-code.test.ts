import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { subscriberCode, typescriptLiteral } from './copy-as-code.js';

function syntaxErrors(code: string): string[] {
  const output = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('copy as code', () => {
  it('writes an event subscriber registered on an SqsListener', () => {
    const code = subscriberCode({ kind: 'event', pattern: { name: 'user.updated', objectCurrent: { id: { $gt: 0 } } }, queueUrl: 'http://q/users' });
    expect(code).toContain("import { eventSubscriber } from '@sqs-mega/core';");
    expect(code).toContain("import { SqsListener, stopOnSignals } from '@sqs-mega/node';");
    expect(code).toContain("{ name: 'user.updated', objectCurrent: { id: { $gt: 0 } } }");
    expect(code).toContain("queueUrl: 'http://q/users'");
    expect(syntaxErrors(code)).toEqual([]);
  });

  it('writes data and message subscribers, without a pattern too', () => {
    expect(subscriberCode({ kind: 'data', pattern: undefined })).toContain('dataSubscriber(\n    undefined,');
    expect(subscriberCode({ kind: 'message', pattern: { kind: 'plaintext' } })).toContain("messageSubscriber(\n    { kind: 'plaintext' },");
  });

  it('quotes keys that are not identifiers and writes __proto__ as a computed key', () => {
    const literal = typescriptLiteral({ 'a.b': 1, __proto__x: 2, $$ref: 'it\'s "quoted"', ['__proto__']: null });
    expect(literal).toContain("'a.b': 1");
    expect(literal).toContain('$$ref: \'it\\\'s "quoted"\'');
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const code = typescriptLiteral(hostile);
    expect(code).toBe("{ ['__proto__']: { polluted: true } }");
    // Evaluated, the literal has an own "__proto__" key and leaves the prototype alone.
    const value = new Function(`return ${code};`)() as object;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('breaks long literals over lines and stays valid TypeScript', () => {
    const pattern = { name: { $oneOf: ['user.created', 'user.updated', 'user.deleted', 'user.signed_in'] }, objectCurrent: { email: { $match: '^[^@]+@example\\.com$' } } };
    const code = subscriberCode({ kind: 'event', pattern });
    expect(code.split('\n').length).toBeGreaterThan(16);
    expect(syntaxErrors(code)).toEqual([]);
  });
});
