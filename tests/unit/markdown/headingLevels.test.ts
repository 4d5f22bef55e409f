import { describe, expect, it } from 'vitest';
import { shownLevel, topHeadingLevel } from '../../../src/components/markdown/headingLevels';

describe('heading levels', () => {
  it('finds the highest ATX heading outside fenced code', () => {
    expect(topHeadingLevel('### Cost\n\n#### Detail')).toBe(3);
    expect(topHeadingLevel('text\n\n## A\n\n# B')).toBe(1);
    expect(topHeadingLevel('```md\n# not a heading\n```\n\n#### Real')).toBe(4);
    expect(topHeadingLevel('~~~\n# no\n~~~~\n## yes')).toBe(2);
    expect(topHeadingLevel('#hashtag and # in text\n\n    # indented code')).toBe(0);
    expect(topHeadingLevel('')).toBe(0);
  });

  it('puts the top heading at h3 and keeps the distances, within h3–h6', () => {
    // An answer starting at ###: no shift.
    expect([3, 4, 5].map((level) => shownLevel(level, 0))).toEqual([3, 4, 5]);
    // Starting at #: everything moves down two.
    expect([1, 2, 3, 4, 5].map((level) => shownLevel(level, 2))).toEqual([3, 4, 5, 6, 6]);
    // Starting at #####: up two.
    expect([5, 6].map((level) => shownLevel(level, -2))).toEqual([3, 4]);
  });
});
