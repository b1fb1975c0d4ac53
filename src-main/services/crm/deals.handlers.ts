// IPC handlers for deals: one transaction per call.
import type { Handlers } from '../../ipc/registry';
import type { Vault } from '../../vault/vault';
import { createDeal, deleteDeal, getDealDetail, countDeals, listDeals, moveDealStageAnswered, restoreDeal, deleteDeals, restoreDeals, undoDealMove, updateDeal, lostReasons, moveDealStages, undoDealMoves } from './deal.service';
import { cappedCount } from './list-query';
import { dealTable } from './deal.repo';
import { editRecords, revertRecords } from './bulk-edits';
import { lookAlikes } from './look-alikes';
import { tagsInUse } from './tags-in-use';

type Channel =
  | 'deals.create'
  | 'deals.get'
  | 'deals.list'
  | 'deals.count'
  | 'deals.update'
  | 'deals.delete'
  | 'deals.restore' | 'deals.deleteMany' | 'deals.restoreMany' | 'deals.editMany' | 'deals.revertMany' | 'deals.tagsInUse'
  | 'deals.moveStage'
  | 'deals.undoMove'
  | 'deals.moveStageMany'
  | 'deals.undoMoveMany'
  | 'deals.lostReasons'
  | 'deals.lookAlikes';

export function dealHandlers(vault: Vault, now: () => number = Date.now): Pick<Handlers, Channel> {
  return {
    'deals.create': (draft) => vault.connection().write((tx) => createDeal(tx, draft, now())),
    'deals.lookAlikes': (query) => vault.connection().read((tx) => lookAlikes(tx, 'deals', query)),
    'deals.get': ({ id }) => vault.connection().read((tx) => getDealDetail(tx, id)),
    'deals.list': (query) => vault.connection().read((tx) => listDeals(tx, query)),
    // Paging plays no part in a count: the limit only completes the list query's shape.
    'deals.count': (query) => vault.connection().readApart((tx) => cappedCount((upTo) => countDeals(tx, { ...query, limit: 1 }, upTo))),
    'deals.update': ({ id, patch }) => vault.connection().write((tx) => updateDeal(tx, id, patch, now())),
    'deals.delete': ({ id }) => vault.connection().write((tx) => deleteDeal(tx, id, now())),
    'deals.restore': ({ id }) => vault.connection().write((tx) => restoreDeal(tx, id, now())),
    'deals.deleteMany': ({ ids, skipGone }) => vault.connection().write((tx) => deleteDeals(tx, ids, now(), { skipGone })),
    'deals.restoreMany': ({ ids, skipGone }) => vault.connection().write((tx) => restoreDeals(tx, ids, now(), { skipGone })),
    'deals.editMany': ({ ids, change }) => vault.connection().write((tx) => editRecords(tx, dealTable, ids, change, now())),
    'deals.revertMany': ({ items }) => vault.connection().write((tx) => revertRecords(tx, dealTable, items, now())),
    'deals.tagsInUse': () => vault.connection().read((tx) => tagsInUse(tx, 'deals')),
    'deals.moveStage': (move) => vault.connection().write((tx) => moveDealStageAnswered(tx, move, now())),
    'deals.undoMove': (undo) => vault.connection().write((tx) => undoDealMove(tx, undo, now())),
    'deals.moveStageMany': (move) => vault.connection().write((tx) => moveDealStages(tx, move, now())),
    'deals.undoMoveMany': (undo) => vault.connection().write((tx) => undoDealMoves(tx, undo, now())),
    'deals.lostReasons': () => vault.connection().read((tx) => lostReasons(tx)),
  };
}
