/**
 * Badges saying what a body is: MEGA event / data / plaintext / binary, JSON or BSON, SNS-wrapped;
 * and, with `--contracts`, the contract a MEGA event keeps or breaks.
 */
import type { DecodedBody } from '@sqs-mega/core';
import type { ContractLabel } from '../../shared/contract-label.js';
import { escapeBidiControls } from './visible-text.js';

const KIND_LABELS: Record<DecodedBody['kind'], string> = {
  mega: 'MEGA event',
  data: 'data',
  plaintext: 'plaintext',
  binary: 'binary',
};

/** The label of a body's kind, as the badges write it. */
export function kindLabel(decoded: DecodedBody): string {
  return KIND_LABELS[decoded.kind];
}

export function KindBadges({ decoded }: { readonly decoded: DecodedBody }) {
  const encoding = decoded.kind === 'mega' || decoded.kind === 'data' ? decoded.encoding : undefined;
  const invalidMega = decoded.kind === 'data' && decoded.megaErrors !== undefined;
  return (
    <span className="badges">
      <span className={`badge badge-${decoded.kind}`}>{KIND_LABELS[decoded.kind]}</span>
      {encoding !== undefined && <span className={`badge badge-${encoding}`}>{encoding.toUpperCase()}</span>}
      {decoded.sns !== undefined && (
        <span className="badge badge-sns" title={escapeBidiControls(`SNS ${decoded.sns.type} from ${decoded.sns.topicArn}`)}>
          SNS
        </span>
      )}
      {invalidMega && (
        <span className="badge badge-warning" title="Carries the MEGA header but breaks its rules">
          invalid MEGA
        </span>
      )}
    </span>
  );
}

/** The contract badge: `✓ name@version`, `✗ name@version` (a violation), `no contract`, or nothing for a body that is no MEGA event. */
export function ContractBadge({ label }: { readonly label: ContractLabel | undefined }) {
  if (label === undefined || label.kind === 'not-mega') return null;
  if (label.kind === 'none') {
    return (
      <span className="badge badge-contract-none" title="No contract claims this event">
        no contract
      </span>
    );
  }
  const valid = label.kind === 'valid';
  const contract = escapeBidiControls(label.contract);
  return (
    <span
      className={`badge badge-contract-${label.kind}`}
      title={valid ? `Keeps its contract ${contract}` : `Breaks its contract ${contract}: ${label.issues.length} issue${label.issues.length === 1 ? '' : 's'}`}
    >
      {valid ? '✓' : '✗'} {contract}
    </span>
  );
}
