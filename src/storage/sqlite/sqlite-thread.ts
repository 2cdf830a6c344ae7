/**
 * @module SqliteThread: the main thread's handle on the worker that owns the SQLite connection.
 * Typed request/response calls (sqlite-protocol.ts) matched by id; errors come back as their own
 * classes.
 */
import { Worker } from 'node:worker_threads';
import {
  decodeError,
  type Calls,
  type Method,
  type Request,
  type Response,
} from './sqlite-protocol.ts';

interface Waiter {
  resolve: (result: Calls[Method]['result']) => void;
  reject: (e: Error) => void;
}

/**
 * The worker runs the same flavour of module as this file: `.ts` from sources (under tsx), `.js`
 * from the build (tsc rewrites import specifiers, not this URL).
 */
const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const workerUrl = new URL(`./sqlite-worker${extension}`, import.meta.url);

function startWorker(): Worker {
  const options = { name: 'everynode-sqlite' };
  const tsxApi = extension === '.ts' ? tsxApiUrl() : undefined;
  if (tsxApi === undefined) return new Worker(workerUrl, options);
  // A worker inherits `--import tsx` through execArgv, but tsx installs its loader in worker
  // threads only on Node ≥ 22.22 / 24.11: on Node 20 the worker could not load `.ts`. So the
  // worker installs it itself (on newer Node tsx then also installs its own copy; tested on 20).
  // execArgv stays inherited: passing a filtered copy would reject V8 flags such as
  // --max-semi-space-size that a worker accepts only by inheritance.
  const tsx = JSON.stringify(tsxApi);
  const entry = JSON.stringify(workerUrl.href);
  const bootstrap = `import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** tsx's register API, or undefined when tsx is not installed (Node runs the `.ts` itself then). */
function tsxApiUrl(): string | undefined {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
}

/** SqliteThread starts the worker and carries calls to it. */
export class SqliteThread {
  readonly #worker: Worker;
  readonly #waiters = new Map<number, Waiter>();
  #nextId = 1;
  /** Set once the worker died or was terminated: every call fails with it. */
  #failure: Error | undefined;
  /** Called with each compaction chunk the worker commits. */
  onCompacted: (revision: number) => void = () => undefined;
  /** Called once if the worker dies (not after terminate()). */
  onFailure: (e: Error) => void = () => undefined;

  constructor() {
    this.#worker = startWorker();
    // Idle, the worker does not keep the process alive (as a plain connection would not); it is
    // referenced only while calls are outstanding.
    this.#worker.unref();
    this.#worker.on('message', (response: Response) => this.#receive(response));
    this.#worker.on('error', (e: Error) => this.#fail(e));
    this.#worker.on('exit', (code: number) =>
      this.#fail(new Error(`sqlite worker exited with code ${code}`)),
    );
  }

  /** Sends a request; resolves with the worker's result, rejects with its (rebuilt) error. */
  call<M extends Method>(method: M, args: Calls[M]['args']): Promise<Calls[M]['result']> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<Calls[M]['result']>((resolve, reject) => {
      // The worker answers request `id` with a Calls[M]['result'] (sqlite-worker.ts handlers).
      const waiter: Waiter = { resolve, reject };
      if (this.#waiters.size === 0) this.#worker.ref();
      this.#waiters.set(id, waiter);
      const request = { id, method, args } as Request; // TS cannot correlate M with the union
      this.#worker.postMessage(request);
    });
  }

  /** Stops the worker; outstanding calls fail. */
  async terminate(): Promise<void> {
    this.#failure ??= new Error('sqlite worker terminated');
    this.onFailure = () => undefined;
    await this.#worker.terminate();
  }

  #receive(response: Response): void {
    if (response.kind === 'compacted') {
      this.onCompacted(response.revision);
      return;
    }
    const waiter = this.#waiters.get(response.id);
    if (!waiter) return;
    this.#waiters.delete(response.id);
    if (this.#waiters.size === 0) this.#worker.unref();
    if (response.kind === 'result') waiter.resolve(response.result);
    else waiter.reject(decodeError(response.error));
  }

  #fail(e: Error): void {
    const first = this.#failure === undefined;
    this.#failure ??= e;
    for (const waiter of this.#waiters.values()) waiter.reject(this.#failure);
    this.#waiters.clear();
    if (first) this.onFailure(e);
  }
}
