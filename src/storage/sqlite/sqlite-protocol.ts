/**
 * @module The messages between SqliteBackend (main thread) and the worker that owns the SQLite
 * connection, and the codec that carries errors across: structured clone keeps an Error's message
 * but not its class or fields, and callers test `instanceof ConflictError` and read `current`.
 */
import type { KeyValue, ListOptions, ListResult, WatchEvent } from '../backend.ts';
import {
  ClosedError,
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  StorageErrorCode,
} from '../errors.ts';
import type { Applied, Write } from './sqlite-write.ts';

/** OpenedState is what the worker found in the file. */
export interface OpenedState {
  revision: number;
  compacted: number;
}

/** WriteOutcome is, per write of a batch, how it was applied or the error it failed with. */
export type WriteOutcome = Applied | ErrorDescriptor;

/** CommitResult answers a committed batch: outcomes in write order, and the revision after it. */
export interface CommitResult {
  revision: number;
  outcomes: WriteOutcome[];
}

/** EventsArgs asks for the log events under `prefix` with `after < revision ≤ upTo`. */
export interface EventsArgs {
  prefix: string;
  after: number;
  upTo: number;
  limit: number;
}

/** Calls maps each request method to its arguments and its result. */
export interface Calls {
  open: { args: { path: string }; result: OpenedState };
  commit: { args: { writes: Write[] }; result: CommitResult };
  get: { args: { key: string }; result: KeyValue | undefined };
  list: { args: { options: ListOptions }; result: ListResult };
  count: { args: { prefix: string }; result: number };
  events: { args: EventsArgs; result: WatchEvent[] };
  /** Compacts to `revision` in transactions of `chunk` revisions; result: the compacted revision. */
  compact: { args: { revision: number; chunk: number }; result: number };
  /** Stops compaction at the next chunk and closes the database. */
  close: { args: Record<string, never>; result: undefined };
}

/** Method is a request method. */
export type Method = keyof Calls;

/** RequestOf is a request of one method; `id` pairs it with its response. */
export interface RequestOf<M extends Method> {
  id: number;
  method: M;
  args: Calls[M]['args'];
}

/** Request is any request (main thread → worker). */
export type Request = { [M in Method]: RequestOf<M> }[Method];

/** Response is a worker → main thread message: an answer, or compaction progress. */
export type Response =
  | { kind: 'result'; id: number; result: Calls[Method]['result'] }
  | { kind: 'error'; id: number; error: ErrorDescriptor }
  /** A compaction chunk committed: history at and before `revision` is gone. */
  | { kind: 'compacted'; revision: number };

/** ErrorDescriptor is an error as plain data; `type: 'error'` tells it from an Applied write. */
export type ErrorDescriptor = { type: 'error' } & (
  | { code: typeof StorageErrorCode.KeyExists | typeof StorageErrorCode.NotFound; key: string }
  | { code: typeof StorageErrorCode.Conflict; key: string; current: KeyValue }
  | { code: typeof StorageErrorCode.Compacted; requested: number; compacted: number }
  | { code: typeof StorageErrorCode.FutureRevision; requested: number; current: number }
  | { code: typeof StorageErrorCode.Closed }
  /** Anything else (an SQLite error such as SQLITE_BUSY keeps its `code` as `errorCode`). */
  | { code: 'internal'; name: string; message: string; stack?: string; errorCode?: string }
);

/** encodeError turns an error thrown in the worker into a descriptor. */
export function encodeError(e: unknown): ErrorDescriptor {
  const code = StorageErrorCode;
  if (e instanceof KeyExistsError) return { type: 'error', code: code.KeyExists, key: e.key };
  if (e instanceof NotFoundError) return { type: 'error', code: code.NotFound, key: e.key };
  if (e instanceof ConflictError)
    return { type: 'error', code: code.Conflict, key: e.key, current: e.current };
  if (e instanceof CompactedError)
    return { type: 'error', code: code.Compacted, requested: e.requested, compacted: e.compacted };
  if (e instanceof FutureRevisionError)
    return { type: 'error', code: code.FutureRevision, requested: e.requested, current: e.current };
  if (e instanceof ClosedError) return { type: 'error', code: code.Closed };
  const error = e instanceof Error ? e : new Error(String(e));
  const errorCode: unknown = (error as { code?: unknown }).code;
  return {
    type: 'error',
    code: 'internal',
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(typeof errorCode === 'string' ? { errorCode } : {}),
  };
}

/** decodeError rebuilds the error a descriptor describes: the same class with the same fields. */
export function decodeError(d: ErrorDescriptor): Error {
  switch (d.code) {
    case StorageErrorCode.KeyExists:
      return new KeyExistsError(d.key);
    case StorageErrorCode.NotFound:
      return new NotFoundError(d.key);
    case StorageErrorCode.Conflict:
      return new ConflictError(d.key, d.current);
    case StorageErrorCode.Compacted:
      return new CompactedError(d.requested, d.compacted);
    case StorageErrorCode.FutureRevision:
      return new FutureRevisionError(d.requested, d.current);
    case StorageErrorCode.Closed:
      return new ClosedError();
    case 'internal': {
      const error = new Error(d.message);
      error.name = d.name;
      if (d.stack !== undefined) error.stack = d.stack;
      return d.errorCode === undefined ? error : Object.assign(error, { code: d.errorCode });
    }
  }
}

/** isErrorDescriptor tells a failed write's outcome from an applied one. */
export function isErrorDescriptor(outcome: WriteOutcome): outcome is ErrorDescriptor {
  return outcome.type === 'error';
}
