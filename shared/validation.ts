import type { z } from 'zod';
import { AppError, FieldIssueCode } from './errors.js';
import type { FieldIssue, FieldIssues } from './errors.js';

/**
 * Turns zod issues into field-level problems. Shared by the server (error responses) and the
 * viewer (inline form errors), so both say the same thing about the same input.
 * The input value itself is never copied: it may be a password.
 */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldIssues {
  const fields: FieldIssues = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (fields[path]) continue; // the first problem of a field is the one worth telling
    fields[path] = toFieldIssue(issue);
  }
  return fields;
}

const EMPTY_MEANS_MISSING = new Set<z.core.$ZodIssue['code']>(['too_small', 'invalid_format', 'invalid_value']);

function toFieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  const custom = issue.code === 'custom' ? FieldIssueCode.safeParse(issue.params?.['code']) : undefined;
  if (custom?.success) return { code: custom.data, message: issue.message };
  // An empty (or, once trimmed, blank) text is missing, not "too short" or "not valid".
  if (issue.input === '' && EMPTY_MEANS_MISSING.has(issue.code)) return { code: 'REQUIRED', message: 'This field is required.' };
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { code: 'REQUIRED', message: 'This field is required.' }
        : { code: 'INVALID', message: issue.message };
    case 'too_small':
      return { code: 'TOO_SHORT', message: issue.message };
    case 'too_big':
      return { code: 'TOO_LONG', message: issue.message };
    case 'unrecognized_keys':
      return { code: 'UNKNOWN_FIELD', message: issue.message };
    default:
      return { code: 'INVALID', message: issue.message };
  }
}

/**
 * Parses untrusted input at a boundary. Every REST body, query and socket payload goes through
 * here; a failure is an `AppError` with field-level problems and no state has been touched.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  // reportInput lets us tell "missing" from "wrong type"; issuesToFields never copies the value.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const fields = issuesToFields(result.error.issues);
  const notSecondLevel = Object.values(fields).find((f) => f.code === 'NOT_SECOND_LEVEL');
  if (notSecondLevel) throw new AppError('CASE_NOT_SECOND_LEVEL', notSecondLevel.message, { fields });
  throw new AppError('VALIDATION_FAILED', `The ${what} is not valid: ${describe(fields)}`, { fields });
}

function describe(fields: FieldIssues): string {
  const paths = Object.keys(fields);
  const shown = paths.slice(0, 5).join(', ');
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}
