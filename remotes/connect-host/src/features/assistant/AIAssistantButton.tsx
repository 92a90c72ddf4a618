import { useRef, useState } from 'react';
import { Sparkles } from 'lucide-react';
import { useConnectIntegration } from '../../lib/shell-contract.js';
import { PHONE_QUERY, useMediaQuery } from '../../lib/useMediaQuery.js';
import { useRemoteStyles } from '../../lib/styles.js';
import { AIAssistantPanel } from './AIAssistantPanel.js';

/**
 * The shell's header slot for Connect's AI assistant: nothing unless Connect is enabled with the
 * assistant feature on; a header button on tablets and desktops, a floating one on phones.
 */
export default function AIAssistantButton() {
  useRemoteStyles();
  const integration = useConnectIntegration();
  const isPhone = useMediaQuery(PHONE_QUERY);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  if (!integration?.enabled || !integration.features.aiAssistant) return null;

  return (
    <>
      <button
        ref={button}
        type="button"
        className={isPhone ? 'ch-button ch-fab' : 'ch-button'}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        <Sparkles aria-hidden="true" size={16} />
        {isPhone ? <span className="ch-sr-only">AI Assistant</span> : 'AI Assistant'}
      </button>
      {open && <AIAssistantPanel onClose={() => setOpen(false)} returnFocusTo={button} />}
    </>
  );
}
