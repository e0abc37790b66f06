/**
 * Counts the work in flight in the local runtime (HTTP requests, task handlers, stream batches, writes of
 * the runtime's own records), so that a virtual clock only moves when the system is quiet.
 */
export class Activity {
  private running = 0;

  get busy(): boolean {
    return this.running > 0;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
    }
  }
}
