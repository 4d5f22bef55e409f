import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useChatStore } from '../../store/useChatStore';

/** What the connection is doing, when the user needs to know: anything but open. */
export function ConnectionBanner() {
  const connection = useChatStore((s) => s.connection);
  const reconnect = useChatStore((s) => s.reconnect);
  const retry = (
    <Button color="inherit" size="small" onClick={reconnect}>
      Reconnect
    </Button>
  );

  switch (connection.kind) {
    case 'idle':
    case 'open':
      return null;
    case 'connecting':
      return <Alert severity="info">Connecting…</Alert>;
    case 'reconnecting':
      return (
        <Alert severity="warning">
          Connection lost. Reconnecting (attempt {connection.attempt} of {connection.maxAttempts})…
          Messages you write are kept and sent when it is back.
        </Alert>
      );
    case 'offline':
      return (
        <Alert severity="error" action={retry}>
          {connection.reason === 'browser_offline'
            ? 'You are offline. Messages you write are kept and sent when the connection is back.'
            : 'Cannot reach the assistant. Messages you write are kept.'}
        </Alert>
      );
    case 'closed_by_server':
      return (
        <Alert severity="error" action={retry}>
          The server closed the connection{connection.reason ? `: ${connection.reason}` : '.'}
        </Alert>
      );
  }
}
