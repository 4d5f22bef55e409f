import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { chatMessageSchema, preferencesSchema } from '../../protocol/schemas';
import type { Logger } from './log';
import type { StoreSnapshot } from './SessionStore';

const turnSchema = z.object({
  clientMessageId: z.string(),
  userMessageId: z.string(),
  assistantMessageId: z.string(),
  status: z.enum(['pending', 'generating', 'complete', 'failed']),
});

const snapshotSchema = z.object({
  version: z.literal(1),
  messageSeq: z.number().int().nonnegative(),
  preferences: z.record(z.string(), preferencesSchema),
  sessions: z.array(
    z.object({
      sessionId: z.string(),
      userId: z.string(),
      title: z.string(),
      titleFromUser: z.boolean(),
      createdAt: z.number(),
      lastActivityAt: z.number(),
      messages: z.array(chatMessageSchema),
      turns: z.array(turnSchema),
      summary: z.string().optional(),
    }),
  ),
  tombstones: z.record(
    z.string(),
    z.object({ userId: z.string(), reason: z.enum(['expired', 'deleted']), at: z.number() }),
  ),
});

/**
 * Reads a data file; a missing file is an empty store. A file that is not ours throws
 * rather than being overwritten.
 */
export function loadSnapshot(file: string): StoreSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; move it away or pick another --data file`);
  }
  const result = snapshotSchema.safeParse(json);
  if (!result.success) {
    throw new Error(
      `${file} is not a mock-server data file: ${result.error.issues[0]?.message ?? ''}`,
    );
  }
  return result.data as StoreSnapshot;
}

// Coalesces bursts of changes (a streamed reply touches the store several times).
const WRITE_DELAY_MS = 100;

/** Writes the store to its file after changes, atomically: a crash leaves the old file. */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StoreSnapshot,
    private readonly log: Logger,
  ) {}

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, WRITE_DELAY_MS);
  }

  /** Writes now if anything changed; resolves when the file is on disk. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const temp = `${this.file}.${process.pid}.tmp`;
      // Runs from a timer: any failure is logged and retried on the next change, never
      // thrown (an unhandled rejection would stop the server).
      try {
        const text = JSON.stringify(this.snapshot());
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(temp, text, 'utf8');
        // rename() replaces the file in one step on POSIX file systems.
        await rename(temp, this.file);
      } catch (error) {
        this.dirty = true;
        this.log.warn(`could not write ${this.file}: ${String(error)}`);
      }
    });
    return this.writing;
  }
}
