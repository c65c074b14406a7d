/**
 * The studio's speed while it trains the reference preset at full speed with
 * every panel showing: frames per second, training rate against the core's
 * own rate in Node on the same configuration, what keeping snapshots by
 * iteration costs that rate (against snapshots by time alone, alternated),
 * and the page's JS heap after a million iterations. Then a sweep's
 * throughput in the studio against the CLI's: the reference preset, seeds
 * 1–100, until 100%, on two workers. Prints one JSON line per figure; not a test.
 *
 *   npm run build:web && npm run bench:ui
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import { preview } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORT = 4319;
const SEED = 1;
const CORE_MS = 3000;
const FPS_MS = 5000;
const HEAP_ITERATIONS = 1_000_000;
const SWEEP_SEEDS = 100;
const SWEEP_WORKERS = 2;
/** Sweeps timed on each side, alternated; the medians are compared. */
const SWEEP_ROUNDS = 3;
/** Training-rate measurements on each side of the snapshot-plan comparison, alternated; the medians are compared. */
const PLAN_ROUNDS = 4;
const PLAN_MS = 4000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const print = (figure) => console.log(JSON.stringify(figure));

/** The core alone in Node: the reference preset trained in large chunks, after a warm-up. */
async function coreRate() {
  const core = await tsImport('../../shared/rnn/index.ts', import.meta.url);
  const config = core.resolveConfig({ ...core.REFERENCE_PRESET, iterations: 1e9, seed: SEED });
  const trainer = new core.TrainingLoop(config);
  const losses = new Float64Array(10_000);
  const run = (ms) => {
    const start = performance.now();
    let iterations = 0;
    while (performance.now() - start < ms) iterations += trainer.train(losses.length, losses);
    return (iterations / (performance.now() - start)) * 1000;
  };
  run(1000);
  return run(CORE_MS);
}

/** Seconds the CLI's sweep takes (its pool, worker threads and all), as `cli sweep` runs it. */
async function cliSweepSeconds() {
  const { sweepThroughput } = await tsImport('../../cli/commands/benchRuns.ts', import.meta.url);
  return (await sweepThroughput(SWEEP_WORKERS)).seconds;
}

/**
 * Seconds the studio's sweep takes, from the click on Start to the progress
 * bar's last run, in a fresh page (the run library starts empty), with the
 * frames the page drew meanwhile.
 */
async function studioSweepSeconds(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reference preset', exact: true }).click();
    await page.getByRole('button', { name: /^Runs \(\d+\)$/ }).click();
    await page.getByRole('button', { name: 'New sweep…', exact: true }).click();
    await page.getByLabel('Sweep seeds', { exact: true }).fill(`1-${SWEEP_SEEDS}`);
    await page.getByLabel('Sweep stop at accuracy', { exact: true }).fill('1');
    await page.getByLabel('Sweep evaluate every', { exact: true }).fill('100');
    await page.getByLabel('Sweep workers', { exact: true }).fill(String(SWEEP_WORKERS));
    await page.getByRole('dialog', { name: 'Sweep' }).getByRole('status').filter({ hasText: `${SWEEP_SEEDS} runs on ${SWEEP_WORKERS} workers` }).waitFor();
    return await page.evaluate(
      () =>
        new Promise((resolve) => {
          const start = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Start sweep');
          const t0 = performance.now();
          start.click();
          // Counting the frames drawn while the sweep runs: the page must stay responsive.
          let frames = 0;
          let last = t0;
          let longest = 0;
          const poll = (now) => {
            frames++;
            longest = Math.max(longest, now - last);
            last = now;
            const bar = document.querySelector('progress[aria-label="Sweep progress"]');
            const seconds = (performance.now() - t0) / 1000;
            if (bar && bar.max > 0 && bar.value === bar.max) resolve({ seconds, fps: frames / seconds, longestFrameMs: longest });
            else requestAnimationFrame(poll);
          };
          requestAnimationFrame(poll);
        }),
    );
  } finally {
    await context.close();
  }
}

