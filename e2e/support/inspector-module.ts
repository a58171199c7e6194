/**
 * The bridge's `startInspector`, imported from the inspector's build (`apps/inspector/dist/server`),
 * typed here with only what the e2e suite uses.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const INSPECTOR_DIR = fileURLToPath(new URL('../../apps/inspector/', import.meta.url));
const START_MODULE = new URL('../../apps/inspector/dist/server/start.js', import.meta.url);
const CLIENT_INDEX = new URL('../../apps/inspector/dist/client/index.html', import.meta.url);

export interface RunningInspector {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly elasticmq: { readonly endpoint: string; readonly region: string; readonly port: number } | undefined;
  readonly demoQueues: readonly { readonly name: string; readonly url: string; readonly messages: number }[];
  stop(): Promise<void>;
}

export interface StartInspectorOptions {
  readonly target?:
    | { readonly kind: 'local'; readonly demo?: boolean }
    | { readonly kind: 'endpoint'; readonly endpoint: string; readonly region?: string };
  readonly allowWrites?: boolean;
  /** A contracts module for the app's contract labels (`--contracts`). */
  readonly contracts?: string;
  readonly sqsDeadlines?: { readonly callMs?: number; readonly listMs?: number };
  readonly log?: (line: string) => void;
}

/** Loads `startInspector`, or says which build is missing. */
export async function loadStartInspector(): Promise<(options: StartInspectorOptions) => Promise<RunningInspector>> {
  for (const [file, what] of [
    [START_MODULE, 'the bridge (apps/inspector/dist/server)'],
    [CLIENT_INDEX, 'the app (apps/inspector/dist/client)'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`e2e: ${what} is not built. Run \`npm run build\` at the repository root first.`);
  }
  const module = (await import(START_MODULE.href)) as { startInspector: (options: StartInspectorOptions) => Promise<RunningInspector> };
  return module.startInspector;
}
