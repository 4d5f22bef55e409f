import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import ReplayIcon from '@mui/icons-material/Replay';
import IconButton from '@mui/material/IconButton';
import type { RefObject } from 'react';
import type { UiMessage } from '../../store/types';
import { useChatStore } from '../../store/useChatStore';
import { CopyButton } from '../common/CopyButton';
import { Hint } from '../common/Hint';
import { answerClipboard } from './answerClipboard';
import { returnToComposer } from './composerFocus';

export const EDIT_LABEL = 'Edit and send again';

type MessageActionsProps = {
  message: UiMessage;
  /** The rendered answer, which "Copy answer" copies as the reader sees it. */
  answer: RefObject<HTMLElement | null>;
  onEdit: () => void;
};

/** What can be done with a message: copy it; edit and resend a question; ask an answer's again. */
export function MessageActions({ message, answer, onEdit }: MessageActionsProps) {
  if (message.role === 'user') {
    return (
      <>
        <Hint title={EDIT_LABEL}>
          <IconButton size="small" color="inherit" aria-label={EDIT_LABEL} onClick={onEdit}>
            <EditOutlinedIcon fontSize="inherit" />
          </IconButton>
        </Hint>
        <CopyButton text={message.content} label="Copy message" color="inherit" />
      </>
    );
  }
  if (message.streaming) return null;
  return (
    <>
      {message.replyTo !== undefined && (
        <Hint title="Ask again">
          <IconButton
            size="small"
            aria-label="Ask again"
            onClick={() => {
              // From the store when pressed: a subscription in each of thousands of bubbles
              // cost every streamed update a check per bubble.
              if (useChatStore.getState().askAgain(message.key)) returnToComposer();
            }}
          >
            <ReplayIcon fontSize="inherit" />
          </IconButton>
        </Hint>
      )}
      <CopyButton
        label="Copy answer"
        getContent={() =>
          answer.current ? answerClipboard(answer.current) : { text: message.content }
        }
      />
    </>
  );
}
