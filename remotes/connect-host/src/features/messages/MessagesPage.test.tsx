import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeSDK } from '../../test/fake-sdk.js';
import { makeIntegration } from '../../test/fixtures.js';
import { renderWithShell } from '../../test/render.js';
import MessagesPage from './MessagesPage.js';

describe('MessagesPage', () => {
  it('mounts Connect conversations under the "Messages" heading', async () => {
    const fake = installFakeSDK();
    renderWithShell(<MessagesPage />);
    expect(screen.getByRole('heading', { name: 'Messages' })).toBeTruthy();
    const region = await screen.findByRole('region', { name: 'Conversations' });
    // The module mounts in an effect after the region commits; under load those are separate ticks.
    await waitFor(() => expect(region.textContent).toBe('ConversationsModule mounted'));
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(fake.mounted.map((m) => m.module)).toEqual(['ConversationsModule']);
  });

  it('offers Conversations and Campaigns tabs when campaigns are on, showing one module at a time', async () => {
    const fake = installFakeSDK();
    renderWithShell(<MessagesPage />, {
      integration: makeIntegration({ features: { conversations: true, aiAssistant: true, campaigns: true } }),
    });
    const tablist = await screen.findByRole('tablist');
    const [conversations, campaigns] = within(tablist).getAllByRole('tab');
    expect(conversations?.getAttribute('aria-selected')).toBe('true');
    await userEvent.click(screen.getByRole('tab', { name: 'Campaigns' }));
    expect(campaigns?.getAttribute('aria-selected')).toBe('true');
    const campaignsRegion = await screen.findByRole('region', { name: 'Campaigns' });
    await waitFor(() => expect(campaignsRegion.textContent).toBe('CampaignsModule mounted'));
    // Conversations is kept off the page for a quick return, not shown.
    expect(fake.mounted.filter((m) => m.el.isConnected).map((m) => m.module)).toEqual(['CampaignsModule']);
    await userEvent.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'Conversations' }).getAttribute('aria-selected')).toBe('true');
    const back = await screen.findByRole('region', { name: 'Conversations' });
    await waitFor(() => expect(back.textContent).toBe('ConversationsModule mounted'));
    expect(fake.modules.filter((m) => m.module === 'ConversationsModule')).toHaveLength(1);
  });

  it('tells the user Connect is not configured when it is disabled', () => {
    renderWithShell(<MessagesPage />, { integration: makeIntegration({ enabled: false }) });
    expect(screen.getByText('Connect not configured')).toBeTruthy();
  });
});
