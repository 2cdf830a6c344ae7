/** @module Small async queues for streaming responses (bounded by their callers' overflow checks). */

/** BatchQueue buffers values for one streaming response; the consumer gets them in batches. */
export class BatchQueue<T> implements AsyncIterable<readonly T[]> {
  #items: T[] = [];
  #wake: (() => void) | undefined;
  #closed = false;

  /** Pending value count (for overflow checks). */
  get pending(): number {
    return this.#items.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  push(item: T): void {
    if (this.#closed) return;
    this.#items.push(item);
    this.#notify();
  }

  /** Ends the stream after the pending values. */
  close(): void {
    this.#closed = true;
    this.#notify();
  }

  #notify(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<readonly T[]> {
    for (;;) {
      if (this.#items.length > 0) {
        const out = this.#items;
        this.#items = [];
        yield out;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

/** ChunkQueue buffers chunks for one streaming response; the consumer gets joined chunks. */
export class ChunkQueue implements AsyncIterable<string> {
  readonly #batches = new BatchQueue<string>();

  /** Pending chunk count (for overflow checks). */
  get pending(): number {
    return this.#batches.pending;
  }

  get closed(): boolean {
    return this.#batches.closed;
  }

  push(chunk: string): void {
    this.#batches.push(chunk);
  }

  /** Ends the stream after the pending chunks. */
  close(): void {
    this.#batches.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for await (const batch of this.#batches)
      yield batch.length === 1 ? (batch[0] ?? '') : batch.join('');
  }
}
