import { h, uid } from '../dom.js';
import type { MangoConnectSDK } from '../sdk.js';
import { BaseModule, type ModuleOptions } from './base.js';

/** Ask questions about the store's synced data; answers append to a live log. */
export class AIAssistantModule extends BaseModule {
  protected readonly name = 'assistant';
  private log!: HTMLElement;
  private input!: HTMLInputElement;
  private askButton!: HTMLButtonElement;

  constructor(sdk: MangoConnectSDK, options?: ModuleOptions) {
    // Nothing on screen goes stale, so the assistant does not poll.
    super(sdk, { pollIntervalMs: 0, ...options });
  }

  protected render(root: HTMLElement): void {
    const inputId = uid('mc-ask');
    this.log = h('div', { className: 'mc-log', attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': 'Assistant answers' } });
    this.input = h('input', { className: 'mc-input', attrs: { id: inputId, type: 'text', name: 'question', autocomplete: 'off', placeholder: 'How many appointments tomorrow?' } });
    this.askButton = h('button', { className: 'mc-button', attrs: { type: 'submit' } }, 'Ask');
    root.append(
      h('h2', { className: 'mc-heading' }, 'AI Assistant'),
      this.log,
      h(
        'form',
        { className: 'mc-form', on: { submit: (e) => void this.onAsk(e) } },
        h('label', { className: 'mc-label', attrs: { for: inputId } }, 'Ask the assistant'),
        this.input,
        this.askButton,
      ),
    );
  }

  protected async load(): Promise<void> {}

  /** Asks a question programmatically; resolves with the answer. */
  async ask(question: string): Promise<string> {
    const { answer } = await this.sdk.request<{ answer: string }>('POST', '/sdk-api/assistant', { question });
    this.log.append(
      h('p', { className: 'mc-qa-question' }, `You: ${question}`),
      h('p', { className: 'mc-qa-answer' }, `Assistant: ${answer}`),
    );
    return answer;
  }

  private async onAsk(e: Event): Promise<void> {
    e.preventDefault();
    const question = this.input.value.trim();
    if (!question) return;
    this.askButton.disabled = true;
    try {
      await this.ask(question);
      this.input.value = '';
      this.showError(null);
    } catch (err) {
      this.showError(err);
    } finally {
      this.askButton.disabled = false;
    }
  }
}
