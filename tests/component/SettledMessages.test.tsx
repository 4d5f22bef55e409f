import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NearViewContext, type WatchNear } from '../../src/components/chat/nearView';
import { SettledMessages } from '../../src/components/chat/SettledMessages';
import { renderWithTheme, resetStore, transcript } from '../support/renderWithStore';

const ts = '2026-11-21T10:00:00.000Z';
const KEYS = ['q1', 'a1', 'q2', 'a2'];

/** A watcher the test drives: `tell(near, height)` is what the IntersectionObserver would say. */
function fakeWatcher() {
  let onChange: ((near: boolean, height: number) => void) | undefined;
  const watch: WatchNear = (_element, callback) => {
    onChange = callback;
    return () => (onChange = undefined);
  };
  const tell = (near: boolean, height = 420) => act(() => onChange?.(near, height));
  return { watch, tell };
}

function renderGroup(watch: WatchNear) {
  return renderWithTheme(
    <NearViewContext value={watch}>
      <SettledMessages keys={KEYS} />
    </NearViewContext>,
  );
}

beforeEach(() => {
  resetStore(
    transcript('s-1', [
      { key: 'q1', role: 'user', content: 'What did EC2 cost in March?', timestamp: ts },
      { key: 'a1', role: 'assistant', content: 'EC2 cost **$4,210** in March.', timestamp: ts },
      { key: 'q2', role: 'user', content: 'And S3?', timestamp: ts },
      { key: 'a2', role: 'assistant', content: 'S3 cost $310.', timestamp: ts },
    ]),
  );
});

afterEach(() => vi.restoreAllMocks());

describe('SettledMessages', () => {
  it('far from the view keeps only its words, hidden until found, at the height it had', async () => {
    const { watch, tell } = fakeWatcher();
    renderGroup(watch);
    expect(screen.getAllByRole('article')).toHaveLength(4);

    tell(false, 420);
    expect(screen.queryAllByRole('article')).toHaveLength(0);
    const words = document.querySelector('[hidden="until-found"]')!;
    expect(words.textContent).toContain('What did EC2 cost in March?');
    expect(words.textContent).toContain('S3 cost $310.');
    expect((words.parentElement as HTMLElement).style.height).toBe('420px');

    tell(true);
    expect(await screen.findAllByRole('article')).toHaveLength(4);
    expect(document.querySelector('[hidden="until-found"]')).toBeNull();
  });

  it('stays rendered while the focus is in it, or while one of its messages is being edited', async () => {
    const user = userEvent.setup();
    const { watch, tell } = fakeWatcher();
    renderGroup(watch);

    screen.getAllByRole('button', { name: 'Copy message' })[0]!.focus();
    tell(false);
    expect(screen.getAllByRole('article')).toHaveLength(4);

    await user.click(screen.getAllByRole('button', { name: 'Edit and send again' })[0]!);
    await user.type(screen.getByRole('textbox'), ' And in April?');
    act(() => (document.activeElement as HTMLElement).blur());
    tell(false);
    expect(screen.getByRole('textbox')).toHaveValue('What did EC2 cost in March? And in April?');
  });

  it('is always rendered where nothing watches the view', () => {
    renderWithTheme(<SettledMessages keys={KEYS} />);
    expect(screen.getAllByRole('article')).toHaveLength(4);
  });
});
