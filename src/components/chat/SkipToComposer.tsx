import Link from '@mui/material/Link';
import { COMPOSER_ID, focusComposer } from './composerFocus';

/**
 * The first stop of the Tab key: straight to the message box, past the conversations and the
 * header. Out of sight until it has the focus.
 */
export function SkipToComposer() {
  return (
    <Link
      href={`#${COMPOSER_ID}`}
      onClick={(event) => {
        event.preventDefault();
        focusComposer();
      }}
      sx={{
        position: 'fixed',
        top: 8,
        left: 8,
        zIndex: 'tooltip',
        px: 2,
        py: 1,
        borderRadius: 1,
        bgcolor: 'background.paper',
        boxShadow: 3,
        // Visually hidden, but not to screen readers, until focused.
        '&:not(:focus)': {
          clip: 'rect(0 0 0 0)',
          clipPath: 'inset(50%)',
          width: '1px',
          height: '1px',
          overflow: 'hidden',
          whiteSpace: 'nowrap',
          p: 0,
        },
      }}
    >
      Skip to message box
    </Link>
  );
}
