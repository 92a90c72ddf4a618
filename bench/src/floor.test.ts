// The floors run in a real Chromium (CHROMIUM_PATH, else /usr/bin/chromium): a floor that skipped
// part of its job would flatter what the machine allows, so each is checked for doing all of it.
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.js';
import { withBarePage } from './floor.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the bare page floors', () => {
  it('commits every change with its event, then delivers every event once and marks it done', async () => {
    const bodies: string[] = [];
    const { before, after, sent } = await withBarePage(
      browser,
      async (page, sinkUrl) => {
        await page.evaluate(() => window.__floor!.load('t-pipeline', { clients: [], appointments: [] }));
        await page.evaluate(() => window.__floor!.changes('t-pipeline', 7, 3));
        const before = await page.evaluate(() => window.__floor!.inspect('t-pipeline'));
        const sent = await page.evaluate((sink) => window.__floor!.delivery('t-pipeline', sink, 5), sinkUrl);
        const after = await page.evaluate(() => window.__floor!.inspect('t-pipeline'));
        return { before, after, sent };
      },
      (body) => bodies.push(body),
    );
    expect(before.clients.map((c) => c.name).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `Floor Client ${i} v2`).sort());
    expect(before.outbox).toHaveLength(21);
    expect(before.outbox.every((e) => e.status === 'pending')).toBe(true);
    expect(sent.events).toBe(21);
    expect(after.outbox.every((e) => e.status === 'done')).toBe(true);
    // 21 events in batches of 5: five bodies, every event in exactly one of them.
    const posted = bodies.flatMap((b) => (JSON.parse(b) as { events: { id: string }[] }).events.map((e) => e.id));
    expect(bodies).toHaveLength(5);
    expect(posted.sort()).toEqual(before.outbox.map((e) => e.id).sort());
  }, 60_000);

  it('reads every record and posts each one once, in bodies of the size asked', async () => {
    const bodies: string[] = [];
    const clients = Array.from({ length: 23 }, (_, i) => ({ id: `c${i}`, name: `Client ${i}` }));
    const appointments = Array.from({ length: 9 }, (_, i) => ({ id: `a${i}`, clientId: `c${i}` }));
    await withBarePage(
      browser,
      async (page, sinkUrl) => {
        await page.evaluate((r) => window.__floor!.load('t-sync', r), { clients, appointments });
        await page.evaluate((sink) => window.__floor!.sync('t-sync', sink, 10, 3), sinkUrl);
      },
      (body) => bodies.push(body),
    );
    const got = bodies.map((b) => JSON.parse(b) as { entity: string; items: { id: string }[] });
    expect(got.every((b) => b.items.length <= 10)).toBe(true);
    expect(got.filter((b) => b.entity === 'clients').flatMap((b) => b.items.map((i) => i.id)).sort()).toEqual(clients.map((c) => c.id).sort());
    expect(got.filter((b) => b.entity === 'appointments').flatMap((b) => b.items.map((i) => i.id)).sort()).toEqual(appointments.map((a) => a.id).sort());
  }, 60_000);
});
