// The review of sync conflicts (sync.conflicts.list), opened from the sync
// dialog, or from a record's notice for that record's alone: each conflict
// with its choices (ConflictItem), a page at a time ("Show more"). A choice
// is sent with sync.conflicts.resolve; the item leaves the list, the focus
// moves to the next item's heading (or the page's, when none is left) and a
// screen reader hears how many are left (of the record's, when the page
// reviews one record's alone), counted in the vault once the choice is
// made, and said again after each choice even when the words are the same.
// With nothing left, the empty state alone says so on the page (no count of
// 0 above it), and the announcement alone to a screen reader. "Show more"
// that brings the last page gives its focus to the first conflict it added;
// one that fails says why beside it and keeps the conflicts shown.
// Discarding a record that is on this device only asks first. Above the
// review of every conflict, the records kept on this device only (UnsentRecords). The list is read again when a sync ends or the
// count of open conflicts changes (the status push main sends after every
// choice carries the new count), and when a sync applied changes (a pull that
// went through before its push was refused changes values under review and
// neither of those) or this window wrote a record elsewhere (an Undo, a Snooze). An older read answering after a newer one is dropped.
// Each item is busy on its own while its choice is sent: another item's
// answer does not free it. A read that takes away the conflict holding the
// focus (a sync settled it) gives the focus to the next item's heading (or
// the page's), as a choice does; a refusal said on an item goes when a read
// brings that conflict with other values (the refusal was about the old ones).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BridgeError } from '../../api/errors';
import type { ConflictView } from '../../../src-shared/sync/client-api';
import { useApi } from '../../app/api-context';
import { onRecordChanges } from '../../app/local-changes';
import { useNavigation, type EntityKind } from '../../app/router';
import { Dialog } from '../../ui/Dialog';
import { LiveRegion } from '../../ui/LiveRegion';
import { PageHeader } from '../../ui/PageHeader';
import { Empty, Failed, Loading } from '../../ui/States';
import { wordsText, type Words } from '../../ui/words';
import { stageLabel, useStages } from '../deals/stages';
import { useRecordName } from '../records/names';
import { useSync } from '../shell/sync-context';
import { kindOfEntity } from './conflict-fields';
import { useConflictRecords } from './conflict-records';
import { ConflictItem, type ItemProblem, type Keep } from './ConflictItem';
import { UnsentRecords } from './UnsentRecords';

const pageSize = 20;
/** The most a reload asks for at once (the channel's limit). */
const maxLimit = 200;

type Loaded = { readonly kind: 'loading' } | { readonly kind: 'failed'; readonly message: Words } | { readonly kind: 'loaded'; readonly items: readonly ConflictView[]; readonly next: number | null };

export interface ConflictsPageProps {
  /** Only this record's conflicts. */
  readonly record?: { readonly entity: EntityKind; readonly id: string };
}

