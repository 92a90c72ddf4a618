import type { Plugin } from 'vite';

const DOCTYPE = /<!doctype html>/i;

/**
 * Puts `<!doctype html>` back at the very start of the document. The federation plugin injects
 * `<link rel="modulepreload">` tags ahead of it (see MF-NOTES), which would put the page in quirks
 * mode. Pure so it can be tested without a build.
 */
export function moveDoctypeFirst(html: string): string {
  const match = DOCTYPE.exec(html);
  if (!match) return `<!doctype html>\n${html}`;
  if (html.slice(0, match.index).trim() === '') return html.slice(match.index);
  const before = html.slice(0, match.index);
  const after = html.slice(match.index + match[0].length);
  // What was injected before the doctype belongs in <head>; keep it, just after <head>.
  const injected = before.trim();
  const withDoctype = `<!doctype html>${after}`;
  const head = /<head[^>]*>/i.exec(withDoctype);
  if (!head) return `<!doctype html>\n${injected}${after}`;
  const at = head.index + head[0].length;
  return `${withDoctype.slice(0, at)}\n    ${injected}${withDoctype.slice(at)}`;
}

/** Runs last on every emitted HTML file, after every other plugin has had its say. */
export function doctypeFirst(): Plugin {
  return {
    name: 'mango:doctype-first',
    enforce: 'post',
    transformIndexHtml: { order: 'post', handler: (html) => moveDoctypeFirst(html) },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'asset' && file.fileName.endsWith('.html') && typeof file.source === 'string') {
          file.source = moveDoctypeFirst(file.source);
        }
      }
    },
  };
}
