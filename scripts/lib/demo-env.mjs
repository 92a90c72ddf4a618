// Demo configuration for `npm start` and the test stack. These secrets are for local demo and tests
// only; they reach the edge API and the sandbox as environment, never the browser bundles
// (e2e/no-secrets.spec.ts greps every built asset for them).
export const DEMO_SECRETS = {
  MANGO_CONNECT_JWT_SECRET: 'demo-jwt-secret-for-local-use-only-7f3a9c21e8b4',
  MANGO_CONNECT_WEBHOOK_SECRET: 'demo-webhook-secret-for-local-use-only-5d2e8a17c0f6',
  BIZ_SESSION_SECRET: 'demo-session-secret-for-local-use-only-9b41c7e3a2d8',
};

export const DEMO_PORTS = { shell: 5173, remote: 5174, sandbox: 5175 };

export const DEMO_LOGINS = [
  ['owner@demo.mango', 'owner: everything, incl. Connect settings'],
  ['admin@demo.mango', 'admin: Connect settings, clients, appointments'],
  ['manager@demo.mango', 'manager: clients, appointments, messages (no Connect settings)'],
  ['staff@demo.mango', 'staff: clients, appointments, messages (no Connect settings)'],
];
export const DEMO_PASSWORD = 'mango-demo-2026';

/** Environment for every process of the stack, given its ports. */
export function stackEnv(ports, extra = {}) {
  const sandbox = `http://localhost:${ports.sandbox}`;
  return {
    ...DEMO_SECRETS,
    SHELL_PORT: String(ports.shell),
    REMOTE_PORT: String(ports.remote),
    SANDBOX_PORT: String(ports.sandbox),
    SANDBOX_PUBLIC_URL: sandbox,
    SANDBOX_ALLOWED_ORIGINS: `http://localhost:${ports.shell},http://127.0.0.1:${ports.shell},http://localhost:${ports.remote}`,
    MANGO_CONNECT_API_URL: sandbox,
    MANGO_CONNECT_SDK_URL: `${sandbox}/sdk/mango-connect-sdk.js`,
    CONNECT_HOST_REMOTE_URL: `http://localhost:${ports.remote}/mf-manifest.json`,
    BIZ_DEV_MODE: '1',
    ...extra,
  };
}

/** The local sandbox's signing keys under `npm start`, for dev tools that stand in for the edge API (the remote's harness). */
export function demoSandboxKeys() {
  return { jwtSecret: DEMO_SECRETS.MANGO_CONNECT_JWT_SECRET, webhookSecret: DEMO_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET };
}
