import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { CaseIntake, isSpecificSymptom } from '../../shared/schemas/cases.js';
import { parse } from '../../shared/validation.js';
import { consultationDateIssue } from '../../server/domain/consultationDate.js';
import { validIntake } from '../support/fixtures.js';

function refusal(input: unknown): AppError {
  try {
    parse(CaseIntake, input, 'second-level request');
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('second-level request (§7)', () => {
  it('accepts a complete request and defaults urgency to false', () => {
    const { urgent: _urgent, ...rest } = validIntake();
    expect(parse(CaseIntake, rest).urgent).toBe(false);
  });

  it('accepts a request without any optional field', () => {
    const { reachableHours: _a, pcSpec: _b, siteCredentials: _c, ...required } = validIntake();
    expect(() => parse(CaseIntake, required)).not.toThrow();
  });

  it.each(['firstConsultationDate', 'requestingAgent', 'customerName', 'contactNumber', 'siteUrl', 'symptoms', 'reproducesOnCallCenterPc', 'firstLevelChecks', 'handOverConsent'])(
    'refuses a request without %s, naming the field',
    (field) => {
      const input: Record<string, unknown> = { ...validIntake() };
      delete input[field];
      const error = refusal(input);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.fields?.[field]?.code).toBe('REQUIRED');
    },
  );

  it.each([
    ['contactNumber', '12-34', 'INVALID'],
    ['contactNumber', '010-1234-5678-9999-1234', 'INVALID'],
    ['siteUrl', 'ftp://files.example/video', 'INVALID'],
    ['siteUrl', 'not a url', 'INVALID'],
    ['firstConsultationDate', '2026-13-45', 'INVALID'],
    ['customerName', '   ', 'REQUIRED'],
    ['customerName', '', 'REQUIRED'],
  ])('refuses an implausible %s (%s)', (field, value, code) => {
    expect(refusal({ ...validIntake(), [field]: value }).fields?.[field]?.code).toBe(code);
  });

  it('refuses an implausible PC specification', () => {
    expect(refusal({ ...validIntake(), pcSpec: { ramGb: 100000 } }).fields?.['pcSpec.ramGb']?.code).toBe('TOO_LONG');
  });

  it('refuses symptoms too vague to act on', () => {
    for (const vague of ['영상이 안 나와요', "video doesn't play at all", 'error error error error error error', '동영상 재생 시 화면이 멈춤']) {
      const error = refusal({ ...validIntake(), symptoms: vague });
      expect(error.fields?.['symptoms']?.code).toBe('TOO_VAGUE');
    }
    expect(isSpecificSymptom('강의 영상 재생 시 10초마다 끊기고 화면이 검게 멈춤')).toBe(true);
    expect(isSpecificSymptom('Lecture video stops every 10 seconds in Chrome')).toBe(true);
  });

  it('refuses a common symptom of the site’s own video and says why (§7.8)', () => {
    const error = refusal({ ...validIntake(), reproducesOnCallCenterPc: true });
    expect(error.code).toBe('CASE_NOT_SECOND_LEVEL');
    expect(error.message).toMatch(/call-center PC.*not sent to the second level \(procedure §7\.8\)/);
    expect(error.fields?.['reproducesOnCallCenterPc']?.code).toBe('NOT_SECOND_LEVEL');
  });

  it('refuses a hand-over without the user’s consent (§1.4)', () => {
    const error = refusal({ ...validIntake(), handOverConsent: false });
    expect(error.fields?.['handOverConsent']).toMatchObject({ code: 'CONSENT_REQUIRED' });
  });

  it('requires a result for every first-level check that was done', () => {
    const checks = { ...validIntake().firstLevelChecks, malwareScan: { done: true } };
    expect(refusal({ ...validIntake(), firstLevelChecks: checks }).fields?.['firstLevelChecks.malwareScan.result']?.code).toBe('RESULT_REQUIRED');
    const notDone = { ...validIntake().firstLevelChecks, malwareScan: { done: false } };
    expect(() => parse(CaseIntake, { ...validIntake(), firstLevelChecks: notDone })).not.toThrow();
  });

  it('refuses unknown fields rather than silently dropping them', () => {
    expect(refusal({ ...validIntake(), priority: 'high' }).fields?.['_']?.code).toBe('UNKNOWN_FIELD');
  });

  it('never copies a refused value into the error', () => {
    const error = refusal({ ...validIntake(), siteCredentials: { userId: 'u', password: 12345 } });
    expect(JSON.stringify(error.toBody())).not.toContain('12345');
  });
});

describe('first-level consultation date plausibility', () => {
  const now = Date.parse('2026-11-25T15:30:00Z'); // 00:30 on Nov 26 in Seoul
  it('accepts today in the HelpDesk time zone, even when UTC is still on the day before', () => {
    expect(consultationDateIssue('2026-11-26', now, 'Asia/Seoul')).toBeNull();
  });
  it('refuses a future date and an implausibly old one', () => {
    expect(consultationDateIssue('2026-11-27', now, 'Asia/Seoul')?.code).toBe('FUTURE_DATE');
    expect(consultationDateIssue('2025-11-01', now, 'Asia/Seoul')?.code).toBe('TOO_OLD');
  });
});
