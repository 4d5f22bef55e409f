import SendIcon from '@mui/icons-material/Send';
import Box from '@mui/material/Box';
import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import OutlinedInput from '@mui/material/OutlinedInput';
import { useId, type KeyboardEvent } from 'react';
import { MAX_CONTENT_CHARS } from '../../protocol/limits';
import { charCount } from '../../protocol/textLength';
import { useChatStore } from '../../store/useChatStore';
import { preloadAnswerRenderers } from '../markdown/preloadAnswerRenderers';
import { COMPOSER_ID } from './composerFocus';

// Show the counter only when it starts to matter.
const COUNTER_FROM = MAX_CONTENT_CHARS - 1000;

/** Enter sends, Shift+Enter breaks the line. The draft lives in the store, so it survives reloads. */
export function ChatInput() {
  const draftKey = useChatStore((s) => s.currentSessionId ?? '');
  const draft = useChatStore((s) => s.drafts[draftKey] ?? '');
  const setDraft = useChatStore((s) => s.setDraft);
  const sendMessage = useChatStore((s) => s.sendMessage);
  const length = charCount(draft);
  const tooLong = length > MAX_CONTENT_CHARS;
  const canSend = draft.trim().length > 0 && !tooLong;
  const counterId = useId();
  const counter =
    length > COUNTER_FROM
      ? `${tooLong ? 'Too long to send: ' : ''}${length.toLocaleString()} / ${MAX_CONTENT_CHARS.toLocaleString()} characters`
      : undefined;

  const send = () => {
    if (!canSend) return;
    if (sendMessage(draft)) setDraft(draftKey, '');
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // An IME composition uses Enter to pick a candidate; that must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <Box
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
      sx={{ display: 'flex', alignItems: 'flex-end', gap: 1 }}
    >
      {/* TextField's parts without its Select, which would put the menu code in the first download. */}
      <FormControl fullWidth error={tooLong}>
        <OutlinedInput
          multiline
          maxRows={8}
          placeholder="Ask about your cloud costs…"
          value={draft}
          onChange={(event) => setDraft(draftKey, event.target.value)}
          onKeyDown={onKeyDown}
          // A question is being written: its answer's renderers can load meanwhile.
          onFocus={preloadAnswerRenderers}
          inputProps={{
            id: COMPOSER_ID,
            'aria-label': 'Message',
            'aria-describedby': counter && counterId,
          }}
          sx={{ borderRadius: 3, bgcolor: 'background.paper' }}
        />
        {counter && <FormHelperText id={counterId}>{counter}</FormHelperText>}
      </FormControl>
      <IconButton
        type="submit"
        color="primary"
        aria-label="Send"
        disabled={!canSend}
        sx={{ mb: counter ? 3 : 0.5 }}
      >
        <SendIcon />
      </IconButton>
    </Box>
  );
}
