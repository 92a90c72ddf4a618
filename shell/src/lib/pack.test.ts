import { describe, expect, it } from 'vitest';
import { packInOrder } from './pack';

const len = (s: string) => s.length;

describe('packInOrder', () => {
  it('closes a group at maxCount or before it would pass maxBytes, keeping order', () => {
    expect(packInOrder(['a', 'b', 'c', 'd', 'e'], { maxCount: 2, maxBytes: 100 }, len)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(packInOrder(['aaa', 'bb', 'c', 'dddd'], { maxCount: 10, maxBytes: 5 }, len)).toEqual([['aaa', 'bb'], ['c', 'dddd']]);
  });

  it('gives an oversized item a group of its own, and no groups for no items', () => {
    expect(packInOrder(['a', 'xxxxxxxx', 'b'], { maxCount: 10, maxBytes: 4 }, len)).toEqual([['a'], ['xxxxxxxx'], ['b']]);
    expect(packInOrder([], { maxCount: 1, maxBytes: 1 }, len)).toEqual([]);
  });
});
