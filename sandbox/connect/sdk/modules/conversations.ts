import { h, replaceChildren, uid } from '../dom.js';
import type { MangoConnectSDK } from '../sdk.js';
import type { ApiConversation, ApiMessage } from './api-types.js';
import { BaseModule, type ModuleOptions } from './base.js';

const timeLabel = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
};

/** The inbox: one conversation per synced client, a thread view and a reply box. */
export class ConversationsModule extends BaseModule {
  protected readonly name = 'conversations';
  private list!: HTMLUListElement;
  private thread!: HTMLElement;
  private threadTitle!: HTMLHeadingElement;
  private messages!: HTMLElement;
  private form!: HTMLFormElement;
  private replyInput!: HTMLTextAreaElement;
  private sendButton!: HTMLButtonElement;
  private selected: string | null = null;
  private conversations: ApiConversation[] = [];
  /** What the list / thread last rendered: polling re-renders only on change, so focus stays put. */
  private listKey = '';
  private threadKey = '';

  constructor(sdk: MangoConnectSDK, options?: ModuleOptions) {
    super(sdk, options);
  }

  protected render(root: HTMLElement): void {
    this.selected = null;
    this.listKey = '';
    this.threadKey = '';
    const replyId = uid('mc-reply');
    this.list = h('ul', { className: 'mc-list', attrs: { role: 'list', 'aria-label': 'Conversations' } });
    this.threadTitle = h('h3', { className: 'mc-subheading' }, 'Select a conversation');
    this.messages = h('div', { className: 'mc-messages', attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' } });
    this.replyInput = h('textarea', { className: 'mc-input', attrs: { id: replyId, name: 'reply', rows: '2' } });
    this.sendButton = h('button', { className: 'mc-button', attrs: { type: 'submit' } }, 'Send');
    this.form = h(
      'form',
      { className: 'mc-form', on: { submit: (e) => this.onSend(e) } },
      h('label', { className: 'mc-label', attrs: { for: replyId } }, 'Reply'),
      this.replyInput,
      this.sendButton,
    );
    this.form.hidden = true;
    this.thread = h('section', { className: 'mc-thread', attrs: { 'aria-label': 'Conversation' } }, this.threadTitle, this.messages, this.form);
    root.append(
      h('h2', { className: 'mc-heading' }, 'Conversations'),
      h('div', { className: 'mc-layout' }, h('nav', { attrs: { 'aria-label': 'Conversation list' } }, this.list), this.thread),
    );
    replaceChildren(this.list, h('li', { className: 'mc-status' }, 'Loading conversations…'));
  }

  protected async load(): Promise<void> {
    const { conversations } = await this.sdk.request<{ conversations: ApiConversation[] }>('GET', '/sdk-api/conversations');
    if (!this.root) return;
    this.conversations = conversations;
    this.renderList();
    if (this.selected) await this.loadThread(this.selected);
  }

  /** Opens a client's thread (also what clicking a conversation does). */
  async open(clientId: string): Promise<void> {
    this.selected = clientId;
    this.renderList();
    const convo = this.conversations.find((c) => c.clientId === clientId);
    replaceChildren(this.threadTitle, convo ? convo.client.name : 'Conversation');
    this.thread.setAttribute('aria-label', `Conversation with ${convo?.client.name ?? clientId}`);
    this.form.hidden = false;
    try {
      await this.loadThread(clientId);
      this.showError(null);
    } catch (err) {
      this.showError(err);
    }
  }

  private renderList(): void {
    const key = JSON.stringify([this.selected, this.conversations]);
    if (key === this.listKey) return;
    this.listKey = key;
    const focusedId = this.list.contains(this.list.ownerDocument.activeElement)
      ? (this.list.ownerDocument.activeElement as HTMLElement).getAttribute('data-client-id')
      : null;
    this.fillList();
    if (focusedId) [...this.list.querySelectorAll<HTMLElement>('[data-client-id]')].find((b) => b.getAttribute('data-client-id') === focusedId)?.focus();
  }

  private fillList(): void {
    if (this.conversations.length === 0) {
      replaceChildren(this.list, h('li', { className: 'mc-empty' }, 'No conversations yet. Clients synced from Mango Biz appear here.'));
      return;
    }
    replaceChildren(
      this.list,
      ...this.conversations.map((c) => {
        const previewId = uid('mc-preview');
        const preview = c.lastMessage ? `${c.lastMessage.direction === 'outbound' ? 'You: ' : ''}${c.lastMessage.body}` : 'No messages yet';
        return h(
          'li',
          { className: 'mc-item' },
          h(
            'button',
            {
              className: 'mc-conversation',
              attrs: { type: 'button', 'aria-describedby': previewId, 'aria-current': String(c.clientId === this.selected), 'data-client-id': c.clientId },
              on: { click: () => void this.open(c.clientId) },
            },
            c.client.name,
          ),
          h('p', { className: 'mc-preview', attrs: { id: previewId } }, preview),
        );
      }),
    );
  }

  private async loadThread(clientId: string): Promise<void> {
    const { messages } = await this.sdk.request<{ messages: ApiMessage[] }>('GET', `/sdk-api/conversations/${encodeURIComponent(clientId)}/messages`);
    if (this.selected !== clientId || !this.root) return;
    const key = JSON.stringify([clientId, messages]);
    if (key === this.threadKey) return;
    this.threadKey = key;
    replaceChildren(
      this.messages,
      ...(messages.length === 0
        ? [h('p', { className: 'mc-empty' }, 'No messages yet.')]
        : messages.map((m) =>
            h(
              'div',
              { className: `mc-message mc-message--${m.direction}` },
              m.body,
              h('span', { className: 'mc-meta' }, `${m.authorName} · ${timeLabel(m.createdAt)}`),
            ),
          )),
    );
  }

  private async onSend(e: Event): Promise<void> {
    e.preventDefault();
    const clientId = this.selected;
    const body = this.replyInput.value.trim();
    if (!clientId || !body) return;
    this.sendButton.disabled = true;
    try {
      await this.sdk.request('POST', `/sdk-api/conversations/${encodeURIComponent(clientId)}/messages`, { body });
      this.replyInput.value = '';
      await this.refresh();
    } catch (err) {
      this.showError(err);
    } finally {
      this.sendButton.disabled = false;
    }
  }
}
