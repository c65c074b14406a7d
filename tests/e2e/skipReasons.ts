import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints why tests were skipped, once per distinct reason, after the run: a skip never passes silently. */
export default class SkipReasons implements Reporter {
  private readonly reasons = new Map<string, number>();

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const project = test.parent.project()?.name ?? '';
    const skips = [...test.annotations, ...result.annotations].filter((a) => a.type === 'skip');
    const reasons = new Set(skips.map((a) => `[${project}] ${a.description ?? 'no reason given'}`));
    if (reasons.size === 0) reasons.add(`[${project}] no reason given`);
    for (const key of reasons) this.reasons.set(key, (this.reasons.get(key) ?? 0) + 1);
  }

  onEnd(_result: FullResult): void {
    for (const [reason, count] of this.reasons) console.log(`  skipped ${count}: ${reason}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
