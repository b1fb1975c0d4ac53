// The closed set of error codes that may cross a process boundary (errors.ts
// builds the AppError family on it; reasons.ts names them too).
import { z } from 'zod';

export const errorCodes = [
  'BAD_INPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'LOCKED',
  'NOT_PERMITTED',
  'NO_VAULT',
  'VAULT_EXISTS',
  'WRONG_PASSWORD',
  'THROTTLED',
  'VAULT_WIPED',
  'DEVICE_SECRET_MISSING',
  'KEYCHAIN_UNAVAILABLE',
  'VAULT_CORRUPT',
  'NOT_FOUND',
  'BUSY',
  'NOT_ENROLLED',
  'SYNC_UNAVAILABLE',
  'SYNC_FAILED',
  'DEVICE_REVOKED',
  'UPGRADE_REQUIRED',
  'CANCELLED',
  'INTERNAL',
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;
