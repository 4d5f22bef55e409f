// Records keyed by ids that come from the network or from storage: session ids, message keys.
//
// Why: an id is data, never a property name. In a plain object, `order['constructor']` is
// Object's constructor and `messages['__proto__'] = m` replaces the prototype instead of
// storing `m`, so a server (or a stored value) that names a session `__proto__` breaks the
// conversation. The store's id-keyed records have no prototype, and a copy made with a spread
// (`{ ...record }`) would have one again: copies are made here.

/** A copy of `from` (or an empty record) without a prototype. */
export function idRecord<T>(from?: Readonly<Record<string, T>>): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  if (from) for (const key of Object.keys(from)) record[key] = from[key] as T;
  return record;
}

/** A copy of `from` with `key` set to `value`. */
export function withEntry<T>(
  from: Readonly<Record<string, T>>,
  key: string,
  value: NoInfer<T>,
): Record<string, T> {
  const record = idRecord(from);
  record[key] = value;
  return record;
}

/** A copy of `from` without `key`. */
export function withoutEntry<T>(from: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const record = idRecord(from);
  delete record[key];
  return record;
}
