import { LIMITS, type AppointmentFields } from '@mango/connect-shared';
import { combineLocal } from './dates';

export interface AppointmentFormValues {
  clientId: string;
  serviceName: string;
  staffName: string;
  date: string;
  time: string;
  duration: string;
}

export type AppointmentErrors = Partial<Record<keyof AppointmentFormValues, string>>;

export type ValidAppointment = AppointmentFields;

/**
 * What is wrong with the form, field by field; with no errors, the fields as the server takes them.
 * The limits are the server's (LIMITS of the shared wire schema), so what passes here passes there.
 */
export function validateAppointment(v: AppointmentFormValues): { errors: AppointmentErrors; value: ValidAppointment | null } {
  const errors: AppointmentErrors = {};
  if (!v.clientId) errors.clientId = 'Choose a client.';
  if (!v.serviceName.trim()) errors.serviceName = 'Service is required.';
  else if (v.serviceName.trim().length > LIMITS.serviceName) errors.serviceName = `Service must be at most ${LIMITS.serviceName} characters.`;
  if (!v.staffName.trim()) errors.staffName = 'Staff is required.';
  else if (v.staffName.trim().length > LIMITS.staffName) errors.staffName = `Staff must be at most ${LIMITS.staffName} characters.`;
  const when = combineLocal(v.date, v.time);
  if (!v.date) errors.date = 'Date is required.';
  else if (!when && !/^\d{2}:\d{2}$/.test(v.time)) errors.time = 'Enter a time like 14:30.';
  else if (!when) errors.date = 'Enter a real date.';
  const minutes = v.duration.trim() === '' ? Number.NaN : Number(v.duration);
  if (!Number.isInteger(minutes) || minutes < LIMITS.durationMin || minutes > LIMITS.durationMax) {
    errors.duration = `Duration must be a whole number of minutes between ${LIMITS.durationMin} and ${LIMITS.durationMax}.`;
  }
  if (Object.keys(errors).length > 0 || !when) return { errors, value: null };
  return { errors, value: { clientId: v.clientId, serviceName: v.serviceName.trim(), staffName: v.staffName.trim(), scheduledAt: when.toISOString(), duration: minutes } };
}
