// "3 hours ago", with the exact date and time on hover and for assistive tech.
import { formatDateTime, formatRelative } from './format';

/** A time in the past (a record's last change): one stamped a little ahead (a colleague's clock running fast) reads "just now", not "in 4 minutes". */
export function RelativeTime({ ms }: { readonly ms: number }) {
  const now = Date.now();
  return (
    <time className="nowrap muted" dateTime={new Date(ms).toISOString()} title={formatDateTime(ms)}>
      {formatRelative(Math.min(ms, now), now)}
    </time>
  );
}
