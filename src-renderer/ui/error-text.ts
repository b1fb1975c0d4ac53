// The sentence to show for a failed call. In English it is the main process's
// own message for a BridgeError (written for a person, never holding customer
// values, and often more precise, e.g. "3 attempts left"); in other languages
// it is the translated text for the error's code, because the main process
// speaks English only. An error that carries a reason (src-shared/ipc/reasons.ts)
// is worded from it instead, as precisely as the English. BAD_INPUT without a
// reason keeps the main process's message in every language: it names the
// field and the rule, which a code alone cannot.
import { BridgeError, ConnectionError, type ConnectionFailure } from '../api/errors';
import { currentLocale, i18n } from '../app/i18n';
import { errorCodeText, reasonText } from './reason-text';

const connectionMessages = {
  'no-token': 'connection.noToken',
  refused: 'connection.refused',
  unreachable: 'connection.unreachable',
  closed: 'connection.closed',
} as const satisfies Record<ConnectionFailure, string>;

export function connectionText(failure: ConnectionFailure): string {
  return i18n.t(connectionMessages[failure]);
}

function bridgeText(error: BridgeError): string {
  if (currentLocale() === 'en') return error.message;
  const worded = error.reason === undefined ? null : reasonText(error.reason);
  if (worded !== null) return worded;
  if (error.code === 'BAD_INPUT') return error.message;
  // A wrong password says how many attempts are left before the wipe, as the English does (settings' password forms).
  if (error.code === 'WRONG_PASSWORD' && error.attemptsLeft !== undefined) return i18n.t('errors.wrongPasswordAttempts', { count: error.attemptsLeft });
  if (error.code === 'THROTTLED') {
    return i18n.t('errors.code.THROTTLED', { seconds: Math.ceil((error.retryAfterMs ?? 0) / 1000) });
  }
  // Codes added to errors.ts later may not be translated yet: they keep the main process's text.
  return errorCodeText(error.code) ?? error.message;
}

export function errorText(error: unknown): string {
  if (error instanceof BridgeError) return bridgeText(error);
  if (error instanceof ConnectionError) return connectionText(error.failure);
  return i18n.t('errors.unexpected');
}
