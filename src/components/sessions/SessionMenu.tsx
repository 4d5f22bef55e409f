import MoreVertIcon from '@mui/icons-material/MoreVert';
import IconButton from '@mui/material/IconButton';
import { useState } from 'react';
import type { SessionInfo } from '../../protocol/types';
import { lazyWithPreload } from '../common/lazyWithPreload';

// The menu and its dialogs (Menu, Dialog, TextField) are not needed for the first screen.
const SessionActions = lazyWithPreload(() =>
  import('./SessionActions').then((m) => m.SessionActions),
);

type SessionMenuProps = { session: SessionInfo };

export function SessionMenu({ session }: SessionMenuProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const title = session.title || 'New conversation';

  return (
    <>
      <IconButton
        edge="end"
        size="small"
        aria-label={`Actions for ${title}`}
        onPointerEnter={SessionActions.preload}
        onFocus={SessionActions.preload}
        onClick={(event) => {
          SessionActions.preload();
          setAnchor(event.currentTarget);
        }}
      >
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <SessionActions session={session} anchor={anchor} onCloseMenu={() => setAnchor(null)} />
    </>
  );
}
