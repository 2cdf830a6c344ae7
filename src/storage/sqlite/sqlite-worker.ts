/**
 * @module Entry of the worker thread that owns SQLite (started by sqlite-thread.ts): answers the
 * requests of sqlite-protocol.ts one at a time, in arrival order, so a read sees every batch
 * committed before it was asked and a commit never interleaves with another.
 */
import { parentPort } from 'node:worker_threads';
import { ClosedError } from '../errors.ts';
import {
  encodeError,
  type Calls,
  type Method,
  type Request,
  type RequestOf,
  type Response,
} from './sqlite-protocol.ts';
import { SqliteStore } from './sqlite-store.ts';

if (!parentPort) throw new Error('sqlite-worker runs as the worker thread of SqliteBackend');
const port = parentPort;

let store: SqliteStore | undefined;
let closing = false;
let compaction: Promise<unknown> = Promise.resolve();

const opened = (): SqliteStore => {
  if (!store || closing) throw new ClosedError();
  return store;
};

type Handlers = {
  [M in Method]: (args: Calls[M]['args']) => Calls[M]['result'] | Promise<Calls[M]['result']>;
};

const handlers: Handlers = {
  open: ({ path }) => {
    store = new SqliteStore(path);
    return { revision: store.revision, compacted: store.compacted };
  },
  commit: ({ writes }) => opened().commit(writes),
  get: ({ key }) => opened().get(key),
  list: ({ options }) => opened().list(options),
  count: ({ prefix }) => opened().count(prefix),
  events: ({ prefix, after, upTo, limit }) => opened().events(prefix, after, upTo, limit),
  compact: ({ revision, chunk }) => {
    const run = compactTo(opened(), revision, chunk);
    compaction = run.catch(() => undefined);
    return run;
  },
  close: async () => {
    closing = true;
    await compaction; // stops at its next chunk boundary
    store?.close();
    store = undefined;
    return undefined;
  },
};

/** Compacts chunk by chunk, yielding between chunks so commits and reads are not held up. */
async function compactTo(s: SqliteStore, target: number, chunk: number): Promise<number> {
  while (s.compacted < target && !closing) {
    s.compactChunk(target, chunk);
    post({ kind: 'compacted', revision: s.compacted });
    await new Promise<void>((r) => setImmediate(r));
  }
  return s.compacted;
}

function post(response: Response): void {
  port.postMessage(response);
}

function answer<M extends Method>(request: RequestOf<M>): void {
  const { id } = request;
  const fail = (e: unknown): void => post({ kind: 'error', id, error: encodeError(e) });
  try {
    const result = handlers[request.method](request.args);
    // Synchronous answers skip the promise machinery: commits and reads are synchronous.
    if (result instanceof Promise)
      result.then((r) => post({ kind: 'result', id, result: r }), fail);
    else post({ kind: 'result', id, result });
  } catch (e: unknown) {
    fail(e);
  }
}

port.on('message', (request: Request) => answer(request));
