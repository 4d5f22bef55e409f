import CloseIcon from '@mui/icons-material/Close';
import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import OutlinedInput from '@mui/material/OutlinedInput';
import type { KeyboardEvent, RefObject } from 'react';

type SessionSearchProps = {
  query: string;
  onQueryChange: (query: string) => void;
  /** The field, for the list to focus after it clears the search itself. */
  inputRef: RefObject<HTMLInputElement | null>;
};

/** The search field above the conversations. Escape empties it (a second one closes a phone's drawer). */
export function SessionSearch({ query, onQueryChange, inputRef }: SessionSearchProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || query === '') return;
    // Kept from the phone's slide-over, which would close on it: this Escape empties the
    // field, the next one closes the drawer.
    event.stopPropagation();
    event.preventDefault();
    onQueryChange('');
  };
  const clear = () => {
    onQueryChange('');
    // The button goes away; the field is where the user goes on from.
    inputRef.current?.focus();
  };

  return (
    <Box role="search" sx={{ px: 1.5, pb: 1 }}>
      {/* OutlinedInput, not TextField: TextField's Select would put the menu code in the
          first download (as in ChatInput). */}
      <OutlinedInput
        fullWidth
        size="small"
        type="search"
        placeholder="Search conversations"
        value={query}
        inputRef={inputRef}
        onChange={(event) => onQueryChange(event.target.value)}
        onKeyDown={onKeyDown}
        startAdornment={
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        }
        endAdornment={
          query && (
            <InputAdornment position="end">
              <IconButton edge="end" size="small" aria-label="Clear search" onClick={clear}>
                <CloseIcon fontSize="small" />
              </IconButton>
            </InputAdornment>
          )
        }
        slotProps={{ input: { 'aria-label': 'Search conversations' } }}
        sx={{
          borderRadius: 2,
          // The browser's own clear button would stand beside ours.
          '& input::-webkit-search-cancel-button': { display: 'none' },
        }}
      />
    </Box>
  );
}
