import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { JSDOM } from 'jsdom';
import type { RunningSandbox } from './server.js';
import { buildSdkBundle } from './sdk-bundle.js';
import { admin, client, mintToken, postSigned, provision, start, STORE_ID } from '../test/helpers.js';

interface SDKLike {
  init(): Promise<{ storeId: string; connectTenantId: string | null; member: { name: string } }>;
  setToken(t: string): void;
  destroy(): void;
}
interface ModuleLike {
  mount(el: HTMLElement): void;
  unmount(): void;
  refresh(): Promise<void>;
}
interface MangoConnectGlobal {
  version: string;
  MangoConnectSDK: new (o: Record<string, unknown>) => SDKLike;
  ConversationsModule: new (sdk: SDKLike, o?: { pollIntervalMs?: number }) => ModuleLike;
  AIAssistantModule: new (sdk: SDKLike) => ModuleLike & { ask(q: string): Promise<string> };
  CampaignsModule: new (sdk: SDKLike) => ModuleLike;
}

let bundle: string;
let sb: RunningSandbox;
let dom: JSDOM;
let MC: MangoConnectGlobal;

beforeAll(async () => {
  bundle = await buildSdkBundle();
  sb = await start();
});
afterAll(() => sb.close());

beforeEach(async () => {
  await admin(sb.url, '/reset');
  await provision(sb.url);
  await postSigned(sb.url, '/api-mango-biz-sync', {
    storeId: STORE_ID,
    batchId: 'b1',
    entity: 'clients',
    items: [client('c1', 'Ana Lima'), client('c2', '<img src=x onerror="window.__pwned=1">')],
  });
  dom = new JSDOM('<!doctype html><html><head></head><body><main id="app"></main></body></html>', {
    runScripts: 'dangerously',
    url: 'http://localhost:5173/messages',
  });
  // jsdom has no fetch; lend it Node's so the SDK talks to the real sandbox over HTTP.
  (dom.window as unknown as { fetch: typeof fetch }).fetch = fetch;
  const script = dom.window.document.createElement('script');
  script.textContent = bundle;
  dom.window.document.head.appendChild(script);
  MC = (dom.window as unknown as { MangoConnect: MangoConnectGlobal }).MangoConnect;
});
afterEach(() => dom.window.close());

const app = () => dom.window.document.getElementById('app')!;
const buttonNames = () => [...app().querySelectorAll('button.mc-conversation')].map((b) => b.textContent);

