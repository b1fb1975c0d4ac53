// The icon and colour of an activity kind (call, meeting, email, note).
import type { ActivityKind } from '../../../src-shared/domain/activity';
import { Icon, type IconName } from '../../ui/icons';

const icons: Record<ActivityKind, IconName> = { call: 'call', meeting: 'meeting', email: 'email', note: 'note' };

export function ActivityKindIcon({ kind }: { readonly kind: ActivityKind }) {
  return (
    <span className={`kind-icon kind-icon--${kind}`} aria-hidden="true">
      <Icon name={icons[kind]} size={15} />
    </span>
  );
}
