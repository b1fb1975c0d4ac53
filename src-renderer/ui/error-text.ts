// The sentence to show for a failed call: the main process's own message for
// a BridgeError (it is written for a person and never holds customer values),
// a connection explanation for a ConnectionError, a generic line otherwise.
import { BridgeError, ConnectionError, type ConnectionFailure } from '../api/errors';
import { t, type MessageKey } from '../app/i18n';

const connectionMessages: Record<ConnectionFailure, MessageKey> = {
  'no-token': 'connection.noToken',
  refused: 'connection.refused',
  unreachable: 'connection.unreachable',
  closed: 'connection.closed',
};

export function connectionText(failure: ConnectionFailure): string {
  return t(connectionMessages[failure]);
}

export function errorText(error: unknown): string {
  if (error instanceof BridgeError) return error.message;
  if (error instanceof ConnectionError) return connectionText(error.failure);
  return t('error.unexpected');
}
