// The form of a one-time enrolment code, shared by the server that makes
// codes and the device that types one in: 16 characters of Crockford's
// base32 alphabet without I, L, O and U (80 random bits), written in four
// groups of four (XXXX-XXXX-XXXX-XXXX). Case, spaces and dashes do not
// matter when a person types a code, so a device can tell a code that
// cannot be one (too short, too long, a character no code has) before it
// asks the server, which can only say "wrong, used or expired".

/** Crockford base32 without I, L, O, U: unambiguous when read aloud or typed. */
export const enrolmentCodeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters in a code, dashes and spaces aside. */
export const enrolmentCodeLength = 16;

/** The code as the server hashes it: upper case, without spaces and dashes. */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Why a typed code cannot be a code, or null when it may be one (only the server knows). */
export type EnrolmentCodeProblem = 'too_short' | 'too_long' | 'characters';

export function enrolmentCodeProblem(code: string): EnrolmentCodeProblem | null {
  const normalised = normaliseEnrolmentCode(code);
  if ([...normalised].some((character) => !enrolmentCodeAlphabet.includes(character))) return 'characters';
  if (normalised.length < enrolmentCodeLength) return 'too_short';
  return normalised.length > enrolmentCodeLength ? 'too_long' : null;
}
