import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { ExplanationView } from '../patterns/ExplanationView.js';
import { MessageDetail } from './MessageDetail.js';

afterEach(cleanup);

const ANY_BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function message(overrides: Partial<PeekedMessage> = {}): PeekedMessage {
  return {
    queueName: 'orders',
    messageId: 'm-1',
    receiptHandle: 'rh-1',
    body: '{"a": 1}',
    md5OfBody: 'md5',
    receiveCount: 1,
    sentTimestamp: 1_700_000_000_000,
    attributes: {},
    messageAttributes: {},
    peekedAt: 0,
    ...overrides,
  };
}

/** The `<dd>` after the `<dt>` named `term`. */
function fact(term: string): string | null | undefined {
  const dt = screen.getAllByRole('term').find((element) => element.textContent === term);
  return dt?.nextElementSibling?.textContent;
}

/** `element` holds `escaped` in a `<bdi>` of its own, the RLO in it shown as a titled escape. */
function expectIsolatedWithVisibleOverride(element: HTMLElement, escaped: string): void {
  const isolate = [...element.querySelectorAll('bdi')].find((bdi) => bdi.textContent === escaped);
  expect(isolate, `no <bdi> holding ${escaped} in ${element.innerHTML}`).toBeDefined();
  const control = isolate!.querySelector('.bidi-control');
  expect(control?.textContent).toBe('\\u202e');
  expect(control?.getAttribute('title')).toBe('U+202E RIGHT-TO-LEFT OVERRIDE');
}

describe('MessageDetail with hostile values', () => {
  it.each([
    [1e20, 'invalid time (100000000000000000000)'],
    [-1e20, 'invalid time (-100000000000000000000)'],
    [Number.NaN, 'invalid time (NaN)'],
    [Number.POSITIVE_INFINITY, 'invalid time (Infinity)'],
  ])('shows an out-of-range SentTimestamp %s as invalid instead of crashing', (sentTimestamp, shown) => {
    render(<MessageDetail message={message({ sentTimestamp })} maxReceiveCount={3} />);
    expect(fact('Sent')).toBe(shown);
    expect(fact('Queue')).toBe('orders');
    expect(fact('Receives')).toBe('receive count 1 of 3');
  });

  it('shows a SentTimestamp a Date can hold as ISO 8601', () => {
    render(<MessageDetail message={message()} maxReceiveCount={undefined} />);
    expect(fact('Sent')).toBe('2023-11-14T22:13:20.000Z');
  });

  it('shows an invalid receive count as invalid rather than as a count under the limit', () => {
    render(<MessageDetail message={message({ receiveCount: Number.NaN })} maxReceiveCount={3} />);
    expect(fact('Receives')).toBe('invalid receive count (NaN)');
  });

  it('isolates the value tree\'s keys and strings and shows their right-to-left overrides', () => {
    render(<MessageDetail message={message({ body: JSON.stringify({ '\u202Eevil': 'abc\u202Edef', next: 1 }) })} maxReceiveCount={undefined} />);
    const tree = screen.getByRole('tree', { name: 'Decoded payload' });
    expect(tree.textContent).not.toMatch(ANY_BIDI_CONTROL);
    expect(tree.textContent).toContain('\\u202eevil: "abc\\u202edef"');
    expectIsolatedWithVisibleOverride(tree, '\\u202eevil');
    expectIsolatedWithVisibleOverride(tree, 'abc\\u202edef');
    expect(tree.querySelector('.tree-key')?.tagName).toBe('BDI');
  });

  it('isolates attribute names and values and shows their right-to-left overrides', () => {
    render(
      <MessageDetail
        message={message({
          messageAttributes: { '\u202Eevil': { dataType: 'String', stringValue: 'abc\u202Edef' } },
          attributes: { '\u202Eevil': 'abc\u202Edef' },
        })}
        maxReceiveCount={undefined}
      />,
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Attributes' }));
    for (const name of ['Message attributes', 'System attributes']) {
      const table = screen.getByRole('table', { name });
      expect(table.textContent).not.toMatch(ANY_BIDI_CONTROL);
      expectIsolatedWithVisibleOverride(table, '\\u202eevil');
      expectIsolatedWithVisibleOverride(table, 'abc\\u202edef');
    }
  });

  it('shows the overrides in the message id, queue name and raw body', () => {
    render(<MessageDetail message={message({ messageId: 'id\u202Eevil', queueName: 'q\u202Eevil', body: 'abc\u202Edef' })} maxReceiveCount={undefined} />);
    const article = screen.getByRole('article', { name: 'Message id\\u202eevil' });
    expect(article.querySelector('header')?.textContent).not.toMatch(ANY_BIDI_CONTROL);
    expect(fact('Queue')).toBe('q\\u202eevil');
    expect(screen.getByLabelText('Decoded text').textContent).toBe('abc\\u202edef');
    fireEvent.click(screen.getByRole('tab', { name: 'Raw body' }));
    expectIsolatedWithVisibleOverride(screen.getByLabelText('Body as received'), 'abc\\u202edef');
  });

  it('isolates the paths and values of a match explanation and shows their overrides', () => {
    const outcome = { ok: true as const, explanation: { match: false, failures: [{ path: ['\u202Eevil'], expected: '"x"', actual: '"abc\u202Edef"' }] } };
    render(<MessageDetail message={message()} maxReceiveCount={undefined} explanation={<ExplanationView outcome={outcome} />} />);
    const explanation = within(screen.getByRole('article')).getByRole('region', { name: 'Match explanation' });
    expect(explanation.textContent).not.toMatch(ANY_BIDI_CONTROL);
    expect(explanation.textContent).toContain('["\\u202eevil"]: expected "x", got "abc\\u202edef"');
    expectIsolatedWithVisibleOverride(explanation, '"abc\\u202edef"');
  });
});
