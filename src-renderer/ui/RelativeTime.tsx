// "3 hours ago", with the exact date and time on hover and for assistive tech.
import { formatDateTime, formatRelative } from './format';

export function RelativeTime({ ms }: { readonly ms: number }) {
  return (
    <time className="nowrap muted" dateTime={new Date(ms).toISOString()} title={formatDateTime(ms)}>
      {formatRelative(ms)}
    </time>
  );
}
