import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
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
    // Writes replace the path itself (rename), never what a link points to; reading through
    // a link would load, and then overwrite with a copy of, a file that is not ours.
    if (lstatSync(file).isSymbolicLink()) {
      throw new Error(`${file} is a symbolic link; give the real file's path to --data`);
    }
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

// Conversations are private: only the user running the server may read the file.
const FILE_MODE = 0o600;

/**
 * Writes the store to its file after changes, atomically: a crash leaves the old file.
 * The file holds every user's conversations, so it is written so that nobody else can read
 * it and nothing planted in its directory can redirect the write: a new temporary file with
 * a random name, created exclusively (`wx` fails on anything already there, a symbolic
 * link included, and never follows one), then renamed over the data file, which replaces
 * whatever is at that path (a link too) instead of writing through it.
 */
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
      const temp = `${this.file}.${randomBytes(8).toString('hex')}.tmp`;
      // Runs from a timer: any failure is logged and retried on the next change, never
      // thrown (an unhandled rejection would stop the server).
      let created = false;
      try {
        const text = JSON.stringify(this.snapshot());
        await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
        const handle = await open(temp, 'wx', FILE_MODE);
        created = true;
        try {
          await handle.writeFile(text, 'utf8');
        } finally {
          await handle.close();
        }
        // rename() replaces the file in one step on POSIX file systems.
        await rename(temp, this.file);
      } catch (error) {
        // Only our own temporary file: on EEXIST the path is someone else's.
        if (created) await rm(temp, { force: true }).catch(() => {});
        this.dirty = true;
        this.log.warn(`could not write ${this.file}: ${String(error)}`);
      }
    });
    return this.writing;
  }
}
