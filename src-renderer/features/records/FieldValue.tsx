// A field's value for reading: formatted per kind, links for related records,
// e-mail addresses, phone numbers and websites as links that write, call or
// open them (mailto:, tel:, https: or http:; the Electron shell hands those to the OS
// apps, contact-links.ts), and sensitive text hidden until the user chooses
// to show it. Typed text is set dir="auto": a Hebrew or Arabic value reads in
// its own direction without pulling the punctuation around it along.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Address } from '../../../src-shared/domain/common';
import { mailtoHref, telHref, webHref } from '../../../src-shared/domain/contact-links';
import type { SyncedEntity } from '../../../src-shared/sync/protocol';
import { useNavigation } from '../../app/router';
import { formatDateTime, formatIsoDate, formatMoney, formatNumber, formatPercent } from '../../ui/format';
import { useToasts } from '../../ui/toasts';
import { logAfterLinkKey, useLogActivitySlot } from '../shell/log-activity';
import { addressLines } from './address-lines';
import type { FieldDef } from './fields';
import { MaskedValue } from './MaskedValue';
import { useRevealLog } from './reveal-log';
import { PiecedText } from './PiecedText';
import { RecordName } from './names';
import { TagList } from './TagList';

/** A hidden value's reveal kept by the field around it (InlineField): shown, how to show it, and whether that is on its way. */
export interface FieldReveal {
  readonly shown: boolean;
  readonly show: () => void;
  readonly revealing?: boolean;
}

export interface FieldValueProps {
  readonly def: FieldDef;
  readonly record: Readonly<Record<string, unknown>>;
  /**
   * An id for the element that says what the value is (for a control's
   * aria-labelledby): the whole value, or only the dots of a hidden note,
   * not the "Show" button beside them.
   */
  readonly textId?: string;
  /**
   * Whether a value the masking rule hides is shown, and how "Show" shows it, for a field that must know (an
   * inline field does not edit a value still hidden); else the value keeps that state itself.
   */
  readonly reveal?: FieldReveal;
  /**
   * Without `reveal`: the record's entity, for the access-log entry "Show" writes before it shows (reveal-log.ts);
   * a hidden value with no entity or no record id stays hidden.
   */
  readonly entity?: SyncedEntity;
}

