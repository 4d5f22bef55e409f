import { describe, expect, it } from 'vitest';
import { MAX_SPOKEN_CHARS, spokenText } from '../../../src/components/chat/spokenText';

describe('spokenText', () => {
  it('keeps the words of an answer and drops its markup, table pipes and chart JSON', () => {
    const answer = [
      '## Cost by service',
      '',
      'You spent **$14,741.19**, see [the console](https://console.aws.amazon.com).',
      '',
      '| Service | Cost |',
      '|---|---:|',
      '| EC2 | $6,638.10 |',
      '',
      '- `m5.xlarge` is *idle*',
      '',
      '```chart',
      '{"type":"bar","series":[{"name":"Cost","data":[1,2]}]}',
      '```',
    ].join('\n');
    expect(spokenText(answer)).toBe(
      [
        'Cost by service',
        'You spent $14,741.19, see the console.',
        'Service, Cost.',
        'EC2, $6,638.10.',
        'm5.xlarge is idle',
        'A chart is shown.',
      ].join('\n'),
    );
  });

  it('says where the rest of a very long answer is', () => {
    const spoken = spokenText('word '.repeat(2000));
    expect(spoken.length).toBeLessThan(MAX_SPOKEN_CHARS + 50);
    expect(spoken).toMatch(/The rest is in the conversation\.$/);
  });
});
