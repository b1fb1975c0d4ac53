// The values a team gives most (lost reasons, tags), one spelling per value
// folded for case: a value's uses are summed over its spellings, and the
// spelling used most stands for it (ties: the one sorting first).
export interface Uses {
  readonly value: string;
  readonly uses: number;
}

export function mostUsed(rows: readonly Uses[], limit: number): string[] {
  const byFolded = new Map<string, { total: number; spelling: string; spellingUses: number }>();
  for (const { value, uses } of rows) {
    const folded = value.trim().toLocaleLowerCase();
    const seen = byFolded.get(folded);
    if (seen === undefined) byFolded.set(folded, { total: uses, spelling: value, spellingUses: uses });
    else {
      seen.total += uses;
      if (uses > seen.spellingUses || (uses === seen.spellingUses && value < seen.spelling)) Object.assign(seen, { spelling: value, spellingUses: uses });
    }
  }
  const ranked = [...byFolded.values()].sort((a, b) => b.total - a.total || (a.spelling < b.spelling ? -1 : a.spelling > b.spelling ? 1 : 0));
  return ranked.slice(0, limit).map((entry) => entry.spelling);
}
