/**
 * The event-subscriber form: one input per attribute of spec §6, each reading and writing that
 * attribute of the JSON pattern (see `event-form.ts`). A field keeps what the user types while it
 * has focus, so `"2"` does not turn into `2` under the cursor. With contracts (`--contracts`), the
 * form can start from one: its name, version and domain written into the pattern.
 */
import { useState } from 'react';
import type { ContractSummary } from '../../shared/contract-label.js';
import { EVENT_FIELDS, TOO_DEEP, readEventForm, writeContractPattern, writeEventField, type EventField } from './event-form.js';

function FieldInput({ field, value, disabled, onWrite }: { readonly field: EventField; readonly value: string; readonly disabled: boolean; readonly onWrite: (text: string) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const id = `event-field-${field.name}`;
  return (
    <div className="form-field">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder={field.placeholder}
        disabled={disabled}
        value={draft ?? value}
        onFocus={() => setDraft(value)}
        onBlur={() => setDraft(null)}
        onChange={(event) => {
          setDraft(event.target.value);
          onWrite(event.target.value);
        }}
      />
    </div>
  );
}

export interface EventSubscriberFormProps {
  readonly text: string;
  readonly onChange: (text: string) => void;
  /** The contracts the inspector was started with, offered as starting points. @defaultValue none */
  readonly contracts?: readonly ContractSummary[] | undefined;
}

function ContractPicker({ contracts, onPick }: { readonly contracts: readonly ContractSummary[]; readonly onPick: (contract: ContractSummary) => void }) {
  return (
    <div className="form-field">
      <label htmlFor="event-form-contract">start from a contract</label>
      <select
        id="event-form-contract"
        value=""
        onChange={(event) => {
          const picked = contracts.find((contract) => contract.id === event.target.value);
          if (picked !== undefined) onPick(picked);
        }}
      >
        <option value="">choose…</option>
        {contracts.map((contract) => (
          <option key={contract.id} value={contract.id}>
            pattern for {contract.id}
            {contract.domain === undefined ? '' : ` (${contract.domain})`}
          </option>
        ))}
      </select>
    </div>
  );
}

export function EventSubscriberForm({ text, onChange, contracts }: EventSubscriberFormProps) {
  const view = readEventForm(text);
  const tooDeep = view.ok && [...view.values.values()].includes(TOO_DEEP);
  return (
    <fieldset className="event-form">
      <legend>Event attributes</legend>
      {contracts !== undefined && contracts.length > 0 && <ContractPicker contracts={contracts} onPick={(contract) => onChange(writeContractPattern(text, contract))} />}
      {!view.ok && <p className="muted form-note">{view.reason}</p>}
      {tooDeep && <p className="muted form-note">Part of this pattern is nested too deeply for the form: edit it in the JSON editor.</p>}
      <div className="form-grid">
        {EVENT_FIELDS.map((field) => (
          <FieldInput
            key={field.name}
            field={field}
            value={view.ok ? (view.values.get(field.name) ?? '') : ''}
            disabled={!view.ok || tooDeep}
            onWrite={(value) => {
              const next = writeEventField(text, field, value);
              if (next !== undefined) onChange(next);
            }}
          />
        ))}
      </div>
    </fieldset>
  );
}
