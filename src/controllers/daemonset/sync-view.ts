/**
 * @module What the DaemonSet syncer remembers of one DaemonSet between syncs, so a sync costs what
 * changed rather than the size of the cluster: its positions in the node and pod stores' change
 * logs (placement decisions and claimed pods are kept up to date from them), the claimed pods'
 * grouping by node, the status counters, and the nodes manage must look at again. Every part is
 * rebuilt from scratch when the DaemonSet's uid or selector changes.
 */
import type { DaemonSet } from '../../api/apps/v1/types.ts';
import { PodGrouping } from './pod-grouping.ts';
import { StatusCounterTracker } from './status.ts';

/** DaemonSetView is one DaemonSet's memory (see the module doc). */
export class DaemonSetView {
  readonly grouping = new PodGrouping();
  readonly status = new StatusCounterTracker();
  /** Nodes changed (placement or pods) since the status counters last looked. */
  readonly statusChanged = new Set<string>();
  /** Where in the node store's change log the placement decisions are (undefined: nowhere yet). */
  nodeCursor: number | undefined;
  /** Where in the pod store's change log the claimed pods are (undefined: nowhere yet). */
  podCursor: number | undefined;
  /** Nodes manage must decide: changed since the last plan, or left to recheck by it. */
  #manage = new Set<string>();
  /** The manage inputs beyond nodes and pods that the last plan was made for. */
  #manageSignature: string | undefined;

  /** changed records the nodes a sync found changed (placement or pods). */
  changed(names: Iterable<string>): void {
    for (const n of names) {
      this.statusChanged.add(n);
      this.#manage.add(n);
    }
  }

  /**
   * The nodes the next plan must decide, or undefined for every node: the first plan, and any
   * plan made for another `signature` (what else the per-node decision reads, e.g. whether the
   * DaemonSet allows a surge), decides every node.
   */
  manageNodes(signature: string): Iterable<string> | undefined {
    return signature === this.#manageSignature ? this.#manage : undefined;
  }

  /** planned records a plan made for `signature`: only what it asks to recheck stays to decide. */
  planned(signature: string, recheck: Set<string>): void {
    this.#manageSignature = signature;
    this.#manage = recheck;
  }
}

/**
 * DaemonSetViews keeps a DaemonSetView per DaemonSet key, started afresh when the DaemonSet's uid
 * or selector changes: claims and groupings hold only for the owner and selector they were made for.
 */
export class DaemonSetViews {
  readonly #byKey = new Map<string, { signature: string; view: DaemonSetView }>();

  for(key: string, ds: DaemonSet): DaemonSetView {
    const signature = JSON.stringify([ds.metadata.uid ?? '', ds.spec?.selector ?? null]);
    let e = this.#byKey.get(key);
    if (e?.signature !== signature) {
      this.#byKey.set(key, (e = { signature, view: new DaemonSetView() }));
    }
    return e.view;
  }

  forget(key: string): void {
    this.#byKey.delete(key);
  }
}
