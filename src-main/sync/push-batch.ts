// Cuts the outbox into push batches the server accepts: at most
// maxPushOperations operations and at most maxPushBytes of JSON body each,
// in seq order (the server's last-applied seq makes order matter). An
// operation that alone exceeds the byte limit travels alone: holding it back
// would block every later change behind it forever.
import { maxPushBytes, maxPushOperations, type Operation } from '../../src-shared/sync/protocol';

/** Bytes one operation adds to a push body (its JSON plus the separating comma). */
export function operationBytes(operation: Operation): number {
  return Buffer.byteLength(JSON.stringify(operation), 'utf8') + 1;
}

/** Room left for operations after the envelope ({"protocolVersion":…,"operations":[]}). */
const envelopeBytes = 256;

/** The bytes of a push body carrying operations (at most: the envelope is counted at its largest). */
export function batchBytes(operations: readonly Operation[]): number {
  return operations.reduce((bytes, operation) => bytes + operationBytes(operation), envelopeBytes);
}

/** The longest prefix of operations (seq order) that fits one push. Never empty unless the input is. */
export function firstBatch(
  operations: readonly Operation[],
  limits: { readonly maxOperations: number; readonly maxBytes: number } = { maxOperations: maxPushOperations, maxBytes: maxPushBytes },
): Operation[] {
  const batch: Operation[] = [];
  let bytes = envelopeBytes;
  for (const operation of operations) {
    if (batch.length >= limits.maxOperations) break;
    const size = operationBytes(operation);
    if (batch.length > 0 && bytes + size > limits.maxBytes) break;
    batch.push(operation);
    bytes += size;
  }
  return batch;
}
