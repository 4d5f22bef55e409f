import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';

type PreferenceSelectProps<V extends string> = {
  label: string;
  value: V;
  /** Value to label, in the order shown. */
  options: Record<V, string>;
  onChange: (value: V) => void;
};

export function PreferenceSelect<V extends string>({
  label,
  value,
  options,
  onChange,
}: PreferenceSelectProps<V>) {
  return (
    <TextField
      select
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value as V)}
    >
      {(Object.entries(options) as [V, string][]).map(([option, text]) => (
        <MenuItem key={option} value={option}>
          {text}
        </MenuItem>
      ))}
    </TextField>
  );
}
