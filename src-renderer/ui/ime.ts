// Key events that belong to an input method's composition (pinyin, kana,
// Hangul): there Enter confirms the composed text and Esc cancels it, so a
// handler that saves on Enter or closes on Esc must let them pass. Chromium
// marks them with isComposing, and on some systems only with keyCode 229.
export interface ComposingKeyEvent {
  readonly nativeEvent: { readonly isComposing: boolean; readonly keyCode: number };
}

export function isComposing(event: ComposingKeyEvent): boolean {
  return event.nativeEvent.isComposing || event.nativeEvent.keyCode === 229;
}
