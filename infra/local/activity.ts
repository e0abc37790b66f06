/**
 * Counts the work in flight in the local runtime (HTTP requests, task handlers, stream batches, writes of
 * the runtime's own records), so that a virtual clock only moves when the system is quiet; and counts the
 * writes to the table, so that settling reads the stream again only when something was written since it
 * was last found drained.
 */
export class Activity {
  private running = 0;
  private waiting: (() => void)[] = [];
  private written = 0;

  get busy(): boolean {
    return this.running > 0;
  }

  /** How many writes to the streamed table have been sent so far (each counted when its answer came). */
  get writes(): number {
    return this.written;
  }

  noteWrite(): void {
    this.written++;
  }

  /** Resolves once nothing is in flight (at once when nothing is). */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      if (this.running === 0) {
        const waiting = this.waiting;
        this.waiting = [];
        for (const resolve of waiting) resolve();
      }
    }
  }
}
