import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { writeClipboard } from '../common/clipboard';
import { useChatStore } from '../../store/useChatStore';
import type { ChatState } from '../../store/types';
import { shownText } from '../../store/transcript';
import { downloadFile, fileNameFor } from '../markdown/downloadFile';
import { conversationMarkdown } from './conversationMarkdown';

type ConversationMenuProps = {
  /** The button the menu opens from; null while the menu is closed. */
  anchor: HTMLElement | null;
  onClose: () => void;
};

/** The conversation on screen as Markdown, with the file name to save it under. */
function currentConversation(state: ChatState): { markdown: string; fileName: string } {
  const sessionId = state.currentSessionId ?? '';
  const title =
    state.sessions.find((session) => session.sessionId === sessionId)?.title || 'Conversation';
  const messages = (state.order[sessionId] ?? []).flatMap((key) => {
    const message = state.messages[key];
    return message ? [{ ...message, content: shownText(message, state.streamingText) }] : [];
  });
  const markdown = conversationMarkdown({
    title,
    messages,
    hasMore: state.history[sessionId]?.hasMore ?? false,
    now: new Date(),
  });
  return { markdown, fileName: fileNameFor(title, 'conversation', 'md') };
}

/** What can be done with the whole conversation on screen; a chunk of its own, loaded on demand. */
export function ConversationMenu({ anchor, onClose }: ConversationMenuProps) {
  const empty = useChatStore((s) => (s.order[s.currentSessionId ?? '']?.length ?? 0) === 0);
  return (
    // In place rather than at the end of <body>: there it would sit outside every landmark.
    <Menu anchorEl={anchor} open={anchor !== null} onClose={onClose} disablePortal>
      <MenuItem
        disabled={empty}
        onClick={() => {
          const { markdown, fileName } = currentConversation(useChatStore.getState());
          downloadFile(new Blob([markdown], { type: 'text/markdown;charset=utf-8' }), fileName);
          onClose();
        }}
      >
        Download as Markdown
      </MenuItem>
      <MenuItem
        disabled={empty}
        onClick={() => {
          const { markdown } = currentConversation(useChatStore.getState());
          // Refused clipboard access (permissions, an insecure origin) leaves nothing to undo.
          writeClipboard({ text: markdown }).catch(() => undefined);
          onClose();
        }}
      >
        Copy as Markdown
      </MenuItem>
    </Menu>
  );
}
