// Global search (Ctrl/Cmd+K, /): results appear from the first character,
// grouped by kind of record, the kind of the best hit first; ↑/↓ move, Enter opens, Esc closes. Enter
// pressed while the answer to what is typed is still on its way (or not yet
// asked, in the debounce) opens the chosen hit of that answer once it comes,
// never one of the previous text's hits still on screen (the arrow keys and
// the mouse do not choose among those). The chosen hit is scrolled into
// view; a failed search is said through the live region. The box
// takes as many characters as a query may have (`maxQueryChars`), so a
// pasted paragraph is cut to what search reads instead of being refused.
// Records in the trash that match (the index holds live records only, so a
// contact just deleted answered "Nothing matches" and no more) are counted
// after the hits, a line per kind of record ("1 contact in the trash
// matches"), an option like a hit: Enter or a click opens that list's trash.
// With no hits it is the first option, so Enter opens it.
// While an input method composes (Hangul a letter at a time, kana from
// romaji, pinyin), the text in the box is not what the user means yet
// ("김ㅁ", "やm"): it is not searched, the last hits and what was said stay,
// and the text is searched when the composition ends. Before, each step was
// searched and the list emptied, "Nothing matches" said between syllables.
// PageDown/PageUp move the chosen option a view of the results on or back
// (page-step.ts), so the 30th hit is a key or two away; Home/End stay with
// the caret in the box, as in VS Code's quick open.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { trashedCountCap, type SearchHit, type TrashedMatches } from '../../../src-shared/search/search';
import { maxQueryChars } from '../../../src-shared/search/search-text';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import { entityKinds, kindOfEntity, useNavigation } from '../../app/router';
import { Dialog } from '../../ui/Dialog';
import { Icon, type IconName } from '../../ui/icons';
import { JoinedValues } from '../../ui/JoinedValues';
import { LiveRegion } from '../../ui/LiveRegion';
import { useNameCache } from '../records/names';
import { hitSubtitle } from './hit-subtitle';
import { pageStep } from './page-step';
import { useSearch } from './useSearch';
import { isComposing } from '../../ui/ime';
import { wordsText } from '../../ui/words';

const noneTrashed: TrashedMatches = [];
const iconOf: Record<SyncedEntity, IconName> = { contacts: 'contact', accounts: 'account', deals: 'deal', activities: 'activity', tasks: 'task' };

