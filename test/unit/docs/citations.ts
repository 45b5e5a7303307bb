// Citations of the project's own docs, as code comments and docs write them, and the anchors
// GitHub gives a Markdown file's headings. Pure functions; citations.test.ts walks the repository.

export interface Citation {
  /** Path from the repository root, e.g. `docs/reference.md`. */
  file: string;
  /** The part after `#`, when there is one. */
  anchor?: string;
  /** 1-based line of the citation in the file that holds it. */
  line: number;
}

/**
 * The anchor GitHub gives a heading: formatting removed (code backticks, emphasis, link
 * targets), lower case, every character that is not a letter, digit, space, `-` or `_` dropped,
 * then each space turned into `-` (so `Provider: AlibabaACK` → `provider-alibabaack`).
 */
export function githubAnchor(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a Markdown text; a repeated heading gets `-1`, `-2`… as on GitHub. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    const base = githubAnchor(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** `docs/<file>.md` and `docs/<file>.md#<anchor>` mentions, not inside a longer path or URL. */
export function findDocCitations(text: string): Citation[] {
  const found: Citation[] = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(/(?<![\w/.-])docs\/([A-Za-z0-9._/-]+?\.md)(?:#([A-Za-z0-9_-]+))?/g)) {
      found.push({
        file: `docs/${match[1]}`,
        ...(match[2] !== undefined ? { anchor: match[2] } : {}),
        line: index + 1,
      });
    }
  });
  return found;
}

/** A citation of the product contract by section number, which lived outside the repository. */
export const SECTION_NUMBER_CITATION = /SPEC\s*§/;

/** Relative Markdown links to `.md` files or `#anchors` (`[text](reference.md#conditions)`). */
export function findMarkdownLinks(markdown: string): { target: string; anchor?: string; line: number }[] {
  const found: { target: string; anchor?: string; line: number }[] = [];
  markdown.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(/\]\(([^)\s]*?)(?:#([^)\s]+))?\)/g)) {
      const target = match[1] ?? '';
      if (/^[a-z]+:/i.test(target) || (target !== '' && !target.endsWith('.md'))) continue;
      if (target === '' && match[2] === undefined) continue;
      found.push({ target, ...(match[2] !== undefined ? { anchor: match[2] } : {}), line: index + 1 });
    }
  });
  return found;
}
