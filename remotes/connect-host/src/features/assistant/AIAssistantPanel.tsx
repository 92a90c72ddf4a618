import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { X } from 'lucide-react';
import { inertOthers, wrapFocusTarget } from '../../lib/focus.js';
import { useRemoteStyles } from '../../lib/styles.js';
import { ConnectModuleMount } from '../sdk/ConnectModuleMount.js';
import { ConnectWrapper } from '../sdk/ConnectWrapper.js';

export interface AIAssistantPanelProps {
  onClose: () => void;
  /** Gets focus back when the panel closes; the element focused before opening otherwise. */
  returnFocusTo?: RefObject<HTMLElement | null>;
}

/** A modal side drawer hosting Connect's AI assistant; Escape, the backdrop and "Close" all close it. */
export function AIAssistantPanel({ onClose, returnFocusTo }: AIAssistantPanelProps) {
  useRemoteStyles();
  const portalRoot = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const returnTarget = returnFocusTo?.current ?? previouslyFocused;
    // The shell's whole page goes inert while the drawer is open, so neither Tab nor a screen
    // reader's virtual cursor can wander behind it.
    const undoInert = portalRoot.current ? inertOthers(portalRoot.current) : () => {};
    closeButton.current?.focus();

    const onDocumentKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onCloseRef.current();
      }
    };
    // Focus moved out by script (or a browser without `inert`): bring it back in.
    const onFocusIn = (e: FocusEvent) => {
      const root = dialog.current;
      if (root && e.target instanceof Node && !root.contains(e.target)) closeButton.current?.focus();
    };
    document.addEventListener('keydown', onDocumentKeyDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onDocumentKeyDown);
      document.removeEventListener('focusin', onFocusIn);
      undoInert();
      returnTarget?.focus();
    };
  }, [returnFocusTo]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Tab' || !dialog.current) return;
    const target = wrapFocusTarget(dialog.current, document.activeElement, e.shiftKey);
    if (target) {
      e.preventDefault();
      target.focus();
    }
  };

  return createPortal(
    <div ref={portalRoot} className="ch-portal">
      <div className="ch-backdrop" data-testid="ai-assistant-backdrop" aria-hidden="true" onClick={() => onCloseRef.current()} />
      <div ref={dialog} role="dialog" aria-modal="true" aria-label="AI Assistant" className="ch-drawer" tabIndex={-1} onKeyDown={onKeyDown}>
        <div className="ch-drawer-header">
          <h2>AI Assistant</h2>
          <button ref={closeButton} type="button" className="ch-button" onClick={() => onCloseRef.current()}>
            <X aria-hidden="true" size={16} /> Close
          </button>
        </div>
        <div className="ch-drawer-body">
          <ConnectWrapper>
            <ConnectModuleMount module="AIAssistantModule" label="AI Assistant conversation" />
          </ConnectWrapper>
        </div>
      </div>
    </div>,
    document.body,
  );
}
