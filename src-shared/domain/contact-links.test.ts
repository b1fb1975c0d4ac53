// Contact details as links: mailto: that cannot grow headers, tel: as a
// dialler takes it (with extensions), and https websites only.
import { describe, expect, it } from 'vitest';
import { mailtoHref, telHref, webHref } from './contact-links';

describe('contact links', () => {
  it('writes mailto: with the address encoded but for its @', () => {
    expect(mailtoHref('ada@example.org')).toBe('mailto:ada@example.org');
    expect(mailtoHref('ada+sales@example.org')).toBe('mailto:ada%2Bsales@example.org');
    expect(mailtoHref('a?cc=b&x#y@example.org')).toBe('mailto:a%3Fcc%3Db%26x%23y@example.org');
    expect(mailtoHref('王@例子.中国')).toBe('mailto:%E7%8E%8B@%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD');
    expect(mailtoHref('no-at-sign')).toBeNull();
    expect(mailtoHref('@example.org')).toBeNull();
    expect(mailtoHref('ada@')).toBeNull();
  });

  it('writes an internationalised address as its percent-encoded UTF-8 in NFC, and no link for text that is not UTF-16', () => {
    expect(mailtoHref('info@müller.de')).toBe('mailto:info@m%C3%BCller.de');
    // The same address with "ü" as u and a combining diaeresis (NFD) opens the same address.
    expect(mailtoHref('info@mu\u0308ller.de')).toBe('mailto:info@m%C3%BCller.de');
    expect(mailtoHref('张伟@公司.中国')).toBe('mailto:%E5%BC%A0%E4%BC%9F@%E5%85%AC%E5%8F%B8.%E4%B8%AD%E5%9B%BD');
    expect(mailtoHref('user@example.xn--fiqs8s')).toBe('mailto:user@example.xn--fiqs8s');
    // What the link opens decodes back to the address, so the mail app is handed exactly it.
    expect(decodeURIComponent(mailtoHref('张伟@公司.中国')?.slice('mailto:'.length) ?? '')).toBe('张伟@公司.中国');
    expect(mailtoHref('\uD800@example.org')).toBeNull();
  });

  it('writes tel: with + and digits, and an extension after the number', () => {
    expect(telHref('+44 7700 900123')).toBe('tel:+447700900123');
    expect(telHref('(555) 010-0199')).toBe('tel:5550100199');
    expect(telHref('+1 555 0100 x12')).toBe('tel:+15550100;ext=12');
    expect(telHref('+1 555 0100 ext. 345')).toBe('tel:+15550100;ext=345');
    expect(telHref('+1 555 0100 #7')).toBe('tel:+15550100;ext=7');
    expect(telHref('+86 138 0000 0000')).toBe('tel:+8613800000000');
    expect(telHref('call reception')).toBeNull();
    expect(telHref('')).toBeNull();
  });

  it('drops a trunk prefix written "(0)" after a country code, as the search index reads it', () => {
    expect(telHref('+49 (0)89 1234567')).toBe('tel:+49891234567');
    expect(telHref('+44 (0) 20 7946 0018')).toBe('tel:+442079460018');
    expect(telHref('0049 (0)89 1234567')).toBe('tel:0049891234567');
    expect(telHref('+49 (0)89 1234567 ext. 12')).toBe('tel:+49891234567;ext=12');
    // In national form the 0 is dialled: "(0)89" is 089.
    expect(telHref('(0)89 1234567')).toBe('tel:0891234567');
  });

  it('makes no link of a line that holds a second number, whose digits joined would dial neither', () => {
    for (const line of [
      '+1 555 0100 / +1 555 0101',
      '+1 555 0100; +1 555 0101',
      '+1 555 0100, +1 555 0101',
      '+1 555 0100 / 0101',
      '555-0100/555-0101',
      '+49 89 1234567 / 0171 2345678',
      '089/123456/789',
      '+1 555 0100 x12; +1 555 0101',
    ]) {
      expect(telHref(line), line).toBeNull();
    }
    // A "/" after the area code alone, as German numbers are written, and a note with no digits after a comma, are one number.
    expect(telHref('089 / 1234567')).toBe('tel:0891234567');
    expect(telHref('+49 (0)89/1234567')).toBe('tel:+49891234567');
    expect(telHref('(0171) / 2345678')).toBe('tel:01712345678');
    expect(telHref('+1 555 0100, mobile')).toBe('tel:+15550100');
    expect(telHref('+1 555 0100, ext. 12')).toBe('tel:+15550100;ext=12');
  });

  it('links https and http websites only', () => {
    expect(webHref('https://acme.example/about')).toBe('https://acme.example/about');
    // http too: the account schema admits it, and many company sites are still typed so.
    expect(webHref('http://acme.example')).toBe('http://acme.example');
    expect(webHref('HTTP://acme.example/about?x=1')).toBe('HTTP://acme.example/about?x=1');
    expect(webHref('http://user@evil.example')).toBeNull();
    // No other scheme makes a link.
    for (const other of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://acme.example', 'data:text/html,x', 'httpx://acme.example', 'acme.example']) {
      expect(webHref(other)).toBeNull();
    }
    expect(webHref('https://user@evil.example')).toBeNull();
    expect(webHref('https://user:pw@evil.example/path')).toBeNull();
    expect(webHref('https://medium.com/@acme')).toBe('https://medium.com/@acme');
    expect(webHref('https://acme.example/team?ref=@sales#@top')).toBe('https://acme.example/team?ref=@sales#@top');
    expect(webHref('https://acme.example/a b')).toBeNull();
    expect(webHref('https:///path')).toBeNull();
    expect(webHref('')).toBeNull();
  });
});
