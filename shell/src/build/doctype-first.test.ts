import { describe, expect, it } from 'vitest';
import { moveDoctypeFirst } from './doctype-first';

describe('moveDoctypeFirst', () => {
  it('moves modulepreload tags injected before the doctype into <head>', () => {
    const html = '<link rel="modulepreload" href="/a.js">\n<!doctype html>\n<html><head><title>x</title></head><body></body></html>';
    const out = moveDoctypeFirst(html);
    expect(out.startsWith('<!doctype html>')).toBe(true);
    expect(out).toMatch(/<head>\s*<link rel="modulepreload" href="\/a.js"><title>/);
    expect(out.match(/<!doctype html>/gi)).toHaveLength(1);
  });

  it('leaves a document that already starts with the doctype unchanged', () => {
    const html = '<!DOCTYPE html><html><head></head></html>';
    expect(moveDoctypeFirst(html)).toBe(html);
  });

  it('adds a doctype when there is none', () => {
    expect(moveDoctypeFirst('<html></html>')).toBe('<!doctype html>\n<html></html>');
  });
});
