// IPC handlers for the appearance preferences kept between launches.
import type { Handlers } from '../../ipc/registry';
import type { PreferencesStore } from './preferences-store';

export function preferencesHandlers(store: PreferencesStore): Pick<Handlers, 'preferences.get' | 'preferences.set'> {
  return {
    'preferences.get': () => store.get(),
    'preferences.set': (patch) => store.set(patch),
  };
}
