import { describe, expect, it } from 'vitest';
import { settledGroups } from '../../../src/components/chat/settledGroups';

const keys = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `m-${String(from + i).padStart(6, '0')}`);

describe('settledGroups', () => {
  it('groups every key once, in order, about two dozen to a group', () => {
    const all = keys(0, 2000);
    const groups = settledGroups(all);
    expect(groups.flat()).toEqual(all);
    expect(groups.length).toBeGreaterThan(2000 / 60);
    expect(groups.length).toBeLessThan(2000 / 10);
  });

  it('changes only the first group when older messages are added, and only the last when newer ones are', () => {
    const before = settledGroups(keys(1000, 2000));
    const older = settledGroups(keys(900, 2000));
    const newer = settledGroups(keys(1000, 2100));
    // Every group but the first is found unchanged after a page of older messages...
    expect(older.slice(-(before.length - 1))).toEqual(before.slice(1));
    // ...and every group but the last after newer messages.
    expect(newer.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
  });
});
