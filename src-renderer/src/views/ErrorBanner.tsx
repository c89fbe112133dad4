export function ErrorBanner({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <div className="error-banner" role="alert">
      <pre>{message}</pre>
      <button type="button" onClick={onDismiss} aria-label="Dismiss the error">
        ×
      </button>
    </div>
  );
}
