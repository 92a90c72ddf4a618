export declare const DEMO_SECRETS: {
  MANGO_CONNECT_JWT_SECRET: string;
  MANGO_CONNECT_WEBHOOK_SECRET: string;
  BIZ_SESSION_SECRET: string;
};
export declare const DEMO_PORTS: { shell: number; remote: number; sandbox: number };
export declare const DEMO_LOGINS: [string, string][];
export declare const DEMO_PASSWORD: string;
export declare function stackEnv(ports: { shell: number; remote: number; sandbox: number }, extra?: Record<string, string>): Record<string, string>;
export declare function demoSandboxKeys(): { jwtSecret: string; webhookSecret: string };
