export interface Throttled {
  (): void;
  /** drops a pending trailing call */
  cancel(): void;
}

/**
 * Calls `fn` at once, then at most once per `ms`: calls made meanwhile collapse into one
 * trailing call at the end of the window, so the last call is never lost.
 */
export function throttle(fn: () => void, ms: number): Throttled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return throttled;
}
