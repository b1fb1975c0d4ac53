// The channel names alone, without their schemas, so that the preload script
// can build its allow-list without bundling zod. contract.ts proves at compile
// time that this list and the contract's keys are the same set.
export const channelNames = [
  'vault.status',
  'vault.create',
  'vault.unlock',
  'vault.lock',
  'vault.changePassword',
  'vault.rotateKey',
  'vault.destroy',
  'contacts.create',
  'contacts.get',
  'contacts.list',
] as const;

export type ChannelName = (typeof channelNames)[number];

export const eventNameList = ['vault.didLock', 'vault.didUnlock'] as const;

/** Electron IPC channel for a contract channel. */
export const ipcChannel = (channel: ChannelName): `fv:${ChannelName}` => `fv:${channel}`;
