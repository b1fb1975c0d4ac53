// The exports started here (a list's Export CSV, the Transfer page's export),
// each in a slot of its own ('list:contacts', 'transfer'). They are kept above
// the pages (ExportRunsProvider, in the workspace), so an export whose page is
// left is followed when the page comes back: its button says its rows and time
// left again and Stop ends it; the Transfer page shows how it ended. Each runs
// under a name of its own (exportId), so its progress events
// (export.didProgress) are told from another export's, and Stop
// (export.cancel) ends it before its next page of rows, with no file. The
// provider listens to those events from the workspace's start, before any
// export is sent, so the first (the count, at 0 rows) is never missed. A list
// of many thousands takes seconds, and a spinner alone does not say whether it
// moves or how much is left: once its rows have gone a few seconds it says
// about how long it has left (time-left.ts), from their pace since the count.
// An export whose answer comes after the workspace has gone (the vault
// locked meanwhile) saves no file: nothing lands in Downloads behind a lock;
// nor does one whose Stop came after the main process had made the file.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelInput } from '../../../src-shared/ipc/contract';
import type { ExportProgress, ExportResult } from '../../../src-shared/transfer/export';
import { BridgeError } from '../../api/errors';
import { useApi } from '../../app/api-context';
import { downloadText, exportFileParts } from './download';
import { Pace } from './time-left';

type ExportRequest = ChannelInput<'export.csv'>;

/**
 * How a slot's last export ended. A done one keeps what its page says (its file's name and rows), not the file's
 * text: that is up to 256 MB, and a slot (one per list, and the Transfer page's) is kept for the whole session.
 */
export type ExportEnd =
  | { readonly kind: 'done'; readonly request: ExportRequest; readonly fileName: string; readonly rows: number }
  | { readonly kind: 'stopped'; readonly request: ExportRequest }
  | { readonly kind: 'failed'; readonly request: ExportRequest; readonly error: unknown };

interface Running {
  readonly exportId: string;
  readonly pace: Pace;
  /** Its rows of the list's, with the seconds left then; null until it has counted them. */
  readonly progress: { readonly rows: number; readonly total: number; readonly secondsLeft: number | null } | null;
}

interface Slot {
  readonly running: Running | null;
  readonly last: ExportEnd | null;
}

const idle: Slot = { running: null, last: null };

/** The end of an export that made its file: its name and rows, without the file's text (downloaded already). */
export function exportDone(request: ExportRequest, result: ExportResult): ExportEnd {
  return { kind: 'done', request, fileName: result.fileName, rows: result.rows };
}

/** The slots' state; each change replaces a slot's object, so a page re-renders for its own slot only. */
class ExportRuns {
  readonly #slots = new Map<string, Slot>();
  readonly #listeners = new Set<() => void>();
  /** How many mounted buttons show each slot. */
  readonly #viewers = new Map<string, number>();
  /** False once the workspace has gone (the vault locked): an answer that comes then is not saved. */
  open = false;
  /** Exports whose Stop was pressed: an answer that comes after it (the main process had made the file) is not saved. */
  readonly #stopAsked = new Set<string>();

  askStop(exportId: string): void {
    this.#stopAsked.add(exportId);
  }

