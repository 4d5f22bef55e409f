// The column the conversation is read and written in: the transcript, the notices above it
// and the composer below line up on it.

/** Widest the column gets, in px: about 90 characters of answer text. */
export const COLUMN_MAX_WIDTH = 880;
/** The column's side padding, narrower on phones. */
export const COLUMN_PADDING_X = { xs: 1.5, sm: 3 } as const;
