import * as v from 'valibot';

/**
 * Where a validation issue is, as a dotted path (`batches.1.items`), or `fallback` when it is about
 * the value as a whole. Messages built on this name the field a person has to fix.
 */
export function issuePath(issue: v.BaseIssue<unknown>, fallback = '(root)'): string {
  return v.getDotPath(issue) ?? fallback;
}

/** Every issue as `path: message`, in the order the schema found them. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], fallback = '(root)'): string[] {
  return issues.map((i) => `${issuePath(i, fallback)}: ${i.message}`);
}

/** Schema helpers the contract repeats. */
export const nonEmptyString = () => v.pipe(v.string(), v.minLength(1));
export const integer = () => v.pipe(v.number(), v.integer());
export const nonNegativeInteger = () => v.pipe(v.number(), v.integer(), v.minValue(0));
