import { Component, type ErrorInfo, type ReactNode } from 'react';
import { AlertTriangle, RotateCw } from 'lucide-react';
import { describeRemoteError, RemoteIncompatibleError } from './errors';

interface Props {
  /** What the user calls this part of the page: "Messages", "Connect settings". */
  label: string;
  /** Called before the boundary resets, to forget the failed load. */
  onRetry: () => void;
  /** Header-sized fallback (the AI button) instead of a page-sized one. */
  compact?: boolean;
  children: ReactNode;
}

interface State {
  error: unknown;
}

/**
 * Catches a remote that fails to load (entry 404, connection refused, timeout), throws while
 * rendering, or is incompatible; shows why and a Retry that recovers without a page reload.
 * Only the federated part of the page is replaced: the rest of the shell keeps working.
 */
export class RemoteBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`[shell] ${this.props.label} failed`, error, info.componentStack);
  }

  private retry = () => {
    this.props.onRetry();
    this.setState({ error: null });
  };

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const cause = describeRemoteError(error);
    const incompatible = error instanceof RemoteIncompatibleError;
    if (this.props.compact) {
      return (
        <button type="button" className="icon-button remote-compact-fallback" onClick={this.retry} title={`${this.props.label} is unavailable right now: ${cause}`} aria-label={`Retry ${this.props.label}`}>
          <AlertTriangle aria-hidden size={18} />
        </button>
      );
    }
    return (
      <section className="remote-fallback" role="alert" aria-live="assertive">
        <AlertTriangle aria-hidden size={28} className="remote-fallback__icon" />
        <h2>{this.props.label} is unavailable right now.</h2>
        <p>{incompatible ? 'This part of Mango Connect is not compatible with this version of Mango Biz.' : 'The rest of Mango Biz keeps working; you can try again.'}</p>
        <p className="remote-fallback__cause">Cause: {cause}</p>
        <button type="button" className="button" onClick={this.retry}>
          <RotateCw aria-hidden size={16} /> Retry
        </button>
      </section>
    );
  }
}

export function RemoteLoading({ label, compact }: { label: string; compact?: boolean }) {
  if (compact) return <span className="spinner spinner--small" role="status" aria-label={`Loading ${label}…`} />;
  return (
    <div className="remote-loading" role="status">
      <span className="spinner" aria-hidden />
      <span>Loading {label}…</span>
    </div>
  );
}
