import { AppointmentFieldsSchema, LIMITS } from '@mango/connect-shared';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { combineLocal, dayBounds, shiftDay } from './dates';
import { validateAppointment } from './validation';

const ok = { clientId: 'c1', serviceName: 'Haircut', staffName: 'Sam Staff', date: '2026-12-01', time: '10:30', duration: '45' };

describe('appointment form validation', () => {
  it('turns a local date and time into an instant', () => {
    const { value } = validateAppointment(ok);
    expect(new Date(value!.scheduledAt).getHours()).toBe(10);
    expect(value!.duration).toBe(45);
  });
  it('says which fields are missing or wrong', () => {
    const { errors, value } = validateAppointment({ ...ok, clientId: '', serviceName: ' ', time: '', duration: '0' });
    expect(value).toBeNull();
    expect(errors).toMatchObject({ clientId: 'Choose a client.', serviceName: 'Service is required.', time: expect.stringMatching(/time/), duration: expect.stringMatching(/between 5 and 600/) });
  });
  it('refuses a date that does not exist', () => {
    expect(validateAppointment({ ...ok, date: '2026-02-30' }).errors.date).toMatch(/real date/);
  });
  it('accepts exactly what the server accepts, at and around every limit', () => {
    const cases = [
      ok,
      { ...ok, duration: String(LIMITS.durationMin) },
      { ...ok, duration: String(LIMITS.durationMin - 1) },
      { ...ok, duration: String(LIMITS.durationMax) },
      { ...ok, duration: String(LIMITS.durationMax + 1) },
      { ...ok, duration: '45.5' },
      { ...ok, serviceName: 's'.repeat(LIMITS.serviceName) },
      { ...ok, serviceName: 's'.repeat(LIMITS.serviceName + 1) },
      { ...ok, staffName: ` ${'s'.repeat(LIMITS.staffName)} ` },
      { ...ok, staffName: 's'.repeat(LIMITS.staffName + 1) },
    ];
    // The fields as the form would send them, whether or not it accepts them.
    const asSent = (f: typeof ok) => ({
      clientId: f.clientId,
      scheduledAt: combineLocal(f.date, f.time)!.toISOString(),
      duration: Number(f.duration),
      serviceName: f.serviceName.trim(),
      staffName: f.staffName.trim(),
    });
    for (const values of cases) {
      const formAccepts = validateAppointment(values).value !== null;
      const serverAccepts = v.safeParse(AppointmentFieldsSchema, asSent(values)).success;
      expect({ values, formAccepts }).toEqual({ values, formAccepts: serverAccepts });
    }
  });
});

describe('day navigation', () => {
  it('moves across month ends and covers exactly one local day', () => {
    expect(shiftDay('2026-11-30', 1)).toBe('2026-12-01');
    expect(shiftDay('2026-12-01', -1)).toBe('2026-11-30');
    const [from, to] = dayBounds('2026-12-01');
    expect(Date.parse(to) - Date.parse(from)).toBe(86_400_000);
  });
});
