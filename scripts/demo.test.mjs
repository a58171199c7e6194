// `npm start` must work on a fresh clone: run the demo end to end against a real ElasticMQ.
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promisify } from 'node:util';

test('npm start demo publishes and decodes one message of every kind', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.mjs', '--once'], {
    cwd: new URL('..', import.meta.url),
    timeout: 120_000,
  });
  for (const line of [
    /MEGA event, JSON +→ MEGA json: user\.updated/,
    /MEGA event, BSON\+Base64 +→ MEGA bson: order\.placed/,
    /data object +→ data json/,
    /plaintext +→ plaintext: "hello world!"/,
    /bytes +→ binary: 6 bytes/,
    /SNS-wrapped MEGA event +→ MEGA json via SNS demo-topic: cart\.checked_out/,
  ]) {
    assert.match(stdout, line);
  }
});