  /** Whether Stop was pressed for the export; forgets it (each export answers once). */
  takeStop(exportId: string): boolean {
    return this.#stopAsked.delete(exportId);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** A button showing the slot; the returned function says it has gone. */
  view(key: string): () => void {
    this.#viewers.set(key, (this.#viewers.get(key) ?? 0) + 1);
    return () => this.#viewers.set(key, (this.#viewers.get(key) ?? 1) - 1);
  }

  viewed(key: string): boolean {
    return (this.#viewers.get(key) ?? 0) > 0;
  }

  slot(key: string): Slot {
    return this.#slots.get(key) ?? idle;
  }

  start(key: string, exportId: string): void {
    this.#set(key, { running: { exportId, pace: new Pace(), progress: null }, last: null });
  }

  progress(event: ExportProgress, now: number): void {
    for (const [key, slot] of this.#slots) {
      const running = slot.running;
      if (running === null || running.exportId !== event.exportId) continue;
      const secondsLeft = running.pace.secondsLeft(event.rows, event.total, now);
      this.#set(key, { ...slot, running: { ...running, progress: { rows: event.rows, total: event.total, secondsLeft } } });
    }
  }

  end(key: string, exportId: string, last: ExportEnd): void {
    if (this.slot(key).running?.exportId === exportId) this.#set(key, { running: null, last });
  }

  #set(key: string, slot: Slot): void {
    this.#slots.set(key, slot);
    for (const listener of this.#listeners) listener();
  }
}

const ExportRunsContext = createContext<ExportRuns | null>(null);

/** Holds the workspace's exports and hears their progress from the start. */
export function ExportRunsProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi();
  const runs = useMemo(() => new ExportRuns(), []);
  useEffect(() => {
    runs.open = true;
    const off = api.on('export.didProgress', (event) => runs.progress(event, Date.now()));
    return () => {
      runs.open = false;
      off();
    };
  }, [api, runs]);
  return <ExportRunsContext.Provider value={runs}>{children}</ExportRunsContext.Provider>;
}

export interface ExportProgressWords {
  /** "Exporting… 2,000 of 48,000 rows". */
  readonly text: string;
  /** Seconds left, null until the rows' pace is known. */
  readonly secondsLeft: number | null;
}

export interface ExportRun {
  readonly busy: boolean;
  /** The running export's words once it has counted its rows; null before and when none runs. */
  readonly progress: ExportProgressWords | null;
  /** How the slot's last export ended (also one started before its page was left); null while one runs. */
  readonly last: ExportEnd | null;
  /** Exports and downloads the list under an id of its own (the request's is replaced); 'stopped' when Stop ended it first or its answer came after the workspace had gone (nothing was downloaded). */
  readonly run: (request: ExportRequest) => Promise<ExportResult | 'stopped'>;
  /** Stops the running export before its next page of rows. */
  readonly stop: () => void;
  /** Whether a button shows this slot now (its page is open): one that ended while none did is told by a toast. */
  readonly viewed: () => boolean;
}

/** The export of this slot: one at a time (a second run while one runs is refused; the buttons say busy). */
export function useExportRun(key: string): ExportRun {
  const api = useApi();
  const { t } = useTranslation();
  const runs = useContext(ExportRunsContext);
  if (runs === null) throw new Error('useExportRun() outside <ExportRunsProvider>');
  const slot = useSyncExternalStore(
    runs.subscribe,
    useCallback(() => runs.slot(key), [runs, key]),
  );
  const run = useCallback(
    async (request: ExportRequest): Promise<ExportResult | 'stopped'> => {
      if (runs.slot(key).running !== null) throw new Error(`an export runs in ${key} already`);
      const exportId = crypto.randomUUID();
      runs.start(key, exportId);
      try {
        const result = await api.invoke('export.csv', { ...request, exportId });
        // Stop pressed after the main process had made the file (its answer on the way): no file, as Stop says.
        const stopped = runs.takeStop(exportId);
        if (!runs.open) return 'stopped';
        if (stopped) {
          runs.end(key, exportId, { kind: 'stopped', request });
          return 'stopped';
        }
        downloadText(result.fileName, exportFileParts(result.csv));
        runs.end(key, exportId, exportDone(request, result));
        return result;
      } catch (error) {
        runs.takeStop(exportId);
        if (error instanceof BridgeError && error.code === 'CANCELLED') {
          runs.end(key, exportId, { kind: 'stopped', request });
          return 'stopped';
        }
        runs.end(key, exportId, { kind: 'failed', request, error });
        throw error;
      }
    },
    [api, runs, key],
  );
  const exportId = slot.running?.exportId ?? null;
  const stop = useCallback(() => {
    // An export that ended meanwhile stops nothing (its id is never used again); its answer says how it ended.
    if (exportId === null) return;
    runs.askStop(exportId);
    void api.invoke('export.cancel', { exportId }).catch(() => undefined);
  }, [api, runs, exportId]);
  useEffect(() => runs.view(key), [runs, key]);
  const viewed = useCallback(() => runs.viewed(key), [runs, key]);
  const counted = slot.running?.progress ?? null;
  const progress = counted === null || counted.total === 0 ? null : { text: t('transfer.exportingRows', { rows: counted.rows, count: counted.total }), secondsLeft: counted.secondsLeft };
  return { busy: slot.running !== null, progress, last: slot.last, run, stop, viewed };
}

/**
 * The focus around an export: its button stays focusable while it runs (aria-disabled, as the activity composer's
 * Log: a disabled button can drop the focus on the page's body), Stop is the next Tab, and when the export ends a
 * focus left on nothing (Stop, gone) goes back to the button.
 */
export function useExportFocus(busy: boolean): RefObject<HTMLButtonElement | null> {
  const button = useRef<HTMLButtonElement>(null);
  const was = useRef(busy);
  useEffect(() => {
    if (was.current === busy) return;
    was.current = busy;
    const active = document.activeElement;
    if (active === null || active === document.body || !active.isConnected) button.current?.focus();
  }, [busy]);
  return button;
}
