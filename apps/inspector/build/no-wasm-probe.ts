/**
 * Removes bson's WebAssembly probe from the inspector's bundles.
 *
 * At module load, bson's `Long` tries to compile a tiny WebAssembly module for 64-bit multiply and
 * divide, inside a try/catch that falls back to pure-JS arithmetic. The inspector's CSP has no
 * `'wasm-unsafe-eval'` (and should not: the app needs no WebAssembly), so the probe always fails —
 * but Chromium logs a CSP violation for it on every page load, noise that hides real violations.
 * This plugin deletes the try-block, so `wasm` stays `undefined` and bson takes the same pure-JS
 * path it takes today when the CSP blocks the probe.
 *
 * The rewrite is exact: if a bson upgrade changes the probe so the pattern no longer matches, the
 * build fails rather than silently shipping the probe again; and any chunk that still mentions
 * `WebAssembly.Module` or `WebAssembly.Instance` (from bson or anything else) fails it too.
 *
 * It runs on builds only: the dev server pre-bundles dependencies without plugins and sends no CSP.
 */
import type { Plugin } from 'vite';

/** bson's browser build, the module `import 'bson'` resolves to under the `browser` condition. */
const BSON_MODULE = /[\\/]node_modules[\\/]bson[\\/]lib[\\/]bson\.mjs(?:\?.*)?$/;

/** The probe as bson 7 writes it: `try { wasm = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([…])), {}).exports; } catch { }`. */
const WASM_PROBE =
  /try \{\s*wasm = new WebAssembly\.Instance\(new WebAssembly\.Module\(new Uint8Array\(\[[\d,\s]*\]\)\), \{\}\)\.exports;\s*\}\s*catch \{\s*\}/g;

const WASM_API = /WebAssembly\.(?:Module|Instance)\b/;

/**
 * The probe replaced by a comment spanning as many lines, so every later line keeps its place
 * and the module's source map stays right without being rewritten.
 */
function withoutProbe(code: string): { readonly code: string; readonly found: number } {
  let found = 0;
  const rewritten = code.replace(WASM_PROBE, (probe) => {
    found++;
    const lines = probe.split('\n').length;
    return `/* bson's WebAssembly probe was removed by the inspector's build (build/no-wasm-probe.ts). */${'\n'.repeat(lines - 1)}`;
  });
  return { code: rewritten, found };
}

/**
 * The Vite plugin. Add it both to `plugins` and to `worker.plugins`: Vite bundles workers in a
 * build of their own, which does not use the app's plugins.
 */
export function noWasmProbe(): Plugin {
  return {
    name: 'sqs-mega-inspector:no-wasm-probe',
    apply: 'build',
    transform: {
      filter: { id: BSON_MODULE },
      handler(code, id) {
        const { code: rewritten, found } = withoutProbe(code);
        if (found !== 1 || WASM_API.test(rewritten)) {
          this.error(
            `no-wasm-probe: expected bson's WebAssembly probe exactly once in ${id}, found ${found}` +
              `${WASM_API.test(rewritten) ? ' and WebAssembly still used after the rewrite' : ''}. ` +
              'bson has probably changed its Long implementation: update WASM_PROBE in apps/inspector/build/no-wasm-probe.ts to the new code, ' +
              "so the bundle keeps no WebAssembly (the inspector's CSP forbids it and Chromium would log a violation on every load).",
          );
        }
        return { code: rewritten, map: null };
      },
    },
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk' || !WASM_API.test(output.code)) continue;
        const users = Object.entries(output.modules).flatMap(([id, module]) => (module.code !== null && WASM_API.test(module.code) ? [id] : []));
        this.error(
          `no-wasm-probe: ${output.fileName} still uses WebAssembly (in ${users.join(', ') || 'code outside any module'}). ` +
            "The inspector's CSP forbids WebAssembly, so Chromium would log a violation: remove that use from the build, as build/no-wasm-probe.ts does for bson.",
        );
      }
    },
  };
}
