// Every citation of the project's docs points at something that exists: a `docs/<file>.md` named
// in src/, test/, scripts/ or the packaging (crds/, charts/, deploy/) exists, and its `#anchor`
// is a heading of that file; relative links between README.md and docs/*.md resolve the same
// way. Nothing cites the contract by section number any more: it lived outside the repository.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  findDocCitations,
  findMarkdownLinks,
  githubAnchor,
  headingAnchors,
  SECTION_NUMBER_CITATION,
} from './citations.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCANNED_DIRS = ['src', 'test', 'scripts', 'crds', 'charts', 'deploy'];
const TEXT_FILE = /\.(ts|js|mjs|cjs|sh|ya?ml|lua|tpl|json|env|txt)$|^Dockerfile$/;
// This file's own tables hold deliberately broken citations.
const SELF_DIR = fileURLToPath(new URL('.', import.meta.url));

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...walk(path));
    else if (TEXT_FILE.test(name)) files.push(path);
  }
  return files;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(path: string): Set<string> {
  let anchors = anchorCache.get(path);
  if (!anchors) {
    anchors = headingAnchors(readFileSync(path, 'utf8'));
    anchorCache.set(path, anchors);
  }
  return anchors;
}

/** Why `file#anchor` does not resolve, or undefined when it does. */
function problem(path: string, anchor: string | undefined): string | undefined {
  if (!existsSync(path)) return 'no such file';
  if (anchor !== undefined && !anchorsOf(path).has(anchor)) return `no heading with anchor #${anchor}`;
  return undefined;
}

const sources = SCANNED_DIRS.flatMap((dir) => walk(join(ROOT, dir))).filter((f) => !f.startsWith(SELF_DIR));

