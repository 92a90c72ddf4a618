// The shell's benchmark hook, as the pages under test expose it (shell/src/app/bench-hook.ts).
import type { MangoBenchHook } from '../../shell/src/app/bench-hook';

declare global {
  interface Window {
    __mangoBench?: MangoBenchHook;
  }
}
export {};
