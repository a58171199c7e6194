/**
 * How many times a message was received — and so how close peeking has brought it to its
 * dead-letter queue: "receive count 2 of 3".
 */
export function ReceiveCount({ count, max }: { readonly count: number; readonly max: number | undefined }) {
  if (max === undefined) return <span>receive count {count}</span>;
  const atLimit = count >= max;
  return (
    <span className={atLimit ? 'danger' : count >= max - 1 ? 'warning' : undefined}>
      receive count {count} of {max}
      {atLimit && ' — the next receive moves it to the dead-letter queue'}
    </span>
  );
}
