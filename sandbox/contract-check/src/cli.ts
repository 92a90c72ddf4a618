#!/usr/bin/env node
// pnpm contract --connect-url URL --jwt-secret S --webhook-secret S [--sdk-url URL] [--store-id ID] [--json]
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { evaluateSdkInVm } from './evaluate-sdk.js';
import { formatResults, meetsContract, runContractChecks } from './run.js';

const USAGE = `Usage: pnpm contract --connect-url URL --jwt-secret SECRET --webhook-secret SECRET [--sdk-url URL] [--store-id ID] [--json]
Secrets may also come from MANGO_CONNECT_JWT_SECRET and MANGO_CONNECT_WEBHOOK_SECRET.
Exit code 1 when a required check fails; a recommended check that fails is a warning (WARN) and exits 0.`;

const { values } = parseArgs({
  options: {
    'connect-url': { type: 'string' },
    'sdk-url': { type: 'string' },
    'jwt-secret': { type: 'string' },
    'webhook-secret': { type: 'string' },
    'store-id': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const connectUrl = values['connect-url']?.replace(/\/+$/, '');
const jwtSecret = values['jwt-secret'] ?? process.env.MANGO_CONNECT_JWT_SECRET;
const webhookSecret = values['webhook-secret'] ?? process.env.MANGO_CONNECT_WEBHOOK_SECRET;
const missing = [!connectUrl && '--connect-url', !jwtSecret && '--jwt-secret', !webhookSecret && '--webhook-secret'].filter(Boolean);
if (missing.length) {
  console.error(`Missing ${missing.join(', ')}.\n${USAGE}`);
  process.exit(2);
}

const results = await runContractChecks({
  connectUrl: connectUrl!,
  sdkUrl: values['sdk-url'] ?? `${connectUrl}/sdk/mango-connect-sdk.js`,
  jwtSecret: jwtSecret!,
  webhookSecret: webhookSecret!,
  storeId: values['store-id'] ?? `contract-check-${randomUUID().slice(0, 8)}`,
  fetch: globalThis.fetch,
  evaluateSdk: evaluateSdkInVm,
});
console.log(values.json ? JSON.stringify(results, null, 2) : `Biz → Connect contract check against ${connectUrl}\n\n${formatResults(results)}`);
// Only a required check fails the run; a recommended one that fails is a warning in the table.
process.exit(meetsContract(results) ? 0 : 1);
