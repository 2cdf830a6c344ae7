/**
 * @module Creates the documents of a YAML text through the API (each kind found by discovery),
 * with server dry-run, and maps the server's field errors to lines.
 */
import { ApiError, sendJson } from './client.ts';
import { collectionPath, resolveKind, withQuery } from './resources.ts';
import { parseYamlDocuments, type YamlDocument } from '../model/yaml-paths.ts';

/** DocumentResult is the outcome of one document. */
export interface DocumentResult {
  index: number;
  kind: string;
  name: string;
  ok: boolean;
  message?: string;
  /** Line diagnostics (1-based lines of the whole text). */
  lines: { line: number; message: string }[];
}

interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown> & { name?: string; namespace?: string };
  status?: unknown;
}

/** Fields the server sets: a pasted `kubectl get -o yaml` output can be created again without them. */
const serverFields = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'selfLink',
];

/** cleanForCreate drops status and server-set metadata. */
export function cleanForCreate(m: Manifest): Manifest {
  const copy = structuredClone(m);
  delete copy.status;
  for (const f of serverFields) delete copy.metadata?.[f];
  return copy;
}

/** applyYaml dry-runs (`dryRun`) or creates every document in order, stopping at the first failure when creating. */
export async function applyYaml(text: string, dryRun: boolean): Promise<DocumentResult[]> {
  const docs = parseYamlDocuments(text);
  const results: DocumentResult[] = [];
  const batchNamespaces = new Set<string>();
  for (const doc of docs) {
    const r = await applyOne(doc, dryRun, batchNamespaces);
    results.push(r);
    if (!r.ok && !dryRun) break;
  }
  return results;
}

async function applyOne(
  doc: YamlDocument,
  dryRun: boolean,
  batchNamespaces: Set<string>,
): Promise<DocumentResult> {
  const base = {
    index: doc.index,
    kind: '',
    name: '',
    ok: false,
    lines: [] as DocumentResult['lines'],
  };
  if (doc.errors.length > 0) {
    return { ...base, message: doc.errors[0]?.message ?? '', lines: doc.errors };
  }
  const m = doc.value as Manifest | null;
  if (!m || typeof m !== 'object' || !m.apiVersion || !m.kind) {
    return {
      ...base,
      message: 'apiVersion and kind are required',
      lines: [{ line: doc.line, message: 'apiVersion and kind are required' }],
    };
  }
  const result = { ...base, kind: m.kind, name: m.metadata?.name ?? '' };
  try {
    const r = await resolveKind(m.apiVersion, m.kind);
    const namespace = r.namespaced ? (m.metadata?.namespace ?? 'default') : undefined;
    const path = withQuery(collectionPath(r, namespace), {
      dryRun: dryRun ? 'All' : undefined,
      fieldManager: 'everynode-console',
    });
    try {
      await sendJson('POST', path, cleanForCreate(m));
    } catch (e: unknown) {
      // A dry run cannot see a namespace created earlier in the same batch.
      const missingBatchNs =
        dryRun &&
        e instanceof ApiError &&
        e.code === 404 &&
        namespace !== undefined &&
        batchNamespaces.has(namespace);
      if (!missingBatchNs) throw e;
    }
    if (m.kind === 'Namespace' && m.metadata?.name) batchNamespaces.add(m.metadata.name);
    return { ...result, ok: true };
  } catch (e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    const causes = e instanceof ApiError ? e.causes : [];
    const lines = causes.length
      ? causes.map((c) => ({
          line: doc.lineOf(c.field ?? ''),
          message: `${c.field ?? ''}: ${c.message ?? ''}`,
        }))
      : [{ line: doc.line, message }];
    return { ...result, message, lines };
  }
}
