import { useInsertionEffect } from 'react';
// The remote's styles travel inside its JS and are injected once per document. A CSS file would
// be a separate asset the shell's page must fetch from this remote's origin, which the federation
// plugin does not wire up for exposed modules without `bundleAllCSS`; a <style> tag cannot go missing.
// Every class is `ch-` prefixed so nothing leaks into the shell or the SDK's `mc-` classes.
const CSS = `
.ch-page{display:flex;flex-direction:column;gap:16px;padding:16px;max-width:1200px;margin:0 auto;box-sizing:border-box;width:100%}
.ch-page h1{font-size:1.5rem;margin:0}
.ch-page h2{font-size:1.1rem;margin:0 0 8px}
.ch-card{border:1px solid #e5e7eb;border-radius:8px;padding:16px;background:#fff}
.ch-row{display:flex;flex-wrap:wrap;gap:12px;align-items:center}
.ch-muted{color:#6b7280;font-size:.9rem}
.ch-button{display:inline-flex;align-items:center;gap:6px;padding:6px 12px;border-radius:6px;border:1px solid #d1d5db;background:#fff;color:#111827;cursor:pointer;text-decoration:none;font:inherit}
.ch-button:hover{background:#f3f4f6}
.ch-button:disabled{opacity:.6;cursor:default}
.ch-button:focus-visible,.ch-switch:focus-visible,.ch-tab:focus-visible{outline:2px solid #f97316;outline-offset:2px}
.ch-center{display:flex;gap:8px;align-items:center;justify-content:center;padding:32px;color:#374151}
.ch-spin{animation:ch-spin 1s linear infinite}
@keyframes ch-spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion: reduce){.ch-spin{animation:none}}
.ch-error{display:flex;gap:8px;padding:12px;border:1px solid #fecaca;background:#fef2f2;color:#991b1b;border-radius:8px}
.ch-error p{margin:0 0 6px}
.ch-error-title{font-weight:600}
.ch-empty{display:flex;flex-direction:column;align-items:center;gap:8px;padding:32px;text-align:center}
.ch-empty-title{font-weight:600;margin:0}
.ch-module{min-height:420px;border:1px solid #e5e7eb;border-radius:8px;overflow:hidden}
.ch-tabs{display:flex;gap:4px;border-bottom:1px solid #e5e7eb}
.ch-tab{padding:8px 14px;border:0;border-bottom:2px solid transparent;background:none;cursor:pointer;font:inherit}
.ch-tab[aria-selected="true"]{border-bottom-color:#f97316;font-weight:600}
.ch-switch{position:relative;width:40px;height:22px;border-radius:11px;border:0;background:#d1d5db;cursor:pointer;flex:none}
.ch-switch[aria-checked="true"]{background:#16a34a}
.ch-switch::after{content:"";position:absolute;top:3px;left:3px;width:16px;height:16px;border-radius:50%;background:#fff;transition:left .15s}
.ch-switch[aria-checked="true"]::after{left:21px}
.ch-switch:disabled{opacity:.5;cursor:default}
.ch-toggle{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:6px 0}
.ch-progress{height:8px;border-radius:4px;background:#e5e7eb;overflow:hidden;min-width:160px;flex:1}
.ch-progress>div{height:100%;background:#f97316;transition:width .2s}
.ch-table{width:100%;border-collapse:collapse;font-size:.9rem}
.ch-table th,.ch-table td{padding:6px 8px;border-bottom:1px solid #f3f4f6;text-align:left;vertical-align:top}
.ch-table-wrap{overflow-x:auto}
.ch-badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:.8rem;background:#f3f4f6}
.ch-badge[data-status="delivered"]{background:#dcfce7;color:#166534}
.ch-badge[data-status="dead"]{background:#fee2e2;color:#991b1b}
.ch-badge[data-status="retrying"],.ch-badge[data-status="failed"]{background:#fef3c7;color:#92400e}
.ch-excerpt{font-family:ui-monospace,monospace;font-size:.8rem;max-width:320px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.ch-backdrop{position:fixed;inset:0;background:rgba(17,24,39,.4);z-index:1000}
.ch-drawer{position:fixed;top:0;right:0;bottom:0;width:min(420px,100vw);background:#fff;z-index:1001;display:flex;flex-direction:column;box-shadow:-4px 0 16px rgba(0,0,0,.15)}
.ch-drawer-header{display:flex;align-items:center;justify-content:space-between;padding:12px 16px;border-bottom:1px solid #e5e7eb}
.ch-drawer-header h2{margin:0;font-size:1.1rem}
.ch-drawer-body{flex:1;overflow:auto;padding:12px 16px}
.ch-drawer-body .ch-module{border:0;border-radius:0;min-height:100%}
.ch-fab{position:fixed;right:16px;bottom:16px;z-index:999;border-radius:28px;padding:12px 16px;box-shadow:0 4px 12px rgba(0,0,0,.2)}
.ch-sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media (max-width: 767px){.ch-page{padding:8px}.ch-module{min-height:calc(100vh - 180px)}.ch-drawer{width:100vw}}
@media (min-width: 768px) and (max-width: 1023px){.ch-module{min-height:520px}}
@media (min-width: 1024px){.ch-module{min-height:640px}}
`;

const STYLE_ID = 'mango-connect-host-styles';

/** Adds the remote's stylesheet to the document once; safe to call from every exposed component. */
export function ensureStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}

/** Injects the stylesheet before the component's first paint (insertion effects run before layout). */
export function useRemoteStyles(): void {
  useInsertionEffect(() => ensureStyles(), []);
}
