// A rejected row's problems as its report lists them: one entry per field and
// kind, and at most maxRejectionReasons reasons in each (the report's schema).
import type { Reason } from '../../../src-shared/ipc/reasons';
import { maxRejectionReasons, type Rejection } from '../../../src-shared/transfer/import';

/** The English words of the last reason of a cut list. */
function moreText(count: number): string {
  return count === 1 ? '1 more problem not listed' : `${count} more problems not listed`;
}

/**
 * The rejection with at most maxRejectionReasons reasons and as many messages: past that, the first ones
 * and one saying how many more there were. A vCard card with a photo left unfolded has one syntax problem
 * per line (thousands): listed whole, its rejection broke the report's check and the import's status failed.
 */
export function cappedReasons(rejection: Rejection): Rejection {
  const messages = rejection.message.split('; ');
  if (rejection.reasons.length <= maxRejectionReasons && messages.length <= maxRejectionReasons) return rejection;
  const kept = maxRejectionReasons - 1;
  const reasons: Reason[] =
    rejection.reasons.length <= maxRejectionReasons
      ? rejection.reasons
      : [...rejection.reasons.slice(0, kept), { code: 'more_reasons', count: rejection.reasons.length - kept }];
  const message = messages.length <= maxRejectionReasons ? rejection.message : [...messages.slice(0, kept), moreText(messages.length - kept)].join('; ');
  return { ...rejection, message, reasons };
}

/**
 * A row's problems with one reason per field and kind: a card with two syntax
 * errors, or a field broken two ways, has its messages joined (a message
 * already there is not repeated). The report keeps one entry per (row, field,
 * code) (import_rejections' key), so a dry run and the real run show the same
 * reasons.
 */
export function oneReasonPerKey(problems: readonly Rejection[]): Rejection[] {
  const merged = new Map<string, { first: Rejection; messages: string[]; seen: Set<string>; reasons: Reason[] }>();
  for (const problem of problems) {
    const key = `${problem.field}\u0000${problem.code}`;
    const earlier = merged.get(key);
    if (earlier === undefined) {
      merged.set(key, { first: problem, messages: [problem.message], seen: new Set(problem.message.split('; ')), reasons: [...problem.reasons] });
    } else if (!earlier.seen.has(problem.message)) {
      earlier.seen.add(problem.message);
      earlier.messages.push(problem.message);
      earlier.reasons.push(...problem.reasons);
    }
  }
  return [...merged.values()].map(({ first, messages, reasons }) => cappedReasons({ ...first, message: messages.join('; '), reasons }));
}
