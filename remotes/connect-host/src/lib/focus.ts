const FOCUSABLE =
  'a[href],area[href],button:not([disabled]),input:not([disabled]):not([type="hidden"]),select:not([disabled]),textarea:not([disabled]),iframe,[contenteditable="true"],[tabindex]:not([tabindex="-1"])';

/** Elements inside `root` that Tab can reach, in document order. */
export function focusableWithin(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest('[inert]') && !el.hidden);
}

/**
 * Where Tab should go from `current` to stay inside `root`: the other end when leaving an end,
 * null when the browser's own move stays inside.
 */
export function wrapFocusTarget(root: HTMLElement, current: Element | null, backwards: boolean): HTMLElement | null {
  const items = focusableWithin(root);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return root;
  if (!current || !root.contains(current)) return backwards ? last : first;
  if (backwards && current === first) return last;
  if (!backwards && current === last) return first;
  return null;
}

/**
 * Makes everything in <body> except `keep` inert (unfocusable, hidden from assistive tech) and
 * returns the undo. Elements that were already inert stay so.
 */
export function inertOthers(keep: Element, doc: Document = document): () => void {
  const changed = Array.from(doc.body.children).filter((el) => el !== keep && !el.hasAttribute('inert'));
  for (const el of changed) el.setAttribute('inert', '');
  return () => {
    for (const el of changed) el.removeAttribute('inert');
  };
}
