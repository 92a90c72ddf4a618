import { z } from './zod.js';

/** Every integration kind Biz knows; Connect is one of them. */
export const INTEGRATION_TYPES = ['mango_connect', 'stripe', 'google_calendar', 'mailchimp', 'quickbooks'] as const;
export const IntegrationTypeSchema = z.enum(INTEGRATION_TYPES);
export type IntegrationType = z.infer<typeof IntegrationTypeSchema>;

export const ConnectFeaturesSchema = z.object({
  conversations: z.boolean(),
  aiAssistant: z.boolean(),
  campaigns: z.boolean(),
});
export type ConnectFeatures = z.infer<typeof ConnectFeaturesSchema>;

export const DEFAULT_CONNECT_FEATURES: ConnectFeatures = { conversations: true, aiAssistant: true, campaigns: true };

/** The Connect integration's config, exactly as the PRD names it. */
export const MangoConnectIntegrationSchema = z.object({
  enabled: z.boolean(),
  connectTenantId: z.string(),
  connectTenantSlug: z.string(),
  webhookUrl: z.string(),
  apiUrl: z.string(),
  sdkUrl: z.string(),
  features: ConnectFeaturesSchema,
  lastSyncAt: z.optional(z.string()),
  /** Reference to the WebhookSubscription created on enable. */
  webhookSubscriptionId: z.optional(z.string()),
});
export type MangoConnectIntegration = z.infer<typeof MangoConnectIntegrationSchema>;

/** A stored integration row (one per store and type). */
export interface Integration<TConfig = unknown> {
  id: string;
  storeId: string;
  type: IntegrationType;
  config: TConfig;
  createdAt: string;
  updatedAt: string;
}
export type ConnectIntegrationRecord = Integration<MangoConnectIntegration> & { type: 'mango_connect' };
