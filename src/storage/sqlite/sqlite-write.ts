/** @module One write of a group-commit batch: the CAS checks and the rows it adds, inside the open transaction. */
import type { WatchEvent } from '../backend.ts';
import { ConflictError, KeyExistsError, NotFoundError, type StorageError } from '../errors.ts';
import type { Statements } from './sqlite-schema.ts';

/** Write is a queued mutation. */
export type Write =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expected: number }
  | { kind: 'delete'; key: string; expected?: number };

/**
 * applyWrite checks a write against the current state (which includes the earlier writes of the
 * same transaction) and, if it passes, appends its log row at `revision` and moves `current`.
 *
 * @returns the committed event, or the StorageError the write fails with (nothing written then).
 */
export function applyWrite(
  sql: Statements,
  write: Write,
  revision: number,
): WatchEvent | StorageError {
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
      return {
        type: 'put',
        kv: { key: write.key, value: write.value, createRevision: revision, modRevision: revision },
      };
    }
    case 'update': {
      if (!prevKv) return new NotFoundError(write.key);
      if (prevKv.modRevision !== write.expected) return new ConflictError(write.key, prevKv);
      const created = prevKv.createRevision;
      sql.insert({
        id: revision,
        key: write.key,
        created,
        prev: prevKv.modRevision,
        deleted: false,
        value: write.value,
      });
      sql.setCurrent(write.key, revision);
      return {
        type: 'put',
        kv: { key: write.key, value: write.value, createRevision: created, modRevision: revision },
        prevKv,
      };
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
      return { type: 'delete', kv: { ...prevKv, modRevision: revision }, prevKv };
    }
  }
}
