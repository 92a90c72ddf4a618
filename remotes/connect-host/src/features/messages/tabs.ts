import type { ConnectFeatures } from '@mango/connect-shared';
import type { MessageTab } from './MessageTabs.js';

/** Which Connect modules the Messages route offers for the store's feature toggles. */
export function messageTabsFor(features: ConnectFeatures | undefined): MessageTab[] {
  if (!features) return [];
  const tabs: MessageTab[] = [];
  if (features.conversations) tabs.push({ id: 'conversations', label: 'Conversations', module: 'ConversationsModule' });
  if (features.campaigns) tabs.push({ id: 'campaigns', label: 'Campaigns', module: 'CampaignsModule' });
  return tabs;
}
