import * as v from 'valibot';

/** Every integration kind Biz knows; Connect is one of them. */
export const INTEGRATION_TYPES = ['mango_connect', 'stripe', 'google_calendar', 'mailchimp', 'quickbooks'] as const;
export const IntegrationTypeSchema = v.picklist(INTEGRATION_TYPES);
export type IntegrationType = v.InferOutput<typeof IntegrationTypeSchema>;

export const ConnectFeaturesSchema = v.object({
  conversations: v.boolean(),
  aiAssistant: v.boolean(),
  campaigns: v.boolean(),
});
export type ConnectFeatures = v.InferOutput<typeof ConnectFeaturesSchema>;

export const DEFAULT_CONNECT_FEATURES: ConnectFeatures = { conversations: true, aiAssistant: true, campaigns: true };

/** The Connect integration's config, exactly as the PRD names it. */
export const MangoConnectIntegrationSchema = v.object({
  enabled: v.boolean(),
  connectTenantId: v.string(),
  connectTenantSlug: v.string(),
  webhookUrl: v.string(),
  apiUrl: v.string(),
  sdkUrl: v.string(),
  features: ConnectFeaturesSchema,
  lastSyncAt: v.optional(v.string()),
  /** Reference to the WebhookSubscription created on enable. */
  webhookSubscriptionId: v.optional(v.string()),
});
export type MangoConnectIntegration = v.InferOutput<typeof MangoConnectIntegrationSchema>;

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