describe('SDK bundle', () => {
  it('loads as a classic script exposing exactly the contract\'s globals', () => {
    expect(Object.keys(MC).sort()).toEqual(['AIAssistantModule', 'CampaignsModule', 'ConversationsModule', 'MangoConnectSDK', 'version']);
    expect(MC.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('init() validates the token with the sandbox and returns the session', async () => {
    const sdk = new MC.MangoConnectSDK({ apiUrl: sb.url, token: await mintToken(), fetchToken: () => mintToken() });
    const session = await sdk.init();
    expect(session).toMatchObject({ storeId: STORE_ID, connectTenantId: expect.stringMatching(/^ct_/), member: { name: 'Kim Staff' } });
  });

  it('init() rejects and reports token_invalid for a token with a wrong signature', async () => {
    const errors: unknown[] = [];
    const sdk = new MC.MangoConnectSDK({
      apiUrl: sb.url,
      token: await mintToken({ secret: 'q'.repeat(40) }),
      fetchToken: () => mintToken(),
      onError: (e: unknown) => errors.push(e),
    });
    await expect(sdk.init()).rejects.toMatchObject({ code: 'token_invalid', status: 401 });
    expect(errors).toEqual([expect.objectContaining({ code: 'token_invalid', status: 401 })]);
  });

  it('Conversations renders client names from the sandbox as accessible buttons, script text as text', async () => {
    const sdk = new MC.MangoConnectSDK({ apiUrl: sb.url, token: await mintToken(), fetchToken: () => mintToken() });
    const mod = new MC.ConversationsModule(sdk, { pollIntervalMs: 0 });
    mod.mount(app());
    await mod.refresh();
    expect(app().querySelector('h2')?.textContent).toBe('Conversations');
    expect(app().querySelector('ul')?.getAttribute('role')).toBe('list');
    expect(buttonNames().sort()).toEqual(['<img src=x onerror="window.__pwned=1">', 'Ana Lima']);
    expect(app().querySelector('img')).toBeNull();
    expect(dom.window.document.getElementById('mc-styles')).not.toBeNull();
  });

  it('opens a thread and sends a reply through the labelled textbox', async () => {
    const sdk = new MC.MangoConnectSDK({ apiUrl: sb.url, token: await mintToken(), fetchToken: () => mintToken() });
    const mod = new MC.ConversationsModule(sdk, { pollIntervalMs: 0 });
    mod.mount(app());
    await mod.refresh();
    const ana = [...app().querySelectorAll<HTMLButtonElement>('button.mc-conversation')].find((b) => b.textContent === 'Ana Lima')!;
    ana.click();
    await vi.waitFor(() => expect(app().querySelector('[role="log"]')?.textContent).toContain('Hi, this is Ana Lima'));
    expect(app().querySelector('section')?.getAttribute('aria-label')).toBe('Conversation with Ana Lima');
    const label = [...app().querySelectorAll('label')].find((l) => l.textContent === 'Reply')!;
    const box = dom.window.document.getElementById(label.htmlFor) as HTMLTextAreaElement;
    box.value = 'Your table is ready';
    const form = box.closest('form')!;
    form.dispatchEvent(new dom.window.Event('submit', { cancelable: true, bubbles: true }));
    await vi.waitFor(async () => {
      const res = await fetch(`${sb.url}/sdk-api/conversations/c1/messages`, { headers: { authorization: `Bearer ${await mintToken()}` } });
      const { messages } = (await res.json()) as { messages: { body: string }[] };
      expect(messages.at(-1)?.body).toBe('Your table is ready');
    });
    await vi.waitFor(() => expect(app().querySelector('[role="log"]')?.textContent).toContain('Your table is ready'));
  });

  it('polls: a client created in Biz appears without a remount', async () => {
    const sdk = new MC.MangoConnectSDK({ apiUrl: sb.url, token: await mintToken(), fetchToken: () => mintToken() });
    const mod = new MC.ConversationsModule(sdk, { pollIntervalMs: 50 });
    mod.mount(app());
    await vi.waitFor(() => expect(buttonNames()).toContain('Ana Lima'));
    await postSigned(sb.url, '/webhook-mango-biz', { event: 'client.created', storeId: STORE_ID, timestamp: new Date().toISOString(), data: client('c3', 'Cleo New') });
    await vi.waitFor(() => expect(buttonNames()).toContain('Cleo New'));
    mod.unmount();
    expect(app().children).toHaveLength(0);
  });

  it('keeps keyboard focus on the same conversation when polling brings new data', async () => {
    const sdk = new MC.MangoConnectSDK({ apiUrl: sb.url, token: await mintToken(), fetchToken: () => mintToken() });
    const mod = new MC.ConversationsModule(sdk, { pollIntervalMs: 0 });
    mod.mount(app());
    await mod.refresh();
    const button = () => [...app().querySelectorAll<HTMLButtonElement>('button.mc-conversation')].find((b) => b.textContent === 'Ana Lima')!;
    const before = button();
    before.focus();
    await mod.refresh();
    expect(button()).toBe(before);
    await postSigned(sb.url, '/webhook-mango-biz', { event: 'client.created', storeId: STORE_ID, timestamp: new Date().toISOString(), data: client('c4', 'Dee Later') });
    await mod.refresh();
    expect(buttonNames()).toContain('Dee Later');
    expect(dom.window.document.activeElement?.textContent).toBe('Ana Lima');
    mod.unmount();
    expect(app().children).toHaveLength(0);
  });

  it('calls fetchToken after expire-tokens, retries with the new token and renders', async () => {
    const fetchToken = vi.fn(() => mintToken());
    const errors: unknown[] = [];
    const sdk = new MC.MangoConnectSDK({ apiUrl: sb.url, token: await mintToken(), fetchToken, onError: (e: unknown) => errors.push(e) });
    await sdk.init();
    expect((await admin(sb.url, '/expire-tokens')).status).toBe(200);
    const mod = new MC.ConversationsModule(sdk, { pollIntervalMs: 0 });
    mod.mount(app());
    await mod.refresh();
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(buttonNames()).toContain('Ana Lima');
    expect(errors).toEqual([]);
  });

  it('reports token_expired when fetchToken fails', async () => {
    const errors: { code: string }[] = [];
    const sdk = new MC.MangoConnectSDK({
      apiUrl: sb.url,
      token: await mintToken(),
      fetchToken: () => Promise.reject(new Error('session ended')),
      onError: (e: unknown) => errors.push(e as { code: string }),
    });
    await sdk.init();
    await admin(sb.url, '/expire-tokens');
    const mod = new MC.ConversationsModule(sdk, { pollIntervalMs: 0 });
    mod.mount(app());
    await mod.refresh();
    expect(errors.map((e) => e.code)).toEqual(['token_expired']);
    expect(app().querySelector('[role="alert"]')?.textContent).toContain('session ended');
  });

  it('reports network errors with code network', async () => {
    const errors: { code: string }[] = [];
    const sdk = new MC.MangoConnectSDK({ apiUrl: 'http://127.0.0.1:9', token: await mintToken(), fetchToken: () => mintToken(), onError: (e: unknown) => errors.push(e as { code: string }) });
    await expect(sdk.init()).rejects.toMatchObject({ code: 'network' });
    expect(errors[0]?.code).toBe('network');
  });

  it('AI Assistant answers into a log region; Campaigns creates and lists', async () => {
    const sdk = new MC.MangoConnectSDK({ apiUrl: sb.url, token: await mintToken(), fetchToken: () => mintToken() });
    const assistant = new MC.AIAssistantModule(sdk);
    assistant.mount(app());
    expect(app().querySelector('h2')?.textContent).toBe('AI Assistant');
    expect([...app().querySelectorAll('label')].map((l) => l.textContent)).toContain('Ask the assistant');
    expect(await assistant.ask('How many clients?')).toBe('You have 2 clients.');
    expect(app().querySelector('[role="log"]')?.textContent).toContain('You have 2 clients.');
    assistant.unmount();

    const campaigns = new MC.CampaignsModule(sdk);
    campaigns.mount(app());
    await campaigns.refresh();
    expect(app().querySelector('h2')?.textContent).toBe('Campaigns');
    const field = (name: string) => app().querySelector(`[name="${name}"]`) as HTMLInputElement;
    field('name').value = 'Spring promo';
    field('message').value = '20% off';
    app().querySelector('form')!.dispatchEvent(new dom.window.Event('submit', { cancelable: true, bubbles: true }));
    await vi.waitFor(() => expect(app().querySelector('ul')?.textContent).toContain('Spring promo'));
    campaigns.unmount();
  });

  it('destroy() stops further calls with not_initialised', async () => {
    const sdk = new MC.MangoConnectSDK({ apiUrl: sb.url, token: await mintToken(), fetchToken: () => mintToken() });
    sdk.destroy();
    await expect(sdk.init()).rejects.toMatchObject({ code: 'not_initialised' });
  });
});

describe('GET /sdk/mango-connect-sdk.js', () => {
  afterEach(() => admin(sb.url, '/sdk-mode', { mode: 'ok' }));

  it('serves the bundle as JavaScript with CORS *', async () => {
    const res = await fetch(`${sb.url}/sdk/mango-connect-sdk.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toContain('MangoConnect');
  });

  it('misbehaves on request: 404, a throwing script, a script without exports', async () => {
    await admin(sb.url, '/sdk-mode', { mode: '404' });
    expect((await fetch(`${sb.url}/sdk/mango-connect-sdk.js`)).status).toBe(404);
    await admin(sb.url, '/sdk-mode', { mode: 'throw' });
    expect(await (await fetch(`${sb.url}/sdk/mango-connect-sdk.js`)).text()).toMatch(/^throw new Error/);
    await admin(sb.url, '/sdk-mode', { mode: 'missing-exports' });
    const text = await (await fetch(`${sb.url}/sdk/mango-connect-sdk.js`)).text();
    expect(text).not.toContain('MangoConnect =');
  });

  it('still serves the bundle in slow mode, after the delay', async () => {
    await admin(sb.url, '/sdk-mode', { mode: 'slow', latencyMs: 20 });
    const res = await fetch(`${sb.url}/sdk/mango-connect-sdk.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('window.MangoConnect = MangoConnect');
  });
});
