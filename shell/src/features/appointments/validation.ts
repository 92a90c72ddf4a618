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

export interface ValidAppointment {
  clientId: string;
  serviceName: string;
  staffName: string;
  scheduledAt: string;
  duration: number;
}

export function validateAppointment(v: AppointmentFormValues): { errors: AppointmentErrors; value: ValidAppointment | null } {
  const errors: AppointmentErrors = {};
  if (!v.clientId) errors.clientId = 'Choose a client.';
  if (!v.serviceName.trim()) errors.serviceName = 'Service is required.';
  if (!v.staffName.trim()) errors.staffName = 'Staff is required.';
  const when = combineLocal(v.date, v.time);
  if (!v.date) errors.date = 'Date is required.';
  else if (!when && !/^\d{2}:\d{2}$/.test(v.time)) errors.time = 'Enter a time like 14:30.';
  else if (!when) errors.date = 'Enter a real date.';
  const minutes = Number(v.duration);
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 600) errors.duration = 'Duration must be a whole number of minutes between 5 and 600.';
  if (Object.keys(errors).length > 0 || !when) return { errors, value: null };
  return { errors, value: { clientId: v.clientId, serviceName: v.serviceName.trim(), staffName: v.staffName.trim(), scheduledAt: when.toISOString(), duration: minutes } };
}
