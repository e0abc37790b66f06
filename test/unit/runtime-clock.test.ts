import { StateMachine } from 'aws-local-stepfunctions';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_TIMER_DELAY,
  type RuntimeClock,
  realSleep,
  virtualClock,
  withLongDelays,
} from '../../infra/local/runtime-clock.ts';

const DAY = 86_400_000;
let clock: RuntimeClock | undefined;

afterEach(() => {
  clock?.uninstall();
  clock = undefined;
});

/** Advances the virtual clock timer by timer up to `until`, letting promise chains run in between. */
async function advance(c: RuntimeClock, until: number): Promise<void> {
  for (;;) {
    await realSleep(1);
    const next = c.nextTimerAt();
    if (next === undefined || next > until) break;
    c.jumpTo(next);
  }
  c.jumpTo(until);
  await realSleep(1);
}

describe('the virtual clock', () => {
  it('fires a 42-day Wait state of a workflow on day 42, not before (Node timers overflow at 24.8 days)', async () => {
    const start = Date.parse('2027-01-04T00:00:00Z');
    clock = virtualClock(new Date(start));
    const machine = new StateMachine({
      StartAt: 'SixWeeks',
      States: { SixWeeks: { Type: 'Wait', Seconds: 42 * 86_400, Next: 'Done' }, Done: { Type: 'Succeed' } },
    });
    let finishedAt: number | undefined;
    void machine.run({}).result.then(() => {
      finishedAt = Date.now();
    });
    await advance(clock, start + 41 * DAY);
    expect(finishedAt).toBeUndefined();
    await advance(clock, start + 43 * DAY);
    expect(finishedAt).toBe(start + 42 * DAY);
  });

  it('fires a Wait until an absolute timestamp at that moment', async () => {
    const start = Date.parse('2027-01-04T00:00:00Z');
    clock = virtualClock(new Date(start));
    const machine = new StateMachine({
      StartAt: 'Until',
      States: { Until: { Type: 'Wait', TimestampPath: '$.at', Next: 'Done' }, Done: { Type: 'Succeed' } },
    });
    let finishedAt: number | undefined;
    void machine.run({ at: '2027-03-01T08:00:00Z' }).result.then(() => {
      finishedAt = Date.now();
    });
    await advance(clock, start + 90 * DAY);
    expect(new Date(finishedAt ?? 0).toISOString()).toBe('2027-03-01T08:00:00.000Z');
  });

  it('keeps technical timers (not the workflow library’s) on real time', async () => {
    clock = virtualClock(new Date('2027-01-04T00:00:00Z'));
    const before = clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(clock.now().getTime()).toBe(before);
  });
});

describe('timers set inside a workflow task', () => {
  it('run on real time: a handler’s retry backoff fires without the clock moving', async () => {
    clock = virtualClock(new Date('2027-01-04T00:00:00Z'));
    const before = clock.now().getTime();
    // The task handler is awaited by the workflow library, but its own timer (an SDK retry, a backoff
    // between batches) is not the library's: it must fire in real time, or the task would never end.
    const machine = new StateMachine({
      StartAt: 'Work',
      States: {
        Work: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:work', End: true },
      },
    });
    const handler = async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { backedOff: true };
    };
    const result = await machine.run({}, { overrides: { taskResourceLocalHandlers: { Work: handler } } })
      .result;
    expect(result).toEqual({ backedOff: true });
    expect(clock.now().getTime()).toBe(before);
  });
});

describe('long delays on any timer base', () => {
  it('chains a delay beyond 2^31-1 ms so that it fires on time', () => {
    let now = 0;
    const pending: { at: number; fn: () => void }[] = [];
    const base = {
      setTimeout: ((fn: () => void, ms: number) => {
        expect(ms).toBeLessThanOrEqual(MAX_TIMER_DELAY);
        const timer = { at: now + ms, fn };
        pending.push(timer);
        return timer;
      }) as unknown as typeof setTimeout,
      clearTimeout: (() => {}) as typeof clearTimeout,
    };
    const timers = withLongDelays(base, () => now);
    let firedAt: number | undefined;
    timers.setTimeout(() => {
      firedAt = now;
    }, 60 * DAY);
    while (pending.length) {
      pending.sort((a, b) => a.at - b.at);
      const next = pending.shift() as { at: number; fn: () => void };
      now = next.at;
      next.fn();
    }
    expect(firedAt).toBe(60 * DAY);
  });
});
