// Preferences the app keeps between launches: the theme, the UI language and
// how long the vault waits without the user's input before it locks. Not
// customer data and not secret, so they live in a plain file of the data
// folder and can be read before the vault is unlocked (the lock screen speaks
// the chosen language too).
import { z } from 'zod';

export const uiLocales = ['en', 'zh-CN'] as const;
export const UiLocale = z.enum(uiLocales);
export type UiLocale = z.infer<typeof UiLocale>;

/**
 * The first supported language among `preferred` (BCP 47 tags), else English: the browser's languages in the
 * renderer, the OS's in the Electron shell's own dialogs.
 */
export function pickLocale(preferred: readonly string[]): UiLocale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-')) {
      // Traditional-script tags get English rather than the wrong script.
      if (/^zh-(hant|tw|hk|mo)\b/.test(lower)) continue;
      return 'zh-CN';
    }
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}

export const ThemeChoice = z.enum(['system', 'light', 'dark']);
export type ThemeChoice = z.infer<typeof ThemeChoice>;

/** The idle lock's choices, in minutes. No "never": an unattended laptop must lock by itself. */
export const lockAfterMinuteChoices = [5, 15, 30, 60] as const;
export const LockAfterMinutes = z.literal(lockAfterMinuteChoices);
export type LockAfterMinutes = z.infer<typeof LockAfterMinutes>;

export const AppPreferences = z
  .object({
    theme: ThemeChoice,
    /** null: follow the OS and browser languages. */
    locale: UiLocale.nullable(),
    /** The vault locks after this many minutes without the user's input. */
    lockAfterMinutes: LockAfterMinutes,
  })
  .strict();
export type AppPreferences = z.infer<typeof AppPreferences>;

export const defaultPreferences: AppPreferences = { theme: 'system', locale: null, lockAfterMinutes: 15 };

export const PreferencesPatch = AppPreferences.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'Change at least one preference');
export type PreferencesPatch = z.infer<typeof PreferencesPatch>;
