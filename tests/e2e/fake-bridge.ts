// An in-page stand-in for the preload bridge (`window.fieldvault`) that
// serves a synthetic list of a million contacts through keyset pages, for the
// scrolling test: the renderer under test is the real build, only the data
// source is synthetic, so the test measures the renderer alone. Installed with
// page.addInitScript before the app loads; the function runs in the page.
export interface FakeListStats {
  readonly pagesServed: number;
  readonly lastAfter: number;
}

export function installFakeBridge(total: number): void {
  const owner = 'local-owner';
  const hex = (index: number) => index.toString(16).padStart(12, '0');
  const contact = (index: number) => ({
    id: `00000000-0000-7000-8000-${hex(index)}`,
    name: `Contact ${String(index).padStart(7, '0')}`,
    title: index % 3 === 0 ? 'Buyer' : '',
    accountId: null,
    emails: [`c${index}@example.org`],
    phones: [],
    address: { street: '', city: '', region: '', postalCode: '', country: '' },
    preferredChannel: 'any',
    tags: index % 5 === 0 ? ['vip'] : [],
    notes: '',
    ownerId: owner,
    createdAt: 1_700_000_000_000,
    createdBy: owner,
    updatedAt: 1_700_000_000_000 + index,
    updatedBy: owner,
    deletedAt: null,
  });
  const stats = { pagesServed: 0, lastAfter: -1 };
  const field = (input: unknown, key: string): unknown => (typeof input === 'object' && input !== null ? Reflect.get(input, key) : undefined);
  const answers: Record<string, (input: unknown) => unknown> = {
    'vault.status': () => ({ state: 'unlocked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0 }),
    'vault.lock': () => ({ state: 'locked', failedAttempts: 0, maxFailedAttempts: 10, retryAfterMs: 0 }),
    'today.get': () => ({ now: Date.now(), overdue: [], dueToday: [], reminders: [], recentActivities: [] }),
    'pipeline.get': () => ({ stages: [], totals: [] }),
    'views.list': () => ({ items: [] }),
    'contacts.list': (input) => {
      const requested = field(input, 'limit');
      const cursor = field(input, 'after');
      const limit = typeof requested === 'number' ? requested : 50;
      const after = typeof cursor === 'string' ? Number(cursor.slice(1)) : -1;
      const start = after + 1;
      const end = Math.min(total, start + limit);
      stats.pagesServed += 1;
      stats.lastAfter = after;
      const items = [];
      for (let index = start; index < end; index += 1) items.push(contact(index));
      return { items, next: end < total ? `c${end - 1}` : null };
    },
  };
  Object.defineProperty(window, '__fakeListStats', { value: stats });
  Object.defineProperty(window, 'fieldvault', {
    value: {
      invoke(channel: string, input: unknown) {
        const answer = answers[channel];
        if (answer === undefined) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Not in this test.' } });
        return Promise.resolve({ ok: true, value: answer(input) });
      },
      on() {
        return () => undefined;
      },
    },
  });
}
