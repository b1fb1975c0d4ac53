// The e-mail address rule as every way in applies it (the New contact form,
// inline edit, CSV and vCard import, and sync on both ends parse ContactDraft):
// internationalised addresses are taken, garbage is still refused, and a
// refusal is still reported as the email rule.
import { describe, expect, it } from 'vitest';
import { fieldRuleOf } from '../ipc/reasons';
import { ContactDraft } from './contact';

const emailsOf = (emails: readonly string[]) => ContactDraft.safeParse({ name: 'Someone', emails });

describe('Email', () => {
  it('takes internationalised addresses: a non-ASCII domain, a CJK address, a punycode TLD, NFD text', () => {
    const addresses = [
      'info@müller.de',
      '张伟@公司.中国',
      'user@example.xn--fiqs8s',
      'USER@EXAMPLE.XN--FIQS8S',
      // "ü" as u and a combining diaeresis (NFD), as a macOS paste may hold it.
      'info@mu\u0308ller.de',
      'राम@डाकघर.भारत',
      'δοκιμή@παράδειγμα.δοκιμή',
      'ada@example.org',
      "o'brien+sales@sub.example.museum",
    ];
    for (const address of addresses) expect(emailsOf([address]).data?.emails, address).toEqual([address]);
  });

  it('still refuses what is not an address, each as the email rule', () => {
    const refused = [
      'not-an-email',
      'ida-at-leads.example',
      'a b@example.org',
      ' ada@example.org',
      'a@@example.org',
      'a..b@example.org',
      '.a@example.org',
      'a.@example.org',
      'a@example',
      'a@example..org',
      'a@.example.org',
      'a@example.org.',
      'a@-example.org',
      'a@example.c',
      'a@example.123',
      'a@example.xn--',
      'a\u0000@example.org',
      'a@exa\u0007mple.org',
      // A zero-width space and a right-to-left override: invisible, and a way to disguise an address.
      'a\u200B@example.org',
      '\u202Eab@example.org',
      // A lone surrogate, which no mail system can carry and encodeURIComponent throws on.
      '\uD800@example.org',
      '\u0301a@example.org',
      '☃@example.org',
      '<a>@example.org',
      '"a b"@example.org',
      'a@[127.0.0.1]',
      // The ideographic full stop a Chinese keyboard types is not taken for a dot.
      '张伟@公司。中国',
    ];
    for (const address of refused) {
      const result = emailsOf([address]);
      expect(result.success, JSON.stringify(address)).toBe(false);
      const [issue] = result.error?.issues ?? [];
      expect(issue === undefined ? null : fieldRuleOf(issue), JSON.stringify(address)).toEqual({ code: 'email' });
    }
  });

  it('keeps the 320-character bound for internationalised addresses too', () => {
    const local = '张'.repeat(60);
    const domain = `${Array.from({ length: 10 }, () => '公'.repeat(26)).join('.')}.中国`;
    expect(`${local}@${domain}`.length).toBe(60 + 1 + 10 * 27 + 2);
    expect(emailsOf([`${local}@${domain}`]).success).toBe(false);
    expect(emailsOf([`${local}@${domain.slice(27)}`]).success).toBe(true);
  });
});
