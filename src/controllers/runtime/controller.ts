/**
 * @module The controller loop: N workers take keys from a WorkQueue and reconcile them
 * (sample-controller `processNextWorkItem`).
 */
import type { Logger } from '../../lib/logger.ts';
import type { WorkQueue } from '../../client/workqueue/queue.ts';
import { isTerminal, type Reconciler } from './reconciler.ts';
import { isConflict } from '../../api/meta/status-error.ts';

/** Options of runController. */
export interface ControllerOptions<K> {
  /** For logs. */
  name: string;
  queue: WorkQueue<K>;
  reconciler: Reconciler<K>;
  /** Parallel workers; the queue guarantees one key is never reconciled by two at once. @default 1 */
  workers?: number;
  /** Stops the workers and shuts the queue down. */
  signal: AbortSignal;
  logger: Logger;
}

/**
 * runController runs workers until the signal aborts, then shuts the queue down and resolves
 * once every in-flight reconcile has returned. Per key: success → `forget` (reset backoff);
 * `{ requeueAfter }` → `addAfter`; thrown error → `addRateLimited`; terminal error → logged once,
 * `forget`, no retry.
 */
export async function runController<K>(options: ControllerOptions<K>): Promise<void> {
  const { queue, signal } = options;
  const logger = options.logger.with({ controller: options.name });
  const onAbort = (): void => queue.shutDown();
  if (signal.aborted) queue.shutDown();
  signal.addEventListener('abort', onAbort, { once: true });
  const workers = Math.max(1, options.workers ?? 1);
  logger.info('starting workers', { workers });
  try {
    await Promise.all(Array.from({ length: workers }, () => worker(options, logger)));
  } finally {
    signal.removeEventListener('abort', onAbort);
    logger.info('workers stopped');
  }
}

async function worker<K>(options: ControllerOptions<K>, logger: Logger): Promise<void> {
  for (;;) {
    const key = await options.queue.get();
    if (key === undefined) return;
    try {
      await processItem(options, key, logger);
    } finally {
      options.queue.done(key);
    }
  }
}

/** processItem reconciles one key and decides how it goes back to the queue. */
async function processItem<K>(options: ControllerOptions<K>, key: K, base: Logger): Promise<void> {
  const { queue, signal } = options;
  try {
    const result = await options.reconciler.reconcile(key, signal);
    queue.forget(key);
    if (result?.requeueAfter !== undefined && result.requeueAfter > 0) {
      queue.addAfter(key, result.requeueAfter);
    }
  } catch (e: unknown) {
    if (signal.aborted) return;
    // Made only when there is something to say: a logger per reconcile showed in profiles.
    const logger = base.with({ key: String(key) });
    if (isTerminal(e)) {
      // Retrying cannot help: log it once and reset the backoff so a later event starts afresh.
      logger.error('reconcile failed permanently', { error: e });
      queue.forget(key);
      return;
    }
    // Optimistic-concurrency conflicts are routine (a cache a moment behind): retry quietly.
    const fields = { error: e, requeues: queue.numRequeues(key) };
    if (isConflict(e)) logger.debug('reconcile failed, requeuing', fields);
    else logger.warn('reconcile failed, requeuing', fields);
    queue.addRateLimited(key);
  }
}
