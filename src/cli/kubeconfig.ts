/** @module Writes and reads the kubeconfig that points kubectl and our own clients at everynode. */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';

/** Options of writeKubeconfig. */
export interface WriteKubeconfigOptions {
  /** File to write; parent directories are created. */
  path: string;
  /** API server URL, e.g. `https://127.0.0.1:6443`. */
  server: string;
  /** PEM of the CA that signed the serving certificate. */
  caPem: string;
  /** Bearer token; kubectl only sends it over TLS. */
  token: string;
  /**
   * Name of the cluster, user and context.
   * @default 'everynode'
   */
  name?: string;
}

/** KubeconfigCredentials is what our own clients need to reach the API server. */
export interface KubeconfigCredentials {
  server: string;
  caPem: string;
  token: string;
}

/**
 * writeKubeconfig writes a kubeconfig with one cluster (CA embedded as
 * `certificate-authority-data`), one token user and one context, made current. The file gets mode
 * 0600 because it holds a credential; it is replaced atomically.
 */
export async function writeKubeconfig(options: WriteKubeconfigOptions): Promise<void> {
  const name = options.name ?? 'everynode';
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name,
        cluster: {
          server: options.server,
          'certificate-authority-data': Buffer.from(options.caPem, 'utf8').toString('base64'),
        },
      },
    ],
    users: [{ name, user: { token: options.token } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  };
  await mkdir(dirname(options.path), { recursive: true });
  const temporary = `${options.path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, stringify(config), { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, options.path);
}

/**
 * readKubeconfig returns the server, CA and token of the current context of a kubeconfig.
 * @throws Error when the current context, its cluster or user, or one of the three values is
 * missing (a CA given as a file path is read from that file).
 */
export async function readKubeconfig(path: string): Promise<KubeconfigCredentials> {
  const config: unknown = parse(await readFile(path, 'utf8'));
  const current = field(config, 'current-context');
  if (typeof current !== 'string') throw new Error(`${path}: no current-context`);
  const context = field(named(config, 'contexts', current), 'context');
  const cluster = field(named(config, 'clusters', field(context, 'cluster')), 'cluster');
  const user = field(named(config, 'users', field(context, 'user')), 'user');
  const server = field(cluster, 'server');
  const token = field(user, 'token');
  const caPem = await certificateAuthority(cluster);
  if (typeof server !== 'string' || typeof token !== 'string' || caPem === undefined) {
    throw new Error(
      `${path}: context "${current}" needs a server, certificate authority and token`,
    );
  }
  return { server, caPem, token };
}

async function certificateAuthority(cluster: unknown): Promise<string | undefined> {
  const data = field(cluster, 'certificate-authority-data');
  if (typeof data === 'string') return Buffer.from(data, 'base64').toString('utf8');
  const file = field(cluster, 'certificate-authority');
  return typeof file === 'string' ? readFile(file, 'utf8') : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** named finds `{ name, ... }` in the list `config[list]`. */
function named(config: unknown, list: string, name: unknown): unknown {
  const entries = field(config, list);
  if (!Array.isArray(entries)) return undefined;
  return entries.find((entry: unknown) => field(entry, 'name') === name);
}
