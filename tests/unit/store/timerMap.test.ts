import { describe, expect, it } from 'vitest';
import { TimerMap } from '../../../src/store/engine/TimerMap';
import { FakeClock } from '../../support/fakeClock';

function timers() {
  const clock = new FakeClock();
  const ctx = {
    clock,
    clearTimer: (handle: unknown) => clock.clearTimeout(handle),
    guard: (action: () => void) => action(),
  };
  return { clock, map: new TimerMap<string>(ctx) };
}

describe('TimerMap.postpone', () => {
  it('fires once, at the last deadline it was pushed to, with one timer pending throughout', () => {
    const { clock, map } = timers();
    const fired: number[] = [];
    const action = () => fired.push(clock.now());
    map.start('s', 1000, action);
    for (let i = 0; i < 50; i++) {
      clock.advance(100);
      map.postpone('s', 1000, action);
      expect(clock.pending).toBe(1);
    }
    const due = clock.now() + 1000;
    clock.advance(999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([due]);
    expect(map.has('s')).toBe(false);
  });

  it('starts a timer when none runs, and a cancelled one stays cancelled', () => {
    const { clock, map } = timers();
    let fired = 0;
    map.postpone('s', 500, () => fired++);
    clock.advance(500);
    expect(fired).toBe(1);
    map.start('s', 500, () => fired++);
    map.postpone('s', 500, () => fired++);
    map.cancel('s');
    clock.advance(2000);
    expect(fired).toBe(1);
  });
});
