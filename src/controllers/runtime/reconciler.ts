/** @module Reconciler: the one-method seam every controller implements (controller-runtime `reconcile.go`). */

/** ReconcileResult asks for a later, level-based re-check (not a retry: nothing failed). */
export interface ReconcileResult {
  /** Re-queue the key after this many ms (through the queue's Clock). */
  requeueAfter?: number;
}

/**
 * Reconciler brings the world in line with the desired state of the object named by `key`,
 * reading from informer caches. It is level-based: it must not care which event queued the key.
 * Throwing means "retry with backoff"; throwing `terminal(err)` means "do not retry".
 * The signal aborts when the controller stops.
 */
export interface Reconciler<K = string> {
  // void lets `async reconcile() { ... }` with no return value implement the interface.
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  reconcile(key: K, signal: AbortSignal): Promise<ReconcileResult | void>;
}

/** TerminalError wraps an error that retrying cannot fix (controller-runtime `TerminalError`). */
export class TerminalError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'TerminalError';
  }
}

/** terminal marks an error as not worth retrying: the controller logs it once and forgets the key. */
export function terminal(err: unknown): TerminalError {
  return err instanceof TerminalError ? err : new TerminalError(err);
}

/** isTerminal reports whether `err` was marked with `terminal`. */
export function isTerminal(err: unknown): err is TerminalError {
  return err instanceof TerminalError;
}
