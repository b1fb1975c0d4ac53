// Every user-visible string of the renderer, keyed in one place so another
// language (Simplified Chinese is next) is one more table with the same keys.
// Placeholders are written {name} and filled by t(). Messages that come from
// the main process (error texts) are shown as they arrive.

const en = {
  'app.name': 'FieldVault',
  'app.tagline': 'Customer data, encrypted on this laptop',

  'connection.connecting': 'Connecting to FieldVault…',
  'connection.failedTitle': 'Not connected',
  'connection.noToken':
    'This page was opened without its access link. Open FieldVault from the link the FieldVault service printed when it started.',
  'connection.refused':
    'FieldVault refused this connection. Open FieldVault from the link printed by the running FieldVault service, on the same address it shows.',
  'connection.closed': 'The connection to FieldVault was closed. Restart FieldVault and open its new link.',
  'connection.unreachable': 'FieldVault did not answer. Check that it is running, then open its link again.',

  'validation.required': 'This field is required',
  'validation.tooShort': 'Use at least {min} characters',
  'validation.tooLong': 'Use at most {max} characters',
  'validation.email': 'Not a valid email address',
  'validation.invalid': 'This value is not valid',
  'validation.mismatch': 'The passwords do not match',

  'status.loading': 'Loading…',
  'error.unexpected': 'Something went wrong. Nothing was changed.',
  'error.unreadableAnswer': 'FieldVault sent an answer this window cannot read.',

  'create.title': 'Create your vault',
  'create.explainer':
    'Your customer data is encrypted on this laptop. Two things unlock it: the password you choose here and a secret key kept in this device’s keychain. Neither works without the other.',
  'create.warning':
    'If you forget this password, the data on this laptop cannot be recovered. It can only be restored by syncing again from your organisation’s server.',
  'create.password': 'Password',
  'create.passwordHint': 'At least 10 characters. A short sentence is easy to remember and hard to guess.',
  'create.confirm': 'Confirm password',
  'create.wipedNotice':
    'The previous vault on this device was wiped after too many failed unlock attempts. Create a new vault, then sync to restore your data.',
  'create.submit': 'Create vault',
  'create.busy': 'Creating vault…',

  'unlock.title': 'Unlock FieldVault',
  'unlock.explainer': 'Enter your password to open the customer data stored on this laptop.',
  'unlock.password': 'Password',
  'unlock.submit': 'Unlock',
  'unlock.busy': 'Unlocking…',
  'unlock.throttled': 'Too many failed attempts. Try again in {seconds} s.',
  'unlock.startOver': 'Set up a new vault',
  'unlock.attemptsLeft': '{count} attempt(s) left before the vault on this device is wiped.',
  'unlock.retryIn': 'Try again in {seconds} s',

  'workspace.sync.offline': 'Offline',
  'workspace.sync.label': 'Sync status',
  'workspace.lock': 'Lock',
  'workspace.lockShortcut': 'Lock the vault ({shortcut})',
  'workspace.nav': 'Sections',
  'workspace.nav.contacts': 'Contacts',
  'workspace.nav.settings': 'Settings',

  'contacts.title': 'Contacts',
  'contacts.empty.title': 'No contacts yet',
  'contacts.empty.body': 'Add your first contact with the form. It is stored encrypted on this laptop.',
  'contacts.count': '{count} contact(s)',
  'contacts.loadMore': 'Load more',
  'contacts.loadFailed': 'The contacts could not be loaded.',
  'contacts.add.title': 'Add contact',
  'contacts.add.name': 'Name',
  'contacts.add.email': 'Email',
  'contacts.add.phone': 'Phone',
  'contacts.add.notes': 'Notes',
  'contacts.add.notesHint': 'Press Ctrl+Enter to save from here.',
  'contacts.add.submit': 'Add contact',
  'contacts.add.busy': 'Saving…',
  'contacts.add.saved': 'Contact added.',
  'contacts.column.name': 'Name',
  'contacts.column.email': 'Email',
  'contacts.column.phone': 'Phone',

  'settings.title': 'Settings',
  'settings.password.title': 'Change password',
  'settings.password.body': 'Re-encrypts the vault key under a new password. Your data stays as it is.',
  'settings.password.current': 'Current password',
  'settings.password.next': 'New password',
  'settings.password.confirm': 'Confirm new password',
  'settings.password.submit': 'Change password',
  'settings.password.busy': 'Changing password…',
  'settings.password.done': 'Password changed.',
  'settings.rotate.title': 'Rotate encryption key',
  'settings.rotate.body':
    'Re-encrypts the whole vault with a fresh key. It can take a while with many records; it is safe to interrupt.',
  'settings.rotate.submit': 'Rotate key',
  'settings.rotate.busy': 'Rotating the encryption key…',
  'settings.rotate.done': 'The vault now uses a new encryption key.',
  'settings.destroy.title': 'Destroy vault',
  'settings.destroy.body':
    'Deletes the vault and its device key from this laptop. Anything not yet synced is lost for good.',
  'settings.destroy.password': 'Password',
  'settings.destroy.confirm': 'I understand that all data on this laptop will be deleted',
  'settings.destroy.confirmRequired': 'Tick the box to confirm',
  'settings.destroy.submit': 'Destroy vault',
  'settings.destroy.busy': 'Destroying…',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Readonly<Record<MessageKey, string>>;

const catalogs = { en } as const satisfies Record<string, Messages>;
export type Locale = keyof typeof catalogs;

let current: Messages = catalogs.en;

export function setLocale(locale: Locale): void {
  current = catalogs[locale];
}

/** The message for `key`, with each {placeholder} replaced from `params`. */
export function t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  const template = current[key];
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
