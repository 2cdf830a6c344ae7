/**
 * @module Entry of the components thread: the controllers, scheduler and node pool of
 * `everynode up`, talking to the API server on the main thread over the bridge, as
 * kube-controller-manager, kube-scheduler and kwok talk to kube-apiserver from their own processes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRestClient } from '../../client/rest-client.ts';
import { createLogger } from '../../lib/logger.ts';
import { realClock } from '../../lib/clock.ts';
import { startComponents } from '../components.ts';
import type { ThreadOptions } from './components-thread.ts';
import type { Port, ToMain, ToWorker } from './protocol.ts';
import { WorkerSide } from './worker-side.ts';

if (!parentPort) throw new Error('components-thread worker started outside a worker thread');
const port = parentPort as unknown as Port<ToWorker, ToMain>;
const bridge = new WorkerSide(port);
const options = workerData as ThreadOptions;
const client = createRestClient({ transport: bridge.transport, userAgent: 'everynode' });
const components = await startComponents({
  ...options,
  client,
  clock: realClock,
  logger: createLogger(),
  api: { setLogSource: (source) => bridge.serveLogs(source) },
});
bridge.onStop(() => {
  void components.stop().then(() => bridge.send({ t: 'stopped' }));
});
bridge.send({ t: 'started' });
