import { describe, expect, it } from 'vitest';
import type { AppointmentData, ClientData } from '@mango/connect-shared/types';
import { answerQuestion, ASSISTANT_HELP } from './assistant.js';

const now = new Date(2030, 5, 10, 9, 0); // local time
const at = (dayOffset: number, hour: number) => new Date(2030, 5, 10 + dayOffset, hour, 30).toISOString();
const client = (id: string, name: string): ClientData => ({ id, name, email: `${id}@x.test`, phone: '555', notes: '', createdAt: now.toISOString(), updatedAt: now.toISOString() });
const appt = (id: string, c: ClientData, scheduledAt: string, status: AppointmentData['status'] = 'scheduled'): AppointmentData => ({
  id, clientId: c.id, clientName: c.name, clientEmail: c.email, clientPhone: c.phone, scheduledAt, duration: 30, serviceName: 'Haircut', staffName: 'Kim', status,
});

const ana = client('c1', 'Ana Lima');
const bo = client('c2', 'Bo Chen');
const data = {
  clients: [ana, bo],
  appointments: [appt('a1', ana, at(0, 10)), appt('a2', bo, at(1, 11)), appt('a3', bo, at(1, 14)), appt('a4', ana, at(1, 15), 'cancelled')],
};

describe('answerQuestion', () => {
  it('counts clients', () => {
    expect(answerQuestion('How many clients?', data, now)).toBe('You have 2 clients.');
  });

  it('counts tomorrow\'s appointments, leaving out cancelled ones', () => {
    expect(answerQuestion('how many appointments tomorrow?', data, now)).toBe('You have 2 appointments tomorrow.');
  });

  it('lists today\'s appointments with time, service, client and staff', () => {
    expect(answerQuestion('Appointments today', data, now)).toBe('You have 1 appointment today: 10:30 Haircut for Ana Lima with Kim.');
  });

  it('describes a client by name, with the next appointment', () => {
    const answer = answerQuestion('Who is bo chen?', data, now);
    expect(answer).toContain('Bo Chen is a client (c2@x.test, 555)');
    expect(answer).toContain('Next appointment: Haircut');
  });

  it('says so when a client is unknown', () => {
    expect(answerQuestion('who is Zed', data, now)).toBe('I don\'t know a client called "Zed".');
  });

  it('counts cancelled appointments', () => {
    expect(answerQuestion('Any cancelled appointments?', data, now)).toBe('There is 1 cancelled appointment.');
  });

  it('offers the questions it can answer when it does not understand', () => {
    expect(answerQuestion('What is the weather?', data, now)).toBe(ASSISTANT_HELP);
  });
});
