import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeSDK } from '../../test/fake-sdk.js';
import { makeIntegration } from '../../test/fixtures.js';
import { renderWithShell } from '../../test/render.js';
import AIAssistantButton from './AIAssistantButton.js';

async function openDrawer() {
  const fake = installFakeSDK();
  renderWithShell(
    <>
      <a href="/clients">Clients</a>
      <AIAssistantButton />
    </>,
  );
  const button = screen.getByRole('button', { name: 'AI Assistant' });
  await userEvent.click(button);
  const dialog = screen.getByRole('dialog', { name: 'AI Assistant' });
  return { fake, button, dialog };
}

describe('AIAssistantButton', () => {
  it('renders nothing unless Connect is enabled with the AI assistant on', () => {
    const off = makeIntegration({ features: { conversations: true, aiAssistant: false, campaigns: false } });
    const { update } = renderWithShell(<AIAssistantButton />, { integration: off });
    expect(screen.queryByRole('button', { name: 'AI Assistant' })).toBeNull();
    update({ integration: makeIntegration({ enabled: false }) });
    expect(screen.queryByRole('button', { name: 'AI Assistant' })).toBeNull();
    update({ integration: makeIntegration() });
    expect(screen.getByRole('button', { name: 'AI Assistant' })).toBeTruthy();
  });

  it('opens a modal drawer that mounts the Connect AI assistant, with focus inside', async () => {
    const { dialog, button } = await openDrawer();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    const region = await screen.findByRole('region', { name: 'AI Assistant conversation' });
    // The module mounts in an effect after the region commits; under load those are separate ticks.
    await waitFor(() => expect(region.textContent).toBe('AIAssistantModule mounted'));
  });

  it('closes with the Close button and gives focus back to the AI Assistant button', async () => {
    const { button, fake } = await openDrawer();
    await screen.findByRole('region', { name: 'AI Assistant conversation' });
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    // Kept off the page for a quick reopen, with the conversation as it was.
    expect(fake.mounted).toHaveLength(1);
    expect(fake.mounted[0]!.el.isConnected).toBe(false);
    await userEvent.click(button);
    const region = await screen.findByRole('region', { name: 'AI Assistant conversation' });
    await waitFor(() => expect(region.textContent).toBe('AIAssistantModule mounted'));
    expect(fake.modules).toHaveLength(1);
    expect(fake.modules[0]!.refreshes).toBe(1);
  });

  it('closes on Escape and returns focus', async () => {
    const { button } = await openDrawer();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('closes when the backdrop is clicked', async () => {
    const { button } = await openDrawer();
    await userEvent.click(screen.getByTestId('ai-assistant-backdrop'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('keeps Tab inside the drawer and makes the page behind it inert while open', async () => {
    const { dialog } = await openDrawer();
    await screen.findByRole('region', { name: 'AI Assistant conversation' });
    const close = screen.getByRole('button', { name: 'Close' });
    // The drawer has one focusable control: Tab and Shift+Tab both stay on it.
    await userEvent.tab();
    expect(document.activeElement).toBe(close);
    await userEvent.tab({ shift: true });
    expect(document.activeElement).toBe(close);
    const behind = Array.from(document.body.children).filter((el) => !el.contains(dialog));
    expect(behind.length).toBeGreaterThan(0);
    expect(behind.every((el) => el.hasAttribute('inert'))).toBe(true);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(Array.from(document.body.children).some((el) => el.hasAttribute('inert'))).toBe(false));
  });
});
