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
import { en } from '../app/locales/en';
import { reasonText } from './reason-text';

const connectionMessages = {
  'no-token': 'connection.noToken',
  refused: 'connection.refused',
  unreachable: 'connection.unreachable',
  closed: 'connection.closed',
} as const satisfies Record<ConnectionFailure, string>;

export function connectionText(failure: ConnectionFailure): string {
  return i18n.t(connectionMessages[failure]);
}

type TranslatedCode = keyof typeof en.errors.code;

/** Codes added to errors.ts later may not be translated yet: they keep the main process's text. */
function isTranslated(code: string): code is TranslatedCode {
  return Object.prototype.hasOwnProperty.call(en.errors.code, code);
}

function bridgeText(error: BridgeError): string {
  if (currentLocale() === 'en') return error.message;
  const worded = error.reason === undefined ? null : reasonText(error.reason);
  if (worded !== null) return worded;
  if (error.code === 'BAD_INPUT' || !isTranslated(error.code)) return error.message;
  if (error.code === 'THROTTLED') {
    return i18n.t('errors.code.THROTTLED', { seconds: Math.ceil((error.retryAfterMs ?? 0) / 1000) });
  }
  return i18n.t(`errors.code.${error.code}`);
}

export function errorText(error: unknown): string {
  if (error instanceof BridgeError) return bridgeText(error);
  if (error instanceof ConnectionError) return connectionText(error.failure);
  return i18n.t('errors.unexpected');
}
