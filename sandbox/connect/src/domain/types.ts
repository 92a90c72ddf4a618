import type { AppointmentData, ClientData, ProvisionRequest } from '@mango/connect-shared/types';

export interface Message {
  id: string;
  clientId: string;
  /** inbound = from the client, outbound = a staff reply. */
  direction: 'inbound' | 'outbound';
  body: string;
  authorName: string;
  createdAt: string;
}

export const CAMPAIGN_AUDIENCES = ['all_clients', 'upcoming_appointments', 'no_upcoming_appointments'] as const;
export type CampaignAudience = (typeof CAMPAIGN_AUDIENCES)[number];

export interface Campaign {
  id: string;
  name: string;
  message: string;
  audience: CampaignAudience;
  recipientCount: number;
  status: 'draft';
  createdBy: string;
  createdAt: string;
}

export interface Tenant {
  connectTenantId: string;
  connectTenantSlug: string;
  provision: ProvisionRequest;
  createdAt: string;
  clients: Map<string, ClientData>;
  appointments: Map<string, AppointmentData>;
  messages: Map<string, Message[]>;
  campaigns: Campaign[];
}

export type UpsertResult = 'created' | 'updated' | 'unchanged';
