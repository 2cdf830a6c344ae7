/**
 * @module Maps Kubernetes field paths (`spec.template.spec.containers[0].image`, as in a Status
 * cause) to line numbers of a YAML text with several documents, so server errors point at lines.
 */
import { isCollection, LineCounter, parseAllDocuments } from 'yaml';

/** YamlDocument is one parsed document with what the console needs from it. */
export interface YamlDocument {
  index: number;
  /** First line of the document (1-based). */
  line: number;
  value: unknown;
  errors: { line: number; message: string }[];
  /** lineOf maps a field path to the line of its key (or of the nearest existing parent). */
  lineOf(path: string): number;
}

/** parseFieldPath splits `a.b[0].c[key.with.dots]` into segments. */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}

/** parseYamlDocuments parses a multi-document YAML text, keeping positions. */
export function parseYamlDocuments(text: string): YamlDocument[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc });
  const list = Array.isArray(docs) ? docs : [];
  const lineAt = (offset: number): number => lc.linePos(offset).line;
  return list
    .filter((d) => d.contents !== null || d.errors.length > 0)
    .map((doc, index) => {
      const start = doc.contents?.range[0] ?? doc.range[0];
      return {
        index,
        line: lineAt(start),
        value: doc.errors.length > 0 ? undefined : (doc.toJS() as unknown),
        errors: doc.errors.map((e) => ({
          line: lineAt(e.pos[0]),
          message: e.message.split('\n')[0] ?? '',
        })),
        lineOf(path: string): number {
          const segs = parseFieldPath(path);
          for (let n = segs.length; n > 0; n--) {
            const node = doc.getIn(segs.slice(0, n), true);
            if (node && typeof node === 'object' && 'range' in node) {
              const range = (node as { range?: [number, number, number] }).range;
              if (range) return keyLine(doc.contents, segs.slice(0, n), lineAt) ?? lineAt(range[0]);
            }
          }
          return lineAt(start);
        },
      };
    });
}

/** keyLine finds the line of the last segment's key (values of collections start a line later). */
function keyLine(
  root: unknown,
  segs: (string | number)[],
  lineAt: (offset: number) => number,
): number | undefined {
  let node: unknown = root;
  for (let i = 0; i < segs.length; i++) {
    if (!isCollection(node)) return undefined;
    const seg = segs[i];
    const items = node.items as unknown[];
    if (typeof seg === 'number') {
      const item = items[seg] as { range?: [number, number, number] } | undefined;
      if (i === segs.length - 1) return item?.range ? lineAt(item.range[0]) : undefined;
      node = item;
      continue;
    }
    const pair = items.find((p) => (p as { key?: { value?: unknown } }).key?.value === seg) as
      { key?: { range?: [number, number, number] }; value?: unknown } | undefined;
    if (!pair) return undefined;
    if (i === segs.length - 1) return pair.key?.range ? lineAt(pair.key.range[0]) : undefined;
    node = pair.value;
  }
  return undefined;
}
