// English: the screens before the vault is open, and the vault settings.
export const vault = {
  create: {
    title: 'Create your vault',
    explainer:
      'Your customer data is encrypted on this laptop. Two things unlock it: the password you choose here and a secret key kept in this device’s keychain. Neither works without the other.',
    warning:
      'If you forget this password, the data on this laptop cannot be recovered. It can only be restored by syncing again from your organisation’s server.',
    password: 'Password',
    passwordHint: 'At least 10 characters. A short sentence is easy to remember and hard to guess.',
    passwordShort: '{{count}} of {{min}} characters so far. Add a few more words.',
    confirm: 'Confirm password',
    wipedNotice:
      'The previous vault on this device was wiped after too many failed unlock attempts. Create a new vault, then sync to restore your data.',
    submit: 'Create vault',
    busy: 'Creating vault…',
  },
  unlock: {
    title: 'Unlock FieldVault',
    explainer: 'Enter your password to open the customer data stored on this laptop.',
    password: 'Password',
    submit: 'Unlock',
    busy: 'Unlocking…',
    startOver: 'Set up a new vault',
    attemptsLeft_one: '{{count}} attempt left before the vault on this device is wiped.',
    attemptsLeft_other: '{{count}} attempts left before the vault on this device is wiped.',
    retryIn: 'Try again in {{seconds}} s',
    checkTyping: 'Check that Caps Lock is off and that the keyboard is not typing through an input method such as Pinyin.',
    unopenable: {
      explainer:
        'Without its device key this vault can never be opened again, with any password. You can erase it and set up a new vault; records that were synced come back when you connect to your organisation’s server again. Changes that were never synced are lost.',
      erase: 'Erase this vault…',
      confirm: 'Erase the vault on this device now? This cannot be undone.',
      confirmErase: 'Erase vault',
      cancel: 'Cancel',
      busy: 'Erasing…',
    },
  },
  settings: {
    title: 'Settings',
    appearance: {
      title: 'Appearance and language',
      body: 'These choices are kept on this laptop for the next time you open FieldVault.',
      theme: 'Theme',
      themeSystem: 'Follow the system',
      themeLight: 'Light',
      themeDark: 'Dark',
      language: 'Language',
    },
    password: {
      title: 'Change password',
      body: 'Re-encrypts the vault key under a new password. Your data stays as it is.',
      current: 'Current password',
      next: 'New password',
      confirm: 'Confirm new password',
      submit: 'Change password',
      busy: 'Changing password…',
      done: 'Password changed.',
    },
    rotate: {
      title: 'Rotate encryption key',
      body: 'Re-encrypts the whole vault with a fresh key. It can take a while with many records; it is safe to interrupt.',
      submit: 'Rotate key',
      busy: 'Rotating the encryption key…',
      done: 'The vault now uses a new encryption key.',
    },
    destroy: {
      title: 'Destroy vault',
      body: 'Deletes the vault and its device key from this laptop. Anything not yet synced is lost for good.',
      password: 'Password',
      confirm: 'I understand that all data on this laptop will be deleted',
      confirmRequired: 'Tick the box to confirm',
      submit: 'Destroy vault',
      busy: 'Destroying…',
    },
  },
} as const;
