ALTER TABLE "webhook_subscriptions" ADD COLUMN "circuit" text DEFAULT 'closed' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD COLUMN "probe_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD COLUMN "probe_interval_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "outbox_subscription_pending_idx" ON "outbox" USING btree ("subscription_id","next_attempt_at") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_done_idx" ON "outbox" USING btree ("done_at") WHERE "outbox"."status" = 'done';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_sent_idx" ON "webhook_deliveries" USING btree ("sent_at");