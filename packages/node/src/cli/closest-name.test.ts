import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

const OPTIONS = ['tasks', 'concurrency', 'visibility', 'stop-timeout', 'endpoint', 'region', 'help'];

describe('closestName', () => {
  it('finds the name a typo was meant to be: a letter missing, extra, swapped, or another case', () => {
    expect(closestName('task', OPTIONS)).toBe('tasks');
    expect(closestName('concurency', OPTIONS)).toBe('concurrency');
    expect(closestName('visiblity', OPTIONS)).toBe('visibility');
    expect(closestName('regoin', OPTIONS)).toBe('region');
    expect(closestName('TASKS', OPTIONS)).toBe('tasks');
  });

  it('finds the one name that contains a part of three letters or more', () => {
    expect(closestName('timeout', OPTIONS)).toBe('stop-timeout');
    expect(closestName('point', OPTIONS)).toBe('endpoint');
  });

  it('suggests nothing rather than a guess', () => {
    expect(closestName('port', OPTIONS)).toBeUndefined();
    expect(closestName('queue', OPTIONS)).toBeUndefined();
    expect(closestName('e', OPTIONS)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});
