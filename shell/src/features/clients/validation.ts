export interface ClientFormValues {
  name: string;
  email: string;
  phone: string;
  notes: string;
}

export type FieldErrors<T> = Partial<Record<keyof T, string>>;

// Deliberately simple: something@something.tld. Deliverability is the email provider's job.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^[+()\d\s.-]{5,25}$/;

/** What is wrong with the form, field by field, in words a receptionist understands. */
export function validateClient(v: ClientFormValues): FieldErrors<ClientFormValues> {
  const errors: FieldErrors<ClientFormValues> = {};
  if (!v.name.trim()) errors.name = 'Name is required.';
  else if (v.name.trim().length > 120) errors.name = 'Name must be at most 120 characters.';
  if (v.email.trim() && !EMAIL.test(v.email.trim())) errors.email = 'Enter a valid email address, like name@example.com.';
  if (v.phone.trim() && !PHONE.test(v.phone.trim())) errors.phone = 'Enter a valid phone number: digits, spaces and + ( ) - only.';
  if (v.notes.length > 2000) errors.notes = 'Notes must be at most 2000 characters.';
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
