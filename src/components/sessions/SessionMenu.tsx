import MoreVertIcon from '@mui/icons-material/MoreVert';
import IconButton from '@mui/material/IconButton';
import { useState } from 'react';
import type { SessionInfo } from '../../protocol/types';
import { LazySessionActions as SessionActions } from './lazySessionActions';

type SessionMenuProps = { session: SessionInfo };

export function SessionMenu({ session }: SessionMenuProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // The menu and its dialogs are mounted from the first time they are asked for on, not
  // (closed) in every one of hundreds of rows.
  const [wanted, setWanted] = useState(false);
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
          setWanted(true);
          setAnchor(event.currentTarget);
        }}
      >
        <MoreVertIcon fontSize="small" />
      </IconButton>
      {wanted && (
        <SessionActions session={session} anchor={anchor} onCloseMenu={() => setAnchor(null)} />
      )}
    </>
  );
}
