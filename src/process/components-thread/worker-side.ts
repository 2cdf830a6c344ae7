/**
 * @module The components thread's end of the bridge: a RestTransport whose requests the main
 * thread serves, and the serving of the main thread's pod log requests from the node pool.
 */
import type { PodLogSource } from '../../api/core/v1/pod-logs.ts';
import type { RestRequest, RestResponse, RestTransport } from '../../lib/rest.ts';
import { ChunkChannel } from './chunk-channel.ts';
import type { Port, ToMain, ToWorker, WireRequest } from './protocol.ts';

interface Waiting {
  resolve: (res: RestResponse) => void;
  reject: (e: Error) => void;
  /** Stops forwarding the signal's abort. */
  done: () => void;
  stream?: ChunkChannel;
}

/** WorkerSide is the bridge as seen from the components thread. */
export class WorkerSide {
  readonly #port: Port<ToWorker, ToMain>;
  readonly #waiting = new Map<number, Waiting>();
  readonly #logs = new Map<number, AbortController>();
  readonly #bySignal = new WeakMap<AbortSignal, Set<number>>();
  #nextId = 1;
  #logSource: PodLogSource | undefined;
  #onStop: () => void = () => undefined;

  constructor(port: Port<ToWorker, ToMain>) {
    this.#port = port;
    port.on('message', (m) => {
      this.#receive(m);
    });
  }

  /** transport sends requests to the API server on the main thread. */
  readonly transport: RestTransport = {
    request: (req) => this.#request(req),
  };

  /** serveLogs answers the main thread's pod log requests from `source`. */
  serveLogs(source: PodLogSource): void {
    this.#logSource = source;
  }

  /** onStop registers what runs when the main thread asks the components to stop. */
  onStop(fn: () => void): void {
    this.#onStop = fn;
  }

  send(m: ToMain): void {
    this.#port.postMessage(m);
  }

  #request(req: RestRequest): Promise<RestResponse> {
    const id = this.#nextId++;
    const signal = req.signal;
    if (signal?.aborted) return Promise.reject(new Error('request aborted'));
    return new Promise<RestResponse>((resolve, reject) => {
      const done = signal ? this.#track(signal, id) : () => undefined;
      this.#waiting.set(id, { resolve, reject, done });
      this.send({ t: 'request', id, req: toWire(req) });
    });
  }

  /**
   * #track forwards the abort of `signal` for request `id` until `done` is called. One listener per
   * signal: informers share a signal among many long watches.
   */
  #track(signal: AbortSignal, id: number): () => void {
    let ids = this.#bySignal.get(signal);
    if (!ids) {
      const set = new Set<number>();
      ids = set;
      this.#bySignal.set(signal, set);
      signal.addEventListener(
        'abort',
        () => {
          for (const i of set) this.send({ t: 'abort', id: i });
          set.clear();
        },
        { once: true },
      );
    }
    const tracked = ids;
    tracked.add(id);
    return () => tracked.delete(id);
  }

  #receive(m: ToWorker): void {
    switch (m.t) {
      case 'response': {
        const w = this.#waiting.get(m.id);
        if (!w) return;
        const { t: _t, id, stream, ...res } = m;
        if (!stream) {
          this.#waiting.delete(id);
          w.done();
          w.resolve(res);
          return;
        }
        w.stream = new ChunkChannel(() => this.send({ t: 'abort', id }));
        w.resolve({ ...res, stream: w.stream });
        return;
      }
      case 'chunk':
        this.#waiting.get(m.id)?.stream?.push(m.data);
        return;
      case 'end': {
        const w = this.#waiting.get(m.id);
        this.#waiting.delete(m.id);
        w?.done();
        const error = m.error !== undefined ? new Error(m.error) : undefined;
        if (w?.stream) w.stream.end(error);
        else w?.reject(error ?? new Error('request ended without a response'));
        return;
      }
      case 'logs':
        void this.#serveLog(m.id, m.pod, m.options);
        return;
      case 'logs-cancel':
        this.#logs.get(m.id)?.abort();
        return;
      case 'stop':
        this.#onStop();
        return;
    }
  }

  async #serveLog(id: number, pod: LogRequest['pod'], options: LogRequest['options']) {
    const abort = new AbortController();
    this.#logs.set(id, abort);
    let streaming = false;
    try {
      const out = await this.#logSource?.logs(pod, { ...options, signal: abort.signal });
      if (out === undefined) this.send({ t: 'logs-result', id, missing: true });
      else if (typeof out === 'string') this.send({ t: 'logs-result', id, text: out });
      else {
        this.send({ t: 'logs-result', id, stream: true });
        streaming = true;
        for await (const data of out) {
          if (abort.signal.aborted) break;
          this.send({ t: 'logs-chunk', id, data });
        }
        this.send({ t: 'logs-end', id });
      }
    } catch (e: unknown) {
      const error = e instanceof Error ? e.message : String(e);
      this.send(streaming ? { t: 'logs-end', id, error } : { t: 'logs-result', id, error });
    } finally {
      this.#logs.delete(id);
    }
  }
}

type LogRequest = Extract<ToWorker, { t: 'logs' }>;

/** toWire turns an in-process request into one that can cross the thread: bodies become JSON. */
function toWire(req: RestRequest): WireRequest {
  const out: WireRequest = { method: req.method, path: req.path };
  if (req.query) out.query = req.query;
  if (req.headers) out.headers = req.headers;
  const b = req.body;
  if (typeof b === 'string' || b instanceof Uint8Array) out.body = b;
  else if (b !== undefined) {
    const text = JSON.stringify(b.json);
    if (text !== undefined) out.body = text;
  }
  return out;
}
