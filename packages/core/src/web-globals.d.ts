/**
 * The few web-standard globals core relies on. They exist in every browser and in Node >= 16,
 * so core compiles without `@types/node` or the DOM lib: anything else from either platform is a
 * type error here, and a test runs the built bundle in a sandbox holding only these globals.
 */
declare global {
  interface TextDecodeOptions {
    stream?: boolean;
  }
  interface TextDecoderOptions {
    fatal?: boolean;
    ignoreBOM?: boolean;
  }
  class TextDecoder {
    constructor(label?: string, options?: TextDecoderOptions);
    readonly encoding: string;
    readonly fatal: boolean;
    decode(input?: Uint8Array, options?: TextDecodeOptions): string;
  }
  class TextEncoder {
    constructor();
    readonly encoding: string;
    encode(input?: string): Uint8Array;
    encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
  }
  function atob(data: string): string;
  function btoa(data: string): string;

  /** The cancellation signal of the DOM standard, which Node also implements (subscribers receive one). */
  interface AbortSignal {
    readonly aborted: boolean;
    readonly reason: unknown;
    throwIfAborted(): void;
    addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
    removeEventListener(type: 'abort', listener: () => void): void;
  }
}

export {};
