// Opens the create dialog of any entity, optionally pre-linked (a task for
// this contact, a deal for this account), and reports the created record. A
// new contact, account or deal names the records it may duplicate, each of which
// the user may open instead. A new contact is held to the rules of contact-rules.ts.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ActivityDraft } from '../../../src-shared/domain/activity';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealDraft } from '../../../src-shared/domain/deal';
import { TaskDraft } from '../../../src-shared/domain/task';
import { useApi } from '../../app/api-context';
import { currentLocale } from '../../app/i18n';
import { useNavigation, type EntityKind } from '../../app/router';
import { accountFields, newAccountInputs } from '../accounts/account-fields';
import { activityFields } from '../activities/activity-fields';
import { contactFields, newContactInputs } from '../contacts/contact-fields';
import { contactProblems } from '../contacts/contact-rules';
import { defaultDealCurrency, latestDealCurrency, proposeDealCurrency } from '../deals/deal-currency';
import { dealFields } from '../deals/deal-fields';
import { stageLabel, useStages } from '../deals/stages';
import { StagesPending } from '../deals/StagesPending';
import { taskFieldsWith } from '../tasks/task-fields';
import { useAssigneeOptions } from '../tasks/useAssigneeOptions';
import { usePeople } from './people';
import { CreateDialog, type FollowingInput, type LookAlikeSource } from './CreateDialog';
import { toLocalDateTime, type InputValue } from './fields';
import { textLines } from './look-alikes';

