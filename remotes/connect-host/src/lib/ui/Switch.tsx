import { useId } from 'react';

export interface SwitchProps {
  label: string;
  checked: boolean;
  onChange: (next: boolean) => void;
  disabled?: boolean;
  description?: string;
}

/** A labelled on/off switch (role="switch"); its accessible name is the visible label. */
export function Switch({ label, checked, onChange, disabled, description }: SwitchProps) {
  const id = useId();
  return (
    <div className="ch-toggle">
      <div>
        <span id={`${id}-label`}>{label}</span>
        {description && (
          <div id={`${id}-desc`} className="ch-muted">
            {description}
          </div>
        )}
      </div>
      <button
        type="button"
        role="switch"
        className="ch-switch"
        aria-checked={checked}
        aria-labelledby={`${id}-label`}
        {...(description ? { 'aria-describedby': `${id}-desc` } : {})}
        disabled={disabled}
        onClick={() => onChange(!checked)}
      />
    </div>
  );
}
