import { describe, expect, it } from 'vitest';
import { wrapFocusTarget } from './focus.js';

function dialogWith(html: string) {
  const root = document.createElement('div');
  root.innerHTML = html;
  document.body.appendChild(root);
  return root;
}

describe('wrapFocusTarget', () => {
  it('wraps Tab from the last control to the first and Shift+Tab from the first to the last', () => {
    const root = dialogWith('<button id="a">a</button><input id="b"><button id="c" disabled>c</button><a id="d" href="#">d</a>');
    const [a, d] = [root.querySelector('#a'), root.querySelector('#d')];
    expect(wrapFocusTarget(root, d, false)).toBe(a);
    expect(wrapFocusTarget(root, a, true)).toBe(d);
    root.remove();
  });
  it('lets the browser move focus between middle controls', () => {
    const root = dialogWith('<button id="a">a</button><input id="b"><a id="d" href="#">d</a>');
    expect(wrapFocusTarget(root, root.querySelector('#b'), false)).toBeNull();
    root.remove();
  });
  it('pulls focus that is outside back to the first control', () => {
    const root = dialogWith('<button id="a">a</button>');
    expect(wrapFocusTarget(root, document.body, false)).toBe(root.querySelector('#a'));
    root.remove();
  });
});
