// The few values the operator reads from AWS's awsQuery XML (STS): the text of one element,
// found by name, entities decoded. Not an XML parser — STS replies are flat, machine-written
// documents, and nothing here interprets attributes, namespaces or CDATA.

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** The trimmed text of the first `<name>…</name>` in `xml` (inside `within` when given). */
export function xmlText(xml: string, name: string, within?: string): string | undefined {
  let scope = xml;
  if (within !== undefined) {
    const outer = new RegExp(`<${within}(?:\\s[^>]*)?>([\\s\\S]*?)</${within}>`).exec(xml);
    if (!outer) return undefined;
    scope = outer[1]!;
  }
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(scope);
  if (!match) return undefined;
  const text = decodeEntities(match[1]!).trim();
  return text === '' ? undefined : text;
}

/** Whether the body looks like an XML document (a reply that is not JSON). */
export function looksLikeXml(body: string): boolean {
  return body.trimStart().startsWith('<');
}
