// Where an arrow key, Home or End takes the focus in a one-tab-stop group
// (WAI-ARIA tabs, radio group): Right (and Down, for a group read both ways)
// to the next item, Left (Up) to the previous one, both wrapping; Home and
// End to the first and last. Null for any other key.
export function rovingIndex(key: string, index: number, count: number, axes: 'horizontal' | 'both'): number | null {
  const last = count - 1;
  const both = axes === 'both';
  if (key === 'ArrowRight' || (both && key === 'ArrowDown')) return index >= last ? 0 : index + 1;
  if (key === 'ArrowLeft' || (both && key === 'ArrowUp')) return index <= 0 ? last : index - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  return null;
}