function chromiumPath() {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** Seconds the page's main thread has spent on tasks, script, layout and style so far. */
async function mainThreadTimes(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

async function iterationOf(page) {
  return Number(await page.getByTestId('iteration').getAttribute('data-value'));
}

/** Frames drawn per second over `ms`, with the longest frame, counted in the page. */
function measureFrames(page, ms) {
  return page.evaluate(
    (duration) =>
      new Promise((resolve) => {
        let frames = 0;
        let longest = 0;
        let last = performance.now();
        const start = last;
        const tick = (now) => {
          frames++;
          longest = Math.max(longest, now - last);
          last = now;
          if (now - start < duration) requestAnimationFrame(tick);
          else resolve({ fps: (frames * 1000) / (now - start), longestFrameMs: longest });
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

/**
 * A page training the reference preset at full speed with every panel
 * showing, past its first 20 000 iterations. With `snapshotsByTime` the
 * trainer is never handed the snapshot plan (its start messages lose it on
 * the way to the worker), so snapshots follow time alone, as they did before
 * snapshots by iteration.
 */
async function trainingPage(browser, { snapshotsByTime = false } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  if (snapshotsByTime) {
    await page.addInitScript(() => {
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (message, ...rest) {
        if (message && message.type === 'start' && message.snapshots) {
          const { snapshots: _plan, ...start } = message;
          return post.call(this, start, ...rest);
        }
        return post.call(this, message, ...rest);
      };
    });
  }
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Reference preset', exact: true }).click();
  await page.getByLabel('Seed', { exact: true }).fill(String(SEED));
  await page.getByLabel('Train to iteration', { exact: true }).fill(String(HEAP_ITERATIONS * 5));
  // Every panel shows its content: the probe has operands, the charts and heatmaps draw live.
  await page.getByLabel('First number', { exact: true }).fill('3');
  await page.getByLabel('Second number', { exact: true }).fill('74');
  await page.waitForTimeout(500);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="iteration"]')?.getAttribute('data-value')) > 20_000);
  return page;
}

/** Iterations per second a training page reaches over `ms`. */
async function rateOver(page, ms) {
  const fromIteration = await iterationOf(page);
  const fromTime = performance.now();
  await page.waitForTimeout(ms);
  return ((await iterationOf(page)) - fromIteration) / ((performance.now() - fromTime) / 1000);
}

/** The training rate with snapshots by iteration against by time alone: fresh pages, alternated, medians. */
async function snapshotPlanCost(browser, median) {
  const planned = [], timed = [];
  for (let round = 0; round < PLAN_ROUNDS; round++) {
    // Alternating which side goes first, so a machine getting busier or quieter does not favour one.
    for (const byTime of round % 2 === 0 ? [false, true] : [true, false]) {
      const page = await trainingPage(browser, { snapshotsByTime: byTime });
      (byTime ? timed : planned).push(await rateOver(page, PLAN_MS));
      await page.close();
    }
  }
  const share = median(planned) / median(timed);
  print({
    figure: 'snapshots-by-iteration-rate-share',
    value: Math.round(share * 1000) / 1000,
    plannedIterationsPerSecond: Math.round(median(planned)),
    byTimeIterationsPerSecond: Math.round(median(timed)),
    rounds: PLAN_ROUNDS,
    measurement: `the studio's training rate over ${PLAN_MS / 1000} s, reference preset at full speed, fresh page each, alternated`,
    target: '>= 0.95',
    ok: share >= 0.95,
  });
}

async function main() {
  if (!existsSync(`${ROOT}dist/web/index.html`)) throw new Error('dist/web is missing: run npm run build:web first');
  const core = await coreRate();
  print({ figure: 'core-iterations-per-second', value: Math.round(core), config: 'reference preset, Node, TrainingLoop.train in chunks of 10000' });

  const server = await preview({ configFile: `${ROOT}vite.web.config.ts`, preview: { port: PORT, strictPort: true, host: '127.0.0.1' }, logLevel: 'silent' });
  const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(chromiumPath() ? { executablePath: chromiumPath() } : {}) });
  try {
    const { median } = await tsImport('../../shared/run/groups.ts', import.meta.url);
    const page = await trainingPage(browser);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await mainThreadTimes(cdp);
    const fromIteration = await iterationOf(page);
    const fromTime = performance.now();
    const frames = await measureFrames(page, FPS_MS);
    const seconds = (performance.now() - fromTime) / 1000;
    const studio = ((await iterationOf(page)) - fromIteration) / seconds;
    const after = await mainThreadTimes(cdp);
    const busy = (key) => Math.round(((after[key] - before[key]) / seconds) * 1000) / 1000;
    print({
      figure: 'frames-per-second',
      value: Math.round(frames.fps * 10) / 10,
      longestFrameMs: Math.round(frames.longestFrameMs),
      mainThreadBusyShare: { task: busy('TaskDuration'), script: busy('ScriptDuration'), layout: busy('LayoutDuration'), style: busy('RecalcStyleDuration') },
      target: '>= 55',
      ok: frames.fps >= 55,
    });
    print({
      figure: 'studio-iterations-per-second',
      value: Math.round(studio),
      share: Math.round((studio / core) * 1000) / 1000,
      coreIterationsPerSecond: Math.round(core),
      target: '>= 0.9 of core',
      ok: studio >= 0.9 * core,
    });

    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="iteration"]')?.getAttribute('data-value')) >= n, HEAP_ITERATIONS, { timeout: 300_000 });
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    const atIteration = await iterationOf(page);
    print({ figure: 'renderer-js-heap-mb', value: Math.round((used / 1024 / 1024) * 10) / 10, atIteration, target: '< 150', ok: used < 150 * 1024 * 1024 });
    await page.close();

    await snapshotPlanCost(browser, median);

    const cli = [];
    const sweeps = [];
    for (let round = 0; round < SWEEP_ROUNDS; round++) {
      cli.push(await cliSweepSeconds());
      sweeps.push(await studioSweepSeconds(browser));
    }
    const cliRate = SWEEP_SEEDS / median(cli);
    const studioRate = SWEEP_SEEDS / median(sweeps.map((s) => s.seconds));
    print({
      figure: 'studio-sweep-runs-per-second',
      value: Math.round(studioRate * 10) / 10,
      share: Math.round((studioRate / cliRate) * 1000) / 1000,
      cliRunsPerSecond: Math.round(cliRate * 10) / 10,
      sweep: `reference preset, seeds 1-${SWEEP_SEEDS}, until 100%, evaluate every 100, ${SWEEP_WORKERS} workers`,
      rounds: SWEEP_ROUNDS,
      framesPerSecondDuringSweep: Math.round(median(sweeps.map((s) => s.fps)) * 10) / 10,
      longestFrameMs: Math.round(Math.max(...sweeps.map((s) => s.longestFrameMs))),
      target: '>= 0.9 of the CLI',
      ok: studioRate >= 0.9 * cliRate,
    });
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
