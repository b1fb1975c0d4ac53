// Ctrl+L (Cmd+L on macOS) locks the vault from anywhere in the workspace.
import { useEffect } from 'react';

export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform);
}

export function useLockShortcut(onLock: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const modifier = isMac() ? event.metaKey : event.ctrlKey;
      if (!modifier || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'l') return;
      event.preventDefault();
      onLock();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onLock]);
}
