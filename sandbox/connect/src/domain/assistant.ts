import type { AppointmentData, ClientData } from '@mango/connect-shared/types';

export interface AssistantData {
  clients: readonly ClientData[];
  appointments: readonly AppointmentData[];
}

export const ASSISTANT_HELP =
  'I can answer: "How many clients?", "How many appointments today?" or "…tomorrow?", ' +
  '"Appointments today" (or tomorrow), "Cancelled appointments", and "Who is <client name>?".';

/** Calendar day in the server's local time zone, as YYYY-MM-DD. */
function dayKey(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function addDays(d: Date, days: number): Date {
  const c = new Date(d);
  c.setDate(c.getDate() + days);
  return c;
}

function timeOf(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function appointmentsOn(data: AssistantData, day: Date): AppointmentData[] {
  const key = dayKey(day);
  return data.appointments
    .filter((a) => a.status !== 'cancelled' && !Number.isNaN(Date.parse(a.scheduledAt)))
    .filter((a) => dayKey(new Date(a.scheduledAt)) === key)
    .sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt));
}

/**
 * A deterministic stand-in for Connect's AI: pattern-matched questions answered from the
 * tenant's synced data, so demos and tests get stable, checkable answers.
 */
export function answerQuestion(question: string, data: AssistantData, now: Date = new Date()): string {
  const q = question.trim().toLowerCase().replace(/[?!.]+$/, '');
  const dayWord = /\btomorrow\b/.test(q) ? 'tomorrow' : /\btoday\b/.test(q) ? 'today' : null;

  const who = /^(?:who is|who's|tell me about)\s+(.+?)[?!.]*$/i.exec(question.trim());
  if (who) {
    const asked = who[1]!.trim();
    const name = asked.toLowerCase();
    const client = data.clients.find((c) => c.name.toLowerCase() === name) ?? data.clients.find((c) => c.name.toLowerCase().includes(name));
    if (!client) return `I don't know a client called "${asked}".`;
    const upcoming = data.appointments
      .filter((a) => a.clientId === client.id && a.status !== 'cancelled' && Date.parse(a.scheduledAt) >= now.getTime())
      .sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt))[0];
    const contact = [client.email, client.phone].filter(Boolean).join(', ') || 'no contact details';
    const next = upcoming ? ` Next appointment: ${upcoming.serviceName} on ${dayKey(new Date(upcoming.scheduledAt))} at ${timeOf(upcoming.scheduledAt)}.` : ' No upcoming appointments.';
    const notes = client.notes ? ` Notes: ${client.notes}` : '';
    return `${client.name} is a client (${contact}).${next}${notes}`;
  }

  if (/\bhow many\b/.test(q) && /\bclients?\b/.test(q)) {
    return `You have ${plural(data.clients.length, 'client', 'clients')}.`;
  }

  if (/\bcancel(l)?ed\b/.test(q)) {
    const n = data.appointments.filter((a) => a.status === 'cancelled').length;
    return `There ${n === 1 ? 'is' : 'are'} ${plural(n, 'cancelled appointment', 'cancelled appointments')}.`;
  }

  if (/\bappointments?\b/.test(q) && dayWord) {
    const list = appointmentsOn(data, dayWord === 'tomorrow' ? addDays(now, 1) : now);
    const head = `You have ${plural(list.length, 'appointment', 'appointments')} ${dayWord}`;
    if (/\bhow many\b/.test(q) || list.length === 0) return `${head}.`;
    return `${head}: ${list.map((a) => `${timeOf(a.scheduledAt)} ${a.serviceName} for ${a.clientName} with ${a.staffName}`).join('; ')}.`;
  }

  if (/\bhow many\b/.test(q) && /\bappointments?\b/.test(q)) {
    const n = data.appointments.filter((a) => a.status !== 'cancelled').length;
    return `You have ${plural(n, 'active appointment', 'active appointments')} in total.`;
  }

  return ASSISTANT_HELP;
}