/** Whether `value` of `def` shows as dots with "Show" (a sensitive long text, not empty, not shown yet). */
export function isMasked(def: FieldDef, value: unknown, shown: boolean): boolean {
  return def.kind === 'longText' && def.sensitive === true && typeof value === 'string' && value !== '' && !shown;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function FieldValue({ def, record, textId, reveal, entity }: FieldValueProps) {
  const shown = (
    <FieldValueText
      def={def}
      record={record}
      {...(textId === undefined ? {} : { textId })}
      {...(reveal === undefined ? {} : { reveal })}
      {...(entity === undefined ? {} : { entity })}
    />
  );
  // A long text places the id itself (a hidden note's button must stay out of it).
  return textId === undefined || def.kind === 'longText' ? shown : <span id={textId}>{shown}</span>;
}

const hrefOf = { email: mailtoHref, phone: telHref, web: webHref } as const;

/** After a phone number or an e-mail address was followed: what the toast offers to log. */
const logAfter = {
  phone: { kind: 'call', message: 'composer.afterCall', label: 'composer.logCall' },
  email: { kind: 'email', message: 'composer.afterEmail', label: 'composer.logEmail' },
} as const;

/**
 * A value as it reads, as a link when its field links and the value makes
 * one. Following a phone number or an e-mail address on a page with an
 * activity composer offers, in a toast, to log the call or the e-mail: the
 * composer comes into view with that kind picked.
 */
function Linked({ def, value, children }: { readonly def: FieldDef; readonly value: string; readonly children: ReactNode }) {
  const toasts = useToasts();
  const composer = useLogActivitySlot();
  const href = def.link === undefined ? null : hrefOf[def.link](value);
  if (href === null) return <>{children}</>;
  const after = def.link === 'phone' || def.link === 'email' ? logAfter[def.link] : null;
  return (
    <a
      className="value-link"
      href={href}
      data-testid={`link-${def.key}`}
      onClick={(event) => {
        event.stopPropagation();
        const log = composer.current;
        if (after === null || log === null) return;
        // Only into the composer the link was followed beside (the toast goes with it, and this is the second lock).
        const run = () => (composer.current === log ? log(after.kind) : undefined);
        toasts.show({ message: { key: after.message }, testId: 'log-after-link', key: logAfterLinkKey, action: { label: after.label, run } });
      }}
      // Every kind in a tab of its own: a mailto: or tel: followed in this one would first unload the page,
      // which asks "Leave site?" over a composer draft (router.tsx), though the page stays.
      target="_blank"
      rel="noreferrer"
    >
      {children}
    </a>
  );
}

function FieldValueText({ def, record, textId, reveal, entity }: FieldValueProps) {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const [ownReveal, setOwnReveal] = useState(false);
  const ownLog = useRevealLog();
  const revealed = reveal?.shown ?? ownReveal;
  const revealing = reveal?.revealing ?? ownLog.revealing;
  const recordId = record['id'];
  const setRevealed =
    reveal?.show ??
    (() => {
      if (entity !== undefined && typeof recordId === 'string') ownLog.reveal({ entity, id: recordId, field: def.key }, () => setOwnReveal(true));
    });
  const value = record[def.key];
  const empty = <span className="faint">{t('noValue')}</span>;

  switch (def.kind) {
    case 'lines':
      return isStringArray(value) && value.length > 0 ? (
        <ul className="value-lines">
          {value.map((line, index) => (
            // Two equal lines are two entries (a number typed twice): the place makes the key unique.
            <li key={`${index}:${line}`}>
              {/* Isolated, not aligned: an Arabic line keeps its order yet lines up with the others. */}
              <span dir="auto">
                <Linked def={def} value={line}>
                  {def.seams === undefined ? line : <PiecedText text={line} kind={def.seams} />}
                </Linked>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        empty
      );
    case 'tags':
      return isStringArray(value) && value.length > 0 ? <TagList tags={value} /> : empty;
    case 'select': {
      const option = def.options?.find((candidate) => candidate.value === value);
      if (option === undefined) return typeof value === 'string' && value !== '' ? <span dir="auto">{value}</span> : empty;
      return <span>{typeof option.label === 'string' ? t(option.label) : option.label.text}</span>;
    }
    case 'date':
      return typeof value === 'string' && value !== '' ? <span>{formatIsoDate(value)}</span> : empty;
    case 'datetime':
      return typeof value === 'number' ? <span>{formatDateTime(value)}</span> : empty;
    case 'money': {
      const currency = record[def.currencyKey ?? 'currency'];
      return typeof value === 'number' && typeof currency === 'string' ? <span className="tabular">{formatMoney(value, currency)}</span> : empty;
    }
    case 'number':
      if (typeof value !== 'number') return empty;
      return <span className="tabular">{def.percent === true ? formatPercent(value / 100) : formatNumber(value)}</span>;
    case 'ref':
      if (typeof value !== 'string' || def.refKind === undefined) return empty;
      return (
        <button
          type="button"
          className="link-button"
          onClick={(event) => {
            event.stopPropagation();
            if (def.refKind !== undefined) navigate({ name: 'detail', entity: def.refKind, id: value });
          }}
        >
          <RecordName kind={def.refKind} id={value} fallback={t('noValue')} />
        </button>
      );
    case 'address': {
      const address = Address.safeParse(value);
      if (!address.success) return empty;
      const lines = addressLines(address.data);
      return lines.length === 0 ? empty : (
        <span className="value-address" dir="auto">
          {lines.join('\n')}
        </span>
      );
    }
    case 'longText':
      if (typeof value !== 'string' || value === '') return <span id={textId}>{empty}</span>;
      if (isMasked(def, value, revealed)) {
        return <MaskedValue textId={textId} testId={`reveal-${def.key}`} onReveal={setRevealed} busy={revealing} />;
      }
      return (
        <span className="value-long" id={textId} dir="auto">
          {value}
        </span>
      );
    default:
      if (typeof value !== 'string' || value === '') return empty;
      return (
        <span className="value-text" dir="auto">
          <Linked def={def} value={value}>
            {def.seams === undefined ? value : <PiecedText text={value} kind={def.seams} />}
          </Linked>
        </span>
      );
  }
}
