/**
 * @module One write of a group-commit batch: the CAS checks and the rows it adds (in the worker,
 * inside the open transaction), and the event it becomes once committed (on the main thread).
 */
import type { KeyValue, WatchEvent } from '../backend.ts';
import { ConflictError, KeyExistsError, NotFoundError, type StorageError } from '../errors.ts';
import type { Statements } from './sqlite-schema.ts';

/** Write is a queued mutation. */
export type Write =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expected: number }
  | { kind: 'delete'; key: string; expected?: number };

/**
 * Applied is what a passed write adds to the Write itself to make its event: its revision and the
 * value it replaced (updates and deletes). The main thread already holds the new value, so it
 * does not travel back from the worker.
 */
export interface Applied {
  type: 'applied';
  revision: number;
  prevKv?: KeyValue;
}

/**
 * applyWrite checks a write against the current state (which includes the earlier writes of the
 * same transaction) and, if it passes, appends its log row at `revision` and moves `current`.
 *
 * @returns what committedEvent needs, or the StorageError the write fails with (nothing written).
 */
export function applyWrite(
  sql: Statements,
  write: Write,
  revision: number,
): Applied | StorageError {
  const prevKv = sql.get(write.key);
  switch (write.kind) {
    case 'create': {
      if (prevKv) return new KeyExistsError(write.key);
      sql.insert({
        id: revision,
        key: write.key,
        created: revision,
        prev: 0,
        deleted: false,
        value: write.value,
      });
      sql.setCurrent(write.key, revision);
      return { type: 'applied', revision };
    }
    case 'update': {
      if (!prevKv) return new NotFoundError(write.key);
      if (prevKv.modRevision !== write.expected) return new ConflictError(write.key, prevKv);
      sql.insert({
        id: revision,
        key: write.key,
        created: prevKv.createRevision,
        prev: prevKv.modRevision,
        deleted: false,
        value: write.value,
      });
      sql.setCurrent(write.key, revision);
      return { type: 'applied', revision, prevKv };
    }
    case 'delete': {
      if (!prevKv) return new NotFoundError(write.key);
      if (write.expected !== undefined && prevKv.modRevision !== write.expected)
        return new ConflictError(write.key, prevKv);
      sql.insert({
        id: revision,
        key: write.key,
        created: prevKv.createRevision,
        prev: prevKv.modRevision,
        deleted: true,
        value: null,
      });
      sql.deleteCurrent(write.key);
      return { type: 'applied', revision, prevKv };
    }
  }
}

/**
 * committedEvent is the watch event of a committed write; its `kv` is the write's result. applyWrite
 * always sends `prevKv` for updates and deletes; should it ever be missing, the event still carries
 * the committed revision rather than throwing halfway through acknowledging a committed batch.
 */
export function committedEvent(write: Write, applied: Applied): WatchEvent {
  const { revision, prevKv } = applied;
  const { key } = write;
  if (write.kind === 'delete') {
    const kv = prevKv
      ? { ...prevKv, modRevision: revision }
      : { key, value: '', createRevision: revision, modRevision: revision };
    return prevKv ? { type: 'delete', kv, prevKv } : { type: 'delete', kv };
  }
  const createRevision = write.kind === 'update' && prevKv ? prevKv.createRevision : revision;
  const kv = { key, value: write.value, createRevision, modRevision: revision };
  return prevKv ? { type: 'put', kv, prevKv } : { type: 'put', kv };
}
