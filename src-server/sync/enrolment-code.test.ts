// The codes the server makes, and what a device can tell a typed code lacks
// without asking the server (src-shared/sync/enrolment-code.ts).
import { describe, expect, it } from 'vitest';
import { enrolmentCodeProblem, normaliseEnrolmentCode } from '../../src-shared/sync/enrolment-code';
import { newEnrolmentCode } from './devices';

describe('enrolment code form', () => {
  it('takes every code the server makes, however it is typed', () => {
    for (let round = 0; round < 200; round += 1) {
      const code = newEnrolmentCode();
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      for (const typed of [code, code.toLowerCase(), code.replaceAll('-', ' '), ` ${code.replaceAll('-', '')} `]) {
        expect(enrolmentCodeProblem(typed), typed).toBeNull();
        expect(normaliseEnrolmentCode(typed)).toBe(code.replaceAll('-', ''));
      }
    }
  });

  it('names a code too short or too long, and one with a character no code has', () => {
    expect(enrolmentCodeProblem('z7x2 ymje')).toBe('too_short');
    expect(enrolmentCodeProblem('7K3M-Q9XD-2HBW-R4T')).toBe('too_short');
    expect(enrolmentCodeProblem('7K3M-Q9XD-2HBW-R4TE-7')).toBe('too_long');
    // I, L, O and U are left out of the alphabet; so is anything but letters and digits.
    for (const code of ['7K3M-Q9XD-2HBW-R4TI', '7K3M-Q9XD-2HBW-R4TL', '7K3M-Q9XD-2HBW-R4TO', '7K3M-Q9XD-2HBW-R4TU', '7K3M_Q9XD_2HBW_R4TE', '7K3M-Q9XD-2HBW-R4TÉ']) {
      expect(enrolmentCodeProblem(code), code).toBe('characters');
    }
    expect(enrolmentCodeProblem('7K3M-Q9XD-2HBW-R4TE')).toBeNull();
  });
});
