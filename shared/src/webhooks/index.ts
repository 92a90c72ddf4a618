export { createWebhookPayload, serializePayload } from './payload.js';
export {
  signWebhookPayload,
  signStandardWebhook,
  signedRequestHeaders,
  SIGNATURE_HEADER,
  WEBHOOK_ID_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  type SignedRequestArgs,
} from './sign.js';
export { verifyWebhook, type VerifyWebhookArgs } from './verify.js';
export { deliverWebhook, DEFAULT_DELIVERY_POLICY, type DeliveryPolicy, type DeliverWebhookArgs } from './deliver.js';
export { RETRY_SCHEDULE_MS, nextRetryDelayMs, isRetryableStatus, parseRetryAfter, type NextRetryOptions } from './retry.js';
