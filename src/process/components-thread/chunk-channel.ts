/**
 * @module ChunkChannel: an async iterable fed by messages (chunks, then an end or an error), for
 * streams that cross a thread boundary. The buffering is the streaming responses' BatchQueue.
 */
import { BatchQueue } from '../../apiserver/handlers/async-queue.ts';

/** ChunkChannel buffers pushed chunks until the consumer pulls them (joined, like ChunkQueue). */
export class ChunkChannel implements AsyncIterable<string> {
  readonly #batches = new BatchQueue<string>();
  #error: Error | undefined;
  readonly #onReturn: () => void;

  /** @param onReturn runs when the consumer stops early (to cancel the producer). */
  constructor(onReturn: () => void = () => undefined) {
    this.#onReturn = onReturn;
  }

  push(chunk: string): void {
    this.#batches.push(chunk);
  }

  /** Ends the stream after the pending chunks; with an error, the consumer gets it then. */
  end(error?: Error): void {
    if (this.#batches.closed) return;
    this.#error = error;
    this.#batches.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string, void, undefined> {
    let finished = false;
    try {
      for await (const batch of this.#batches) {
        const data = batch.join('');
        if (data) yield data;
      }
      finished = true;
      if (this.#error) throw this.#error;
    } finally {
      if (!finished) this.#onReturn();
    }
  }
}