export interface NewRecordRequest {
  readonly kind: EntityKind;
  /** Inputs to start from, e.g. { contactId } when created from a contact's page. */
  readonly preset?: Readonly<Record<string, InputValue>>;
  /** Values without an input of their own, e.g. the contacts of a new deal. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Inputs that pre-link a new record to the page's records (null links stay empty). */
export function linkPreset(links: Readonly<Record<string, string | null | undefined>>): Record<string, string> {
  const preset: Record<string, string> = {};
  for (const [key, id] of Object.entries(links)) preset[key] = id ?? '';
  return preset;
}

export interface NewRecordDialogProps {
  readonly request: NewRecordRequest;
  readonly onClose: () => void;
  readonly onCreated: (kind: EntityKind, id: string) => void;
}

const links = { contactId: '', accountId: '', dealId: '' };

/** A new contact's channel without an address or number, or an entry typed twice (contact-rules.ts). */
const refuseNewContact = (draft: ContactDraft) => contactProblems(draft, new Set(['emails', 'phones', 'preferredChannel']));

function isoInDays(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return toLocalDateTime(date.getTime()).slice(0, 10);
}

function tomorrowAtNine(now: number): string {
  const date = new Date(now);
  date.setDate(date.getDate() + 1);
  date.setHours(9, 0, 0, 0);
  return toLocalDateTime(date.getTime());
}

/**
 * When a task made from Today is due: today at the next full hour, so that it shows under "Due today" (from
 * 23:00 on, when the next full hour is tomorrow, tomorrow at 09:00 like any other new task).
 */
export function dueFromToday(now: number = Date.now()): string {
  const date = new Date(now);
  if (date.getHours() >= 23) return tomorrowAtNine(now);
  date.setHours(date.getHours() + 1, 0, 0, 0);
  return toLocalDateTime(date.getTime());
}

export function NewRecordDialog({ request, onClose, onCreated }: NewRecordDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const { pipeline } = useStages();
  const preset = request.preset ?? {};
  const title = t(`entity.${request.kind}.new`);
  const testId = `new-${request.kind}`;
  const done = (id: string) => onCreated(request.kind, id);
  const { me } = usePeople();
  // A new task's assignee: the user unless another is picked (the main process gives it to the writer when none is).
  const assignees = useAssigneeOptions();
  const taskDefs = useMemo(() => taskFieldsWith(assignees), [assignees]);
  // A new deal's currency follows its account (features/deals/deal-currency.ts).
  const { navigate } = useNavigation();
  // A contact sharing an address or a number, an account its name, is named in the form (contacts.lookAlikes, accounts.lookAlikes).
  const contactLookAlikes = useMemo<LookAlikeSource>(
    () => ({
      kind: 'contact',
      watch: ['emails', 'phones'],
      find: async ([emails = '', phones = '']) => (await api.invoke('contacts.lookAlikes', { emails: textLines(emails, 320), phones: textLines(phones, 64) })).records,
      open: (id) => {
        onClose();
        navigate({ name: 'detail', entity: 'contact', id });
      },
    }),
    [api, navigate, onClose],
  );
  const accountLookAlikes = useMemo<LookAlikeSource>(
    () => ({
      kind: 'account',
      watch: ['name'],
      find: async ([name = '']) => (await api.invoke('accounts.lookAlikes', { name: name.slice(0, 500) })).records,
      open: (id) => {
        onClose();
        navigate({ name: 'detail', entity: 'account', id });
      },
    }),
    [api, navigate, onClose],
  );
  // A deal of the same name at the same account (deals.lookAlikes).
  const dealLookAlikes = useMemo<LookAlikeSource>(
    () => ({
      kind: 'deal',
      watch: ['name', 'accountId'],
      find: async ([name = '', accountId = '']) => (await api.invoke('deals.lookAlikes', { name: name.slice(0, 500), accountId: accountId === '' ? null : accountId })).records,
      open: (id) => {
        onClose();
        navigate({ name: 'detail', entity: 'deal', id });
      },
    }),
    [api, navigate, onClose],
  );
  const dealCurrency = useMemo<FollowingInput>(
    () => ({ key: 'currency', follows: 'accountId', until: ['amount'], propose: (accountId) => proposeDealCurrency(latestDealCurrency(api), accountId, me, currentLocale()) }),
    [api, me],
  );
  // A deal created in a closing stage (won, lost) is dated today, as a move there dates it: the forecast files a
  // closed deal under its close month, and the prefilled date in 30 days filed a deal won today next month. Until
  // the user types a date of their own; a date the dialog was opened with is theirs too.
  const stageKinds = useMemo(() => new Map<string, string>((pipeline?.stages ?? []).map((stage) => [stage.id, stage.kind])), [pipeline]);
  const closingDate = useMemo<FollowingInput>(
    () => ({ key: 'expectedCloseDate', follows: 'stageId', propose: (stageId) => Promise.resolve((stageKinds.get(stageId) ?? 'open') === 'open' ? isoInDays(30) : isoInDays(0)) }),
    [stageKinds],
  );
  const presetDate = request.kind === 'deal' && preset['expectedCloseDate'] !== undefined;
  const dealFollowing = useMemo(() => (presetDate ? [dealCurrency] : [dealCurrency, closingDate]), [closingDate, dealCurrency, presetDate]);

  switch (request.kind) {
    case 'contact':
      return (
        <CreateDialog
          title={title}
          testId={testId}
          extra={request.extra}
          defs={contactFields}
          schema={ContactDraft}
          initial={{ ...newContactInputs, ...preset }}
          create={(data) => api.invoke('contacts.create', data)}
          onCreated={(contact) => done(contact.id)}
          onClose={onClose}
          lookAlikes={contactLookAlikes}
          refuse={refuseNewContact}
        />
      );
    case 'account':
      return (
        <CreateDialog
          title={title}
          testId={testId}
          extra={request.extra}
          defs={accountFields}
          schema={AccountDraft}
          initial={{ ...newAccountInputs, ...preset }}
          create={(data) => api.invoke('accounts.create', data)}
          onCreated={(account) => done(account.id)}
          onClose={onClose}
          lookAlikes={accountLookAlikes}
        />
      );
    case 'deal': {
      if (pipeline === null) return <StagesPending title={title} testId={testId} onClose={onClose} />;
      const stages = (pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: { text: stageLabel(stage) } }));
      return (
        <CreateDialog
          title={title}
          testId={testId}
          extra={request.extra}
          defs={dealFields(stages)}
          schema={DealDraft}
          initial={{
            name: '',
            accountId: '',
            stageId: stages[0]?.value ?? '',
            amount: '',
            currency: defaultDealCurrency(currentLocale()),
            expectedCloseDate: isoInDays(30),
            probability: '',
            tags: '',
            ...preset,
          }}
          create={(data) => api.invoke('deals.create', data)}
          onCreated={(deal) => done(deal.id)}
          onClose={onClose}
          following={dealFollowing}
          lookAlikes={dealLookAlikes}
        />
      );
    }
    case 'activity':
      return (
        <CreateDialog
          title={title}
          testId={testId}
          extra={request.extra}
          defs={activityFields}
          schema={ActivityDraft}
          initial={{
            kind: 'call',
            occurredAt: toLocalDateTime(Date.now()),
            subject: '',
            ...links,
            durationMinutes: '',
            outcome: '',
            body: '',
            tags: '',
            ...preset,
          }}
          create={(data) => api.invoke('activities.create', data)}
          onCreated={(activity) => done(activity.id)}
          onClose={onClose}
        />
      );
    case 'task':
      return (
        <CreateDialog
          title={title}
          testId={testId}
          extra={request.extra}
          defs={taskDefs}
          schema={TaskDraft}
          initial={{
            title: '',
            dueAt: tomorrowAtNine(Date.now()),
            remindAt: '',
            priority: 'normal',
            status: 'open',
            assigneeId: me ?? '',
            ...links,
            notes: '',
            tags: '',
            ...preset,
          }}
          create={(data) => api.invoke('tasks.create', data)}
          onCreated={(task) => done(task.id)}
          onClose={onClose}
        />
      );
  }
}
