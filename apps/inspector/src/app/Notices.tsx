/** The latest outcome of an action: a success in a status region, a failure in an alert. */
export interface Notice {
  readonly tone: 'info' | 'error';
  readonly text: string;
}

export function NoticeBar({ notice, onDismiss }: { readonly notice: Notice | undefined; readonly onDismiss: () => void }) {
  if (notice === undefined) return <div role="status" className="notice-bar empty" />;
  return (
    <div role={notice.tone === 'error' ? 'alert' : 'status'} className={`notice-bar notice-${notice.tone}`}>
      <span>{notice.text}</span>
      <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
