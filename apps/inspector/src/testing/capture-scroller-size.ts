/**
 * Test support for components that render the capture list: happy-dom lays nothing out, so the
 * list's virtualizer would see a scroller 0 px high and render no rows. Call
 * `sizeCaptureScroller()` at the top of a test file: for the file's tests, the capture list's
 * scroller reports 600 × 800 px, every other element what it did before.
 */
import { afterAll, beforeAll } from 'vitest';

const SIZES = { clientHeight: 600, clientWidth: 800 } as const;

/** Gives `.capture-scroller` elements a size for the tests of the calling file (restored after them). */
export function sizeCaptureScroller(): void {
  const names = Object.keys(SIZES) as (keyof typeof SIZES)[];
  const originals = names.map((name) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, name) ?? Object.getOwnPropertyDescriptor(Element.prototype, name));
  beforeAll(() => {
    names.forEach((name, i) => {
      Object.defineProperty(HTMLElement.prototype, name, {
        configurable: true,
        get(this: HTMLElement) {
          if (this.classList.contains('capture-scroller')) return SIZES[name];
          return (originals[i]?.get?.call(this) as number | undefined) ?? 0;
        },
      });
    });
  });
  afterAll(() => {
    names.forEach((name, i) => {
      const original = originals[i];
      if (original === undefined) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
      else Object.defineProperty(HTMLElement.prototype, name, original);
    });
  });
}
