/** @module `everynode up`: start everything in one process and print how to use it. */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../lib/duration.ts';
import { DefaultDaemonSetWorkers } from '../../process/components.ts';
import { startEverynode } from '../../process/everynode.ts';

const usage = `Usage: everynode up [flags]

Start the API server, controllers, scheduler and a simulated node pool in one process.

Flags:
      --data-dir DIR      where state, certificates and the kubeconfig live (default ".everynode")
      --port PORT         HTTPS port (default 6443; 0 picks a free port)
      --host HOST         address to listen on (default "127.0.0.1")
      --nodes N           simulated nodes to create (default 3)
      --kubeconfig PATH   where to write the kubeconfig (default "<data-dir>/kubeconfig")
      --storage URL       storage backend: sqlite:///path or memory:// (default sqlite in the data dir)
      --node-monitor-grace-period DURATION
                          how long a silent node stays Ready (default 40s)
      --pod-ready-after DURATION
                          how long simulated pods take to become Ready (default 200ms)
      --pod-stop-after DURATION
                          longest a deleted simulated pod takes to stop (default 1s; its
                          grace period if shorter)
      --concurrent-daemonset-syncs N
                          DaemonSets synced at once (default 8; kube-controller-manager's
                          default is 2)
      --components-thread main|worker
                          run the controllers, scheduler and node pool on the API server's
                          thread (default) or in a worker thread of their own
      --no-console        do not serve the web console
      --no-controllers    serve the API only
  -h, --help              show this help
`;

/** runUp runs the `up` command; resolves with the exit code when the process should exit. */
export async function runUp(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string', default: '.everynode' },
        port: { type: 'string', default: '6443' },
        host: { type: 'string', default: '127.0.0.1' },
        nodes: { type: 'string', default: '3' },
        kubeconfig: { type: 'string' },
        storage: { type: 'string' },
        'node-monitor-grace-period': { type: 'string', default: '40s' },
        'pod-ready-after': { type: 'string', default: '200ms' },
        'pod-stop-after': { type: 'string', default: '1s' },
        'concurrent-daemonset-syncs': { type: 'string', default: String(DefaultDaemonSetWorkers) },
        'components-thread': { type: 'string', default: 'main' },
        'no-console': { type: 'boolean', default: false },
        'no-controllers': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e: unknown) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
    return 1;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const port = Number(values.port);
  const nodes = Number(values.nodes);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: invalid --port ${JSON.stringify(values.port)}`);
    return 1;
  }
  if (!Number.isInteger(nodes) || nodes < 0) {
    console.error(`error: invalid --nodes ${JSON.stringify(values.nodes)}`);
    return 1;
  }
  const dsWorkers = Number(values['concurrent-daemonset-syncs']);
  if (!Number.isInteger(dsWorkers) || dsWorkers < 1) {
    console.error(
      `error: invalid --concurrent-daemonset-syncs ${JSON.stringify(values['concurrent-daemonset-syncs'])}`,
    );
    return 1;
  }
  const componentsThread = values['components-thread'];
  if (componentsThread !== 'worker' && componentsThread !== 'main') {
    console.error(
      `error: invalid --components-thread ${JSON.stringify(componentsThread)} (main or worker)`,
    );
    return 1;
  }
  let graceMs: number;
  let readyAfterMs: number;
  let stopAfterMs: number;
  try {
    graceMs = parseDuration(values['node-monitor-grace-period']);
    readyAfterMs = parseDuration(values['pod-ready-after']);
    stopAfterMs = parseDuration(values['pod-stop-after']);
  } catch (e: unknown) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const started = Date.now();
  const en = await startEverynode({
    dataDir: values['data-dir'],
    port,
    host: values.host,
    nodes,
    ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
    ...(values.storage ? { storage: values.storage } : {}),
    console: !values['no-console'],
    componentsThread,
    components: {
      nodes,
      controllers: !values['no-controllers'],
      nodeMonitorGracePeriodMs: graceMs,
      podReadyAfterMs: readyAfterMs,
      podStopAfterMs: stopAfterMs,
      concurrentDaemonSetSyncs: dsWorkers,
    },
  });
  console.log(`everynode is up (${Date.now() - started} ms)
  API server:  ${en.server}${en.consoleUrl ? `\n  Console:     ${en.consoleUrl}` : ''}
  kubeconfig:  ${en.kubeconfig}

Try:
  export KUBECONFIG=${en.kubeconfig}
  kubectl get nodes
  kubectl get ds -A
`);
  await new Promise<void>((resolve) => {
    let stoppingSince: number | undefined;
    const stop = (signal: string): void => {
      if (stoppingSince === undefined) {
        stoppingSince = Date.now();
        console.log(`\n${signal} received, shutting down...`);
        resolve();
        return;
      }
      // Ctrl-C reaches both this process and the launcher that passes signals on: one moment's
      // repeat is the same signal. A later one means "now", as upstream's second signal does.
      if (Date.now() - stoppingSince < SignalRepeatMs) return;
      console.log(`\n${signal} received again, exiting without cleanup`);
      process.exit(1);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  await en.stop();
  console.log('everynode stopped');
  return 0;
}

/** Signals within this long of the first are taken as the same one delivered twice. */
const SignalRepeatMs = 1000;
