import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { useChatStore } from '../../store/useChatStore';
import { COLUMN_MAX_WIDTH, COLUMN_PADDING_X } from '../common/layout';

/** Things the user should know once: an expired session, an error from the server, storage trouble. */
export function NoticeStack() {
  const notices = useChatStore((s) => s.notices);
  const dismissNotice = useChatStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <Stack
      spacing={1}
      sx={{ px: COLUMN_PADDING_X, pt: 1, maxWidth: COLUMN_MAX_WIDTH, mx: 'auto', width: '100%' }}
    >
      {notices.map((notice) => (
        <Alert key={notice.id} severity={notice.severity} onClose={() => dismissNotice(notice.id)}>
          {notice.message}
        </Alert>
      ))}
    </Stack>
  );
}
