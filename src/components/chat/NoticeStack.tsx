import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { useChatStore } from '../../store/useChatStore';

/** Things the user should know once: an expired session, an error from the server, storage trouble. */
export function NoticeStack() {
  const notices = useChatStore((s) => s.notices);
  const dismissNotice = useChatStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <Stack
      spacing={1}
      sx={{ px: { xs: 1.5, sm: 3 }, pt: 1, maxWidth: 880, mx: 'auto', width: '100%' }}
    >
      {notices.map((notice) => (
        <Alert key={notice.id} severity={notice.severity} onClose={() => dismissNotice(notice.id)}>
          {notice.message}
        </Alert>
      ))}
    </Stack>
  );
}
