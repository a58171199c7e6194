/**
 * The few web-standard globals core relies on. They exist in every browser and in Node >= 16,
 * so core compiles without `@types/node` or the DOM lib: anything else from either platform is a
 * type error here, and a test runs the built bundle in a sandbox holding only these globals.
 *
 * These declarations are for core's own sources and are not published: a type in core's public
 * API must never name a global a user's program may lack. The subscribers' signal is therefore
 * `PlatformAbortSignal` (dispatch/abort-signal.ts), not the global `AbortSignal`, which does not
 * exist here either.
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
}

export {};
