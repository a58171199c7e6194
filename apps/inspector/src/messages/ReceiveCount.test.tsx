import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiveCount, receiveCountBrief } from './ReceiveCount.js';

afterEach(cleanup);

function shown(count: number, max: number | undefined): { text: string | null; className: string } {
  const { container } = render(<ReceiveCount count={count} max={max} />);
  const span = container.firstElementChild!;
  return { text: span.textContent, className: span.className };
}

describe('ReceiveCount', () => {
  it('says how close a message is to its dead-letter queue', () => {
    expect(shown(1, 3)).toEqual({ text: 'receive count 1 of 3', className: '' });
    expect(shown(2, 3)).toEqual({ text: 'receive count 2 of 3', className: 'warning' });
    expect(shown(3, 3)).toEqual({ text: 'receive count 3 of 3 — the next receive moves it to the dead-letter queue', className: 'danger' });
    expect(shown(4, undefined).text).toBe('receive count 4');
  });

  it.each([Number.NaN, -1, 1e20, 2.5, Number.POSITIVE_INFINITY])('shows a receive count of %s as invalid, not as a count under the limit', (count) => {
    expect(shown(count, 3)).toEqual({ text: `invalid receive count (${String(count)})`, className: 'danger' });
  });

  it.each([Number.NaN, 0, -3, 1e20])('shows a maxReceiveCount of %s as invalid instead of comparing against it', (max) => {
    expect(shown(2, max).text).toBe(`receive count 2 (invalid maxReceiveCount ${String(max)})`);
  });
});

describe('receiveCountBrief', () => {
  it('writes the count short for a list row, in words in its title', () => {
    expect(receiveCountBrief(2, undefined)).toEqual({ text: '×2', title: 'receive count' });
    expect(receiveCountBrief(2, 3)).toEqual({ text: '2/3', title: 'receive count of maxReceiveCount 3' });
  });

  it('writes an invalid count or limit as such, never as a number', () => {
    expect(receiveCountBrief(Number.NaN, 3)).toEqual({ text: '×?', title: 'invalid receive count NaN' });
    expect(receiveCountBrief(1e20, undefined)).toEqual({ text: '×?', title: 'invalid receive count 100000000000000000000' });
    expect(receiveCountBrief(2, -1)).toEqual({ text: '×2', title: 'receive count (invalid maxReceiveCount -1)' });
  });
});
