// The one declaration of the IPC surface: channel → { input, output, permission }.
// The preload allow-list, the renderer client and the handler registry are all
// derived from it; a channel without a handler does not compile.
import { z } from 'zod';
import { Contact, ContactDraft, ContactPage, ContactQuery } from '../domain/contact';
import { ContactId } from '../domain/ids';
import type { Permission } from '../rbac/permissions';
import type { ChannelName, eventNameList } from './channels';
import type { EventName } from './events';

export interface ChannelSpec {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
  readonly permission: Permission;
}

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

/** A password typed by the user. It travels renderer → main only, never back. */
const Password = z.string().min(1, 'Enter your password').max(1024, 'Password is too long');
const NewPassword = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(1024, 'Password is too long');

export const VaultStatus = z.object({
  state: z.enum(['none', 'locked', 'unlocked']),
  failedAttempts: z.number().int().nonnegative(),
  maxFailedAttempts: z.number().int().positive(),
  retryAfterMs: z.number().int().nonnegative(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

export const contract = {
  'vault.status': { input: Empty, output: VaultStatus, permission: 'public' },
  'vault.create': { input: z.object({ password: NewPassword }).strict(), output: VaultStatus, permission: 'public' },
  'vault.unlock': { input: z.object({ password: Password }).strict(), output: VaultStatus, permission: 'public' },
  'vault.lock': { input: Empty, output: VaultStatus, permission: 'session' },
  'vault.changePassword': {
    input: z.object({ current: Password, next: NewPassword }).strict(),
    output: Ok,
    permission: 'vault:admin',
  },
  'vault.rotateKey': { input: Empty, output: Ok, permission: 'vault:admin' },
  'vault.destroy': { input: z.object({ password: Password }).strict(), output: VaultStatus, permission: 'vault:admin' },
  'contacts.create': { input: ContactDraft, output: Contact, permission: 'contacts:write' },
  'contacts.get': { input: z.object({ id: ContactId }).strict(), output: Contact, permission: 'contacts:read' },
  'contacts.list': { input: ContactQuery, output: ContactPage, permission: 'contacts:read' },
} as const satisfies Record<ChannelName, ChannelSpec>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

// Compile-time proof that channels.ts lists exactly the contract's channels and events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelListMatches: Same<Channel, ChannelName> = true;
const eventListMatches: Same<EventName, (typeof eventNameList)[number]> = true;
void channelListMatches;
void eventListMatches;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}
