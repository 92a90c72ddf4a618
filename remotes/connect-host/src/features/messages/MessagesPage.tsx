import { useConnectIntegration } from '../../lib/shell-contract.js';
import { useRemoteStyles } from '../../lib/styles.js';
import { ConnectModuleMount } from '../sdk/ConnectModuleMount.js';
import { ConnectWrapper } from '../sdk/ConnectWrapper.js';
import { MessageTabs, type MessageTab } from './MessageTabs.js';
import { messageTabsFor } from './tabs.js';

/** The /messages route: Connect conversations, plus campaigns as a second tab when that feature is on. */
export default function MessagesPage() {
  useRemoteStyles();
  const integration = useConnectIntegration();
  const tabs: MessageTab[] = messageTabsFor(integration?.features);

  return (
    <div className="ch-page">
      <h1>Messages</h1>
      <ConnectWrapper>
        {tabs.length === 0 ? (
          <p className="ch-empty" role="status">
            Conversations and campaigns are turned off for this store.
          </p>
        ) : tabs.length === 1 && tabs[0] ? (
          <ConnectModuleMount module={tabs[0].module} label={tabs[0].label} />
        ) : (
          <MessageTabs tabs={tabs} />
        )}
      </ConnectWrapper>
    </div>
  );
}
