import type { ConnectUIModule, MangoConnectNamespace, MangoConnectSDKInstance, SDKOptions } from '../features/sdk/types.js';

/** A recording stand-in for the Connect SDK namespace; components under test cannot tell it apart. */
export function makeFakeSDK(opts: { initError?: Error; mountError?: Error } = {}) {
  const instances: FakeSDK[] = [];
  const counts = { init: 0 };
  const mounted: { module: string; el: HTMLElement }[] = [];
  const modules: { module: string; refreshes: number }[] = [];

  class FakeSDK implements MangoConnectSDKInstance {
    readonly tokens: string[] = [];
    destroyed = false;
    constructor(readonly options: SDKOptions) {
      instances.push(this);
    }
    async init() {
      counts.init += 1;
      if (opts.initError) throw opts.initError;
      return { storeId: 'store_demo_001', connectTenantId: 'ct_001', member: { memberId: 'm', name: 'M', role: 'owner' } };
    }
    setToken(token: string) {
      this.tokens.push(token);
    }
    destroy() {
      this.destroyed = true;
    }
  }

  const moduleClass = (name: string) =>
    class implements ConnectUIModule {
      private el: HTMLElement | null = null;
      refreshes = 0;
      constructor(readonly sdk: MangoConnectSDKInstance) {
        modules.push(this as unknown as { module: string; refreshes: number });
      }
      get module() {
        return name;
      }
      /** Optional in the contract; the sandbox SDK's modules have it. */
      async refresh() {
        this.refreshes += 1;
      }
      mount(el: HTMLElement) {
        if (opts.mountError) throw opts.mountError;
        this.el = el;
        const p = document.createElement('p');
        p.textContent = `${name} mounted`;
        el.appendChild(p);
        mounted.push({ module: name, el });
      }
      unmount() {
        const i = mounted.findIndex((m) => m.el === this.el && m.module === name);
        if (i >= 0) mounted.splice(i, 1);
      }
    };

  const namespace: MangoConnectNamespace = {
    version: 'fake',
    MangoConnectSDK: FakeSDK,
    ConversationsModule: moduleClass('ConversationsModule'),
    AIAssistantModule: moduleClass('AIAssistantModule'),
    CampaignsModule: moduleClass('CampaignsModule'),
  };
  return {
    namespace,
    instances,
    mounted,
    modules,
    get initCalls() {
      return counts.init;
    },
  };
}

/** Installs the fake on window.MangoConnect, as the real script would. */
export function installFakeSDK(opts: { initError?: Error; mountError?: Error } = {}) {
  const fake = makeFakeSDK(opts);
  window.MangoConnect = fake.namespace;
  return fake;
}
