/**
 * @module The main thread's end of the bridge: serves the components thread's REST requests
 * through the API server's in-process transport (and its fair queue), and asks the components
 * thread for pod logs.
 */
import type { Pod } from '../../api/core/v1/types.ts';
import type { PodLogOptions, PodLogSource } from '../../api/core/v1/pod-logs.ts';
import type { RestRequest, RestResponse, RestTransport } from '../../lib/rest.ts';
import { ChunkChannel } from './chunk-channel.ts';
import type { Port, ToMain, ToWorker } from './protocol.ts';

interface LogWaiting {
  resolve: (out: string | AsyncIterable<string> | undefined) => void;
  reject: (e: Error) => void;
  /** Removes the abort listener. */
  done: () => void;
  stream?: ChunkChannel;
}

/** MainSide is the bridge as seen from the API server's thread. */
export class MainSide {
  readonly #port: Port<ToMain, ToWorker>;
  readonly #transport: RestTransport;
  readonly #requests = new Map<number, AbortController>();
  readonly #logs = new Map<number, LogWaiting>();
  #nextLogId = 1;
  readonly #lifecycle = new Map<'started' | 'stopped', () => void>();

  constructor(port: Port<ToMain, ToWorker>, transport: RestTransport) {
    this.#port = port;
    this.#transport = transport;
    port.on('message', (m) => {
      this.#receive(m);
    });
  }

  /** logSource asks the node pool on the components thread for pod logs. */
  readonly logSource: PodLogSource = {
    logs: (pod, options) => this.#requestLogs(pod, options),
  };

  /** when resolves once the components thread reports `state`. */
  when(state: 'started' | 'stopped'): Promise<void> {
    return new Promise<void>((resolve) => this.#lifecycle.set(state, resolve));
  }

  send(m: ToWorker): void {
    this.#port.postMessage(m);
  }

  #receive(m: ToMain): void {
    switch (m.t) {
      case 'request':
        void this.#serve(m.id, m.req);
        return;
      case 'abort':
        this.#requests.get(m.id)?.abort();
        return;
      case 'logs-result': {
        const w = this.#logs.get(m.id);
        if (!w) return;
        if (m.error !== undefined) {
          this.#logs.delete(m.id);
          w.done();
          w.reject(new Error(m.error));
        } else if (m.stream) {
          w.stream = new ChunkChannel(() => this.send({ t: 'logs-cancel', id: m.id }));
          w.resolve(w.stream);
        } else {
          this.#logs.delete(m.id);
          w.done();
          w.resolve(m.missing ? undefined : (m.text ?? ''));
        }
        return;
      }
      case 'logs-chunk':
        this.#logs.get(m.id)?.stream?.push(m.data);
        return;
      case 'logs-end': {
        const w = this.#logs.get(m.id);
        w?.done();
        w?.stream?.end(m.error !== undefined ? new Error(m.error) : undefined);
        this.#logs.delete(m.id);
        return;
      }
      case 'started':
      case 'stopped':
        this.#lifecycle.get(m.t)?.();
        return;
    }
  }

  async #serve(id: number, wire: Extract<ToMain, { t: 'request' }>['req']): Promise<void> {
    const abort = new AbortController();
    this.#requests.set(id, abort);
    let res: RestResponse;
    try {
      const req: RestRequest = { ...wire, signal: abort.signal };
      res = await this.#transport.request(req);
    } catch (e: unknown) {
      this.#requests.delete(id);
      this.send({ t: 'end', id, error: e instanceof Error ? e.message : String(e) });
      return;
    }
    const { status, headers, body, bytes, stream } = res;
    if (!stream) {
      this.#requests.delete(id);
      this.send({
        t: 'response',
        id,
        status,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(bytes !== undefined ? { bytes } : {}),
      });
      return;
    }
    this.send({ t: 'response', id, status, headers, stream: true });
    // Chunks produced in one turn of the event loop cross as one message.
    let pending: string[] = [];
    let scheduled = false;
    const flush = (): void => {
      scheduled = false;
      if (pending.length === 0) return;
      const data = pending.join('');
      pending = [];
      this.send({ t: 'chunk', id, data });
    };
    let error: string | undefined;
    try {
      for await (const chunk of stream) {
        pending.push(chunk);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }
    } catch (e: unknown) {
      if (!abort.signal.aborted) error = e instanceof Error ? e.message : String(e);
    }
    flush();
    this.#requests.delete(id);
    this.send(error !== undefined ? { t: 'end', id, error } : { t: 'end', id });
  }

  #requestLogs(
    pod: Pod,
    options: PodLogOptions,
  ): Promise<string | AsyncIterable<string> | undefined> {
    const id = this.#nextLogId++;
    const { signal, ...wire } = options;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => this.send({ t: 'logs-cancel', id });
      signal.addEventListener('abort', onAbort, { once: true });
      this.#logs.set(id, {
        resolve,
        reject,
        done: () => signal.removeEventListener('abort', onAbort),
      });
      this.send({ t: 'logs', id, pod, options: wire });
    });
  }
}
