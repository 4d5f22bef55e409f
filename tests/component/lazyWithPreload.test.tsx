import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { lazyWithPreload } from '../../src/components/common/lazyWithPreload';

type GreetingProps = { name: string };
const Greeting = ({ name }: GreetingProps) => <p>Hello {name}</p>;

/** A loader the test resolves or rejects by hand. */
function controlledLoader() {
  const attempts: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const load = vi.fn(
    () =>
      new Promise<typeof Greeting>((resolve, reject) => {
        attempts.push({ resolve: () => resolve(Greeting), reject });
      }),
  );
  return { load, attempts };
}

describe('lazyWithPreload', () => {
  it('renders nothing until its chunk is loaded, then renders it everywhere it is mounted', async () => {
    const { load, attempts } = controlledLoader();
    const Lazy = lazyWithPreload(load);
    render(
      <>
        <Lazy name="Ada" />
        <Lazy name="Grace" />
      </>,
    );
    expect(screen.queryByText(/Hello/)).not.toBeInTheDocument();

    Lazy.preload();
    Lazy.preload();
    expect(load).toHaveBeenCalledTimes(1);
    await act(async () => attempts[0]!.resolve());

    expect(screen.getByText('Hello Ada')).toBeInTheDocument();
    expect(screen.getByText('Hello Grace')).toBeInTheDocument();
  });

  it('survives a failed download and shows the part once a later preload succeeds', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { load, attempts } = controlledLoader();
    const Lazy = lazyWithPreload(load);
    render(<Lazy name="Ada" />);

    Lazy.preload();
    await act(async () => attempts[0]!.reject(new Error('offline')));
    expect(screen.queryByText('Hello Ada')).not.toBeInTheDocument();
    expect(warn).toHaveBeenCalledOnce();

    Lazy.preload();
    expect(load).toHaveBeenCalledTimes(2);
    await act(async () => attempts[1]!.resolve());
    expect(screen.getByText('Hello Ada')).toBeInTheDocument();
    warn.mockRestore();
  });

  it('fetches its chunk by itself when the browser is idle after it mounts', async () => {
    vi.useFakeTimers();
    try {
      const { load, attempts } = controlledLoader();
      const Lazy = lazyWithPreload(load);
      render(<Lazy name="Ada" />);
      expect(load).not.toHaveBeenCalled();
      await act(async () => vi.advanceTimersByTime(3000));
      expect(load).toHaveBeenCalledOnce();
      await act(async () => attempts[0]!.resolve());
      expect(screen.getByText('Hello Ada')).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows its fallback meanwhile, fetches at once, and tells when the chunk is there', async () => {
    const { load, attempts } = controlledLoader();
    const Plain = ({ name }: GreetingProps) => <p>{name}</p>;
    const Lazy = lazyWithPreload(load, Plain);
    render(<Lazy name="Ada" />);
    expect(screen.getByText('Ada')).toBeInTheDocument();
    expect(load).toHaveBeenCalledOnce();

    let loaded = false;
    void Lazy.loaded().then(() => (loaded = true));
    expect(load).toHaveBeenCalledOnce();
    await act(async () => attempts[0]!.resolve());
    expect(loaded).toBe(true);
    expect(screen.getByText('Hello Ada')).toBeInTheDocument();
  });
});
