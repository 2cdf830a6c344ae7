/**
 * @module The messages between the main thread (API server) and the components thread
 * (controllers, scheduler, node pool): REST requests and their responses or streamed chunks one
 * way, pod log requests the other way. Bodies cross as JSON text, never as shared objects.
 */
import type { Pod } from '../../api/core/v1/types.ts';
import type { PodLogOptions } from '../../api/core/v1/pod-logs.ts';
import type { RestRequest } from '../../lib/rest.ts';

/** WireRequest is a RestRequest without what cannot cross a thread (signal, parsed bodies). */
export type WireRequest = Pick<RestRequest, 'method' | 'path' | 'query' | 'headers'> & {
  body?: string | Uint8Array;
};

/** WireLogOptions are PodLogOptions without the signal (cancellation is a message). */
export type WireLogOptions = Omit<PodLogOptions, 'signal'>;

/** What the components thread sends to the main thread. */
export type ToMain =
  | { t: 'request'; id: number; req: WireRequest }
  | { t: 'abort'; id: number }
  | { t: 'logs-result'; id: number; text?: string; stream?: true; missing?: true; error?: string }
  | { t: 'logs-chunk'; id: number; data: string }
  | { t: 'logs-end'; id: number; error?: string }
  | { t: 'started' }
  | { t: 'stopped' };

/** What the main thread sends to the components thread. */
export type ToWorker =
  | {
      t: 'response';
      id: number;
      status: number;
      headers: Record<string, string>;
      body?: string;
      bytes?: Uint8Array;
      stream?: true;
    }
  | { t: 'chunk'; id: number; data: string }
  | { t: 'end'; id: number; error?: string }
  | { t: 'logs'; id: number; pod: Pod; options: WireLogOptions }
  | { t: 'logs-cancel'; id: number }
  | { t: 'stop' };

/** Port is the side of a MessagePort (or a Worker / parentPort) these modules use. */
export interface Port<In, Out> {
  postMessage(message: Out): void;
  on(event: 'message', listener: (message: In) => void): unknown;
}
