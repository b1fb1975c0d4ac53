// IPC handlers for the pipeline board, its configuration and the forecast,
// and for saved views.
import type { Handlers } from '../../ipc/registry';
import type { Vault } from '../../vault/vault';
import { forecast, getPipeline, updatePipeline } from './pipeline.service';
import { deleteView, listViews, saveView, setDefaultView } from './saved-view.service';

type Channel = 'pipeline.get' | 'pipeline.update' | 'pipeline.forecast' | 'views.list' | 'views.save' | 'views.delete' | 'views.setDefault';

export function pipelineHandlers(vault: Vault, now: () => number = Date.now): Pick<Handlers, Channel> {
  return {
    'pipeline.get': ({ ownerId }) => vault.connection().read((tx) => getPipeline(tx, ownerId)),
    'pipeline.update': (update) => vault.connection().write((tx) => updatePipeline(tx, update, now())),
    'pipeline.forecast': (query) => vault.connection().read((tx) => forecast(tx, query)),
    'views.list': ({ entity }) => vault.connection().read((tx) => listViews(tx, entity)),
    'views.save': (view) => vault.connection().write((tx) => saveView(tx, view, now())),
    'views.delete': ({ id }) => vault.connection().write((tx) => deleteView(tx, id, now())),
    'views.setDefault': (input) => vault.connection().write((tx) => setDefaultView(tx, input, now())),
  };
}
