/**
 * The services and staff names a salon offers: what the booking form suggests and what the demo
 * stores are seeded with. Suggestions only: a booking may name any service or staff member.
 */
export const SERVICE_SUGGESTIONS: readonly { name: string; duration: number }[] = [
  { name: 'Haircut', duration: 45 },
  { name: 'Blow-dry', duration: 30 },
  { name: 'Colour', duration: 90 },
  { name: 'Highlights', duration: 120 },
  { name: 'Beard trim', duration: 20 },
  { name: 'Manicure', duration: 45 },
  { name: 'Pedicure', duration: 60 },
  { name: 'Facial', duration: 60 },
  { name: 'Massage', duration: 60 },
  { name: 'Brow shaping', duration: 20 },
];

export const STAFF_SUGGESTIONS: readonly string[] = ['Sam Staff', 'Maya Manager', 'Lucía Ramos', 'Devon Price', 'Ngozi Eze', 'Theo Brandt'];
