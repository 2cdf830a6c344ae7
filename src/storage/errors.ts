/** @module Storage errors with stable codes; the API server maps them to Status errors. */
import type { KeyValue } from './backend.ts';

/** Error codes of the storage layer. They never change once released. */
export const StorageErrorCode = {
  KeyExists: 'EVERYNODE_ERR_STORAGE_KEY_EXISTS',
  NotFound: 'EVERYNODE_ERR_STORAGE_NOT_FOUND',
  Conflict: 'EVERYNODE_ERR_STORAGE_CONFLICT',
  Compacted: 'EVERYNODE_ERR_STORAGE_COMPACTED',
  FutureRevision: 'EVERYNODE_ERR_STORAGE_FUTURE_REVISION',
  Closed: 'EVERYNODE_ERR_STORAGE_CLOSED',
} as const;
/** StorageErrorCode is one of the storage error codes. */
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

/** StorageError is the base of all storage errors. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string;
  constructor(code: StorageErrorCode, key: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
    this.key = key;
  }
}

/** KeyExistsError: create of a key that exists. */
export class KeyExistsError extends StorageError {
  constructor(key: string) {
    super(StorageErrorCode.KeyExists, key, `key exists: ${key}`);
  }
}

/** NotFoundError: update or delete of a key that does not exist. */
export class NotFoundError extends StorageError {
  constructor(key: string) {
    super(StorageErrorCode.NotFound, key, `key not found: ${key}`);
  }
}

/** ConflictError: compare-and-swap failed; `current` is the value that is there now. */
export class ConflictError extends StorageError {
  readonly current: KeyValue;
  constructor(key: string, current: KeyValue) {
    super(
      StorageErrorCode.Conflict,
      key,
      `revision mismatch on ${key} (now ${current.modRevision})`,
    );
    this.current = current;
  }
}

/** CompactedError: the requested revision's history has been compacted. */
export class CompactedError extends StorageError {
  readonly requested: number;
  readonly compacted: number;
  constructor(requested: number, compacted: number) {
    super(
      StorageErrorCode.Compacted,
      '',
      `required revision ${requested} has been compacted (oldest ${compacted})`,
    );
    this.requested = requested;
    this.compacted = compacted;
  }
}

/** FutureRevisionError: a read asked for a revision the store has not reached. */
export class FutureRevisionError extends StorageError {
  readonly requested: number;
  readonly current: number;
  constructor(requested: number, current: number) {
    super(
      StorageErrorCode.FutureRevision,
      '',
      `required revision ${requested} is a future revision (current ${current})`,
    );
    this.requested = requested;
    this.current = current;
  }
}

/** ClosedError: the backend was closed. */
export class ClosedError extends StorageError {
  constructor() {
    super(StorageErrorCode.Closed, '', 'storage backend is closed');
  }
}
