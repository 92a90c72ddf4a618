import { describe, expect, it } from 'vitest';
import { leastSeconds, pathLeastSeconds, reachLine, withinReach } from './bounds.js';

describe('leastSeconds', () => {
  it('spreads the work over every core', () => {
    expect(leastSeconds(3, 2)).toBe(1.5);
    expect(leastSeconds(3, 1)).toBe(3);
  });

  it('refuses work or cores that make no sense, naming them', () => {
    expect(() => leastSeconds(-1, 2)).toThrow(/cpuSeconds ≥ 0.*-1/);
    expect(() => leastSeconds(1, 0)).toThrow(/cores ≥ 1.*0\)/);
    expect(() => leastSeconds(Number.NaN, 2)).toThrow(RangeError);
  });
});

describe('pathLeastSeconds', () => {
  it('adds the browser floor to the whole baseline before spreading it', () => {
    // The session 11 sync on the 2-core box: 1.05 CPU s of bare page + 0.66 of baseline.
    expect(pathLeastSeconds({ browserFloorCpu: 1.05, baselineCpu: 0.66, cores: 2 })).toBeCloseTo(0.855, 3);
  });
});

describe('withinReach', () => {
  it('holds a rate goal against its ceiling', () => {
    expect(withinReach({ is: 'ceiling', ratio: 0.61 }, { atLeast: 0.5 })).toBe(true);
    expect(withinReach({ is: 'ceiling', ratio: 0.5 }, { atLeast: 0.5 })).toBe(true);
    expect(withinReach({ is: 'ceiling', ratio: 0.49 }, { atLeast: 0.5 })).toBe(false);
  });

  it('holds a time goal against its floor', () => {
    expect(withinReach({ is: 'floor', ratio: 1.2 }, { atMost: 1.3 })).toBe(true);
    expect(withinReach({ is: 'floor', ratio: 2.05 }, { atMost: 1.3 })).toBe(false);
  });

  it('refuses a bound that cannot decide the goal', () => {
    expect(() => withinReach({ is: 'floor', ratio: 2 }, { atLeast: 0.5 })).toThrow(TypeError);
    expect(() => withinReach({ is: 'ceiling', ratio: 2 }, { atMost: 1.3 })).toThrow(TypeError);
  });
});

describe('reachLine', () => {
  it('says out of reach when the floor is over the goal', () => {
    expect(reachLine('initial sync', { is: 'floor', ratio: 2.049 }, { atMost: 1.3 })).toBe(
      'initial sync: this machine allows a ratio of at least 2.05; the goal (≤ 1.3) is out of reach on this machine, whatever the page does beyond the floor',
    );
  });

  it('does not rule the goal out when the ceiling clears it', () => {
    expect(reachLine('webhook pipeline', { is: 'ceiling', ratio: 0.7 }, { atLeast: 0.5 })).toBe('webhook pipeline: this machine allows a ratio of at most 0.70; the goal (≥ 0.5) is not ruled out by this machine');
  });
});
