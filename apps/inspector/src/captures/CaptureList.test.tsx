import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { MessageDetail } from '../messages/MessageDetail.js';
import { sizeCaptureScroller } from '../testing/capture-scroller-size.js';
import { parseCaptureFile } from './capture-file.js';
import { CaptureList } from './CaptureList.js';
import { captureKey } from './captures.js';

afterEach(cleanup);

const ANY_BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

sizeCaptureScroller();

function message(overrides: Partial<PeekedMessage>): PeekedMessage {
  return { queueName: 'orders', messageId: 'm', receiptHandle: '', body: 'text', md5OfBody: '', receiveCount: 1, sentTimestamp: 0, attributes: {}, messageAttributes: {}, peekedAt: 0, ...overrides };
}

function rows(messages: readonly PeekedMessage[], maxReceiveCounts = new Map<string, number>()): HTMLElement[] {
  render(<CaptureList messages={messages} matches={undefined} filter="all" selectedKey={undefined} onSelect={() => {}} maxReceiveCounts={maxReceiveCounts} />);
  return within(screen.getByRole('listbox', { name: 'Captured messages' })).getAllByRole('option');
}

describe('CaptureList with hostile values', () => {
  it('isolates queue names and summaries and shows their right-to-left overrides', () => {
    const [row] = rows([message({ queueName: '\u202Eevil', body: JSON.stringify({ '\u202Eevil': 'abc\u202Edef' }) })]);
    expect(row!.textContent).not.toMatch(ANY_BIDI_CONTROL);
    const queue = row!.querySelector('.row-queue bdi');
    expect(queue?.textContent).toBe('\\u202eevil');
    expect(queue?.querySelector('.bidi-control')?.getAttribute('title')).toBe('U+202E RIGHT-TO-LEFT OVERRIDE');
    expect(row!.querySelector('.row-queue')?.getAttribute('title')).toBe('\\u202eevil');
    expect(row!.querySelector('.row-summary bdi')?.textContent).toBe('{"\\u202eevil": "abc\\u202edef"}');
  });

  it('shows an invalid receive count or maxReceiveCount as invalid instead of as a count', () => {
    const list = rows(
      [message({ messageId: '1', receiveCount: Number.NaN }), message({ messageId: '2', receiveCount: 1e20 }), message({ messageId: '3', queueName: 'bad-limit', receiveCount: 2 })],
      new Map([
        ['orders', 3],
        ['bad-limit', -1],
      ]),
    );
    const counts = list.map((row) => row.querySelector('.row-count'));
    expect(counts.map((count) => count?.textContent)).toEqual(['×?', '×?', '×2']);
    expect(counts.map((count) => count?.getAttribute('title'))).toEqual([
      'invalid receive count NaN',
      'invalid receive count 100000000000000000000',
      'receive count (invalid maxReceiveCount -1)',
    ]);
  });

  it('lists and shows every message of an imported capture file with out-of-range and bidi values', () => {
    const read = parseCaptureFile(
      JSON.stringify({
        format: 'sqs-mega-inspector-captures',
        version: 1,
        messages: [
          { queueName: 'q\u0000a', messageId: 'b', body: 'first', sentTimestamp: 1e20, receiveCount: -1 },
          { queueName: 'q', messageId: 'a\u0000b', body: 'second', sentTimestamp: -1e20, receiveCount: 1e20 },
          { queueName: 'q\u202Eevil', messageId: 'c', body: 'abc\u202Edef', sentTimestamp: 8.64e15 + 1 },
        ],
      }),
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(new Set(read.messages.map(captureKey)).size).toBe(3);
    expect(rows(read.messages).map((row) => row.querySelector('.row-summary')?.textContent)).toEqual(['first', 'second', 'abc\\u202edef']);
    cleanup();
    const sent = read.messages.map((imported) => {
      render(<MessageDetail message={imported} maxReceiveCount={undefined} />);
      const article = screen.getByRole('article');
      expect(article.textContent).not.toMatch(ANY_BIDI_CONTROL);
      const shown = within(article)
        .getAllByRole('term')
        .find((term) => term.textContent === 'Sent')?.nextElementSibling?.textContent;
      cleanup();
      return shown;
    });
    expect(sent).toEqual(['invalid time (100000000000000000000)', 'invalid time (-100000000000000000000)', 'invalid time (8640000000000001)']);
  });
});
