/**
 * @module startComponentsThread: runs the in-process components (see components.ts) in a worker
 * thread, so the API server keeps the main thread to itself and the components use the machine's
 * other core. Requests cross as JSON text: the components keep their own parsed caches, as
 * separate Kubernetes processes do.
 */
import { startModuleWorker } from '../../lib/module-worker.ts';
import type { ApiServer } from '../../apiserver/server.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ComponentOptions, Components } from '../components.ts';
import { MainSide } from './main-side.ts';

/** ThreadOptions are what the components thread needs (everything else it builds itself). */
export type ThreadOptions = Omit<ComponentOptions, 'client' | 'clock' | 'logger' | 'api'>;

/** Options of startComponentsThread. */
export interface ComponentsThreadOptions {
  options: ThreadOptions;
  api: ApiServer;
  logger: Logger;
  /** Called when the thread dies unexpectedly (the process cannot go on without its controllers). */
  onFailure: (err: Error) => void;
}

/** startComponentsThread starts the worker and resolves once its components are running. */
export async function startComponentsThread(o: ComponentsThreadOptions): Promise<Components> {
  const worker = startModuleWorker(import.meta.url, 'worker', {
    name: 'everynode-components',
    workerData: o.options,
  });
  const bridge = new MainSide(worker, o.api.transport());
  o.api.setLogSource(bridge.logSource);
  let stopping = false;
  const failed = new Promise<never>((_resolve, reject) => {
    worker.once('error', (err) => {
      if (!stopping) o.onFailure(err);
      reject(err);
    });
    worker.once('exit', (code) => {
      const err = new Error(`components thread exited with code ${code}`);
      if (!stopping) o.onFailure(err);
      reject(err);
    });
  });
  failed.catch(() => undefined);
  await Promise.race([bridge.when('started'), failed]);
  o.logger.info('components thread started', { threadId: worker.threadId });
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      const stopped = bridge.when('stopped');
      bridge.send({ t: 'stop' });
      await Promise.race([stopped, failed]).catch(() => undefined);
      await worker.terminate();
    },
  };
}
