import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { SessionInfo } from '../../protocol/types';
import { useChatStore } from '../../store/useChatStore';
import { ConfirmDialog } from './ConfirmDialog';
import { RenameDialog } from './RenameDialog';
import { returnToComposer } from '../chat/composerFocus';

type Dialog = 'rename' | 'clear' | 'delete' | null;
type SessionActionsProps = {
  session: SessionInfo;
  /** The button the menu opens from; null while the menu is closed. */
  anchor: HTMLElement | null;
  onCloseMenu: () => void;
};

/** A conversation's menu and the dialogs it opens; a chunk of its own, loaded on demand. */
export function SessionActions({ session, anchor, onCloseMenu }: SessionActionsProps) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const clearSession = useChatStore((s) => s.clearSession);
  const deleteSession = useChatStore((s) => s.deleteSession);
  const title = session.title || 'New conversation';
  const open = (next: Dialog) => {
    onCloseMenu();
    setDialog(next);
  };

  return (
    <>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={onCloseMenu}>
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
        body="Its messages are removed for good. Like a new chat, an empty conversation is not listed until you write in it again."
        confirmLabel="Clear"
        onConfirm={() => clearSession(session.sessionId)}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        open={dialog === 'delete'}
        title={`Delete “${title}”?`}
        body="The conversation and its messages are removed for good."
        confirmLabel="Delete"
        onConfirm={() => {
          deleteSession(session.sessionId);
          // Once the dialog has given the focus back, to a row that is gone: the dialog holds
          // the focus while it is open.
          setTimeout(returnToComposer);
        }}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
