/**
 * Makes sure Debian's Chromium is on the machine before the suite starts, installing it on first
 * use as the README promises (`npm install && npm test` on a fresh machine): with `apt-get`, as
 * root or through passwordless `sudo`. Anywhere else it fails with what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM } from './chromium.js';

const PACKAGE = 'chromium';

/** Set to `1` to forbid the automatic install (the suite then fails with instructions instead). */
const NO_INSTALL_ENV = 'SQS_MEGA_NO_APT';

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const howTo =
    `Install Debian's Chromium (Playwright never downloads a browser here): sudo apt-get install -y ${PACKAGE}, ` +
    `or on another system a Chromium at ${CHROMIUM}.`;
  if (process.env[NO_INSTALL_ENV] === '1') throw new Error(`e2e: ${CHROMIUM} is missing. ${howTo}`);
  if (!succeeds(['apt-get', '--version'])) throw new Error(`e2e: ${CHROMIUM} is missing and there is no apt-get. ${howTo}`);
  const prefix = process.getuid?.() === 0 ? [] : succeeds(['sudo', '-n', 'true']) ? ['sudo', '-n'] : undefined;
  if (prefix === undefined) {
    throw new Error(`e2e: ${CHROMIUM} is missing and installing it needs root (not root, no passwordless sudo). ${howTo}`);
  }
  console.log(`e2e: ${CHROMIUM} is missing; installing Debian's ${PACKAGE} once (apt-get, about a minute)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', PACKAGE],
  ]) {
    const [command, ...rest] = [...prefix, ...args];
    const run = spawnSync(command!, rest, { stdio: 'inherit', env });
    if (run.status !== 0) throw new Error(`e2e: \`${args.join(' ')}\` failed (exit ${run.status ?? run.signal}). ${howTo}`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`e2e: apt-get installed ${PACKAGE} but ${CHROMIUM} is still missing. ${howTo}`);
}

function succeeds(command: readonly string[]): boolean {
  return spawnSync(command[0]!, command.slice(1), { stdio: 'ignore' }).status === 0;
}
