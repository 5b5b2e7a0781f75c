/**
 * Remember what was selected from one folded moment. A `Folded` object is never changed once handed out
 * (the runner folds the next event into a new one, copying the state on write), so a selection made from
 * it stays true for as long as anyone holds it, and is forgotten with it (a WeakMap). Used where one
 * moment is read many times: the SEF under load, and the Annex A lists a data request, its GraphQL fields
 * and its downloads all share.
 */
export function perMoment<At extends object, Key, Value>(
  select: (at: At, key: Key) => Value,
): (at: At, key: Key) => Value {
  const memo = new WeakMap<At, Map<Key, Value>>();
  return (at, key) => {
    let byKey = memo.get(at);
    if (!byKey) memo.set(at, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key) as Value;
    const value = select(at, key);
    byKey.set(key, value);
    return value;
  };
}
