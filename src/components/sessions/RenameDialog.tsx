import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { MAX_TITLE_CHARS } from '../../protocol/limits';
import { charCount } from '../../protocol/textLength';
import type { SessionInfo } from '../../protocol/types';
import { useChatStore } from '../../store/useChatStore';

type RenameDialogProps = { session: SessionInfo; open: boolean; onClose: () => void };

export function RenameDialog({ session, open, onClose }: RenameDialogProps) {
  const renameSession = useChatStore((s) => s.renameSession);
  const [title, setTitle] = useState(session.title);
  const trimmed = title.trim();
  // Code points, as the protocol counts: an emoji is one character, not two.
  const length = charCount(trimmed);
  const valid = length > 0 && length <= MAX_TITLE_CHARS;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="xs"
      fullWidth
      slotProps={{ transition: { onEnter: () => setTitle(session.title) } }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!valid) return;
          renameSession(session.sessionId, trimmed);
          onClose();
        }}
      >
        <DialogTitle>Rename conversation</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label="Title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            error={length > MAX_TITLE_CHARS}
            helperText={`${length} / ${MAX_TITLE_CHARS}`}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={!valid}>
            Rename
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
