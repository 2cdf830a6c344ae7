/**
 * @module Leader election on a coordination.k8s.io/v1 Lease, like client-go `leaderelection`:
 * only the holder of an unexpired Lease runs the controllers; it renews the Lease every retry
 * period and steps down when it cannot renew within the renew deadline.
 */
import { setMaxListeners } from 'node:events';
import { isConflict, isNotFound, isAlreadyExists } from '../api/meta/status-error.ts';
import type { Lease } from '../api/coordination/v1/types.ts';
import { R } from '../api/scheme.ts';
import { realClock, type Clock } from '../lib/clock.ts';
import { silentLogger, type Logger } from '../lib/logger.ts';
import type { KubeClient } from './kube-client.ts';

/** LeaderCallbacks are told when this process gains and loses leadership. */
export interface LeaderCallbacks {
  /** Runs while leading; its signal aborts when leadership is lost or the elector stops. */
  onStartedLeading(signal: AbortSignal): Promise<void> | void;
  /** Called once after a leadership term ends (after onStartedLeading's promise settled). */
  onStoppedLeading(): void;
}

/** LeaderElector campaigns for one Lease. */
export interface LeaderElector {
  /**
   * Campaigns until elected, leads until leadership is lost or the signal aborts, then resolves.
   * On abort while leading, the Lease is released so another candidate can take over at once.
   * Call again to campaign for a new term.
   */
  run(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<void>;
  /** True while this elector holds the Lease. */
  isLeader(): boolean;
}

/** Options of createLeaderElector. */
export interface LeaderElectorOptions {
  client: KubeClient;
  /** @default 'kube-system' */
  namespace?: string;
  /** Lease name. */
  name: string;
  /** This candidate's holderIdentity (unique per process). */
  identity: string;
  /** How long a Lease is valid after its last observed renewal. @default 15 */
  leaseDurationSeconds?: number;
  /** The leader steps down if it could not renew for this long. @default 10 */
  renewDeadlineSeconds?: number;
  /** Delay between acquire/renew attempts. @default 2 */
  retryPeriodSeconds?: number;
  /** @default realClock */
  clock?: Clock;
  logger?: Logger;
}

/** createLeaderElector builds a LeaderElector; it does no I/O until `run`. */
export function createLeaderElector(options: LeaderElectorOptions): LeaderElector {
  const clock = options.clock ?? realClock;
  const log = (options.logger ?? silentLogger).with({ lease: options.name });
  const namespace = options.namespace ?? 'kube-system';
  const leaseMs = (options.leaseDurationSeconds ?? 15) * 1000;
  const renewMs = (options.renewDeadlineSeconds ?? 10) * 1000;
  const retryMs = (options.retryPeriodSeconds ?? 2) * 1000;
  const leases = options.client.resource<Lease>(R.leases);
  let leader = false;
  /**
   * Expiry is judged by when *we* last saw the record change, not by the renewTime written by
   * another process, so clock skew between candidates does not matter (client-go observedTime).
   */
  let observed: { key: string; at: number } | undefined;

  const tryAcquireOrRenew = async (): Promise<boolean> => {
    const now = clock.now();
    let current: Lease;
    try {
      current = await leases.get(options.name, { namespace });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
      await leases.create(newLease(options.name, namespace, options.identity, leaseMs, now));
      observed = undefined;
      return true;
    }
    const spec = current.spec ?? {};
    const key = `${spec.holderIdentity ?? ''}|${spec.renewTime ?? ''}|${current.metadata.resourceVersion ?? ''}`;
    if (observed?.key !== key) observed = { key, at: now };
    const holder = spec.holderIdentity ?? '';
    const duration = (spec.leaseDurationSeconds ?? leaseMs / 1000) * 1000;
    const held = holder !== '' && holder !== options.identity;
    if (held && observed.at + duration > now) return false;
    const mine = holder === options.identity;
    const next: Lease = {
      ...current,
      spec: {
        ...spec,
        holderIdentity: options.identity,
        leaseDurationSeconds: leaseMs / 1000,
        renewTime: microTime(now),
        acquireTime: mine && spec.acquireTime ? spec.acquireTime : microTime(now),
        leaseTransitions: mine ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
      },
    };
    // The update carries the resourceVersion we read: a concurrent writer makes it fail (409).
    await leases.update(next, { namespace });
    return true;
  };

  const attempt = async (): Promise<boolean> => {
    try {
      return await tryAcquireOrRenew();
    } catch (e: unknown) {
      if (!isConflict(e) && !isAlreadyExists(e)) log.warn('lease update failed', { error: e });
      return false;
    }
  };

  const release = async (): Promise<void> => {
    try {
      const current = await leases.get(options.name, { namespace });
      if (current.spec?.holderIdentity !== options.identity) return;
      const spec = {
        ...current.spec,
        holderIdentity: '',
        leaseDurationSeconds: 1,
        renewTime: microTime(clock.now()),
      };
      await leases.update({ ...current, spec }, { namespace });
    } catch (e: unknown) {
      log.warn('could not release lease', { error: e });
    }
  };

  return {
    isLeader: () => leader,
    async run(signal, callbacks) {
      while (!signal.aborted && !(await attempt())) await sleep(clock, retryMs, signal);
      if (signal.aborted) return;
      leader = true;
      log.info('became leader', { identity: options.identity });
      const term = new AbortController();
      // Every controller's workers, informers and backoffs wait on the term at once.
      setMaxListeners(0, term.signal);
      const stop = (): void => term.abort();
      signal.addEventListener('abort', stop, { once: true });
      const work = Promise.resolve()
        .then(() => callbacks.onStartedLeading(term.signal))
        .catch((e: unknown) => log.error('leader work failed', { error: e }));
      let lastRenew = clock.now();
      while (!term.signal.aborted) {
        await sleep(clock, retryMs, term.signal);
        if (term.signal.aborted) break;
        if (await attempt()) lastRenew = clock.now();
        else if (clock.now() - lastRenew >= renewMs) {
          log.warn('failed to renew lease in time, stepping down');
          term.abort();
        }
      }
      signal.removeEventListener('abort', stop);
      await work;
      leader = false;
      if (signal.aborted) await release();
      callbacks.onStoppedLeading();
    },
  };
}

function newLease(
  name: string,
  namespace: string,
  identity: string,
  leaseMs: number,
  now: number,
): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace },
    spec: {
      holderIdentity: identity,
      leaseDurationSeconds: leaseMs / 1000,
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    },
  };
}

/** microTime renders metav1.MicroTime (`2006-01-02T15:04:05.000000Z`). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

async function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  await clock.sleep(ms, signal).catch(() => undefined);
}
