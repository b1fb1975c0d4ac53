import { describe, expect, it } from 'vitest';
import { LockedError, NotPermittedError } from '../../../src-shared/ipc/errors';
import type { Permission } from '../../../src-shared/rbac/permissions';
import type { AccessPolicy } from '../../policy/access.policy';
import { readableEntities } from './search.handlers';

function policyGranting(granted: readonly Permission[]): AccessPolicy {
  return {
    authorize(permission) {
      if (!granted.includes(permission)) throw new NotPermittedError(permission);
    },
  };
}

describe('search permissions', () => {
  it('searches only the entities the policy lets the user read', () => {
    expect(readableEntities(policyGranting(['contacts:read', 'accounts:read', 'deals:read', 'activities:read', 'tasks:read']))).toEqual([
      'accounts',
      'contacts',
      'deals',
      'activities',
      'tasks',
    ]);
    expect(readableEntities(policyGranting(['contacts:read', 'tasks:read']))).toEqual(['contacts', 'tasks']);
    expect(readableEntities(policyGranting(['contacts:write']))).toEqual([]);
  });

  it('lets other refusals (a locked vault) through instead of treating them as "not readable"', () => {
    const locked: AccessPolicy = {
      authorize() {
        throw new LockedError();
      },
    };
    expect(() => readableEntities(locked)).toThrow(LockedError);
  });
});
