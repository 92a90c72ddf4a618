import { parseSandboxConfig, SandboxConfigError } from './config.js';
import { startSandbox } from './server.js';

try {
  const config = parseSandboxConfig(process.env);
  const sandbox = await startSandbox(config);
  console.log(`Mango Connect sandbox ${config.version} listening on ${sandbox.url} (public URL ${config.publicUrl})`);
  if (config.admin) console.log('Admin API enabled under /__admin (SANDBOX_ADMIN=1): test use only.');
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  if (err instanceof SandboxConfigError) {
    console.error(`Cannot start the Mango Connect sandbox: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
