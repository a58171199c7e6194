/**
 * The links of a published README, checked as the npm page shows it: with no repository around
 * it, so only absolute URLs and anchors of its own headings lead anywhere.
 */
import { marked, type Token, type Tokens } from 'marked';

/** A link that leads nowhere on the npm page. */
export interface BrokenLink {
  readonly href: string;
  readonly line: number;
  readonly reason: string;
}

/** GitHub's (and npm's) heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function slugs(headings: readonly string[]): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const heading of headings) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

function plainText(tokens: readonly Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens
    .map((token) => {
      if ('tokens' in token && Array.isArray(token.tokens)) return plainText(token.tokens as Token[], token.raw);
      if (token.type === 'codespan') return (token as Tokens.Codespan).text;
      return 'text' in token && typeof token.text === 'string' ? token.text : token.raw;
    })
    .join('');
}

const HTML_LINK = /\b(?:href|src)\s*=\s*["']([^"']+)["']/g;

/** Every link, image and HTML `href`/`src` of `source` that npm cannot follow. */
export function brokenPublishedLinks(source: string): BrokenLink[] {
  const tokens = marked.lexer(source);
  const headings: string[] = [];
  const links: { href: string; raw: string }[] = [];
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') headings.push(plainText((token as Tokens.Heading).tokens, (token as Tokens.Heading).text));
    if (token.type === 'link' || token.type === 'image') links.push({ href: (token as Tokens.Link).href, raw: token.raw });
    if (token.type === 'html') for (const match of token.raw.matchAll(HTML_LINK)) links.push({ href: match[1] ?? '', raw: match[0] });
  });
  const anchors = slugs(headings);
  const broken: BrokenLink[] = [];
  let searchFrom = 0;
  for (const { href, raw } of links) {
    const at = source.indexOf(raw, searchFrom);
    if (at >= 0) searchFrom = at;
    const line = source.slice(0, Math.max(at, 0)).split('\n').length;
    if (/^(https?:|mailto:)/i.test(href)) continue;
    if (href.startsWith('#')) {
      if (!anchors.has(decodeURIComponent(href.slice(1)))) broken.push({ href, line, reason: 'no heading of this README has that anchor' });
      continue;
    }
    broken.push({ href, line, reason: 'a relative link: the npm page has no repository around the README, link to the repository with an absolute URL' });
  }
  return broken;
}
