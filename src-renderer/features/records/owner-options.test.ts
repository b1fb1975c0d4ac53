// The Owner filter names people instead of showing raw user ids: the device's
// user as "Me", the vault's owner from before enrolment as such, and other
// users by a short label from their id (the device knows no names), in the
// UI's language.
import { afterEach, describe, expect, it } from 'vitest';
import { shortUserId } from '../../../src-shared/domain/ids';
import { setLocale } from '../../app/i18n';
import { ownerLabel, ownerOptions, peopleNames } from './owner-options';

const me = 'u-5d1e0c9b8a7f6e21';
const colleague = 'u-0a1b2c3d4e5f6a7b';
const another = '0192f0e4-7c1a-7b3e-9d2f-4c5b6a7d8e9f';

describe('owner choices', () => {
  afterEach(() => setLocale('en'));

  it('names me, the local owner and others by a short stable label, me first, each once', () => {
    const ids = [colleague, 'local-owner', me, another, colleague, me];
    expect(ownerOptions(ids, me)).toEqual([
      { value: me, label: 'Me' },
      { value: 'local-owner', label: 'This device’s owner' },
      { value: colleague, label: 'User 5f6a7b' },
      { value: another, label: 'User 7d8e9f' },
    ]);
    setLocale('zh-CN');
    expect(ownerOptions(ids, me).map((option) => option.label)).toEqual(['我', '本设备的用户', '用户 5f6a7b', '用户 7d8e9f']);
  });

  it('shows no raw id, and reads the same for the same id in every list', () => {
    const labels = ownerOptions([me, colleague, another, 'local-owner'], me).map((option) => option.label);
    for (const id of [me, colleague, another, 'local-owner']) expect(labels.some((label) => label.includes(id))).toBe(false);
    expect(ownerLabel(colleague, me)).toBe(ownerLabel(colleague, null));
    expect(shortUserId(colleague)).toBe('5f6a7b');
  });

  it('calls the local owner "Me" before enrolment, and everyone by label until it knows who this is', () => {
    expect(ownerOptions(['local-owner'], 'local-owner')).toEqual([{ value: 'local-owner', label: 'Me' }]);
    expect(ownerOptions([me], null)).toEqual([{ value: me, label: 'User 7f6e21' }]);
  });

  it('names the people of the user directory, in any language, and falls back to the short label for anyone else', () => {
    const names = peopleNames([
      { userId: me, displayName: 'Mona Manager' },
      { userId: colleague, displayName: 'Rita Rep' },
    ]);
    const ids = [another, colleague, me, 'local-owner'];
    const expected = [
      { value: me, label: 'Me' },
      { value: 'local-owner', label: 'This device’s owner' },
      { value: colleague, label: 'Rita Rep' },
      { value: another, label: 'User 7d8e9f' },
    ];
    expect(ownerOptions(ids, me, names)).toEqual(expected);
    setLocale('zh-CN');
    expect(ownerOptions(ids, me, names).map((option) => option.label)).toEqual(['我', '本设备的用户', 'Rita Rep', '用户 7d8e9f']);
    // Before the device knows who it is, its own user reads by name too.
    expect(ownerLabel(me, null, names)).toBe('Mona Manager');
  });

  it('keeps two colleagues of the same name apart', () => {
    const names = peopleNames([
      { userId: colleague, displayName: 'Alex Kim' },
      { userId: another, displayName: 'Alex Kim' },
    ]);
    expect(ownerOptions([colleague, another], me, names).map((option) => option.label)).toEqual(['Alex Kim (5f6a7b)', 'Alex Kim (7d8e9f)']);
    setLocale('zh-CN');
    expect(ownerOptions([colleague, another], me, names).map((option) => option.label)).toEqual(['Alex Kim（5f6a7b）', 'Alex Kim（7d8e9f）']);
  });

  it('names two colleagues of the same name apart everywhere, as the Owner filter does', () => {
    const names = peopleNames([
      { userId: me, displayName: 'Alex Kim' },
      { userId: colleague, displayName: 'Alex Kim' },
      { userId: another, displayName: 'Alex Kim' },
    ]);
    // The Owner column and the detail pages' Owner and Assignee lines name one person at a time.
    expect(ownerLabel(colleague, me, names)).toBe('Alex Kim (5f6a7b)');
    expect(ownerLabel(another, me, names)).toBe('Alex Kim (7d8e9f)');
    // The filter reads the same, even when the other one owns none of its rows.
    expect(ownerOptions([colleague], me, names)).toEqual([{ value: colleague, label: 'Alex Kim (5f6a7b)' }]);
    // Me reads "Me", so a colleague who shares only my name keeps the plain name.
    const two = peopleNames([
      { userId: me, displayName: 'Alex Kim' },
      { userId: colleague, displayName: 'Alex Kim' },
    ]);
    expect(ownerLabel(colleague, me, two)).toBe('Alex Kim');
    expect(ownerLabel(me, me, two)).toBe('Me');
    setLocale('zh-CN');
    expect(ownerLabel(another, me, names)).toBe('Alex Kim（7d8e9f）');
  });
});
