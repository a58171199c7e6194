import { describe, expect, it } from 'vitest';
import { EVENT_FIELDS, TOO_DEEP, fieldPattern, fieldText, readEventForm, writeContractPattern, writeEventField } from './event-form.js';

const field = (name: string) => EVENT_FIELDS.find((f) => f.name === name)!;

describe('the event-subscriber form over the JSON pattern', () => {
  it('reads fields from the pattern, aliases included', () => {
    const view = readEventForm('{"eventName": "user.updated", "version": 2, "objectCurrent": {"id": {"$gt": 0}}}');
    expect(view.ok && [view.values.get('name'), view.values.get('version'), view.values.get('objectCurrent')]).toEqual([
      'user.updated',
      '2',
      '{"id":{"$gt":0}}',
    ]);
  });

  it('writes a field back in place, keeping an alias and the other keys', () => {
    const text = writeEventField('{"eventName": "a", "domain": "d"}', field('name'), 'user.updated');
    expect(JSON.parse(text!)).toEqual({ eventName: 'user.updated', domain: 'd' });
    expect(Object.keys(JSON.parse(text!))).toEqual(['eventName', 'domain']);
  });

  it('removes an attribute whose field is cleared, and adds a new one at the end', () => {
    expect(JSON.parse(writeEventField('{"name": "a", "domain": "d"}', field('name'), '')!)).toEqual({ domain: 'd' });
    expect(Object.keys(JSON.parse(writeEventField('{"domain": "d"}', field('objectId'), '42')!))).toEqual(['domain', 'objectId']);
  });

  it('takes JSON when a field holds JSON, a plain string otherwise', () => {
    expect(fieldPattern('2')).toBe(2);
    expect(fieldPattern('"2"')).toBe('2');
    expect(fieldPattern('{"$gt": 1}')).toEqual({ $gt: 1 });
    expect(fieldPattern('user.updated')).toBe('user.updated');
    expect(fieldPattern('  ')).toBeUndefined();
    expect(fieldText('2')).toBe('"2"');
    expect(fieldText('user.updated')).toBe('user.updated');
  });

  it('declines to edit a pattern that is not a JSON object', () => {
    expect(readEventForm('{"name": ').ok).toBe(false);
    expect(readEventForm('[1]').ok).toBe(false);
    expect(writeEventField('[1]', field('name'), 'x')).toBeUndefined();
  });

  it('shows a pattern too deep to stringify as such, instead of throwing while rendering', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(fieldText(deep)).toBe(TOO_DEEP);
  });

  it('keeps a __proto__ key as a key when rewriting', () => {
    const text = writeEventField('{"attributes": {"__proto__": {"x": 1}}}', field('name'), 'n');
    expect(text).toContain('"__proto__"');
    expect(Object.hasOwn(Object.prototype, 'x')).toBe(false);
  });

  it('starts from a contract: its name, version and domain over the pattern, the other attributes kept', () => {
    const contract = { pattern: { name: 'user.updated', version: 2, domain: 'accounts' } };
    const text = writeContractPattern('{"eventName": "order.placed", "domain": "shop", "objectId": "42"}', contract);
    expect(JSON.parse(text)).toEqual({ eventName: 'user.updated', domain: 'accounts', objectId: '42', version: 2 });
    expect(JSON.parse(writeContractPattern('', contract))).toEqual({ name: 'user.updated', version: 2, domain: 'accounts' });
    // A contract without a domain matches every domain: the pattern's domain goes.
    expect(JSON.parse(writeContractPattern('{"domain": "shop"}', { pattern: { name: 'ping', version: 1 } }))).toEqual({ name: 'ping', version: 1 });
    // Text the form cannot edit is replaced by the contract's pattern.
    expect(JSON.parse(writeContractPattern('{"name": ', contract))).toEqual(contract.pattern);
  });
});
