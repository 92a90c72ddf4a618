// One device of the fault soak: a browser context signed in to its own API instance, making changes
// with the store-app's own forms, so each goes the real way: the form's checks, the device's
// IndexedDB and pending queue, POST /api/mutations, the outbox, the workers, Connect. It records
// what it made and every mutation the device pushed.
//
// The forms are filled and submitted by a script inside the page (`fillForm`), not step by step
// over the DevTools protocol: on this 2-core machine, with other work running, creating a client
// with Playwright's locator actions took 0.45–1 s (median 0.6 s), the same form filled inside the
// page 0.07–0.3 s (median 0.15 s): with two devices at work, about 7 minutes more for 2,000 changes.
// The script does what a person does — follows the app's links, types into its fields (as input
// events React sees), presses its buttons — and waits for the app's own screens, never a timer.
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { ChangeType, MadeChange, SentMutation } from './soak-report';

/** One change, as the person would make it in the store-app. */
export type FormChange =
  | { type: 'client.create'; name: string; email: string }
  | { type: 'client.update'; current: string; name: string }
  | { type: 'appointment.create'; day: string; client: string; service: string; staff: string; time: string; duration: number }
  | { type: 'appointment.update'; day: string; service: string; time: string }
  | { type: 'appointment.cancel'; day: string; service: string };

/**
 * Runs in the page: makes `change` through the app's screens and resolves with the time the form
 * closed (the change is then in the device's cache and queue). Throws a sentence naming the screen
 * that did not appear.
 */
export async function fillForm(change: FormChange): Promise<number> {
  const WAIT_MS = 20_000;
  const until = <T>(what: string, probe: () => T | null | undefined | false, waitMs = WAIT_MS): Promise<T> =>
    new Promise((resolve, reject) => {
      const first = probe();
      if (first) return resolve(first);
      const observer = new MutationObserver(() => {
        const found = probe();
        if (!found) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve(found);
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`soak device: ${what} did not happen within ${waitMs} ms (at ${location.pathname}${location.search})`));
      }, waitMs);
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  const text = (el: Element) => (el.textContent ?? '').trim();
  const heading = (name: string) => until(`the "${name}" screen`, () => [...document.querySelectorAll('h1')].some((h) => text(h) === name));
  const button = (name: string) => until(`a "${name}" button`, () => [...document.querySelectorAll('button')].find((b) => text(b) === name && !b.disabled));
  const field = <T extends HTMLElement>(id: string) => until(`the field #${id}`, () => document.getElementById(id) as T | null);
  // As typing does: React follows the input's value through the native setter and an input event.
  const type = async (id: string, value: string) => {
    const el = await field<HTMLInputElement | HTMLSelectElement>(id);
    const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  };
  const go = async (path: string, name: string) => {
    if (location.pathname !== path) (await until(`the ${name} link`, () => document.querySelector<HTMLAnchorElement>(`nav a[href="${path}"]`))).click();
    await heading(name);
  };
  const goDay = async (day: string) => {
    await go('/appointments', 'Appointments');
    // The day picker, as a person sets it. Right after the page appears a choice can land on the
    // page being replaced (it renders as a transition), so choose again until the URL follows.
    for (let tries = 1; new URLSearchParams(location.search).get('day') !== day; tries++) {
      const picker = await until('the day picker', () => document.querySelector<HTMLInputElement>('.day-picker input[type="date"]'));
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(picker, day);
      picker.dispatchEvent(new Event('input', { bubbles: true }));
      await until(`the day ${day}`, () => new URLSearchParams(location.search).get('day') === day, tries < 5 ? 1_000 : WAIT_MS).catch((err: unknown) => {
        if (tries >= 5) throw err;
      });
    }
  };
  const openLink = async (name: string, screen: string) => {
    (await until(`a link "${name}"`, () => [...document.querySelectorAll<HTMLAnchorElement>('main a')].find((a) => text(a) === name))).click();
    await heading(screen);
  };
  /** Submits with the form's button and waits until the app has left the form (back on its list). */
  const submit = async (name: string, fieldId: string) => {
    // Typed values are rendered before the button is pressed, as they are for a person.
    await new Promise((r) => setTimeout(r, 0));
    (await button(name)).click();
    await until(`the form closing after "${name}"`, () => !document.getElementById(fieldId));
    return Date.now();
  };

  switch (change.type) {
    case 'client.create':
      await go('/clients', 'Clients');
      (await button('New client')).click();
      await heading('New client');
      await type('client-name', change.name);
      await type('client-email', change.email);
      return submit('Save client', 'client-name');
    case 'client.update': {
      await go('/clients', 'Clients');
      const search = await until('the client search', () => document.querySelector<HTMLInputElement>('input[type="search"]'));
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(search, change.current);
      search.dispatchEvent(new Event('input', { bubbles: true }));
      await openLink(change.current, 'Edit client');
      await until('the client loaded', () => (document.getElementById('client-name') as HTMLInputElement | null)?.value === change.current);
      await type('client-name', change.name);
      return submit('Save client', 'client-name');
    }
    case 'appointment.create': {
      await goDay(change.day);
      (await button('New appointment')).click();
      await heading('New appointment');
      const select = await field<HTMLSelectElement>('appt-client');
      const option = await until(`the client "${change.client}"`, () => [...select.options].find((o) => text(o) === change.client));
      await type('appt-client', option.value);
      await type('appt-service', change.service);
      await type('appt-staff', change.staff);
      await type('appt-date', change.day);
      await type('appt-time', change.time);
      await type('appt-duration', String(change.duration));
      return submit('Book appointment', 'appt-service');
    }
    case 'appointment.update':
      await goDay(change.day);
      await openLink(change.service, 'Edit appointment');
      await type('appt-time', change.time);
      return submit('Save changes', 'appt-service');
    case 'appointment.cancel':
      await goDay(change.day);
      await openLink(change.service, 'Edit appointment');
      (await button('Cancel appointment')).click();
      return submit('Yes, cancel it', 'appt-service');
  }
}

