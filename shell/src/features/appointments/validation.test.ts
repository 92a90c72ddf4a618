import { describe, expect, it } from 'vitest';
import { dayBounds, shiftDay } from './dates';
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
});

describe('day navigation', () => {
  it('moves across month ends and covers exactly one local day', () => {
    expect(shiftDay('2026-11-30', 1)).toBe('2026-12-01');
    expect(shiftDay('2026-12-01', -1)).toBe('2026-11-30');
    const [from, to] = dayBounds('2026-12-01');
    expect(Date.parse(to) - Date.parse(from)).toBe(86_400_000);
  });
});
