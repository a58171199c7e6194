/**
 * "Did you mean …?": the known name a mistyped one is closest to, by edit distance (`leven`), or by
 * being a part of it (`--timeout` → `--stop-timeout`) — only when close enough to be a typo, so that
 * a suggestion is never a guess.
 */
import leven from 'leven';

/**
 * The candidate `typed` is most likely a typo of, if any: the nearest by edit distance (case
 * ignored) when at most a third of its length apart (at least 1, at most 3), else the one candidate
 * that contains `typed` (3 characters or more), when exactly one does.
 */
export function closestName(typed: string, candidates: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = leven(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.min(3, Math.max(1, Math.floor(best.length / 3)))) return best;
  if (lower.length < 3) return undefined;
  const containing = candidates.filter((candidate) => candidate.toLowerCase().includes(lower));
  return containing.length === 1 ? containing[0] : undefined;
}
