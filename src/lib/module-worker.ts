/**
 * @module startModuleWorker: a worker thread running a sibling module of the caller, from the
 * TypeScript sources (under tsx) or from the build alike.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * startModuleWorker starts `<name>.ts` or `<name>.js` beside the module at `callerUrl` (pass
 * `import.meta.url`): the same flavour as the caller, since tsc rewrites import specifiers but
 * not this URL.
 */
export function startModuleWorker(
  callerUrl: string,
  name: string,
  options: Pick<WorkerOptions, 'name' | 'workerData'> = {},
): Worker {
  const extension = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  const entry = new URL(`./${name}${extension}`, callerUrl);
  const tsxApi = extension === '.ts' ? tsxApiUrl() : undefined;
  if (tsxApi === undefined) return new Worker(entry, options);
  // A worker inherits `--import tsx` through execArgv, but tsx installs its loader in worker
  // threads only on Node ≥ 22.22 / 24.11: on Node 20 the worker could not load `.ts`. So the
  // worker installs it itself (on newer Node tsx then also installs its own copy; tested on 20).
  // execArgv stays inherited: passing a filtered copy would reject V8 flags such as
  // --max-semi-space-size that a worker accepts only by inheritance.
  const tsx = JSON.stringify(tsxApi);
  const href = JSON.stringify(entry.href);
  const bootstrap = `import(${tsx}).then((tsx) => { tsx.register(); return import(${href}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** tsx's register API, or undefined when tsx is not installed (Node runs the `.ts` itself then). */
function tsxApiUrl(): string | undefined {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
}
