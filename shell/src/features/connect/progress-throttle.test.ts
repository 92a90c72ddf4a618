import { describe, expect, it } from 'vitest';
import { throttleProgress, type ThrottleClock } from './progress-throttle';

/** A hand-driven clock: `advance` fires due timers in order. */
function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => (timers = timers.filter((t) => t.id !== id)),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = until;
  };
  return { clock, advance, pending: () => timers.length };
}

type P = { done: number; total: number };
const setup = () => {
  const seen: number[] = [];
  const c = manualClock();
  const t = throttleProgress<P>((p) => seen.push(p.done), { intervalMs: 100, isFinal: (p) => p.done === p.total, clock: c.clock });
  return { seen, t, ...c };
};

describe('throttleProgress', () => {
  it('passes the first report on at once', () => {
    const { seen, t } = setup();
    t.report({ done: 1, total: 10 });
    expect(seen).toEqual([1]);
  });

  it('holds reports inside the interval and then sends only the newest', () => {
    const { seen, t, advance } = setup();
    t.report({ done: 1, total: 10 });
    advance(10);
    t.report({ done: 2, total: 10 });
    advance(10);
    t.report({ done: 3, total: 10 });
    expect(seen).toEqual([1]);
    advance(80);
    expect(seen).toEqual([1, 3]);
    advance(500);
    expect(seen).toEqual([1, 3]);
  });

  it('sends a report at once when the interval has passed since the last one', () => {
    const { seen, t, advance } = setup();
    t.report({ done: 1, total: 10 });
    advance(150);
    t.report({ done: 2, total: 10 });
    expect(seen).toEqual([1, 2]);
  });

  it('sends the final report at once and drops the held one, so nothing older follows it', () => {
    const { seen, t, advance, pending } = setup();
    t.report({ done: 1, total: 10 });
    advance(10);
    t.report({ done: 9, total: 10 });
    t.report({ done: 10, total: 10 });
    expect(seen).toEqual([1, 10]);
    expect(pending()).toBe(0);
    advance(1000);
    expect(seen).toEqual([1, 10]);
  });

  it('cancel drops a held report', () => {
    const { seen, t, advance } = setup();
    t.report({ done: 1, total: 10 });
    advance(10);
    t.report({ done: 2, total: 10 });
    t.cancel();
    advance(1000);
    expect(seen).toEqual([1]);
  });
});
