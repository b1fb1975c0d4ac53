// English: strings shared by every screen (product, connection, generic
// actions and states, validation and error-code texts).
export const common = {
  app: {
    name: 'FieldVault',
    tagline: 'Customer data, encrypted on this laptop',
  },
  connection: {
    connecting: 'Connecting to FieldVault…',
    failedTitle: 'Not connected',
    noToken:
      'This page was opened without its access link. Open FieldVault from the link the FieldVault service printed when it started.',
    refused:
      'FieldVault refused this connection. Open FieldVault from the link printed by the running FieldVault service, on the same address it shows.',
    closed: 'The connection to FieldVault was closed. Restart FieldVault and open its new link.',
    unreachable: 'FieldVault did not answer. Check that it is running, then reload this page or open its link again.',
  },
  action: {
    save: 'Save',
    saving: 'Saving…',
    cancel: 'Cancel',
    close: 'Close',
    create: 'Create',
    delete: 'Delete',
    edit: 'Edit',
    undo: 'Undo',
    retry: 'Try again',
    back: 'Back',
    next: 'Next',
    clear: 'Clear',
    apply: 'Apply',
    more: 'More',
    open: 'Open',
    dismiss: 'Dismiss',
  },
  status: {
    loading: 'Loading…',
    loadingMore: 'Loading more…',
    failed: 'This could not be loaded.',
    none: '—',
    saved: 'Saved',
    deleted: '{{what}} deleted',
    restored: '{{what}} restored',
    /** A moment ago: what a relative time under a minute past reads. */
    justNow: 'just now',
    /** One line of several read as one text (formatSentences): the line as a sentence, when it has no stop of its own. */
    sentence: '{{text}}.',
    /** Two sentences one after the other. */
    sentences: '{{first}} {{next}}',
  },
  /** The month picker's two selects (MonthPicker), named inside their field's group. */
  monthPicker: {
    year: 'Year',
    month: 'Month',
  },
  password: {
    capsLockOn: 'Caps Lock is on.',
  },
  validation: {
    required: 'This field is required',
    tooShort: 'Use at least {{min, number}} characters',
    tooLong: 'Use at most {{max, number}} characters',
    tooSmall: 'Must be at least {{min, number}}',
    tooBig: 'Must be at most {{max, number}}',
    email: 'Not a valid email address',
    url: 'Not a valid web address',
    date: 'Not a valid date',
    timeRange: 'Use a date from 1970 to 3000',
    number: 'Enter a number',
    wholeNumber: 'Use a whole number',
    choice: 'Choose one of the options',
    phone: 'Not a valid phone number',
    tag: 'Tags cannot contain commas or control characters',
    currencyCode: 'Use a three-letter currency code such as EUR',
    rangeOrder: 'The range ends before it starts',
    tooManyMonths: 'Choose at most {{max, number}} months',
    reminderAfterDue: 'The reminder must not be after the due time',
    invalid: 'This value is not valid',
    /** Under a field with one entry a line (e-mail addresses, phone numbers): which entry, counted without blank lines, and its problem. */
    entry: 'Entry {{entry}}: {{problem}}',
    /** Under a field with one entry a line: an entry equal to an earlier one (an e-mail address in other case, a number with other separators). */
    repeatsEntry: 'Entry {{entry}} repeats entry {{first}}',
    /** Under an address: which of its parts (street, postal code…) broke the rule, and the rule. */
    addressPart: '{{part}}: {{problem}}',
    /** A contact's preferred channel (Email) left without an e-mail address. */
    channelNeedsEmail: 'The preferred channel {{channel}} needs an email address: add one, or choose another channel',
    /** A contact's preferred channel (Phone, SMS) left without a phone number. */
    channelNeedsPhone: 'The preferred channel {{channel}} needs a phone number: add one, or choose another channel',
    refUnpicked: 'Choose one from the list, or clear the field',
    dateIncomplete: 'Finish the date, or clear it',
    dateTimeIncomplete: 'Finish the date and time, or clear it',
    timeSkipped: 'The clocks go forward over this time, so it never happens here. Choose another time',
    amountFormat: 'Write the amount as {{example}}: commas only between thousands, a point before the decimals',
    amountDecimals: '{{currency}} amounts have at most {{digits}} decimal places',
    amountNoDecimals: '{{currency}} amounts have no decimal places',
    confirmEmpty: 'Type the password again to confirm it',
    mismatch: 'The passwords do not match',
  },
  errors: {
    unexpected: 'Something went wrong. Nothing was changed.',
    wrongPasswordAttempts_one: 'Wrong password. {{count}} attempt left before this vault is wiped.',
    wrongPasswordAttempts_other: 'Wrong password. {{count}} attempts left before this vault is wiped.',
    unreadableAnswer: 'FieldVault sent an answer this window cannot read.',
    /** What the main process's reasons for a refused request or record write say (src-shared/ipc/reasons.ts). */
    reasons: {
      invalidRequest: 'Invalid input ({{path}}: {{rule}})',
      linkMissing: 'The linked {{entity}} no longer exists',
      linkTrashed: 'The linked {{entity}} is in the trash. Restore it first.',
      selectionGone: 'A selected {{entity}} is no longer there, so nothing was changed. Refresh the list and select again.',
      notOwner: 'This {{entity}} belongs to a teammate, so it was not changed. Only its owner can change it.',
      notOwnerSelected_one: "{{count}} of the selected records belongs to a teammate, so nothing was changed. Only a record's owner can change it.",
      notOwnerSelected_other: "{{count}} of the selected records belong to teammates, so nothing was changed. Only a record's owner can change it.",
      tagsFull: 'A selected {{entity}} would have more than {{max}} tags, so nothing was changed. Remove some of its tags first.',
      amountTooLargeForCurrency: 'The amount is too large in this currency',
      unknownStage: 'This stage no longer exists. Choose another one.',
      stageHasDeals: 'A stage that still holds deals cannot be removed; move its deals first',
      /** Open, won or lost: a deal's probability and lost reason follow its stage's kind. */
      stageKindHasDeals: 'A stage that still holds deals cannot change between open, won and lost; move its deals first',
      /** Only deals in the trash use the stage (the board shows it empty); a restored deal needs its stage. */
      stageHasTrashedDeals_one: '{{count}} deal in the trash is still in this stage, so it cannot be removed. To remove the stage, restore the deal from the trash and move it to another stage first.',
      stageHasTrashedDeals_other: '{{count}} deals in the trash are still in this stage, so it cannot be removed. To remove the stage, restore the deals from the trash and move them to another stage first.',
      /** A probability edit on a closed deal: the stage fixes it. */
      probabilityFixedByStage: {
        won: 'A won deal’s probability is 100 %. To change it, move the deal back to an open stage.',
        lost: 'A lost deal’s probability is 0 %. To change it, move the deal back to an open stage.',
      },
      /** Undo of a stage move after the deal's stage, probability or lost reason changed again. */
      stageMoveOvertaken: 'The deal has changed since it was moved, so Undo left it as it is now.',
      conflictValueGone: 'That value is no longer available; keep the current one.',
      conflictBothInvalid: 'Both sides together are more than this field can hold (at most 50 tags). Choose one side, or keep it as it is now.',
      conflictRecordTrashed: 'This record is in the trash. Restore it first, or keep it as it is.',
      conflictChanged: 'This conflict changed while you were looking at it. Check the values shown now and choose again.',
      viewNameTaken: 'This list already has a view with this name. Choose another name.',
      diskFull: 'The disk is full. Free some space on this computer and try again. Nothing was changed.',
      /** The data folder cannot be written (no permission, a read-only or missing drive); {{folder}} is its path. */
      dataFolderUnwritable: 'FieldVault cannot write to its data folder, {{folder}}: this account may not change it, or its drive is read-only or not connected. Ask your IT team to give you write access to it, then try again. Nothing was changed.',
      /** No OS keychain answers at all: nothing to unlock. */
      keychainMissing: 'FieldVault needs the OS keychain to protect the vault key, and none answers on this computer. Ask your IT team to install or enable one (on Linux, GNOME Keyring or KWallet).',
      /** The keychain's entry for the vault holds no device key this app wrote: the lock screen offers the erase below it. */
      keychainEntryDamaged: 'This vault’s device key in the OS keychain is damaged (another program or a keychain repair changed it), so the vault cannot be opened on this device, with any password.',
      vaultTooNew: 'This vault was written by a newer version of FieldVault. Install that version or a later one to open it; the vault is not damaged.',
      /** Why this device could not enrol (the enrolment form). */
      enrol: {
        already_enrolled: 'This device is already connected to a sync server.',
        address_invalid: 'The sync server address must be an https:// address.',
        certificate_unreadable: 'The organisation certificate is not a valid PEM certificate.',
        certificate_not_ca: 'The organisation certificate is not a certificate authority. Paste the organisation’s certificate, not the server’s.',
        certificate_not_current: 'The organisation certificate is not valid at this time. Check this device’s date and time.',
        code_invalid: 'This enrolment code is not valid: it is unknown, already used or expired. Ask an administrator for a new one.',
        server_unreachable: 'The sync server cannot be reached. Check its address and this device’s network connection.',
        server_timeout: 'The sync server did not answer in time. Check its address and try again.',
        certificate_mismatch: 'The sync server’s certificate does not come from the organisation certificate entered. Nothing was sent.',
        too_many_attempts: 'Too many enrolment attempts from this network. Try again later.',
      },
    },
    code: {
      BAD_INPUT: 'Some values are not valid. Nothing was saved.',
      UNKNOWN_CHANNEL: 'This version of FieldVault cannot do that.',
      FORBIDDEN_SENDER: 'This window is not allowed to make that call.',
      LOCKED: 'The vault is locked. Unlock it to continue.',
      NOT_PERMITTED: 'You do not have permission to do that.',
      NO_VAULT: 'There is no vault on this device yet.',
      VAULT_EXISTS: 'A vault already exists on this device.',
      WRONG_PASSWORD: 'Wrong password.',
      THROTTLED: 'Too many attempts. Try again in {{seconds}} s.',
      VAULT_WIPED:
        'Too many failed attempts: the vault on this device was wiped. Set up a new vault; the records that were synced come back when you connect it to your organisation’s sync server with a new enrolment code from your administrator. Changes that were never synced are lost.',
      DEVICE_SECRET_MISSING: 'This vault’s device key is missing from the keychain, so the vault cannot be opened.',
      KEYCHAIN_UNAVAILABLE: 'The secure OS keychain is not available, or it is locked. Unlock it and try again: FieldVault will not store keys without it.',
      VAULT_CORRUPT: 'The vault on this device is damaged.',
      NOT_FOUND: 'That record no longer exists.',
      BUSY: 'FieldVault is busy. Try again in a moment.',
      NOT_ENROLLED: 'This device is not signed in to your organisation’s server yet.',
      SYNC_UNAVAILABLE: 'The sync server cannot be reached right now.',
      SYNC_FAILED: 'Sync failed. Your changes are kept and will be sent later.',
      DEVICE_REVOKED: 'This device was removed from your organisation.',
      UPGRADE_REQUIRED: 'This version of FieldVault is too old for your server. Update it to sync.',
      CANCELLED: 'Stopped before it finished.',
      INTERNAL: 'Something went wrong inside FieldVault. Nothing was changed.',
    },
  },
} as const;
