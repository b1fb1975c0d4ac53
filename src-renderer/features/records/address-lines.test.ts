// An address reads as it is written in its country: the order of its parts,
// their separators, the line breaks, and nothing that was not typed in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyAddress, type Address } from '../../../src-shared/domain/common';
import { addressLines } from './address-lines';

function address(parts: Partial<Address>): Address {
  return { ...emptyAddress, ...parts };
}

describe('addressLines', () => {
  it('writes a continental European address as street, postcode and city, country, and a region that repeats the city once', () => {
    const salzburg = { street: 'Getreidegasse 9', city: 'Salzburg', region: 'Salzburg', postalCode: '5020', country: 'Österreich' };
    expect(addressLines(address(salzburg))).toEqual(['Getreidegasse 9', '5020 Salzburg', 'Österreich']);
    expect(addressLines(address({ ...salzburg, street: '' }))).toEqual(['5020 Salzburg', 'Österreich']);
    expect(addressLines(address({ street: 'Marienplatz 8', city: 'München', region: 'Bayern', postalCode: '80331', country: 'Deutschland' }))).toEqual([
      'Marienplatz 8',
      '80331 München',
      'Bayern',
      'Deutschland',
    ]);
    expect(addressLines(address({ street: 'Damrak 1', city: 'Amsterdam', region: 'Noord-Holland', postalCode: '1012 AB', country: 'Nederland' }))).toEqual([
      'Damrak 1',
      '1012 AB Amsterdam',
      'Noord-Holland',
      'Nederland',
    ]);
  });

  it('writes a US address as "city, state ZIP", leaving no stray separator for a missing part', () => {
    const springfield = { street: '1 Main Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'United States' };
    expect(addressLines(address(springfield))).toEqual(['1 Main Street', 'Springfield, IL 62701', 'United States']);
    expect(addressLines(address({ ...springfield, region: '', country: 'USA' }))).toEqual(['1 Main Street', 'Springfield 62701', 'USA']);
    expect(addressLines(address({ ...springfield, city: '', country: 'us' }))).toEqual(['1 Main Street', 'IL 62701', 'us']);
    expect(addressLines(address({ ...springfield, postalCode: '' }))).toEqual(['1 Main Street', 'Springfield, IL', 'United States']);
  });

  it('gives a UK postcode a line of its own, after the town and county', () => {
    const bristol = { street: '12 Harbour Road', city: 'Bristol', region: 'Avon', postalCode: 'BS1 5TT' };
    expect(addressLines(address({ ...bristol, country: 'United Kingdom' }))).toEqual(['12 Harbour Road', 'Bristol', 'Avon', 'BS1 5TT', 'United Kingdom']);
    expect(addressLines(address({ ...bristol, country: 'UK' }))).toEqual(['12 Harbour Road', 'Bristol', 'Avon', 'BS1 5TT', 'UK']);
    expect(addressLines(address({ ...bristol, country: '英国' }))).toEqual(['12 Harbour Road', 'Bristol', 'Avon', 'BS1 5TT', '英国']);
  });

  it('writes a Chinese or Japanese address in its own script big to small, the country first', () => {
    expect(addressLines(address({ street: '南京东路12号', city: '上海', region: '上海市', postalCode: '200001', country: '中国' }))).toEqual([
      '中国',
      '200001',
      '上海市',
      '南京东路12号',
    ]);
    expect(addressLines(address({ street: '深南大道8号', city: '深圳', region: '广东省', postalCode: '518000', country: 'China' }))).toEqual([
      'China',
      '518000',
      '广东省深圳',
      '深南大道8号',
    ]);
    expect(addressLines(address({ street: '丸の内12号', city: '大阪', region: '大阪府', postalCode: '530-0001', country: '日本' }))).toEqual([
      '日本',
      '〒530-0001',
      '大阪府大阪',
      '丸の内12号',
    ]);
    // No country named: the script says how it is written.
    expect(addressLines(address({ street: '天河路3号', city: '广州', region: '广东省' }))).toEqual(['广东省广州', '天河路3号']);
  });

  it('writes a Chinese address in Latin script small to big', () => {
    expect(addressLines(address({ street: '8 Shennan Avenue', city: 'Shenzhen', region: 'Guangdong', postalCode: '518000', country: 'China' }))).toEqual([
      '8 Shennan Avenue',
      'Shenzhen',
      'Guangdong, 518000',
      'China',
    ]);
  });

  it('shows no line for an empty address or a part of spaces', () => {
    expect(addressLines(emptyAddress)).toEqual([]);
    expect(addressLines(address({ city: '  ', country: ' Norge ' }))).toEqual(['Norge']);
  });

  it('adds nothing that was not typed in but separators, and leaves out no part but a repeated region', () => {
    const part = fc.string({ maxLength: 12 });
    const country = fc.constantFrom('', 'Österreich', 'United States', 'United Kingdom', 'Canada', '中国', 'China', '日本', 'Korea', 'Ireland', 'Atlantis');
    fc.assert(
      fc.property(part, part, part, part, country, (street, city, region, postalCode, name) => {
        const parts = { street, city, region, postalCode, country: name };
        const lines = addressLines(parts);
        const text = lines.join('\n');
        for (const value of [street, city, postalCode, name]) expect(text).toContain(value.trim());
        const typed = Object.values(parts).reduce((sum, value) => sum + value.trim().length, 0);
        // At most ", " between two parts on a line, and Japan's 〒.
        expect(text.replaceAll('\n', '').length).toBeLessThanOrEqual(typed + 2 * 3 + 1);
        expect(lines.every((line) => line.trim() === line && line !== '')).toBe(true);
      }),
    );
  });
});
