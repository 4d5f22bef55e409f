import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useChatStore } from '../../store/useChatStore';
import { useTabStatus } from '../../store/useTabStatus';

/**
 * What the connection is doing, when the user needs to know: anything but open. In a tab that
 * follows another (crossTab.ts) it is that tab's connection, and a line says so.
 */
export function ConnectionBanner() {
  const connection = useChatStore((s) => s.connection);
  const follower = useTabStatus() === 'follower';
  const reconnect = useChatStore((s) => s.reconnect);
  const retry = (
    <Button color="inherit" size="small" onClick={reconnect}>
      Reconnect
    </Button>
  );

  switch (connection.kind) {
    case 'idle':
    case 'open':
      return follower ? (
        <Alert severity="info" role="status">
          This chat is connected in another tab: messages you write here are sent from there.
        </Alert>
      ) : null;
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
