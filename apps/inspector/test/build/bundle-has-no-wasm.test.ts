/**
 * The built browser app must not touch WebAssembly: its CSP has no `'wasm-unsafe-eval'`, so any
 * use (bson's probe, before build/no-wasm-probe.ts removed it) logs a CSP violation on every page
 * load. This reads what `npm run build` wrote (`npm test` builds first), app and worker bundles.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const assets = new URL('../../dist/client/assets/', import.meta.url);

function builtScripts(): string[] {
  if (!existsSync(assets)) {
    throw new Error(`${assets.pathname} does not exist: run \`npm run build -w inspector\` before this test.`);
  }
  return readdirSync(assets).filter((name) => name.endsWith('.js'));
}

describe('the built browser app', () => {
  it('has an app bundle and a matching-worker bundle to check', () => {
    const scripts = builtScripts();
    expect(scripts.some((name) => name.startsWith('index-')), `no app bundle in ${scripts.join(', ')}`).toBe(true);
    expect(scripts.some((name) => name.startsWith('match-worker-')), `no worker bundle in ${scripts.join(', ')}`).toBe(true);
  });

  it('never compiles WebAssembly, so the CSP without wasm-unsafe-eval logs no violation', () => {
    const users = builtScripts().filter((name) => /WebAssembly\.(?:Module|Instance)\b/.test(readFileSync(new URL(name, assets), 'utf8')));
    expect(users).toEqual([]);
  });
});