interface SoakClient {
  key: string;
  name: string;
  email: string;
  renames: number;
}

interface SoakAppointment {
  key: string;
  service: string;
  time: string;
  cancelled: boolean;
}

/**
 * The changes of each run of ten, grouped so the device switches between the Clients and the
 * Appointments pages twice per run: every entity gets several events to keep in order, and
 * appointments are booked faster than they are cancelled, so there is always one to change.
 */
const RUN: readonly ChangeType[] = [
  'client.create',
  'client.update',
  'client.update',
  'client.update',
  'appointment.create',
  'appointment.update',
  'appointment.update',
  'appointment.create',
  'appointment.update',
  'appointment.cancel',
];

const pad = (n: number) => String(n).padStart(4, '0');
const pick = <T>(list: readonly T[], k: number): T => list[(k * 7919) % list.length]!;
const timeOf = (k: number) => `${String(8 + (k % 10)).padStart(2, '0')}:${String((k * 5) % 60).padStart(2, '0')}`;

export type SoakDevice = ReturnType<typeof createSoakDevice>;

/**
 * A device working in `page` of `context` (its own origin and storage). Its appointments are on
 * `day` (YYYY-MM-DD; the context's time zone is UTC, so the form's date and time are the instant).
 */
export function createSoakDevice(opts: { name: string; context: BrowserContext; page: Page; day: string; staffName: string }) {
  const { name, context, page, day, staffName } = opts;
  const made: MadeChange[] = [];
  const sent: SentMutation[] = [];
  const seen = new Set<string>();
  const clients: SoakClient[] = [];
  const appointments: SoakAppointment[] = [];
  let pushRequests = 0;
  /** How long each change took in the UI, from starting it to the form closing, by type. */
  const uiMs = new Map<ChangeType, number[]>();

  // Every push of this device: the first sighting of each mutation id is the order the device
  // queued them in (the pusher sends its queue in order, and again after a failure).
  context.on('request', (req) => {
    if (req.method() !== 'POST' || new URL(req.url()).pathname !== '/api/mutations') return;
    pushRequests += 1;
    const body = req.postDataJSON() as { mutations: Array<{ id: string; type: string; entityId: string; fields?: Record<string, unknown> }> };
    for (const m of body.mutations) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      sent.push({ device: name, id: m.id, type: m.type, entityId: m.entityId, ...(m.fields ? { fields: m.fields } : {}) });
    }
  });

  const live = () => appointments.filter((a) => !a.cancelled);

  /** The k-th change: the run's type, unless the entity it needs does not exist yet. */
  function typeOf(k: number): ChangeType {
    const type = RUN[k % RUN.length]!;
    if (clients.length === 0) return 'client.create';
    if (type.startsWith('appointment.') && type !== 'appointment.create' && live().length < 2) return 'appointment.create';
    return type;
  }

  /** The form change for the k-th change, what its mutation must carry, and the driver's state after it. */
  function plan(k: number): { form: FormChange; entity: string; expect: MadeChange['expect']; commit: () => void } {
    const type = typeOf(k);
    switch (type) {
      case 'client.create': {
        const n = pad(clients.length);
        const client: SoakClient = { key: `${name} client ${n}`, name: `Soak ${name} client ${n}`, email: `soak.${name.toLowerCase()}.${n}@example.com`, renames: 0 };
        return { form: { type, name: client.name, email: client.email }, entity: client.key, expect: { name: client.name, email: client.email }, commit: () => clients.push(client) };
      }
      case 'client.update': {
        const client = pick(clients, k);
        const next = `Soak ${name} client ${client.key.slice(-4)} v${client.renames + 1}`;
        return {
          form: { type, current: client.name, name: next },
          entity: client.key,
          expect: { name: next },
          commit: () => {
            client.name = next;
            client.renames += 1;
          },
        };
      }
      case 'appointment.create': {
        const client = pick(clients, k);
        const n = pad(appointments.length);
        const appt: SoakAppointment = { key: `${name} appointment ${n}`, service: `Soak ${name} service ${n}`, time: timeOf(k), cancelled: false };
        return {
          form: { type, day, client: `${client.name} — ${client.email}`, service: appt.service, staff: staffName, time: appt.time, duration: 30 + (k % 4) * 15 },
          entity: appt.key,
          expect: { serviceName: appt.service, staffName, scheduledAt: `${day}T${appt.time}:00.000Z` },
          commit: () => appointments.push(appt),
        };
      }
      case 'appointment.update': {
        const appt = pick(live(), k);
        const time = timeOf(k + 3) === appt.time ? timeOf(k + 4) : timeOf(k + 3);
        return { form: { type, day, service: appt.service, time }, entity: appt.key, expect: { serviceName: appt.service, scheduledAt: `${day}T${time}:00.000Z` }, commit: () => (appt.time = time) };
      }
      case 'appointment.cancel': {
        const appt = pick(live(), k);
        return { form: { type, day, service: appt.service }, entity: appt.key, expect: {}, commit: () => (appt.cancelled = true) };
      }
    }
  }

  return {
    name,
    page,
    made,
    sent,
    uiMs,
    pushRequests: () => pushRequests,
    /** Makes the device's next change with the app's forms and records it. */
    async change(): Promise<void> {
      const k = made.length;
      const step = plan(k);
      const began = Date.now();
      const at = await page.evaluate(fillForm, step.form);
      step.commit();
      made.push({ device: name, type: step.form.type, entity: step.entity, expect: step.expect, at });
      uiMs.set(step.form.type, [...(uiMs.get(step.form.type) ?? []), at - began]);
    },
    /** Reloads the page (cutting off a push in flight) and waits until the app is back. */
    async reload(): Promise<void> {
      await page.reload();
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 30_000 });
    },
    /** Resolves once nothing made on this device is waiting to be saved (the header says nothing). */
    async saved(timeoutMs: number): Promise<void> {
      await expect(page.locator('.save-status')).toHaveText('', { timeout: timeoutMs });
    },
  };
}
