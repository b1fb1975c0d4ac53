// A record's activity timeline: newest first, grouped by day, each entry with
// its kind, subject, outcome and time, and its notes under them. The notes
// follow the masking rule of the activity's own page (`activityBodyField`,
// from the domain's sensitivity map): masked notes show as dots with "Show"
// (one click per entry, no navigation), then a few lines that open to a longer
// part; a huge note is never drawn whole (`note-preview.ts`). The entry's
// heading opens the activity's own page. A record in the trash shows its
// timeline without the composer (useRecordReadOnly). It shows the newest page
// the detail brought, and "Show older" adds the next page below it
// (useOlderActivities); pressed from the keyboard, the focus stays on it, or
// goes to the first row it brought once no older page is left. Left and
// returned to by Back, it shows again the older rows it showed, the focus on
// the activity opened from it (timeline-return.tsx). A timeline of more than
// one page has "View all in Activities" in its header: the Activities list
// filtered to this record (the list route's `linked`, the same filter as its
// pages), where thousands of activities can be sorted, filtered and exported.
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../src-shared/domain/activity';
import type { Cursor } from '../../../src-shared/domain/common';
import { useNavigation, type ListLink } from '../../app/router';
import { formatDuration, formatIsoDate, formatNumber, formatTime, todayIso } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Empty } from '../../ui/States';
import { activityBodyField } from '../activities/activity-fields';
import { activityTitle } from '../activities/activity-list-spec';
import { ActivityKindIcon } from '../activities/ActivityKindIcon';
import { MaskedValue } from '../records/MaskedValue';
import { useRevealLog } from '../records/reveal-log';
import { ActivityComposer, type Links } from './ActivityComposer';
import { notePreview, openedChars, previewChars } from './note-preview';
import { useRecordReadOnly } from './read-only';
import { useTimelineReturn } from './timeline-return';
import { timelineRecord, useOlderActivities, type TimelineOf } from './useOlderActivities';

export interface TimelineProps {
  /** The newest page, newest first. */
  readonly activities: readonly Activity[];
  /** Where the older pages start (the detail's `olderActivities`); null when there are none. */
  readonly olderActivities: Cursor | null;
  readonly of: TimelineOf;
  readonly links: Links;
  readonly onChanged: () => void;
}

function groups(activities: readonly Activity[]): Array<[string, Activity[]]> {
  const byDay = new Map<string, Activity[]>();
  for (const activity of activities) {
    const day = todayIso(new Date(activity.occurredAt));
    const list = byDay.get(day) ?? [];
    list.push(activity);
    byDay.set(day, list);
  }
  return [...byDay.entries()];
}

/** The Activities list filter of the record whose timeline it is. */
function linkOf(of: TimelineOf): ListLink {
  if ('accountId' in of) return { field: 'accountId', id: of.accountId };
  if ('contactId' in of) return { field: 'contactId', id: of.contactId };
  return { field: 'dealId', id: of.dealId };
}

