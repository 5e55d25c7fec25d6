/**
 * Date rules depend on today (in the profile's time zone, Europe/London), and the pane may stay
 * open past midnight: a DayWatch looks at the clock now and then and says when the day changed.
 * No Office, no React: a timer and a clock, both replaceable in tests.
 */
import { todayIn } from "../domain/dates";

/** How often the clock is looked at: a new day is noticed within a minute. */
export const DAY_CHECK_MS = 60_000;

export class DayWatch {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly now: () => Date,
    private readonly timeZone: string
  ) {}

  /** Today's date, `YYYY-MM-DD`. */
  today(): string {
    return todayIn(this.timeZone, this.now());
  }

  /** Calls `onTick` every `ms` milliseconds until stopped (0: never; tests call it themselves). */
  start(onTick: () => void, ms: number = DAY_CHECK_MS): void {
    this.stop();
    if (ms <= 0) return;
    this.timer = setInterval(onTick, ms);
    // In Node (tests, the CLI) a pending check must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
