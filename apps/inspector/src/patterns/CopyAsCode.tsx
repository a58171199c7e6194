/** "Copy as code": the pattern as a TypeScript subscriber for `@sqs-mega/node`, shown and copied. */
import { useState } from 'react';

export function CopyAsCode({ code, onClose }: { readonly code: string; readonly onClose: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  return (
    <section className="code-panel" aria-label="Subscriber code">
      <div className="toolbar">
        <strong>TypeScript subscriber for @sqs-mega/node</strong>
        <span className="spacer" />
        <button
          type="button"
          onClick={() => {
            navigator.clipboard.writeText(code).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            );
          }}
        >
          Copy to clipboard
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'The browser refused the clipboard: select the code and copy it.' : ''}
      </p>
      <pre className="code" aria-label="Subscriber code (TypeScript)">
        {code}
      </pre>
    </section>
  );
}
