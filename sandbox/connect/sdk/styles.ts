const STYLE_ID = 'mc-styles';

/** Every class is `mc-`-prefixed so the SDK never collides with the host's CSS. */
const CSS = `
.mc-root{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2330;font-size:14px;line-height:1.4}
.mc-root *{box-sizing:border-box}
.mc-heading{font-size:18px;margin:0 0 12px}
.mc-subheading{font-size:15px;margin:0 0 8px}
.mc-layout{display:grid;grid-template-columns:minmax(180px,1fr) 2fr;gap:12px}
.mc-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:4px}
.mc-item{display:flex;flex-direction:column;gap:2px}
.mc-conversation{text-align:left;padding:8px 10px;border:1px solid #d8dbe3;border-radius:8px;background:#fff;cursor:pointer;font:inherit;font-weight:600}
.mc-conversation[aria-current="true"]{border-color:#f28c28;background:#fff5eb}
.mc-preview{color:#5b6070;font-size:12px;margin:0 0 0 10px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.mc-thread{border:1px solid #d8dbe3;border-radius:8px;padding:10px;display:flex;flex-direction:column;gap:8px;min-height:200px}
.mc-messages{display:flex;flex-direction:column;gap:6px;max-height:360px;overflow:auto}
.mc-message{padding:6px 10px;border-radius:10px;max-width:80%;white-space:pre-wrap;overflow-wrap:anywhere}
.mc-message--inbound{background:#eef0f5;align-self:flex-start}
.mc-message--outbound{background:#f28c28;color:#fff;align-self:flex-end}
.mc-meta{display:block;font-size:11px;opacity:.75}
.mc-form{display:flex;flex-direction:column;gap:6px}
.mc-label{font-weight:600}
.mc-input{font:inherit;padding:6px 8px;border:1px solid #b9bdc9;border-radius:6px}
.mc-button{font:inherit;padding:6px 12px;border:0;border-radius:6px;background:#f28c28;color:#fff;cursor:pointer;align-self:flex-start}
.mc-button:disabled{opacity:.6;cursor:progress}
.mc-button:focus-visible,.mc-conversation:focus-visible,.mc-input:focus-visible{outline:2px solid #1a5fd0;outline-offset:2px}
.mc-empty,.mc-status{color:#5b6070}
.mc-alert{color:#a4161a;margin:0}
.mc-log{display:flex;flex-direction:column;gap:6px;margin-bottom:8px}
.mc-qa-question{font-weight:600}
.mc-qa-answer{margin:0 0 6px}
`;

/** Injects the SDK's stylesheet once per document (as text, not HTML). */
export function ensureStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
