import { fileURLToPath } from 'node:url';
import FakeTimers from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<ReturnType<typeof FakeTimers.withGlobal>['install']>;

/**
 * The local runtime's clock. Real: the wall clock. Virtual: `Date` and the timers are faked together
 * (what the workflow library's Wait states and task timeouts use), and time moves only when the runtime
 * advances it, one timer at a time, after the system has gone quiet.
 *
 * The runtime's own machinery (stream polling, settling) uses the real timers captured here at load.
 */
export const realTimers = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
  clearTimeout: globalThis.clearTimeout.bind(globalThis),
  now: Date.now.bind(Date),
};

export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => realTimers.setTimeout(resolve, ms));
}

/** One turn of the event loop: what is ready to run (promise callbacks, answers that arrived) runs first. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Node timers overflow above 2^31-1 ms (24.8 days) and fire at once: longer delays are chained. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

class LongTimeout {
  handle: ReturnType<typeof setTimeout> | undefined;
  refed = true;
  ref(): this {
    this.refed = true;
    this.handle?.ref?.();
    return this;
  }
  unref(): this {
    this.refed = false;
    this.handle?.unref?.();
    return this;
  }
  hasRef(): boolean {
    return this.refed;
  }
}

interface TimerPair {
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
}

/** A setTimeout on top of `base` where a delay longer than 24.8 days is chained, so that it fires on time. */
export function withLongDelays(base: TimerPair, now: () => number): TimerPair {
  const set = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (!(typeof ms === 'number' && ms > MAX_TIMER_DELAY)) return base.setTimeout(callback, ms, ...args);
    const timer = new LongTimeout();
    const due = now() + ms;
    const arm = () => {
      const left = due - now();
      timer.handle =
        left > MAX_TIMER_DELAY
          ? base.setTimeout(arm, MAX_TIMER_DELAY)
          : base.setTimeout(() => callback(...args), Math.max(0, left));
      if (!timer.refed) timer.handle?.unref?.();
    };
    arm();
    return timer;
  }) as typeof setTimeout;
  const clear = ((handle: unknown) => {
    if (handle instanceof LongTimeout) {
      if (handle.handle !== undefined) base.clearTimeout(handle.handle);
      return;
    }
    base.clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearTimeout;
  return { setTimeout: set, clearTimeout: clear };
}

export interface RuntimeClock {
  readonly virtual: boolean;
  now(): Date;
  /** Virtual only: the time of the next pending timer, if any. */
  nextTimerAt(): number | undefined;
  /** Virtual only: moves the clock to `at`, firing the timers due by then. */
  jumpTo(at: number): void;
  /** A business timer (the scheduler's): on virtual time when the clock is virtual. Returns the cancel. */
  setTimer(at: Date, callback: () => void): () => void;
  uninstall(): void;
}

const realPair: TimerPair = { setTimeout: realTimers.setTimeout, clearTimeout: realTimers.clearTimeout };

function installGlobalTimers(pair: TimerPair): () => void {
  const previous = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
  globalThis.setTimeout = pair.setTimeout;
  globalThis.clearTimeout = pair.clearTimeout;
  return () => {
    globalThis.setTimeout = previous.setTimeout;
    globalThis.clearTimeout = previous.clearTimeout;
  };
}

export function realClock(): RuntimeClock {
  const long = withLongDelays(realPair, realTimers.now);
  const undo = installGlobalTimers(long);
  return {
    virtual: false,
    now: () => new Date(),
    setTimer: (at, callback) => {
      const handle = long.setTimeout(callback, Math.max(0, at.getTime() - Date.now()));
      return () => long.clearTimeout(handle);
    },
    nextTimerAt: () => undefined,
    jumpTo: () => {
      throw new Error('the real clock cannot jump');
    },
    uninstall: undo,
  };
}

/**
 * Business timers are those of the workflow library: its Wait states, task timeouts and retry pauses.
 * They run on virtual time. Every other timer (the AWS SDK's, the HTTP servers') stays real: technical
 * delays of milliseconds must not wait for the business clock to move.
 */
/**
 * Whether the workflow library set this timer (a Wait, a Retry interval, a task's timeout): its direct
 * caller is the library's own code. A handler's timer (an SDK retry, a backoff) is real even though the
 * library awaits the handler further up the stack. Read from the raw call sites, without formatting the
 * stack (with source maps that costs more than the rest of a timer call).
 */
const THIS_FILE = new Set([import.meta.url, fileURLToPath(import.meta.url)]);

function isBusinessTimer(): boolean {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.prepareStackTrace = (_error, sites) => sites;
  Error.stackTraceLimit = 8;
  try {
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    const caller = sites.find((site) => {
      const file = site.getFileName() ?? '';
      return file !== '' && !THIS_FILE.has(file) && !file.startsWith('node:');
    });
    return caller?.getFileName()?.includes('aws-local-stepfunctions') ?? false;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export function virtualClock(start: Date): RuntimeClock {
  // Fake-timers works on a private global, so that Node's own `timers` module stays real.
  const target = {
    Date: globalThis.Date,
    setTimeout: realTimers.setTimeout,
    clearTimeout: realTimers.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
    setImmediate: globalThis.setImmediate,
    clearImmediate: globalThis.clearImmediate,
  };
  const fake: InstalledClock = FakeTimers.withGlobal(target).install({
    now: start,
    toFake: ['setTimeout', 'clearTimeout', 'Date'],
    loopLimit: 100_000,
  });
  const realDate = globalThis.Date;
  globalThis.Date = target.Date as DateConstructor;
  const virtualPair = withLongDelays(
    {
      setTimeout: target.setTimeout as typeof setTimeout,
      clearTimeout: target.clearTimeout as typeof clearTimeout,
    },
    () => fake.now,
  );
  const realLong = withLongDelays(realPair, realTimers.now);
  const virtualHandles = new WeakSet<object>();
  const undoTimers = installGlobalTimers({
    setTimeout: ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      if (!isBusinessTimer()) return realLong.setTimeout(callback, ms, ...args);
      const handle = virtualPair.setTimeout(callback, ms, ...args);
      virtualHandles.add(handle as object);
      return handle;
    }) as typeof setTimeout,
    clearTimeout: ((handle: unknown) => {
      if (handle && typeof handle === 'object' && virtualHandles.has(handle))
        virtualPair.clearTimeout(handle as never);
      else realLong.clearTimeout(handle as never);
    }) as typeof clearTimeout,
  });
  const heap = () =>
    (fake as unknown as { timerHeap?: { peek(): { callAt: number } | undefined } }).timerHeap;
  return {
    virtual: true,
    now: () => new Date(fake.now),
    setTimer: (at, callback) => {
      const handle = virtualPair.setTimeout(callback, Math.max(0, at.getTime() - fake.now));
      return () => virtualPair.clearTimeout(handle);
    },
    nextTimerAt: () => heap()?.peek()?.callAt,
    jumpTo: (at: number) => {
      fake.tick(Math.max(0, at - fake.now));
    },
    uninstall: () => {
      undoTimers();
      fake.uninstall();
      globalThis.Date = realDate;
    },
  };
}