/** An entry's notes: masked until "Show" when the rule masks them, then a few lines that open to more. */
function TimelineNotes({ activity, onOpen }: { readonly activity: Activity; readonly onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(activityBodyField.sensitive !== true);
  const logReveal = useRevealLog();
  const [open, setOpen] = useState(false);
  // Whether three lines of CSS clamp hide some of the closed preview.
  const [clamped, setClamped] = useState(false);
  const text = useRef<HTMLParagraphElement>(null);
  const textId = useId();
  const notes = activity.body;
  const preview = notePreview(notes, open ? openedChars : previewChars);

  useLayoutEffect(() => {
    const element = text.current;
    if (element === null || open) return;
    const measure = () => setClamped(element.scrollHeight > element.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [open, shown, preview.text]);

  // Notes of only spaces and new lines (logged so before, or synced in) draw nothing, not an empty block or a Show.
  if (notes.trim() === '') return null;
  const subject = activityTitle(activity);
  if (!shown) {
    return (
      <div className="timeline__notes" data-testid="timeline-notes">
        <MaskedValue
          testId="timeline-reveal"
          label={t('detail.showNotesOf', { subject })}
          busy={logReveal.revealing}
          onReveal={() => logReveal.reveal({ entity: 'activities', id: activity.id, field: activityBodyField.key }, () => setShown(true))}
        />
      </div>
    );
  }
  return (
    <div className="timeline__notes" data-testid="timeline-notes">
      <p
        ref={text}
        id={textId}
        className={open ? 'timeline__note timeline__note--open' : 'timeline__note'}
        data-testid="timeline-notes-text"
        dir="auto"
        // Opened, the note scrolls: keyboard users scroll it too.
        {...(open ? { tabIndex: 0, role: 'region', 'aria-label': t('detail.notesOf', { subject }) } : {})}
      >
        {preview.truncated ? `${preview.text}…` : preview.text}
      </p>
      {open && preview.truncated ? (
        <p className="faint small" data-testid="timeline-notes-cut">
          {t('detail.notesCut', { shown: formatNumber(openedChars), total: formatNumber(notes.length) })}{' '}
          <button type="button" className="link-button" onClick={() => onOpen(activity.id)}>
            {t('detail.openActivity')}
          </button>
        </p>
      ) : null}
      {open || preview.truncated || clamped ? (
        <button
          type="button"
          className="link-button small"
          aria-expanded={open}
          aria-controls={textId}
          data-testid="timeline-notes-toggle"
          onClick={() => setOpen((was) => !was)}
        >
          {open ? t('detail.notesLess') : t('detail.notesMore')}
        </button>
      ) : null}
    </div>
  );
}

export function Timeline({ activities, olderActivities, of, links, onChanged }: TimelineProps) {
  const { t } = useTranslation();
  // In the trash the empty timeline does not invite logging.
  const readOnly = useRecordReadOnly();
  // Back to this page: the older rows it showed, and the activity opened, whose row takes the focus.
  const { returned, keep } = useTimelineReturn(timelineRecord(of));
  const older = useOlderActivities(activities, olderActivities, of, returned?.older ?? 0);
  const opened = useRef<string | null>(null);
  const { rows: olderRows } = older;
  useEffect(() => () => keep({ older: olderRows(), id: opened.current }), [keep, olderRows]);
  const focusOn = useRef(returned?.id ?? null);
  const shown = [...activities, ...older.items];
  const list = useRef<HTMLOListElement>(null);
  const olderButton = useRef<HTMLButtonElement>(null);
  // The index of the first row a keyboard press of "Show older" brings, until its page is in.
  const focusFrom = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (older.busy || focusFrom.current === null) return;
    const from = focusFrom.current;
    focusFrom.current = null;
    if (!older.more) list.current?.querySelectorAll<HTMLButtonElement>('.timeline__body')[from]?.focus();
  }, [older.busy, older.more]);
  // Returned to: once the older rows are read again, the activity opened takes the focus (none, if it is gone).
  useLayoutEffect(() => {
    if (older.busy || focusOn.current === null) return;
    const id = focusOn.current;
    focusOn.current = null;
    const row = [...(list.current?.querySelectorAll<HTMLButtonElement>('.timeline__body') ?? [])].find((button) => button.dataset['activityId'] === id);
    row?.focus({ preventScroll: true });
    row?.scrollIntoView({ block: 'center' });
  }, [older.busy]);
  const showOlder = () => {
    focusFrom.current = document.activeElement === olderButton.current ? shown.length : null;
    older.load();
  };
  const { navigate } = useNavigation();
  const open = (id: string) => {
    opened.current = id;
    navigate({ name: 'detail', entity: 'activity', id });
  };
  return (
    <section className="card timeline" aria-labelledby="timeline-title" data-testid="timeline">
      <div className="card__header">
        <h2 id="timeline-title">{t('detail.timeline')}</h2>
        {olderActivities === null ? null : (
          <button
            type="button"
            className="button button--ghost button--small"
            data-testid="timeline-all"
            onClick={() => navigate({ name: 'list', entity: 'activity', linked: linkOf(of) })}
          >
            {t('detail.viewAllActivities')}
            <Icon name="chevronRight" size={14} />
          </button>
        )}
      </div>
      <ActivityComposer links={links} onLogged={onChanged} />
      {activities.length === 0 ? (
        <Empty icon="activity" title={t(readOnly ? 'detail.timelineEmptyTrashed' : 'detail.timelineEmpty')} testId="timeline-empty" />
      ) : (
        <ol className="timeline__days" ref={list}>
          {groups(shown).map(([day, items]) => (
            <li key={day} className="timeline__day">
              <h3 className="timeline__date">{formatIsoDate(day)}</h3>
              <ol className="timeline__items">
                {items.map((activity) => (
                  <li key={activity.id} className="timeline__item" data-testid="timeline-item">
                    <ActivityKindIcon kind={activity.kind} />
                    <div className="timeline__entry">
                      <button
                        type="button"
                        className="timeline__body"
                        data-activity-id={activity.id}
                        onClick={() => open(activity.id)}
                      >
                        <span className="timeline__subject" dir="auto">{activityTitle(activity)}</span>
                        {activity.outcome === '' ? null : <span className="muted small" dir="auto">{activity.outcome}</span>}
                        <span className="faint small">
                          {t(`activityKind.${activity.kind}`)}
                          {' · '}
                          {formatTime(activity.occurredAt)}
                          {activity.durationMinutes > 0 ? ` · ${formatDuration(activity.durationMinutes)}` : ''}
                        </span>
                      </button>
                      <TimelineNotes activity={activity} onOpen={open} />
                    </div>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      )}
      {older.more ? (
        <button
          type="button"
          ref={olderButton}
          className="button button--secondary button--small timeline__older"
          aria-disabled={older.busy}
          aria-busy={older.busy}
          data-testid="timeline-older"
          onClick={showOlder}
        >
          {older.busy ? <span className="spinner" aria-hidden="true" /> : null}
          {t('detail.showOlder')}
        </button>
      ) : null}
    </section>
  );
}
