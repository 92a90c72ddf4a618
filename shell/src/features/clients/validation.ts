import { EMAIL_PATTERN, LIMITS, PHONE_PATTERN, type ClientFields } from '@mango/connect-shared';

export type ClientFormValues = ClientFields;

export type FieldErrors<T> = Partial<Record<keyof T, string>>;

/**
 * What is wrong with the form, field by field, in words a receptionist understands. The rules are
 * the server's (LIMITS and the patterns of the shared wire schema): a client the form accepts is
 * one the server accepts.
 */
export function validateClient(v: ClientFormValues): FieldErrors<ClientFormValues> {
  const errors: FieldErrors<ClientFormValues> = {};
  const name = v.name.trim();
  const email = v.email.trim();
  const phone = v.phone.trim();
  if (!name) errors.name = 'Name is required.';
  else if (name.length > LIMITS.clientName) errors.name = `Name must be at most ${LIMITS.clientName} characters.`;
  if (email.length > LIMITS.email) errors.email = `Email must be at most ${LIMITS.email} characters.`;
  else if (email && !EMAIL_PATTERN.test(email)) errors.email = 'Enter a valid email address, like name@example.com.';
  if (phone.length > LIMITS.phone) errors.phone = `Phone must be at most ${LIMITS.phone} characters.`;
  else if (phone && !PHONE_PATTERN.test(phone)) errors.phone = 'Enter a valid phone number: digits, spaces and + ( ) - only.';
  if (v.notes.trim().length > LIMITS.notes) errors.notes = `Notes must be at most ${LIMITS.notes} characters.`;
  return errors;
}

export function normaliseClient(v: ClientFormValues): ClientFormValues {
  return { name: v.name.trim(), email: v.email.trim(), phone: v.phone.trim(), notes: v.notes.trim() };
}

/** Case- and accent-insensitive match on name, email or phone. */
export function matchesClientSearch(c: { name: string; email: string; phone: string }, query: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const q = fold(query.trim());
  if (!q) return true;
  return fold(c.name).includes(q) || fold(c.email).includes(q) || c.phone.replace(/\s/g, '').includes(q.replace(/\s/g, ''));
}
