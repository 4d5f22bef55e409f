import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { CopyButton } from '../common/CopyButton';

type MessageErrorBoundaryProps = {
  /** The message's text: shown plain if rendering fails; a new text is tried again. */
  text: string;
  children: ReactNode;
};

type MessageErrorBoundaryState = { failed: boolean };

/**
 * Keeps a message that cannot be rendered from taking the app down: it falls back to the
 * plain text with a copy button. Content comes from the network and is never trusted to
 * render; one bad answer costs its own formatting, nothing else.
 */
export class MessageErrorBoundary extends Component<
  MessageErrorBoundaryProps,
  MessageErrorBoundaryState
> {
  state: MessageErrorBoundaryState = { failed: false };

  static getDerivedStateFromError(): MessageErrorBoundaryState {
    return { failed: true };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.warn(
      'A message could not be rendered and is shown as plain text:',
      error.message,
      info.componentStack?.slice(0, 500),
    );
  }

  componentDidUpdate(previous: MessageErrorBoundaryProps) {
    // A streamed message that failed gets another try once its text has changed.
    if (this.state.failed && previous.text !== this.props.text) this.setState({ failed: false });
  }

  render() {
    const { text, children } = this.props;
    if (!this.state.failed) return children;
    return (
      <Box>
        <Typography
          variant="caption"
          sx={{ display: 'flex', alignItems: 'center', color: 'text.secondary' }}
        >
          This message could not be formatted, so it is shown as plain text.
          <CopyButton text={text} label="Copy message text" />
        </Typography>
        <Box
          component="pre"
          sx={{
            m: 0,
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            fontFamily: 'inherit',
            maxHeight: '60vh',
            overflowY: 'auto',
          }}
        >
          {text}
        </Box>
      </Box>
    );
  }
}
