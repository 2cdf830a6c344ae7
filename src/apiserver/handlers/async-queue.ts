/** @module A small unbounded-by-design-but-checked async queue of strings for streaming responses. */

/** ChunkQueue buffers chunks for one streaming response; the consumer gets joined chunks. */
export class ChunkQueue implements AsyncIterable<string> {
  #chunks: string[] = [];
  #wake: (() => void) | undefined;
  #closed = false;

  /** Pending chunk count (for overflow checks). */
  get pending(): number {
    return this.#chunks.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  push(chunk: string): void {
    if (this.#closed) return;
    this.#chunks.push(chunk);
    this.#notify();
  }

  /** Ends the stream after the pending chunks. */
  close(): void {
    this.#closed = true;
    this.#notify();
  }

  #notify(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      if (this.#chunks.length > 0) {
        const out = this.#chunks.length === 1 ? (this.#chunks[0] ?? '') : this.#chunks.join('');
        this.#chunks = [];
        yield out;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

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
