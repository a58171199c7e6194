/**
 * `npm run bench`: every benchmark, one after another, each in its own Node process (a fresh VM
 * and nothing else competing for the 2 cores). Results land in results/*.json.
 * `npm run bench -- matcher codec` runs only those.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ALL = ['codec', 'matcher', 'publisher', 'listener', 'listener-overhead', 'contracts'] as const;
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(ALL as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}: choose from ${ALL.join(', ')}.`);
  process.exit(2);
}

for (const name of chosen.length > 0 ? chosen : ALL) {
  console.log(`\n# ${name}\n`);
  const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`The ${name} benchmark failed (exit ${run.status ?? run.signal}).`);
    process.exit(1);
  }
}
