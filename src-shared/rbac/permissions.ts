// Permission names shared by the main process and the server. A channel needs
// either no session ('public'), any unlocked session ('session'), or an
// `entity:action` permission. Until roles exist (later issue) the local vault
// owner holds every entity permission once the vault is unlocked.
import { z } from 'zod';

export const entities = ['contacts', 'accounts', 'deals', 'activities', 'tasks', 'vault'] as const;
export const actions = ['read', 'write', 'delete', 'export', 'reveal', 'admin'] as const;

export type Entity = (typeof entities)[number];
export type Action = (typeof actions)[number];
export type EntityPermission = `${Entity}:${Action}`;

/** What a channel requires before its handler runs. */
export type Permission = 'public' | 'session' | EntityPermission;

export const EntityPermissionSchema = z.custom<EntityPermission>(
  (value) =>
    typeof value === 'string' &&
    entities.some((entity) => actions.some((action) => value === `${entity}:${action}`)),
);
