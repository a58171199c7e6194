/**
 * How many times a message was received — and so how close peeking has brought it to its
 * dead-letter queue: "receive count 2 of 3". Both numbers come from SQS or an imported capture
 * file, so neither is trusted: a count that is not a whole number from 0 up (NaN, -1, 1e20, 2.5)
 * is shown as invalid rather than compared, since "receive count NaN of 3" under no warning would
 * hide a message at its limit; a maxReceiveCount that is not a whole number from 1 up is named
 * invalid and nothing is compared against it.
 */

/** A receive count SQS could report: a whole number, 0 or more. */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A maxReceiveCount SQS could hold: a whole number, 1 or more. */
function isLimit(value: unknown): value is number {
  return isCount(value) && value >= 1;
}

function raw(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}

/** What is wrong with `max`, as a note to append: empty when it is a limit or absent. */
function limitNote(max: number | undefined): string {
  return max === undefined || isLimit(max) ? '' : ` (invalid maxReceiveCount ${raw(max)})`;
}

/**
 * The receive count as one short cell of a list row: `×2`, `2/3` against a maxReceiveCount, `×?`
 * when the count is invalid; `title` says it in words.
 */
export function receiveCountBrief(count: number, max: number | undefined): { readonly text: string; readonly title: string } {
  if (!isCount(count)) return { text: '×?', title: `invalid receive count ${raw(count)}${limitNote(max)}` };
  if (max === undefined || !isLimit(max)) return { text: `×${count}`, title: `receive count${limitNote(max)}` };
  return { text: `${count}/${max}`, title: `receive count of maxReceiveCount ${max}` };
}

export interface ReceiveCountProps {
  readonly count: number;
  /** The queue's maxReceiveCount; `undefined` when it has no redrive policy. */
  readonly max: number | undefined;
}

/** "receive count 2 of 3", in the warning colour one receive before the limit and in danger at it. */
export function ReceiveCount({ count, max }: ReceiveCountProps) {
  if (!isCount(count)) return <span className="danger">{`invalid receive count (${raw(count)})${limitNote(max)}`}</span>;
  if (max === undefined || !isLimit(max)) return <span>{`receive count ${count}${limitNote(max)}`}</span>;
  const atLimit = count >= max;
  return (
    <span className={atLimit ? 'danger' : count >= max - 1 ? 'warning' : undefined}>
      receive count {count} of {max}
      {atLimit && ' — the next receive moves it to the dead-letter queue'}
    </span>
  );
}
