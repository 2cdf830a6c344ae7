/**
 * @module store-limit: the raw write rate of the SQLite driver on this machine (single awaited
 * writes, and group commit of batches of 100), with 2 KiB pod-sized JSON values. Every other
 * scenario runs a short version of it so its figures can be printed as a ratio to the store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import '../../src/storage/drivers.ts';
import { openBackend } from '../../src/storage/registry.ts';
import type { BenchResult } from '../result.ts';
import { machineInfo, round } from '../result.ts';

/** Options of measureStoreLimit. */
export interface StoreLimitOptions {
  /** Sequential awaited creates. @default 5000 */
  singleWrites?: number;
  /** Creates issued 100 at a time and awaited together (group commit). @default 20000 */
  batchWrites?: number;
  /** Writes per concurrent batch. @default 100 */
  batchSize?: number;
  /** Folder for the temporary database. @default the OS temp dir */
  dir?: string;
}

/** StoreLimit is the measured write rates and the JSON costs of one pod-sized value. */
export interface StoreLimit {
  singleWritesPerS: number;
  batchWritesPerS: number;
  batchSize: number;
  valueBytes: number;
  stringifyUs: number;
  parseUs: number;
}

/**
 * podSizedValue builds a pod-like object whose JSON is about `bytes` long, padded with an
 * annotation so the size does not depend on the name.
 */
export function podSizedValue(i: number, bytes = 2048): Record<string, unknown> {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `bench-${i}`,
      namespace: 'default',
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      labels: { app: 'bench', 'controller-revision-hash': '5d8f7c9b6' },
      annotations: { pad: '' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'bench', uid: 'x' }],
    },
    spec: {
      nodeName: `node-${i}`,
      containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9', resources: {} }],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }],
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
  const missing = bytes - JSON.stringify(pod).length;
  pod.metadata.annotations.pad = 'x'.repeat(Math.max(0, missing));
  return pod;
}

/** measureStoreLimit opens a fresh SQLite store in a temp dir and times creates against it. */
export async function measureStoreLimit(options: StoreLimitOptions = {}): Promise<StoreLimit> {
  const singleWrites = options.singleWrites ?? 5000;
  const batchWrites = options.batchWrites ?? 20_000;
  const batchSize = options.batchSize ?? 100;
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), 'everynode-store-limit-'));
  const backend = await openBackend(`sqlite://${join(dir, 'state.db')}`);
  try {
    const values = Array.from({ length: 1000 }, (_, i) => JSON.stringify(podSizedValue(i)));
    const value = (i: number): string => values[i % values.length] ?? '';
    let start = performance.now();
    for (let i = 0; i < singleWrites; i++) await backend.create(`/single/${i}`, value(i));
    const singleS = (performance.now() - start) / 1000;
    start = performance.now();
    for (let i = 0; i < batchWrites; i += batchSize) {
      const batch: Promise<unknown>[] = [];
      for (let j = i; j < Math.min(batchWrites, i + batchSize); j++)
        batch.push(backend.create(`/batch/${j}`, value(j)));
      await Promise.all(batch);
    }
    const batchS = (performance.now() - start) / 1000;
    return {
      singleWritesPerS: Math.round(singleWrites / singleS),
      batchWritesPerS: Math.round(batchWrites / batchS),
      batchSize,
      valueBytes: value(0).length,
      ...jsonCosts(),
    };
  } finally {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** jsonCosts times JSON.stringify and JSON.parse of one 2 KiB pod (µs per call). */
function jsonCosts(): { stringifyUs: number; parseUs: number } {
  const pods = Array.from({ length: 1000 }, (_, i) => podSizedValue(i));
  const rounds = 10;
  let texts: string[] = [];
  let start = performance.now();
  for (let r = 0; r < rounds; r++) texts = pods.map((p) => JSON.stringify(p));
  const stringifyUs = ((performance.now() - start) * 1000) / (rounds * pods.length);
  start = performance.now();
  let keep = 0;
  for (let r = 0; r < rounds; r++)
    for (const t of texts) keep += (JSON.parse(t) as { kind: string }).kind.length;
  const parseUs = ((performance.now() - start) * 1000) / (rounds * texts.length);
  if (keep === 0) throw new Error('unreachable: parsed nothing');
  return { stringifyUs: round(stringifyUs, 2) ?? 0, parseUs: round(parseUs, 2) ?? 0 };
}

/** runStoreLimit is the `store-limit` scenario: the full measurement as a BenchResult. */
export async function runStoreLimit(options: StoreLimitOptions = {}): Promise<BenchResult> {
  const started = performance.now();
  const machine = machineInfo();
  const limit = await measureStoreLimit(options);
  return {
    scenario: 'store-limit',
    ok: true,
    nodes: 0,
    daemonsets: 0,
    wall_s: round((performance.now() - started) / 1000, 2),
    p50_ms: null,
    p99_ms: null,
    max_unavailable: null,
    rss_mb: null,
    writes: (options.singleWrites ?? 5000) + (options.batchWrites ?? 20_000),
    store_limit_writes_per_s: limit.batchWritesPerS,
    single_writes_per_s: limit.singleWritesPerS,
    batch_writes_per_s: limit.batchWritesPerS,
    batch_size: limit.batchSize,
    value_bytes: limit.valueBytes,
    json_stringify_us: limit.stringifyUs,
    json_parse_us: limit.parseUs,
    ...machine,
  };
}
