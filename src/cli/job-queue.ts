/**
 * Runs jobs one at a time, in arrival order: the commands other processes hand to `ecmon serve` run on the
 * server's open store one after another, never interleaved (its writes share one writer connection).
 */
export class JobQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Jobs queued or running when a new one arrives. */
  get length(): number {
    return this.waiting;
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    this.waiting++;
    const next = this.tail.then(job, job).finally(() => {
      this.waiting--;
    });
    this.tail = next.catch(() => undefined);
    return next;
  }
}
