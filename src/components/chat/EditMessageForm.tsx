import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import OutlinedInput from '@mui/material/OutlinedInput';
import Paper from '@mui/material/Paper';
import { useId, useState, type KeyboardEvent } from 'react';
import { MAX_CONTENT_CHARS } from '../../protocol/limits';
import { charCount } from '../../protocol/textLength';
import { useChatStore } from '../../store/useChatStore';

type EditMessageFormProps = { initial: string; onDone: (sent: boolean) => void };

/**
 * One of the user's messages, changed and sent again as a new message; the original stays
 * where it was. Nothing here touches the composer's draft.
 */
export function EditMessageForm({ initial, onDone }: EditMessageFormProps) {
  const sendMessage = useChatStore((s) => s.sendMessage);
  const [text, setText] = useState(initial);
  const helperId = useId();
  const length = charCount(text);
  const tooLong = length > MAX_CONTENT_CHARS;
  const canSend = text.trim().length > 0 && !tooLong;

  const send = () => {
    if (canSend && sendMessage(text, 'button')) onDone(true);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    } else if (event.key === 'Escape') {
      // Esc leaves the edit; it must not also stop an answer being written.
      event.stopPropagation();
      onDone(false);
    }
  };

  return (
    <Paper
      component="form"
      variant="outlined"
      aria-label="Edit your message"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
      sx={{ p: 1.5, width: { xs: '100%', sm: '75%' }, borderRadius: 3 }}
    >
      <OutlinedInput
        multiline
        fullWidth
        autoFocus
        maxRows={10}
        value={text}
        error={tooLong}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          // The caret at the end, where a change usually starts.
          const input = event.target;
          input.setSelectionRange(input.value.length, input.value.length);
        }}
        inputProps={{ 'aria-label': 'Edited message', 'aria-describedby': helperId }}
      />
      <FormHelperText id={helperId} error={tooLong}>
        {tooLong
          ? `Too long to send: ${length.toLocaleString()} / ${MAX_CONTENT_CHARS.toLocaleString()} characters`
          : 'Sent as a new message; the original stays.'}
      </FormHelperText>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, mt: 1 }}>
        <Button size="small" onClick={() => onDone(false)}>
          Cancel
        </Button>
        <Button size="small" variant="contained" type="submit" disabled={!canSend}>
          Send
        </Button>
      </Box>
    </Paper>
  );
}
