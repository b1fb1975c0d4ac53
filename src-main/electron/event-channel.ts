// The one Electron IPC channel that carries push events main → renderer, as
// `(name, payload)`. Shared by ipc-binding.ts (sender) and preload-bridge.ts
// (receiver); the contract's channels use `fv:<channel>` (channels.ts).
export const eventIpcChannel = 'fv-event';