export function ConflictsPage({ record }: ConflictsPageProps) {
  const { t } = useTranslation();
  const api = useApi();
  const { navigate } = useNavigation();
  const { openConflicts, lastSyncAt } = useSync().view;
  const { pipeline } = useStages();
  const [list, setList] = useState<Loaded>({ kind: 'loading' });
  /** The conflicts whose choice is being sent. */
  const [busy, setBusy] = useState<ReadonlySet<number>>(new Set());
  const [problems, setProblems] = useState<ReadonlyMap<number, ItemProblem>>(new Map());
  const [discarding, setDiscarding] = useState<ConflictView | null>(null);
  const [announcement, setAnnouncement] = useState({ text: '', serial: 0 });
  const [moreBusy, setMoreBusy] = useState(false);
  /** Why the last "Show more" failed, said beside it; the items shown stay. */
  const [moreFailure, setMoreFailure] = useState<Words | null>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const [version, setVersion] = useState(0);
  const headings = useRef(new Map<number, HTMLHeadingElement>());
  const pageHeading = useRef<HTMLDivElement>(null);
  /** Where the focus goes once the list has re-rendered: an item's id, 'page', or nothing. */
  const focusNext = useRef<number | 'page' | null>(null);
  const loadedCount = list.kind === 'loaded' ? list.items.length : 0;
  const shownCount = useRef(loadedCount);
  shownCount.current = loadedCount;
  const recordId = record?.id;
  const recordName = useRecordName(record?.entity ?? 'contact', recordId ?? null);

  const shownItems = useRef<readonly ConflictView[]>([]);
  shownItems.current = list.kind === 'loaded' ? list.items : [];

  const loads = useRef(0);
  const load = useCallback((): Promise<void> => {
    loads.current += 1;
    const mine = loads.current;
    const limit = Math.min(maxLimit, Math.max(pageSize, shownCount.current));
    return api.invoke('sync.conflicts.list', { limit, ...(recordId === undefined ? {} : { recordId }) }).then(
      ({ items, next }) => {
        if (mine !== loads.current) return;
        const before = shownItems.current;
        const read = new Map(items.map((item) => [item.id, JSON.stringify(item)]));
        // The item holding the focus, if this read takes it away: the focus goes to what follows it.
        const focused = before.find((item) => headings.current.get(item.id)?.closest('section')?.contains(document.activeElement) === true);
        if (focused !== undefined && !read.has(focused.id)) {
          const index = before.indexOf(focused);
          const neighbour = [...before.slice(index + 1), ...before.slice(0, index).reverse()].find((item) => read.has(item.id));
          focusNext.current = neighbour?.id ?? 'page';
        }
        const changed = new Set(before.filter((item) => read.get(item.id) !== JSON.stringify(item)).map((item) => item.id));
        if (changed.size > 0) setProblems((current) => new Map([...current].filter(([id]) => !changed.has(id))));
        setList({ kind: 'loaded', items, next });
      },
      (error: unknown) => {
        if (mine === loads.current) setList({ kind: 'failed', message: { error } });
      },
    );
  }, [api, recordId]);

  // Again whenever a sync ended or the count changed: conflicts came, went or changed values.
  useEffect(() => {
    void load();
    setVersion((current) => current + 1);
  }, [load, openConflicts, lastSyncAt]);
  // And when a sync applied changes, though it failed after (its push refused) and the count stayed; and when this
  // window wrote a record away from the review (an Undo, a reminder's Snooze: local-changes.ts), whose current value
  // the review shows and whose entry a choice would otherwise settle against the value before it.
  useEffect(
    () =>
      onRecordChanges(api, () => {
        void load();
        setVersion((current) => current + 1);
      }),
    [api, load],
  );

  // In the commit that takes the resolved conflict (and the button that had the focus) away, before paint:
  // a passive effect would run a task later, after a frame painted with the focus on the page's body.
  useLayoutEffect(() => {
    const target = focusNext.current;
    if (target === null) return;
    focusNext.current = null;
    if (target === 'page') pageHeading.current?.focus();
    else headings.current.get(target)?.focus();
  }, [list]);

  const items = useMemo(() => (list.kind === 'loaded' ? list.items : []), [list]);
  const wanted = useMemo(() => items.map((item) => ({ kind: kindOfEntity[item.entity], id: item.recordId })), [items]);
  const records = useConflictRecords(wanted, version);
  const stageOptions = useMemo(() => (pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: { text: stageLabel(stage) } })), [pipeline]);

  function settled(id: number) {
    setBusy((current) => new Set([...current].filter((other) => other !== id)));
  }

  function resolve(conflict: ConflictView, keep: Keep) {
    setBusy((current) => new Set(current).add(conflict.id));
    // The entry as shown: one a sync rewrote since is refused (conflict_changed), and read again to be shown as it is.
    const shown = { createdAt: conflict.createdAt, reason: conflict.reason, localAt: conflict.localAt, remoteAt: conflict.remoteAt };
    api.invoke('sync.conflicts.resolve', { id: conflict.id, keep, recordId: conflict.recordId, shown }).then(
      () => {
        settled(conflict.id);
        setProblems((current) => {
          const rest = new Map(current);
          rest.delete(conflict.id);
          return rest;
        });
        setList((current) => {
          if (current.kind !== 'loaded') return current;
          const index = current.items.findIndex((item) => item.id === conflict.id);
          const rest = current.items.filter((item) => item.id !== conflict.id);
          const neighbour = rest[index] ?? rest[index - 1];
          focusNext.current = neighbour === undefined ? 'page' : neighbour.id;
          return { ...current, items: rest };
        });
        setVersion((current) => current + 1);
        // What is left of what this page reviews (every conflict, or the one record's alone), as the vault counts it
        // now: a sync or another window may have changed it since the press. Unread, the count at the press less one.
        const estimate = recordId === undefined ? openConflicts - 1 : items.filter((item) => item.id !== conflict.id).length;
        const counted =
          recordId === undefined
            ? api.invoke('sync.status', {}).then((status) => status.openConflicts)
            : api.invoke('sync.conflicts.list', { recordId, limit: maxLimit }).then(({ items: left }) => left.length);
        void counted
          .catch(() => estimate)
          .then((left) => setAnnouncement((current) => ({ text: t('conflicts.resolved', { count: Math.max(0, left) }), serial: current.serial + 1 })));
      },
      (error: unknown) => {
        settled(conflict.id);
        const gone = error instanceof BridgeError && error.reason?.code === 'conflict_value_gone';
        const problem = () => setProblems((current) => new Map(current).set(conflict.id, { message: { error }, gone }));
        headings.current.get(conflict.id)?.focus();
        if (!(error instanceof BridgeError && error.reason?.code === 'conflict_changed')) {
          problem();
          return;
        }
        // Said once the entry is shown as it is now: the read that brings its new values takes older refusals away.
        setVersion((current) => current + 1);
        void load().then(problem);
      },
    );
  }

  function more(after: number) {
    setMoreBusy(true);
    setMoreFailure(null);
    api
      .invoke('sync.conflicts.list', { limit: pageSize, after, ...(recordId === undefined ? {} : { recordId }) })
      .then(
        (page) => {
          // The last page takes "Show more" away: a focus on it goes to the first conflict the page added.
          const hadFocus = moreButton.current !== null && moreButton.current === document.activeElement;
          setList((current) => {
            if (current.kind !== 'loaded') return current;
            const known = new Set(current.items.map((item) => item.id));
            const added = page.items.filter((item) => !known.has(item.id));
            if (page.next === null && hadFocus) focusNext.current = added[0]?.id ?? 'page';
            return { kind: 'loaded', items: [...current.items, ...added], next: page.next };
          });
        },
        // The conflicts shown stay, and so does the focus on "Show more", for another try.
        (error: unknown) => setMoreFailure({ error }),
      )
      .finally(() => setMoreBusy(false));
  }

  // Nothing left to review: the empty state says so, once; the count and the intro would only say it again.
  const done = list.kind === 'loaded' && items.length === 0 && (record === undefined || openConflicts === 0);
  const subtitle = done ? undefined : record === undefined ? t('sync.review', { count: openConflicts }) : t('conflicts.forRecord', { name: recordName ?? '…' });

  return (
    <div className="page page--conflicts" data-testid="conflicts-page">
      <div ref={pageHeading} tabIndex={-1} className="conflicts__top" data-testid="conflicts-top">
        <PageHeader
          title={t('conflicts.title')}
          subtitle={subtitle === undefined ? undefined : <span data-testid="conflicts-count">{subtitle}</span>}
          actions={
            record === undefined ? undefined : (
              <button type="button" className="button button--secondary" data-testid="conflicts-show-all" onClick={() => navigate({ name: 'conflicts' })}>
                {t('conflicts.showAll')}
              </button>
            )
          }
        />
        {done ? null : <p className="muted">{t('conflicts.intro')}</p>}
      </div>
      {record === undefined ? <UnsentRecords /> : null}
      {list.kind === 'loading' ? <Loading label={t('conflicts.loading')} testId="conflicts-loading" /> : null}
      {list.kind === 'failed' ? <Failed message={wordsText(list.message)} onRetry={() => void load()} testId="conflicts-failed" /> : null}
      {list.kind === 'loaded' && items.length === 0 ? (
        // Of one record's review, "every change is in sync" would be wrong while another record's wait.
        <Empty
          icon="check"
          title={record === undefined || openConflicts === 0 ? t('conflicts.empty') : t('conflicts.emptyForRecord', { name: recordName ?? '…', count: openConflicts })}
          testId="conflicts-empty"
        />
      ) : null}
      {items.length === 0 ? null : (
        <ul className="conflicts" aria-label={t('conflicts.title')}>
          {items.map((conflict) => (
            <li key={conflict.id}>
              <ConflictItem
                conflict={conflict}
                record={records.get(conflict.recordId)}
                stageOptions={stageOptions}
                busy={busy.has(conflict.id)}
                problem={problems.get(conflict.id) ?? null}
                headingRef={(element) => {
                  if (element === null) headings.current.delete(conflict.id);
                  else headings.current.set(conflict.id, element);
                }}
                onResolve={(keep) => (conflict.unsent && keep === 'remote' ? setDiscarding(conflict) : resolve(conflict, keep))}
              />
            </li>
          ))}
        </ul>
      )}
      {list.kind === 'loaded' && list.next !== null ? (
        <div className="conflicts__more">
          <button
            ref={moreButton}
            type="button"
            className="button button--secondary"
            data-testid="conflicts-more"
            aria-disabled={moreBusy}
            onClick={() => {
              if (!moreBusy && list.next !== null) more(list.next);
            }}
          >
            {t('conflicts.more')}
          </button>
          {moreFailure === null ? null : (
            <p className="field__error" role="alert" data-testid="conflicts-more-failed">
              {wordsText(moreFailure)}
            </p>
          )}
        </div>
      ) : null}
      <LiveRegion text={announcement.text} serial={announcement.serial} testId="conflicts-announcement" />
      {discarding === null ? null : (
        <DiscardDialog
          name={(() => {
            const loaded = records.get(discarding.recordId);
            return loaded === undefined || loaded === 'gone' || loaded.name === '' ? t('conflicts.unnamed') : loaded.name;
          })()}
          onCancel={() => setDiscarding(null)}
          onConfirm={() => {
            setDiscarding(null);
            resolve(discarding, 'remote');
          }}
        />
      )}
    </div>
  );
}

function DiscardDialog({ name, onCancel, onConfirm }: { readonly name: string; readonly onCancel: () => void; readonly onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('conflicts.discard.title')} onClose={onCancel} testId="conflict-discard" size="small">
      <p>{t('conflicts.discard.body', { name })}</p>
      <div className="form-actions">
        <button type="button" className="button button--secondary" data-testid="conflict-discard-cancel" onClick={onCancel}>
          {t('action.cancel')}
        </button>
        <button type="button" className="button button--danger" data-testid="conflict-discard-confirm" onClick={onConfirm}>
          {t('conflicts.discard.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