export function SearchDialog({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const names = useNameCache();
  const [text, setText] = useState('');
  // What is searched: the text as it was when no composition was open.
  const [query, setQuery] = useState('');
  const composing = useRef(false);
  const [active, setActive] = useState(0);
  // Enter after a failed search asks again for the same text.
  const [attempt, setAttempt] = useState(0);
  const state = useSearch(query, attempt);
  const hits = state.kind === 'done' || state.kind === 'searching' ? state.hits : [];

  // Grouped for display, the groups in the order of their best hits: the kind of the top-ranked hit comes first,
  // so its hit is the one chosen and Enter opens it (in a fixed order of kinds, "acme" opened a contact whose
  // e-mail has the word before the account named Acme). `flat` is the same hits in display order for the arrow keys.
  const groups = useMemo(() => [...new Set(hits.map((hit) => hit.entity))].map((entity) => [entity, hits.filter((hit) => hit.entity === entity)] as const), [hits]);
  const flat = useMemo(() => groups.flatMap(([, list]) => list), [groups]);
  // The trash lines follow the hits, in the order of the side navigation (contacts first).
  const trashedNow: TrashedMatches = state.kind === 'done' || state.kind === 'searching' ? state.trashed : noneTrashed;
  const trashed = useMemo(() => [...trashedNow].sort((a, b) => entityKinds.indexOf(kindOfEntity[a.entity]) - entityKinds.indexOf(kindOfEntity[b.entity])), [trashedNow]);
  const choices = flat.length + trashed.length;
  const current = Math.min(active, Math.max(0, choices - 1));

  const open = useCallback(
    (hit: SearchHit | undefined) => {
      if (hit === undefined) return;
      // Learnt from the current answer only (not the last text's hits still shown while the next is on its way),
      // and not when a sync changed records since it was asked for: the title may be one it has erased.
      if (hit.title !== '' && state.kind === 'done') names.learn(hit.id, hit.title, state.asOf);
      navigate({ name: 'detail', entity: kindOfEntity[hit.entity], id: hit.id });
      onClose();
    },
    [names, navigate, onClose, state],
  );
  // The option at `index`: a hit, or after them a trash line, which opens that list on its trash.
  const openAt = useCallback(
    (index: number) => {
      if (index < flat.length) return open(flat[index]);
      const line = trashed[index - flat.length];
      if (line === undefined) return;
      navigate({ name: 'list', entity: kindOfEntity[line.entity], trash: true });
      onClose();
    },
    [flat, trashed, open, navigate, onClose],
  );

  // Enter pressed before the answer to the text typed: kept until it comes (a failure or no hits opens nothing).
  const [enterWaiting, setEnterWaiting] = useState(false);
  useEffect(() => {
    if (!enterWaiting || state.kind === 'searching') return;
    setEnterWaiting(false);
    if (state.kind === 'done') openAt(current);
  }, [enterWaiting, state.kind, current, openAt]);

  // While the answer to what is typed is on its way, the hits on screen are the previous text's: the arrow keys
  // and the mouse do not choose among them (Enter then opened whatever came at that place in the new answer),
  // and a waiting Enter opens the new answer's first hit.
  const searching = state.kind === 'searching';
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (isComposing(event)) return;
    if (event.key === 'ArrowDown') {
      if (!searching) setActive(Math.max(0, Math.min(choices - 1, current + 1)));
    } else if (event.key === 'ArrowUp') {
      if (!searching) setActive(Math.max(0, current - 1));
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      const optionAt = (place: number) => document.getElementById(`search-hit-${place}`);
      if (!searching && choices > 0) setActive(pageStep(document.getElementById('search-results'), optionAt, current, choices, event.key === 'PageDown' ? 1 : -1));
    } else if (event.key === 'Enter') {
      if (state.kind === 'failed') setAttempt((count) => count + 1);
      else if (searching) {
        setActive(0);
        setEnterWaiting(true);
      } else openAt(current);
    } else return;
    event.preventDefault();
  }

  // Said once the results stop changing (not on every keystroke): "3 results", that there are none, or that these are the first 30 of more.
  const more = state.kind === 'done' && state.more ? t('search.more', { count: hits.length }) : '';
  const failure = state.kind === 'failed' ? t('search.failedWith', { reason: wordsText(state.message) }) : '';
  const resultCount =
    state.kind === 'failed'
      ? failure
      : state.kind !== 'done'
        ? ''
        : hits.length === 0
          ? t('search.empty', { query: state.text })
          : more !== ''
            ? more
            : t('a11y.searchResults', { count: hits.length });
  const activeId = current < choices ? `search-hit-${current}` : undefined;
  // aria-activedescendant moves no scroll: the chosen hit is brought into the results' view as the keys move it.
  useLayoutEffect(() => {
    if (activeId !== undefined) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);
  let index = -1;
  return (
    <Dialog title={t('search.title')} onClose={onClose} testId="search-dialog" size="medium" hideTitle>
      <div className="search">
        <div className="search__field">
          <Icon name="search" size={18} />
          <input
            className="search__input"
            role="combobox"
            aria-expanded={choices > 0}
            aria-controls="search-results"
            aria-activedescendant={activeId}
            aria-label={t('search.title')}
            placeholder={t('search.placeholder')}
            autoFocus
            maxLength={maxQueryChars}
            value={text}
            data-testid="search-input"
            onChange={(event) => {
              setText(event.target.value);
              // Chromium ends a composition after its last input; other engines send one more input once it has ended.
              const inComposition = composing.current || (event.nativeEvent instanceof InputEvent && event.nativeEvent.isComposing);
              if (!inComposition) setQuery(event.target.value);
              setActive(0);
              // Typing on after Enter changes what was asked for: the Enter was for the text before.
              setEnterWaiting(false);
            }}
            onCompositionStart={() => {
              composing.current = true;
            }}
            onCompositionEnd={(event) => {
              composing.current = false;
              setQuery(event.currentTarget.value);
            }}
            onKeyDown={onKeyDown}
          />
          {state.kind === 'searching' ? <span className="spinner search__spinner" aria-hidden="true" /> : null}
        </div>
        <LiveRegion text={resultCount} testId="search-announcement" />
        {/* Beside the listbox, not in it: a listbox holds options and groups only, and a screen reader skips the rest. */}
        {state.kind === 'idle' ? <p className="search__hint">{t('search.hint')}</p> : null}
        {state.kind === 'failed' ? (
          <p className="field__error search__hint" data-testid="search-failed">
            {failure}
          </p>
        ) : null}
        {state.kind === 'done' && hits.length === 0 ? (
          <p className="search__hint" data-testid="search-empty">
            {t('search.empty', { query: state.text })}
          </p>
        ) : null}
        <div className="search__results" id="search-results" role="listbox" aria-label={t('search.title')} data-testid="search-results">
          {groups.map(([entity, list]) => (
            <div key={entity} className="search__group" role="group" aria-label={t(`search.group.${kindOfEntity[entity]}`)}>
              <p className="search__group-title" aria-hidden="true">
                {t(`search.group.${kindOfEntity[entity]}`)}
              </p>
              {list.map((hit) => {
                index += 1;
                const mine = index;
                const subtitle = hitSubtitle(hit);
                return (
                  <SearchOption
                    key={hit.id}
                    place={mine}
                    current={current}
                    testId="search-hit"
                    entity={hit.entity}
                    icon={iconOf[hit.entity]}
                    onHover={() => {
                      if (!searching) setActive(mine);
                    }}
                    onChoose={() => open(hit)}
                  >
                    <span className="search__hit-text">
                      {/* An activity with no subject (found by its outcome or tags) is named by what it is, not a blank row. */}
                      <span className="truncate search__hit-title" dir="auto">{hit.title === '' ? t(`entity.${kindOfEntity[hit.entity]}.one`) : hit.title}</span>
                      {subtitle.length === 0 ? null : (
                        <span className="truncate faint small" data-testid="search-hit-subtitle">
                          <JoinedValues parts={subtitle} />
                        </span>
                      )}
                      {hit.matched === undefined ? null : (
                        <span className="truncate faint small" data-testid="search-hit-matched">
                          {t(`search.matched.${hit.matched.field}`)} <bdi dir="ltr">{hit.matched.value}</bdi>
                        </span>
                      )}
                    </span>
                  </SearchOption>
                );
              })}
            </div>
          ))}
          {trashed.length === 0 ? null : (
            <div className="search__group" role="group" aria-label={t('search.group.trash')}>
              <p className="search__group-title" aria-hidden="true">
                {t('search.group.trash')}
              </p>
              {trashed.map((line, place) => {
                const mine = flat.length + place;
                const kind = kindOfEntity[line.entity];
                return (
                  <SearchOption
                    key={line.entity}
                    place={mine}
                    current={current}
                    testId="search-trashed"
                    entity={line.entity}
                    icon="trash"
                    onHover={() => {
                      if (!searching) setActive(mine);
                    }}
                    onChoose={() => openAt(mine)}
                  >
                    <span className="truncate search__hit-title">
                      {line.count > trashedCountCap ? t(`search.inTrashMore.${kind}`, { count: trashedCountCap }) : t(`search.inTrash.${kind}`, { count: line.count })}
                    </span>
                  </SearchOption>
                );
              })}
            </div>
          )}
        </div>
        {more === '' ? null : (
          <p className="search__more" data-testid="search-more">
            {more}
          </p>
        )}
        <div className="search__footer" aria-hidden="true">
          <span>
            <kbd>{'↑'}</kbd>
            <kbd>{'↓'}</kbd> {t('search.navigate')}
          </span>
          <span>
            <kbd>{'↵'}</kbd> {t('search.openHint')}
          </span>
          <span>
            <kbd>{t('keys.esc')}</kbd> {t('search.closeHint')}
          </span>
        </div>
      </div>
    </Dialog>
  );
}

interface SearchOptionProps {
  /** Its place among the options (its element's id: the input's aria-activedescendant names it). */
  readonly place: number;
  /** The option marked now. */
  readonly current: number;
  readonly testId: string;
  readonly entity: SyncedEntity;
  readonly icon: IconName;
  readonly onHover: () => void;
  readonly onChoose: () => void;
  readonly children: ReactNode;
}

/** One option of the results: a hit, or a line of matches in the trash. */
function SearchOption({ place, current, testId, entity, icon, onHover, onChoose, children }: SearchOptionProps) {
  return (
    <div
      id={`search-hit-${place}`}
      role="option"
      aria-selected={place === current}
      className="search__hit"
      data-testid={testId}
      data-entity={entity}
      onMouseMove={onHover}
      onClick={onChoose}
    >
      <span className="search__hit-icon" aria-hidden="true">
        <Icon name={icon} size={16} />
      </span>
      {children}
      {place === current ? <kbd>{'↵'}</kbd> : null}
    </div>
  );
}
