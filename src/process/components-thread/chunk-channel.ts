/**
 * @module ChunkChannel: an async iterable fed by messages (chunks, then an end or an error), for
 * streams that cross a thread boundary.
 */

/** ChunkChannel buffers pushed chunks until the consumer pulls them. */
export class ChunkChannel implements AsyncIterable<string> {
  #chunks: string[] = [];
  #done = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  readonly #onReturn: () => void;

  /** @param onReturn runs when the consumer stops early (to cancel the producer). */
  constructor(onReturn: () => void = () => undefined) {
    this.#onReturn = onReturn;
  }

  push(chunk: string): void {
    if (this.#done) return;
    this.#chunks.push(chunk);
    this.#notify();
  }

  end(error?: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string, void, undefined> {
    let finished = false;
    try {
      for (;;) {
        if (this.#chunks.length > 0) {
          // Hand over everything buffered at once: consumers split lines themselves.
          const data = this.#chunks.length === 1 ? this.#chunks[0] : this.#chunks.join('');
          this.#chunks = [];
          if (data) yield data;
          continue;
        }
        if (this.#done) {
          finished = true;
          if (this.#error) throw this.#error;
          return;
        }
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
    } finally {
      if (!finished) this.#onReturn();
    }
  }
}
