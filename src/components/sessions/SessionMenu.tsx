import MoreVertIcon from '@mui/icons-material/MoreVert';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { SessionInfo } from '../../protocol/types';
import { useChatStore } from '../../store/useChatStore';
import { ConfirmDialog } from './ConfirmDialog';
import { RenameDialog } from './RenameDialog';

type Dialog = 'rename' | 'clear' | 'delete' | null;
type SessionMenuProps = { session: SessionInfo };

export function SessionMenu({ session }: SessionMenuProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const clearSession = useChatStore((s) => s.clearSession);
  const deleteSession = useChatStore((s) => s.deleteSession);
  const title = session.title || 'New conversation';
  const open = (next: Dialog) => {
    setAnchor(null);
    setDialog(next);
  };

  return (
    <>
      <IconButton
        edge="end"
        size="small"
        aria-label={`Actions for ${title}`}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => open('rename')}>Rename</MenuItem>
        <MenuItem onClick={() => open('clear')}>Clear messages</MenuItem>
        <MenuItem onClick={() => open('delete')} sx={{ color: 'error.main' }}>
          Delete
        </MenuItem>
      </Menu>
      <RenameDialog session={session} open={dialog === 'rename'} onClose={() => setDialog(null)} />
      <ConfirmDialog
        open={dialog === 'clear'}
        title={`Clear “${title}”?`}
        body="Its messages are removed for good; the conversation stays in your list."
        confirmLabel="Clear"
        onConfirm={() => clearSession(session.sessionId)}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        open={dialog === 'delete'}
        title={`Delete “${title}”?`}
        body="The conversation and its messages are removed for good."
        confirmLabel="Delete"
        onConfirm={() => deleteSession(session.sessionId)}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
