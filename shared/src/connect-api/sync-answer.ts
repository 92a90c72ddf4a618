import type { SyncBatchOutcome, SyncCounts, SyncRequest } from '../types/connect-api.js';

const COUNT_KEYS = ['received', 'created', 'updated', 'unchanged'] as const satisfies readonly (keyof SyncCounts)[];

/** A reason longer than this is cut: it ends up in logs and on the settings page. */
const MAX_REASON_CHARS = 300;

const NO_REASON = 'Mango Connect reported this item as not synced and gave no reason';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/**
 * What a 2xx answer to one sync batch tells Biz, read as a tolerant reader. The batch was sent and
 * accepted whatever the body is: `answer` is the parsed JSON, or undefined when the body was empty,
 * not JSON or not read. From it Biz takes only what it recognises:
 * - counts (`received`, `created`, `updated`, `unchanged`) that are whole numbers;
 * - per-item results `results: [{ id, ok, error? }]`: items of this batch with `ok: false` are failed.
 * Everything else (`{ ok: true }`, extra fields, entries for ids not in the batch) is ignored.
 */
export function readSyncAnswer(request: Pick<SyncRequest, 'batchId' | 'entity' | 'items'>, answer: unknown): SyncBatchOutcome {
  const outcome: SyncBatchOutcome = { batchId: request.batchId, entity: request.entity, sent: request.items.length, failedItems: [] };
  if (!isRecord(answer)) return outcome;

  const counts: SyncCounts = {};
  for (const key of COUNT_KEYS) {
    const value = answer[key];
    if (isCount(value)) counts[key] = value;
  }
  if (Object.keys(counts).length > 0) outcome.counts = counts;

  if (Array.isArray(answer.results)) {
    const sentIds = new Set<string>(request.items.map((item) => item.id));
    const failed = new Map<string, string>();
    for (const result of answer.results) {
      if (!isRecord(result) || result.ok !== false || typeof result.id !== 'string') continue;
      if (!sentIds.has(result.id) || failed.has(result.id)) continue;
      failed.set(result.id, reasonOf(result.error));
    }
    outcome.failedItems = [...failed].map(([id, message]) => ({ id, message }));
  }
  return outcome;
}

/** `error` as our proposed shape has it (a string), or as many APIs send it (`{ message }`). */
function reasonOf(error: unknown): string {
  const text = typeof error === 'string' ? error : isRecord(error) && typeof error.message === 'string' ? error.message : '';
  const trimmed = text.trim();
  if (trimmed === '') return NO_REASON;
  return trimmed.length > MAX_REASON_CHARS ? `${trimmed.slice(0, MAX_REASON_CHARS)}…` : trimmed;
}
