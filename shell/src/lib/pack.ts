/**
 * Splits items, in order, into groups of at most `maxCount` items and `maxBytes` (as `sizeOf`
 * measures them). An item bigger than `maxBytes` on its own gets a group to itself rather than
 * being dropped: the receiver's own limit then answers for it.
 */
export function packInOrder<T>(items: readonly T[], limits: { maxCount: number; maxBytes: number }, sizeOf: (item: T) => number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= limits.maxCount || bytes + size > limits.maxBytes)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
