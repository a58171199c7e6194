/** Export captures as a JSON file, import one back, clear them, and choose which ones the list shows. */
import { useRef } from 'react';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { captureFileText, parseCaptureFile } from './capture-file.js';
import type { CaptureFilter } from './CaptureList.js';

export interface CaptureToolbarProps {
  readonly messages: readonly PeekedMessage[];
  readonly filter: CaptureFilter;
  readonly onFilter: (filter: CaptureFilter) => void;
  readonly onImport: (messages: readonly PeekedMessage[], fileName: string) => void;
  readonly onImportError: (error: string) => void;
  readonly onClear: () => void;
}

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CaptureToolbar({ messages, filter, onFilter, onImport, onImportError, onClear }: CaptureToolbarProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <div className="toolbar">
      <label>
        Show{' '}
        <select value={filter} onChange={(event) => onFilter(event.target.value as CaptureFilter)}>
          <option value="all">all</option>
          <option value="match">matching</option>
          <option value="miss">not matching</option>
        </select>
      </label>
      <span className="spacer" />
      <button
        type="button"
        disabled={messages.length === 0}
        onClick={() => download(captureFileText(messages), `captures-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)}
      >
        Export
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        Import…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        aria-label="Import captures"
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file === undefined) return;
          file.text().then(
            (text) => {
              const read = parseCaptureFile(text);
              if (read.ok) onImport(read.messages, file.name);
              else onImportError(`${file.name}: ${read.error}`);
            },
            (error: unknown) => onImportError(`${file.name}: ${String(error)}`),
          );
        }}
      />
      <button type="button" disabled={messages.length === 0} onClick={onClear}>
        Clear
      </button>
    </div>
  );
}
