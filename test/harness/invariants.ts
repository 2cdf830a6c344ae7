/** @module Test harness: samples a DaemonSet, its pods and the nodes through the API and checks invariants. */
import { request } from 'node:https';
import type { DaemonSet } from '../../src/api/apps/v1/types.ts';
import type { Node, Pod } from '../../src/api/core/v1/types.ts';
import { formatLabelSelector } from '../../src/api/meta/labels.ts';
import { readKubeconfig, type KubeconfigCredentials } from '../../src/cli/kubeconfig.ts';
import {
  checkDaemonSetInvariants,
  type InvariantOptions,
} from '../../src/controllers/daemonset/testing/invariants.ts';

/** DaemonSetSample is one observation: the DaemonSet, the pods its selector matches and all nodes. */
export interface DaemonSetSample {
  ds: DaemonSet;
  pods: Pod[];
  nodes: Node[];
  /** When the sample was taken (ms since epoch). */
  at: number;
}

/** InvariantSamplerOptions configure startInvariantSampler. */
export interface InvariantSamplerOptions {
  /** Kubeconfig of the server under test (its current context: server, CA and token). */
  kubeconfig: string;
  namespace: string;
  /** DaemonSet name. */
  name: string;
  /** Pause between samples. @default 50 */
  intervalMs?: number;
  /** Passed through to checkDaemonSetInvariants. */
  check?: Omit<InvariantOptions, 'now'>;
}

/** InvariantReport is what a sampler saw between start and stop. */
export interface InvariantReport {
  /** Samples that were checked. */
  samples: number;
  /** Violations, each prefixed with the sample number; identical messages are reported once. */
  violations: string[];
  /** Request failures (a sampler that only failed has proven nothing). */
  errors: string[];
}

/** InvariantSampler runs until stopped. */
export interface InvariantSampler {
  /** Stops sampling after the sample in flight and returns the report. */
  stop(): Promise<InvariantReport>;
}

/** ApiReader reads JSON from the API server with the kubeconfig's credentials. */
export interface ApiReader {
  get<T>(path: string): Promise<T>;
}

/** createApiReader builds an ApiReader from a kubeconfig file. */
export async function createApiReader(kubeconfig: string): Promise<ApiReader> {
  const creds = await readKubeconfig(kubeconfig);
  return { get: (path) => getJson(creds, path) };
}

/**
 * sampleDaemonSet lists the DaemonSet, its pods (by its selector) and the nodes. The three
 * requests run concurrently so that the sample is close to one instant.
 * @returns undefined when the DaemonSet does not exist.
 */
export async function sampleDaemonSet(
  api: ApiReader,
  namespace: string,
  name: string,
): Promise<DaemonSetSample | undefined> {
  const ns = encodeURIComponent(namespace);
  const at = Date.now();
  let ds: DaemonSet;
  try {
    ds = await api.get<DaemonSet>(
      `/apis/apps/v1/namespaces/${ns}/daemonsets/${encodeURIComponent(name)}`,
    );
  } catch (e: unknown) {
    if (e instanceof HttpError && e.status === 404) return undefined;
    throw e;
  }
  const selector = formatLabelSelector(ds.spec?.selector);
  const query = selector === '<none>' ? '' : `?labelSelector=${encodeURIComponent(selector)}`;
  const [pods, nodes] = await Promise.all([
    api.get<{ items: Pod[] }>(`/api/v1/namespaces/${ns}/pods${query}`),
    api.get<{ items: Node[] }>('/api/v1/nodes'),
  ]);
  return { ds, pods: pods.items, nodes: nodes.items, at };
}

/**
 * startInvariantSampler samples the DaemonSet in a loop and runs checkDaemonSetInvariants on every
 * sample until stop() is called. Samples where the DaemonSet is absent are skipped.
 * @example
 * const sampler = await startInvariantSampler({ kubeconfig, namespace: 'default', name: 'web' });
 * // ... drive a rollout ...
 * const report = await sampler.stop();
 * assert.deepEqual(report.violations, []);
 */
export async function startInvariantSampler(
  options: InvariantSamplerOptions,
): Promise<InvariantSampler> {
  const api = await createApiReader(options.kubeconfig);
  const report: InvariantReport = { samples: 0, violations: [], errors: [] };
  const seen = new Set<string>();
  let stopping = false;
  const loop = async (): Promise<void> => {
    while (!stopping) {
      try {
        const sample = await sampleDaemonSet(api, options.namespace, options.name);
        if (sample) {
          report.samples++;
          const found = checkDaemonSetInvariants(sample.ds, sample.pods, sample.nodes, {
            ...options.check,
            now: sample.at,
          });
          for (const v of found) {
            // A violation that persists over many samples is one problem, reported once.
            if (seen.has(v)) continue;
            seen.add(v);
            report.violations.push(`sample ${report.samples}: ${v}`);
          }
        }
      } catch (e: unknown) {
        report.errors.push(e instanceof Error ? e.message : String(e));
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
    }
  };
  const running = loop();
  return {
    async stop() {
      stopping = true;
      await running;
      return report;
    },
  };
}

/** HttpError is a non-2xx answer of the API server. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function getJson<T>(creds: KubeconfigCredentials, path: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const req = request(
      new URL(path, creds.server),
      {
        method: 'GET',
        ca: creds.caPem,
        headers: { authorization: `Bearer ${creds.token}`, accept: 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) {
            reject(new HttpError(status, `GET ${path}: ${status} ${body.slice(0, 300)}`));
            return;
          }
          try {
            resolve(JSON.parse(body) as T);
          } catch (e: unknown) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}
