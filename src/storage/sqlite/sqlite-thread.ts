/**
 * @module SqliteThread: the main thread's handle on the worker that owns the SQLite connection.
 * Typed request/response calls (sqlite-protocol.ts) matched by id; errors come back as their own
 * classes.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../lib/module-worker.ts';
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
    this.#worker = startModuleWorker(import.meta.url, 'sqlite-worker', {
      name: 'everynode-sqlite',
    });
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