describe('doc citations in code, tests, scripts and packaging', () => {
  it('scans a real tree (guards against a walk that finds nothing)', () => {
    expect(sources.length).toBeGreaterThan(100);
    const cited = sources.flatMap((file) => findDocCitations(readFileSync(file, 'utf8')));
    expect(cited.filter((c) => c.file === 'docs/reference.md').length).toBeGreaterThan(40);
  });

  it('every docs/<file>.md#<anchor> names an existing file and heading', () => {
    const broken: string[] = [];
    for (const file of sources) {
      for (const citation of findDocCitations(readFileSync(file, 'utf8'))) {
        const why = problem(join(ROOT, citation.file), citation.anchor);
        const cited = `${citation.file}${citation.anchor ? `#${citation.anchor}` : ''}`;
        if (why) broken.push(`${relative(ROOT, file)}:${citation.line} cites ${cited}: ${why}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('nothing cites the contract by section number', () => {
    const offenders = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((text, i) =>
          SECTION_NUMBER_CITATION.test(text) ? [`${relative(ROOT, file)}:${i + 1}`] : [],
        ),
    );
    expect(offenders).toEqual([]);
  });

  it('relative links in README.md and docs/*.md resolve to a file and heading', () => {
    const docs = [
      join(ROOT, 'README.md'),
      ...readdirSync(join(ROOT, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => join(ROOT, 'docs', name)),
    ];
    const links = docs.flatMap((doc) =>
      findMarkdownLinks(readFileSync(doc, 'utf8')).map((link) => ({ doc, link })),
    );
    expect(links.length).toBeGreaterThan(20);
    const broken: string[] = [];
    for (const { doc, link } of links) {
      const target = link.target === '' ? doc : join(dirname(doc), link.target);
      const why = problem(target, link.anchor);
      if (why)
        broken.push(`${relative(ROOT, doc)}:${link.line} links ${link.target}#${link.anchor ?? ''}: ${why}`);
    }
    expect(broken).toEqual([]);
  });

  it('docs/reference.md has every anchor the code base relies on', () => {
    const anchors = anchorsOf(join(ROOT, 'docs/reference.md'));
    // The list the project agreed on before the reference was written; cited across src/ and test/.
    const agreed = [
      'custom-resource',
      'spec-fields',
      'validation-rules',
      'status-fields',
      'conditions',
      'timestamps',
      'provider-alibabaack',
      'provider-alibabaackaddons',
      'provider-huaweicce',
      'provider-huaweicss',
      'progress-rules',
      'calling-the-clouds',
      'signing',
      'error-classes',
      'retry-policy',
      'rate-limits',
      'reconcile-loop',
      'events',
      'leader-election',
      'shutdown',
      'flags',
      'metrics',
      'logs',
      'security',
      'endpoint-rules',
      'packaging',
      'local-control-plane',
      'simulator',
    ];
    expect(agreed.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });
});

describe('citation helpers', () => {
  it.each([
    // [why, heading, anchor]
    ['lower case, spaces become hyphens', 'Reconcile loop', 'reconcile-loop'],
    ['a colon is punctuation and goes', 'Provider: AlibabaACK', 'provider-alibabaack'],
    ['code backticks go, the dot inside them too', 'The `spec.endpoint` field', 'the-specendpoint-field'],
    ['hyphens stay', 'Leader-election timings', 'leader-election-timings'],
    ['underscores stay, as on GitHub', 'status_fields', 'status_fields'],
    ['a link in a heading keeps only its text', 'See [flags](#flags)', 'see-flags'],
    ['two spaces give two hyphens, as on GitHub', 'a  b', 'a--b'],
    ['parentheses and slashes go', 'Planned (not built yet) / later', 'planned-not-built-yet--later'],
    ['non-ASCII letters stay', 'Überblick', 'überblick'],
  ])('githubAnchor: %s', (_why, heading, anchor) => {
    expect(githubAnchor(heading)).toBe(anchor);
  });

  it('headingAnchors: numbers repeated headings and ignores # lines in code fences', () => {
    const markdown = [
      '# Title',
      '## Events',
      '```bash',
      '# not a heading',
      '```',
      '### Events',
      '#nospace',
    ].join('\n');
    expect([...headingAnchors(markdown)]).toEqual(['title', 'events', 'events-1']);
  });

  it.each([
    // [why, text, citations]
    [
      'file and anchor',
      '// see docs/reference.md#conditions.',
      [{ file: 'docs/reference.md', anchor: 'conditions', line: 1 }],
    ],
    ['file only', '# as docs/demo.md says', [{ file: 'docs/demo.md', line: 1 }]],
    ['a longer path is not a docs citation', 'bench/docs/x.md and https://example.com/docs/y.md', []],
    [
      'several on one line, on the right line',
      '\n(docs/a.md#x, docs/b.md#y-z)',
      [
        { file: 'docs/a.md', anchor: 'x', line: 2 },
        { file: 'docs/b.md', anchor: 'y-z', line: 2 },
      ],
    ],
  ])('findDocCitations: %s', (_why, text, citations) => {
    expect(findDocCitations(text)).toEqual(citations);
  });

  it.each([
    // [why, line, cites by number]
    ['the old form', 'conditions (SPEC\u0020§2)', true],
    ['without the space', 'SPEC\u00a75', true],
    ['an identifier that merely contains SPEC', 'INVALID_SPECS', false],
  ])('section-number citation: %s', (_why, line, found) => {
    expect(SECTION_NUMBER_CITATION.test(line)).toBe(found);
  });

  it('findMarkdownLinks: relative .md links and same-file anchors, not URLs or other files', () => {
    const markdown =
      '[a](reference.md#flags) [b](#events) [c](https://x.test/a.md) [d](../scripts/x.sh) [e](demo.md)';
    expect(findMarkdownLinks(markdown)).toEqual([
      { target: 'reference.md', anchor: 'flags', line: 1 },
      { target: '', anchor: 'events', line: 1 },
      { target: 'demo.md', line: 1 },
    ]);
  });
});
