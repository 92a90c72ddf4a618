import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { ConnectModuleMount, type ConnectModuleName } from '../sdk/ConnectModuleMount.js';

export interface MessageTab {
  id: string;
  label: string;
  module: ConnectModuleName;
}

/** WAI-ARIA tabs: arrow keys, Home and End move between tabs; only the selected panel's module is mounted. */
export function MessageTabs({ tabs }: { tabs: MessageTab[] }) {
  const [selected, setSelected] = useState(0);
  const baseId = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  const select = (index: number) => {
    const next = (index + tabs.length) % tabs.length;
    setSelected(next);
    refs.current[next]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowRight: selected + 1, ArrowLeft: selected - 1, Home: 0, End: tabs.length - 1 };
    const target = moves[e.key];
    if (target === undefined) return;
    e.preventDefault();
    select(target);
  };
  const active = tabs[selected] ?? tabs[0];
  if (!active) return null;

  return (
    <div>
      <div role="tablist" aria-label="Messages" className="ch-tabs" onKeyDown={onKeyDown}>
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${tab.id}`}
            aria-selected={i === selected}
            aria-controls={`${baseId}-panel-${tab.id}`}
            tabIndex={i === selected ? 0 : -1}
            className="ch-tab"
            onClick={() => setSelected(i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel-${active.id}`} aria-labelledby={`${baseId}-tab-${active.id}`}>
        <ConnectModuleMount key={active.id} module={active.module} label={active.label} />
      </div>
    </div>
  );
}
