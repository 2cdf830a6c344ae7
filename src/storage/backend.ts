/**
 * @module The key/value seam under the API server: a revisioned store with etcd/kine semantics.
 *
 * Every mutation gets the next value of one store-wide, strictly increasing revision (starting at
 * 1 for the first write; 0 means "nothing written yet"). That revision is the resourceVersion the
 * API server hands to clients. Values are opaque strings (the API server stores JSON).
 */

/** KeyValue is a stored key at one revision. */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that created this key (since its last deletion). */
  createRevision: number;
  /** Revision of the last write to this key. */
  modRevision: number;
}

/** WatchEvent is one change seen by a watch. */
export interface WatchEvent {
  type: 'put' | 'delete';
  /** For `put` the new value; for `delete` the last value, with `modRevision` = the delete's revision. */
  kv: KeyValue;
  /** The value before this change, when it existed. */
  prevKv?: KeyValue;
}

/** ListOptions of Backend.list. */
export interface ListOptions {
  /** Keys that start with this prefix. An empty prefix means every key. */
  prefix: string;
  /** Only keys strictly greater than this one (pagination continue point). */
  startAfter?: string;
  /** At most this many items; 0 or absent means no limit. */
  limit?: number;
  /**
   * Read as of this revision (must not be compacted: CompactedError; must not be in the future:
   * FutureRevisionError). Absent or 0 means the current revision.
   */
  revision?: number;
}

/** ListResult is a page of a prefix list. */
export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** True when more keys match after the last returned one. */
  more: boolean;
}

/** WatchOptions of Backend.watch. */
export interface WatchOptions {
  prefix: string;
  /**
   * Deliver every change with revision > `afterRevision`, in revision order, then live changes.
   * If `afterRevision` is older than the compacted revision the iterator throws CompactedError.
   */
  afterRevision: number;
  /** Ends the watch: the iterator returns. */
  signal: AbortSignal;
}

/**
 * Backend is the storage interface of the API server.
 *
 * Drivers: `memory` (tests), `sqlite` (the default, durable), and later `etcd`. Everything a driver
 * can fail with is one of the errors in `errors.ts`. All methods are safe to call concurrently.
 */
export interface Backend {
  /** Returns the key's current value, or undefined when absent. */
  get(key: string): Promise<KeyValue | undefined>;
  /** Lists keys under a prefix in key order, optionally at a past revision and paginated. */
  list(options: ListOptions): Promise<ListResult>;
  /** Counts the keys under a prefix at the current revision. */
  count(prefix: string): Promise<number>;
  /** Creates a key; throws KeyExistsError when it exists. Returns the new KeyValue. */
  create(key: string, value: string): Promise<KeyValue>;
  /**
   * Replaces a key's value if its modRevision equals `expectedModRevision` (compare-and-swap).
   * Throws NotFoundError when absent, ConflictError (carrying the current KeyValue) on a mismatch.
   */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /**
   * Deletes a key, if `expectedModRevision` is given only when it matches (ConflictError otherwise).
   * Throws NotFoundError when absent. Returns the deleted value with modRevision = delete revision.
   */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /** Streams batches of changes under a prefix; see WatchOptions. Batches are never empty. */
  watch(options: WatchOptions): AsyncIterable<WatchEvent[]>;
  /** The latest revision (0 before any write). */
  currentRevision(): Promise<number>;
  /** The oldest revision watches and revisioned lists can still start after. */
  compactedRevision(): Promise<number>;
  /** Forgets history at and before `revision` (current values are kept). */
  compact(revision: number): Promise<void>;
  /** Releases resources; pending watches end. */
  close(): Promise<void>;
}
