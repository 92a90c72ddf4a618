export interface ProgressBarProps {
  label: string;
  done: number;
  total: number;
}

/** Percentage of `done` out of `total`, clamped to 0–100; an empty total counts as finished. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}

export function ProgressBar({ label, done, total }: ProgressBarProps) {
  const percent = percentOf(done, total);
  return (
    <div className="ch-row">
      <div
        className="ch-progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${done} of ${total}`}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <span className="ch-muted">
        {label}: {done} of {total}
      </span>
    </div>
  );
}
