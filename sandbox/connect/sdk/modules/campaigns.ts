import { h, replaceChildren, uid } from '../dom.js';
import type { MangoConnectSDK } from '../sdk.js';
import type { ApiCampaign } from './api-types.js';
import { BaseModule, type ModuleOptions } from './base.js';

const AUDIENCES: [value: string, label: string][] = [
  ['all_clients', 'All clients'],
  ['upcoming_appointments', 'Clients with upcoming appointments'],
  ['no_upcoming_appointments', 'Clients without upcoming appointments'],
];
const audienceLabel = (v: string) => AUDIENCES.find(([value]) => value === v)?.[1] ?? v;

/** Lists campaigns and creates drafts. */
export class CampaignsModule extends BaseModule {
  protected readonly name = 'campaigns';
  private list!: HTMLUListElement;
  private nameInput!: HTMLInputElement;
  private messageInput!: HTMLTextAreaElement;
  private audienceSelect!: HTMLSelectElement;
  private createButton!: HTMLButtonElement;
  /** Polling re-renders only when the list changed. */
  private listKey = '';

  constructor(sdk: MangoConnectSDK, options?: ModuleOptions) {
    super(sdk, options);
  }

  protected render(root: HTMLElement): void {
    this.listKey = '';
    const [nameId, messageId, audienceId] = [uid('mc-cname'), uid('mc-cmsg'), uid('mc-caud')];
    this.list = h('ul', { className: 'mc-list', attrs: { role: 'list', 'aria-label': 'Campaigns' } });
    this.nameInput = h('input', { className: 'mc-input', attrs: { id: nameId, type: 'text', name: 'name', required: '' } });
    this.messageInput = h('textarea', { className: 'mc-input', attrs: { id: messageId, name: 'message', rows: '3', required: '' } });
    this.audienceSelect = h('select', { className: 'mc-input', attrs: { id: audienceId, name: 'audience' } }, ...AUDIENCES.map(([value, label]) => h('option', { attrs: { value } }, label)));
    this.createButton = h('button', { className: 'mc-button', attrs: { type: 'submit' } }, 'Create campaign');
    root.append(
      h('h2', { className: 'mc-heading' }, 'Campaigns'),
      this.list,
      h(
        'form',
        { className: 'mc-form', attrs: { 'aria-label': 'New campaign' }, on: { submit: (e) => void this.onCreate(e) } },
        h('h3', { className: 'mc-subheading' }, 'New campaign'),
        h('label', { className: 'mc-label', attrs: { for: nameId } }, 'Campaign name'),
        this.nameInput,
        h('label', { className: 'mc-label', attrs: { for: messageId } }, 'Message'),
        this.messageInput,
        h('label', { className: 'mc-label', attrs: { for: audienceId } }, 'Audience'),
        this.audienceSelect,
        this.createButton,
      ),
    );
    replaceChildren(this.list, h('li', { className: 'mc-status' }, 'Loading campaigns…'));
  }

  protected async load(): Promise<void> {
    const { campaigns } = await this.sdk.request<{ campaigns: ApiCampaign[] }>('GET', '/sdk-api/campaigns');
    if (!this.root) return;
    const key = JSON.stringify(campaigns);
    if (key === this.listKey) return;
    this.listKey = key;
    if (campaigns.length === 0) {
      replaceChildren(this.list, h('li', { className: 'mc-empty' }, 'No campaigns yet.'));
      return;
    }
    replaceChildren(
      this.list,
      ...campaigns.map((c) =>
        h(
          'li',
          { className: 'mc-item' },
          h('strong', {}, c.name),
          h('span', { className: 'mc-preview' }, `${audienceLabel(c.audience)} · ${c.recipientCount} recipients · ${c.status}`),
        ),
      ),
    );
  }

  private async onCreate(e: Event): Promise<void> {
    e.preventDefault();
    const input = { name: this.nameInput.value.trim(), message: this.messageInput.value.trim(), audience: this.audienceSelect.value };
    if (!input.name || !input.message) return;
    this.createButton.disabled = true;
    try {
      await this.sdk.request('POST', '/sdk-api/campaigns', input);
      this.nameInput.value = '';
      this.messageInput.value = '';
      await this.refresh();
    } catch (err) {
      this.showError(err);
    } finally {
      this.createButton.disabled = false;
    }
  }
}
