/** A goal on one figure: on the ratio to its baseline, or on the value itself. */
export type Goal =
  | { on: 'ratio'; atMost: number }
  | { on: 'ratio'; atLeast: number }
  | { on: 'value'; atMost: number }
  | { on: 'value'; equals: number };

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** The goal this figure is held to; figures without one are context for those that have one. */
  goal?: Goal;
  /** What the baseline is, in a few words, for the JSON and the README. */
  baselineIs: string;
}

export interface FigureResult extends Figure {
  ratio: number;
  met: boolean | null;
}

export function evaluate(f: Figure): FigureResult {
  const ratio = f.baseline === 0 ? (f.value === 0 ? 1 : Infinity) : f.value / f.baseline;
  let met: boolean | null = null;
  const g = f.goal;
  if (g) {
    const x = g.on === 'ratio' ? ratio : f.value;
    if ('atMost' in g) met = x <= g.atMost;
    else if ('atLeast' in g) met = x >= g.atLeast;
    else met = x === g.equals;
  }
  return { ...f, ratio, met };
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

function describeGoal(g: Goal): string {
  const what = g.on === 'ratio' ? 'ratio' : 'value';
  if ('atMost' in g) return `${what} ≤ ${g.atMost}`;
  if ('atLeast' in g) return `${what} ≥ ${g.atLeast}`;
  return `${what} = ${g.equals}`;
}

/** `name: value unit (baseline: value, ratio: r) GOAL MET [goal]` — one line per figure. */
export function formatLine(r: FigureResult): string {
  const head = `${r.name}: ${fmt(r.value)} ${r.unit} (baseline: ${fmt(r.baseline)}, ratio: ${fmt(r.ratio)})`;
  if (r.met === null) return `${head} INFO`;
  return `${head} ${r.met ? 'GOAL MET' : 'GOAL MISSED'} [${describeGoal(r.goal!)}]`;
}
