/**
 * Drives the studio's built desktop app under the stand-in Electron as a
 * person and their windows would: loads the built main process, lets the app
 * become ready, serves each window's page through the app's own app://
 * handler, runs the built preload as a sandboxed renderer, and then works the
 * page's `window.studio` API: settings, runs, checkpoints, saving, opening,
 * exporting, training in the forked trainer and in a sweep's pool, a trainer
 * crash, a second launch, the menu, closing with unsaved work, and quitting.
 * Every step checks what it expects and throws with what it saw instead.
 *
 * `start` drives what `npm start` must reach (a window, its page, a trained
 * run, a quit); `full` drives everything.
 */

import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REFERENCE_PRESET, type TrainConfig } from '../../shared/rnn/config';
import type { StudioApi, TrainerConnection } from '../../shared/api/studioApi';
import { parseModelFile, serializeModel } from '../../shared/model-file/modelFile';
import type { Model } from '../../shared/model-file/model';
import type { FromTrainer, Port } from '../../shared/trainer/contract';
import { TrainerService } from '../../shared/trainer/trainerService';
import { RunRecorder } from '../../shared/run/runRecorder';
import { entryFromRecorder, serializeRunEntry } from '../../shared/run/library/runEntry';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/services/rendererFiles';
import { UNSAVED_BUTTONS } from '../../electron/main/services/unsavedChanges';
import * as electron from './electron/main';
import { runPreload, SANDBOX_MODULES, type Page } from './electron/renderer';
import { world } from './electron/world';

export type Drive = 'start' | 'full';

export interface DriveOptions {
  /** The app's folder: package.json and the built out/ (or a packed app.asar's contents). */
  app: string;
  drive: Drive;
  /** Run as a packaged app (app.isPackaged, no defaultApp) rather than as `electron .`. */
  packaged?: boolean;
  /** Progress lines. */
  say?: (line: string) => void;
}

export interface DriveReport {
  steps: string[];
  served: string[];
  channels: Record<string, number>;
  forked: string[];
  runsTrained: string[];
  windowsOpened: number;
  windowsClosed: number;
  dialogs: string[];
}

const STEP_TIMEOUT_MS = 30_000;
const ANSWER = Object.fromEntries(UNSAVED_BUTTONS.map((button, i) => [button.choice, i])) as Record<'save' | 'discard' | 'cancel', number>;

/** Waits until `ready()` holds, polling; fails naming what it waited for. */
async function until(ready: () => boolean, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)))]).finally(() => clearTimeout(timer));
}

/** A trainer connection's messages, with a way to wait for the next that passes a test. */
class Inbox {
  readonly messages: FromTrainer[] = [];
  private waiters: { test: (m: FromTrainer) => boolean; resolve: (m: FromTrainer) => void }[] = [];

  constructor(connection: { onMessage(handler: (m: FromTrainer) => void): unknown }) {
    connection.onMessage((message) => {
      this.messages.push(message);
      this.waiters = this.waiters.filter((waiter) => !(waiter.test(message) && (waiter.resolve(message), true)));
    });
  }

  next(test: (m: FromTrainer) => boolean, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<FromTrainer> {
    const already = this.messages.find(test);
    if (already) return Promise.resolve(already);
    return withTimeout(new Promise((resolve) => this.waiters.push({ test, resolve })), `${what} (messages so far: ${this.messages.map((m) => m.type).join(', ') || 'none'})`);
  }
}

const weightsOf = (m: FromTrainer) => (m.type === 'snapshot' ? m.weights : null);

/** The same run trained by the shared trainer service in this process: what the desktop's forked trainer must match bit for bit. */
async function trainInProcess(config: TrainConfig): Promise<FromTrainer[]> {
  const messages: FromTrainer[] = [];
  let deliver: (message: unknown) => void = () => {};
  const port: Port = { post: (message) => void messages.push(structuredClone(message)), onMessage: (handler) => void (deliver = handler) };
  const service = new TrainerService(port);
  deliver({ type: 'start', config });
  await until(() => messages.some((m) => m.type === 'finished' || m.type === 'error'), 'the in-process run to finish');
  deliver({ type: 'snapshot' });
  await until(() => messages.filter((m) => m.type === 'snapshot').length > 0 && messages.at(-1)?.type === 'snapshot', 'the in-process final snapshot');
  service.dispose();
  return messages;
}

export class DesktopDrive {
  readonly report: DriveReport = { steps: [], served: [], channels: {}, forked: [], runsTrained: [], windowsOpened: 0, windowsClosed: 0, dialogs: [] };
  private readonly root: string;
  private readonly temp = mkdtempSync(join(tmpdir(), 'rnn-desktop-'));
  private readonly userData = join(this.temp, 'user-data');
  private readonly documents = join(this.temp, 'documents');
  private readonly pages = new Map<electron.StandInBrowserWindow, Page>();
  private readonly pageUrls = new Map<electron.StandInBrowserWindow, string>();
  private readonly say: (line: string) => void;
  private renderer = '';
  /** The model file the launch's command line names. */
  private launched = '';

  constructor(private readonly options: DriveOptions) {
    this.root = resolve(options.app);
    this.say = options.say ?? (() => {});
  }

  async run(): Promise<DriveReport> {
    try {
      await this.step('load the built main process', () => this.loadMain());
      await this.step('the first window: secure preferences, its page served through app://, its preload sandboxed', () => this.firstWindow());
      if (this.options.drive === 'full') {
        await this.step('the model named at launch (a file: URL) opens in the first window', () => this.launchedFile());
        await this.step('settings are saved and load again', () => this.settings());
      }
      const model = await this.step('a run trains to its end in the forked trainer, bit for bit the in-process run', () => this.trainedRun());
      if (this.options.drive === 'full') {
        await this.step('the run is kept in the run library, listed and deleted', () => this.runLibrary(model.recorder));
        await this.step('a checkpoint is saved, loads again and is cleared', () => this.checkpoints(model.model));
        const saved = await this.step('Save writes the model where the dialog says, and it opens again by dialog and by path', () => this.saveAndOpen(model.model));
        await this.step('every export format is written where the dialog says', () => this.exports(model.model));
        await this.step('a sweep pool of two trainer processes trains a run on each, and a slot ends when its connection closes', () => this.pool());
        await this.step('a trainer killed from outside is reported to the page as a crash', () => this.crash());
        await this.step('a second launch naming a file (a file: URL) opens it', () => this.secondLaunch(saved));
        await this.step('File › New Window opens a second window with its own page', () => this.newWindow());
        await this.step('closing with unsaved work asks Save / Don\u2019t Save / Cancel, and does what was answered', () => this.closeWithUnsavedWork());
      }
      await this.step('Quit closes every window, ends every trainer process and quits', () => this.quit());
      assert.deepEqual(world.gaps, [], `the app used parts of Electron the stand-in does not model: ${world.gaps.join(', ')}`);
      assert.deepEqual(world.log.dropped, [], `messages were sent to pages that had not loaded: ${world.log.dropped.join('; ')}`);
      return this.finalReport();
    } catch (error) {
      const log = join(this.userData, 'logs', 'main.log');
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-30).join('\n') : '(no main.log)';
      throw new Error(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n--- the main process's log (last lines) ---\n${tail}`);
    } finally {
      for (const child of electron.utilityProcesses) if (child.running) child.crash();
      rmSync(this.temp, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
  }

  private async step<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const result = await work();
      this.report.steps.push(`${name} (${Date.now() - started} ms)`);
      this.say(`ok   ${name}`);
      return result;
    } catch (error) {
      this.say(`FAIL ${name}`);
      // A use of Electron the stand-in does not model is the first thing to know: what failed after it may only follow from it.
      const gaps = world.gaps.length > 0 ? ` (before this, the app used parts of Electron the stand-in does not model: ${world.gaps.join(', ')})` : '';
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}${gaps}`, { cause: error });
    }
  }

  private finalReport(): DriveReport {
    const channels: Record<string, number> = {};
    for (const channel of world.log.channels) channels[channel] = (channels[channel] ?? 0) + 1;
    return {
      ...this.report,
      served: world.log.served,
      channels,
      forked: world.log.forked,
      windowsOpened: world.log.windowsOpened.length,
      windowsClosed: world.log.windowsClosed.length,
      dialogs: world.log.dialogs,
    };
  }

  // ------------------------------------------------------------ steps

  private async loadMain(): Promise<void> {
    const pkg = JSON.parse(readFileSync(join(this.root, 'package.json'), 'utf8')) as { main?: string };
    assert.ok(pkg.main, 'package.json names no main file');
    const main = join(this.root, pkg.main);
    assert.ok(existsSync(main), `package.json's main ${pkg.main} does not exist (build first)`);
    this.renderer = join(this.root, 'out/renderer');
    process.env.RNN_STUDIO_USER_DATA = this.userData;
    delete process.env.ELECTRON_RENDERER_URL;
    electron.app.setPath('documents', this.documents);
    electron.app.setPath('temp', tmpdir());
    electron.app.isPackaged = this.options.packaged === true;
    (process as { defaultApp?: boolean }).defaultApp = this.options.packaged ? undefined : true;
    (process.versions as Record<string, string>).electron = '45 (stand-in)';
    if (this.options.drive === 'full') {
      this.launched = join(this.documents, 'launched model.rnnmodel');
      await import('node:fs/promises').then((fs) => fs.mkdir(this.documents, { recursive: true }));
      writeFileSync(this.launched, serializeModel(launchModel()));
      process.argv = [process.execPath, ...(this.options.packaged ? [] : [this.root]), pathToFileURL(this.launched).href];
    } else {
      process.argv = [process.execPath, ...(this.options.packaged ? [] : [this.root])];
    }
    electron.setPageHost({
      load: (window, url) => this.loadPage(window, url),
      deliver: (window, channel, args, ports) => {
        const page = this.pages.get(window);
        if (!page) throw new Error(`a message on ${channel} for a window whose page never loaded`);
        page.deliver(channel, args, ports);
      },
    });
    try {
      await import(pathToFileURL(main).href);
    } catch (error) {
      throw new Error(`the built main process ${relative(this.root, main)} did not load: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    electron.app.becomeReady();
  }

  /** Serves the page and everything it loads through the app's protocol handler, then runs the preload. */
  private async loadPage(window: electron.StandInBrowserWindow, url: string): Promise<void> {
    assert.equal(url, 'app://studio/index.html', `the window loads ${url}, not the built page through app://`);
    const html = await this.fetchOk(url, 'text/html');
    const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((ref) => !/^(data|blob):/.test(ref));
    assert.ok(referenced.some((ref) => ref.endsWith('.js')) && referenced.some((ref) => ref.endsWith('.css')), `the page names no script or no style sheet: ${referenced.join(', ')}`);
    const seen = new Set<string>();
    const queue = referenced.map((ref) => new URL(ref, url).href);
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      const text = await this.fetchOk(next, next.endsWith('.css') ? 'text/css' : next.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
      // Workers, chunks and WebAssembly the scripts load by URL, relative to the script (new URL(…, import.meta.url), import("./…")) or to the page.
      if (next.endsWith('.js')) {
        for (const m of text.matchAll(/new URL\(\s*["'`]([^"'`]+\.(?:js|wasm))["'`]\s*,\s*import\.meta\.url/g)) queue.push(new URL(m[1]!, next).href);
        for (const m of text.matchAll(/(?:import\(|from)\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) queue.push(new URL(m[1]!, next).href);
        for (const m of text.matchAll(/["'`](\/assets\/[\w.-]+\.(?:js|wasm|css))["'`]/g)) queue.push(new URL(m[1]!, url).href);
      }
    }
    this.report.served = [...seen];
    const preload = window.options.webPreferences?.preload;
    assert.ok(preload && existsSync(preload), `the window's preload ${preload} does not exist`);
    this.pageUrls.set(window, url);
    this.pages.set(window, runPreload(window, preload, url));
  }

  private async fetchOk(url: string, type: string): Promise<string> {
    const response = await electron.fetchThroughProtocol(url);
    assert.equal(response.status, 200, `${url} was answered ${response.status}`);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, `${url} came without the Content-Security-Policy`);
    assert.ok(response.headers.get('content-type')?.startsWith(type), `${url} came as ${response.headers.get('content-type')}, not ${type}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const file = join(this.renderer, decodeURIComponent(new URL(url).pathname));
    assert.deepEqual(Buffer.from(bytes), readFileSync(file), `${url} is not the bytes of ${relative(this.root, file)}`);
    if (type === 'application/wasm') assert.ok(WebAssembly.validate(bytes), `${url} is not valid WebAssembly`);
    return new TextDecoder().decode(bytes);
  }

  private windowAt(index: number): electron.StandInBrowserWindow {
    const window = electron.BrowserWindow.getAllWindows()[index];
    assert.ok(window, `there is no window ${index + 1}`);
    return window;
  }

  private studio(window: electron.StandInBrowserWindow): StudioApi {
    const studio = this.pages.get(window)?.mainWorld.studio as StudioApi | undefined;
    assert.ok(studio, `window ${window.webContents.id}'s page has no window.studio`);
    return studio;
  }

  private async firstWindow(): Promise<void> {
    // The stand-in refuses a registration after ready, as Electron does.
    const scheme = electron.registeredSchemes.find((s) => s.scheme === 'app');
    assert.ok(scheme?.privileges?.standard && scheme.privileges.secure, 'app:// was not registered as a standard, secure scheme before ready');
    await until(() => electron.BrowserWindow.getAllWindows().length > 0, 'the app to open a window');
    const window = this.windowAt(0);
    const prefs = window.options.webPreferences ?? {};
    for (const [key, value] of Object.entries({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false })) {
      assert.equal(prefs[key as keyof typeof prefs], value, `webPreferences.${key} is ${String(prefs[key as keyof typeof prefs])}, not ${String(value)}`);
    }
    assert.equal(window.options.show, false, 'the window is shown before its page is ready');
    await until(() => window.webContents.loaded, 'the first page to load');
    assert.ok(window.isVisible(), 'the window was not shown once its page was ready');
    const page = this.pages.get(window)!;
    assert.deepEqual(Object.keys(page.mainWorld), ['studio'], `the preload exposed ${Object.keys(page.mainWorld).join(', ')}, not exactly window.studio`);
    const outside = page.required.filter((id) => !(SANDBOX_MODULES as readonly string[]).includes(id));
    assert.deepEqual(outside, [], `the preload required modules a sandboxed preload cannot: ${outside.join(', ')}`);
    assert.equal(this.studio(window).host, 'electron');
    // What the app's page must never reach.
    for (const url of ['app://studio/../main/index.js', 'app://studio/..%2fmain%2findex.js', 'app://studio/%2e%2e/preload/index.cjs', 'app://studio/assets', 'app://elsewhere/index.html', 'app://studio/..%5cmain%5cindex.js']) {
      const response = await electron.fetchThroughProtocol(url);
      assert.equal(response.status, 404, `${url} was answered ${response.status}, not refused`);
    }
    assert.equal(window.webContents.pageOpensWindow('https://example.org/'), 'deny', 'window.open was allowed');
    assert.equal(window.webContents.pageNavigates('https://example.org/'), false, 'navigating away from the app was allowed');
    assert.equal(window.webContents.pageNavigates(this.pageUrls.get(window)!), true, 'reloading the page (location.reload()) was refused');
    const refused = await new Promise<boolean>((done) => electron.sessionHandlers.permissionRequest?.(window.webContents, 'media', (granted) => done(!granted), {}));
    assert.ok(refused, 'a permission request was granted');
    // Files, menus and the title: the main process knows the page's document.
    this.studio(window).setDocumentState({ name: 'adder.rnnmodel', dirty: true });
    await until(() => window.getTitle() === '• adder.rnnmodel — RNN Studio', 'the title to name the unsaved document');
    this.studio(window).setDocumentState({ name: null, dirty: false });
    await until(() => window.getTitle() === 'Untitled — RNN Studio', 'the title to show the saved state');
  }

  private async launchedFile(): Promise<void> {
    const studio = this.studio(this.windowAt(0));
    const opened: string[] = [];
    studio.onOpenFile!((path) => opened.push(path));
    await until(() => opened.length > 0, 'the launched file to reach the page');
    assert.deepEqual(opened, [this.launched]);
    const model = await studio.openPath(opened[0]!);
    assert.equal(model.name, 'launched model.rnnmodel');
    assert.deepEqual(model.model.weights, launchModel().weights);
  }

  private async settings(): Promise<void> {
    const studio = this.studio(this.windowAt(0));
    assert.equal(await studio.loadSettings(), null);
    await studio.saveSettings({ hiddenSize: 12, learningRate: 0.25, cell: 'gru' });
    assert.deepEqual(await studio.loadSettings(), { hiddenSize: 12, learningRate: 0.25, cell: 'gru' });
    assert.ok(existsSync(join(this.userData, 'settings.json')), 'no settings.json in the user-data folder');
  }

  private async train(connection: TrainerConnection, config: TrainConfig, what: string): Promise<{ recorder: RunRecorder; messages: FromTrainer[] }> {
    const recorder = new RunRecorder();
    recorder.begin({ config });
    const inbox = new Inbox(connection);
    connection.onMessage((message) => recorder.receive(message));
    connection.post({ type: 'start', config });
    const end = await inbox.next((m) => m.type === 'finished' || m.type === 'error', `${what} to finish`);
    assert.equal(end.type, 'finished', `${what} ended with ${JSON.stringify(end)}`);
    connection.post({ type: 'snapshot' });
    await inbox.next((m) => m.type === 'snapshot' && m.iteration === config.iterations, `${what}'s final snapshot`);
    const progress = inbox.messages.filter((m) => m.type === 'progress');
    assert.ok(progress.length > 0, `${what} sent no progress`);
    assert.ok(progress.every((m) => m.type === 'progress' && m.losses instanceof Float64Array), `${what}'s progress lost its Float64Array of losses`);
    this.report.runsTrained.push(`${what}: ${config.iterations} iterations (${config.cell}, hidden ${config.hiddenSize}, seed ${config.seed}), ${progress.length} progress messages, final loss ${recorder.record.lastLoss?.toFixed(4)}`);
    return { recorder, messages: inbox.messages };
  }

  private async trainedRun(): Promise<{ recorder: RunRecorder; model: Model }> {
    const studio = this.studio(this.windowAt(0));
    const connection = await withTimeout(studio.connectTrainer(), 'the trainer connection');
    const config: TrainConfig = { ...REFERENCE_PRESET, iterations: 3000, seed: 7 };
    const { recorder, messages } = await this.train(connection, config, "the window's trainer");
    const reference = await trainInProcess(config);
    const final = (list: FromTrainer[]) => list.filter((m) => m.type === 'snapshot').map(weightsOf).at(-1);
    assert.deepEqual(final(messages), final(reference), "the forked trainer's final weights differ from the same run trained in process");
    const model = recorder.toModel();
    assert.ok(model, 'the run recorder made no model of the run');
    assert.equal(model.training.iterations, 3000);
    connection.close();
    return { recorder, model };
  }

  private async runLibrary(recorder: RunRecorder): Promise<void> {
    const studio = this.studio(this.windowAt(0));
    assert.deepEqual(await studio.listRuns(), []);
    const entry = entryFromRecorder(recorder, 'r1700000000000-abc123', 'rnn, hidden 16');
    assert.ok(entry);
    const text = serializeRunEntry(entry);
    await studio.saveRun(text);
    const listed = await studio.listRuns();
    assert.equal(listed.length, 1);
    assert.equal(JSON.parse(listed[0]!).id, entry.id);
    assert.ok(readdirSync(join(this.userData, 'runs')).some((name) => name.startsWith(entry.id)), 'the run has no file in runs/');
    await studio.deleteRun(entry.id);
    assert.deepEqual(await studio.listRuns(), []);
  }

  private async checkpoints(model: Model): Promise<void> {
    const { checkpoints } = this.studio(this.windowAt(0));
    assert.equal(await checkpoints.load(), null);
    await checkpoints.save(model);
    const loaded = await checkpoints.load();
    assert.ok(loaded, 'the checkpoint did not load');
    assert.deepEqual(loaded.weights, model.weights);
    await checkpoints.clear();
    assert.equal(await checkpoints.load(), null);
  }

  private async saveAndOpen(model: Model): Promise<string> {
    const studio = this.studio(this.windowAt(0));
    const target = join(this.documents, 'adder');
    electron.dialogAnswers.push({ method: 'showSaveDialog', answer: { canceled: false, filePath: target } });
    const saved = await studio.saveModel(model, { saveAs: true, name: 'adder', path: null });
    const path = `${target}.rnnmodel`;
    assert.deepEqual(saved, { name: 'adder.rnnmodel', path });
    assert.deepEqual(parseModelFile(readFileSync(path, 'utf8')).weights, model.weights);
    assert.deepEqual(await studio.recentFiles(), [{ path, name: 'adder.rnnmodel' }, { path: this.launched, name: 'launched model.rnnmodel' }]);
    assert.ok(electron.Menu.getApplicationMenu()?.find('File', 'Open Recent', 'adder.rnnmodel'), 'the recent file is not in File › Open Recent');
    electron.dialogAnswers.push({ method: 'showOpenDialog', answer: { canceled: false, filePaths: [path] } });
    const opened = await studio.openModel();
    assert.ok(opened);
    assert.deepEqual(opened.model.weights, model.weights);
    assert.deepEqual((await studio.openPath(path)).model.weights, model.weights);
    const elsewhere = join(this.temp, 'not offered.rnnmodel');
    writeFileSync(elsewhere, serializeModel(model));
    const refusal = await studio.openPath(elsewhere).then(() => null, (error: Error) => error);
    assert.ok(refusal && refusal.name === 'HostError' && /cannot be opened from here/.test(refusal.message), `a path the studio never offered opened: ${String(refusal)}`);
    electron.dialogAnswers.push({ method: 'showOpenDialog', answer: { canceled: true, filePaths: [] } });
    assert.equal(await studio.openModel(), null);
    return path;
  }

  private async exports(model: Model): Promise<void> {
    const studio = this.studio(this.windowAt(0));
    const magic: Record<string, (bytes: Buffer) => boolean> = {
      json: (b) => b.toString('utf8').startsWith('{'),
      csv: (b) => b.toString('utf8').startsWith('tensor,row,col,value'),
      npz: (b) => b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')),
      safetensors: (b) => b.readBigUInt64LE(0) > 0n && b[8] === 0x7b,
      onnx: (b) => b[0] === 0x08,
    };
    for (const [format, looksRight] of Object.entries(magic)) {
      const target = join(this.documents, `adder-${format}`);
      electron.dialogAnswers.push({ method: 'showSaveDialog', answer: { canceled: false, filePath: target } });
      const saved = await studio.exportWeights(model, format as never, 'adder');
      assert.ok(saved?.path, `the ${format} export was not written`);
      assert.ok(statSync(saved.path).size > 100 && looksRight(readFileSync(saved.path)), `${saved.path} does not look like ${format}`);
    }
  }

  private async pool(): Promise<void> {
    const studio = this.studio(this.windowAt(0));
    const before = electron.utilityProcesses.length;
    const [a, b] = await Promise.all([studio.connectPoolTrainer(0), studio.connectPoolTrainer(1)]);
    const slots = electron.utilityProcesses.slice(before);
    assert.equal(slots.length, 2, `two pool slots forked ${slots.length} processes`);
    await Promise.all([this.train(a!, { ...REFERENCE_PRESET, iterations: 1500, seed: 11, hiddenSize: 8 }, 'pool slot 0'), this.train(b!, { ...REFERENCE_PRESET, iterations: 1500, seed: 12, cell: 'lstm', hiddenSize: 4 }, 'pool slot 1')]);
    a!.close();
    b!.close();
    await until(() => slots.every((slot) => !slot.running), 'the pool slots to end once their connections closed');
  }

  private async crash(): Promise<void> {
    const studio = this.studio(this.windowAt(0));
    const before = electron.utilityProcesses.filter((p) => p.running);
    const connection = await studio.connectTrainer();
    const inbox = new Inbox(connection);
    const trainer = electron.utilityProcesses.filter((p) => p.running).find((p) => !p.serviceName.includes('pool')) ?? before[0];
    assert.ok(trainer, "the window's trainer is not running");
    await until(() => trainer.pid !== undefined, 'the trainer to have a pid');
    trainer.crash();
    const gone = await inbox.next((m) => m.type === 'error', 'the crash report');
    assert.equal(gone.type === 'error' && gone.code, 'crashed', `the page was told ${JSON.stringify(gone)}`);
    const again = await studio.connectTrainer();
    await this.train(again, { ...REFERENCE_PRESET, iterations: 500, seed: 3 }, 'a new trainer after the crash');
    again.close();
  }

  private async secondLaunch(saved: string): Promise<void> {
    const window = this.windowAt(0);
    const opened: string[] = [];
    this.studio(window).onOpenFile!((path) => opened.push(path));
    electron.app.emit('second-instance', { preventDefault() {} }, [process.execPath, ...(this.options.packaged ? [] : [this.root]), pathToFileURL(saved).href, 'https://example.org/x.rnnmodel'], this.temp, {});
    await until(() => electron.BrowserWindow.getAllWindows().some((w) => w !== window) || opened.length > 0, 'the second launch\u2019s file to reach a window');
    const target = opened.length > 0 ? window : electron.BrowserWindow.getAllWindows().find((w) => w !== window)!;
    if (target !== window) await until(() => target.webContents.loaded, 'the new window to load');
    if (target !== window) {
      const seen: string[] = [];
      this.studio(target).onOpenFile!((path) => seen.push(path));
      await until(() => seen.length > 0, 'the file to reach the new window');
      opened.push(...seen);
    }
    assert.deepEqual(opened, [saved], `the second launch opened ${JSON.stringify(opened)}`);
    assert.ok((await this.studio(target).openPath(saved)).model);
    if (target !== window) {
      target.close();
      await until(() => target.isDestroyed(), 'the extra window to close');
    }
  }

  private async newWindow(): Promise<void> {
    const count = electron.BrowserWindow.getAllWindows().length;
    this.windowAt(0).focus();
    electron.Menu.getApplicationMenu()!.find('File', 'New Window').click();
    await until(() => electron.BrowserWindow.getAllWindows().length === count + 1, 'File › New Window to open a window');
    const second = electron.BrowserWindow.getAllWindows().at(-1)!;
    await until(() => second.webContents.loaded && second.isVisible(), 'the new window to load and show');
    assert.equal(this.studio(second).host, 'electron');
  }

  private async closeWithUnsavedWork(): Promise<void> {
    const [first, second] = electron.BrowserWindow.getAllWindows();
    assert.ok(first && second);
    const studio = this.studio(first);
    let saves = 0;
    studio.onSaveRequest!(async () => {
      saves += 1;
      return true;
    });
    studio.setDocumentState({ name: 'adder.rnnmodel', dirty: true });
    await until(() => first.getTitle() === '• adder.rnnmodel — RNN Studio', 'the title to show the unsaved document');
    let asked = '';
    electron.dialogAnswers.push({ method: 'showMessageBox', answer: { response: ANSWER.cancel, checkboxChecked: false }, seen: (o) => (asked = String(o.message)) });
    first.close();
    await until(() => electron.dialogAnswers.length === 0, 'the unsaved-work question');
    await new Promise((r) => setTimeout(r, 50));
    assert.match(asked, /Save the trained model "adder\.rnnmodel" before closing\?/);
    assert.ok(!first.isDestroyed(), 'Cancel closed the window');
    electron.dialogAnswers.push({ method: 'showMessageBox', answer: { response: ANSWER.save, checkboxChecked: false } });
    first.close();
    await until(() => first.isDestroyed(), 'the window to close after saving');
    assert.equal(saves, 1, 'Save did not ask the page to save exactly once');
    this.studio(second).setDocumentState({ name: null, dirty: true });
    await until(() => second.getTitle() === '• Untitled — RNN Studio', 'the second window to show its unsaved work');
    electron.dialogAnswers.push({ method: 'showMessageBox', answer: { response: ANSWER.discard, checkboxChecked: false } });
    const quitting = electron.app.quitPromise();
    second.close();
    // Closing the last window quits on Linux and Windows (window-all-closed).
    if (process.platform !== 'darwin') await withTimeout(quitting, 'the app to quit once its last window closed');
  }

  private async quit(): Promise<void> {
    if (!electron.app.quitted) {
      for (const window of electron.BrowserWindow.getAllWindows()) this.studio(window).setDocumentState({ name: null, dirty: false });
      await until(() => electron.BrowserWindow.getAllWindows().every((w) => !w.getTitle().startsWith('•')), 'every window to be saved');
      const quitting = electron.app.quitPromise();
      electron.Menu.getApplicationMenu()!.find('File', 'Quit').click();
      await withTimeout(quitting, 'the app to quit');
    }
    assert.equal(electron.BrowserWindow.getAllWindows().length, 0, 'windows are still open after quitting');
    await until(() => electron.utilityProcesses.every((p) => !p.running), 'every trainer process to end');
  }
}

/** The model file named on the launch's command line. */
function launchModel(): Model {
  const config: TrainConfig = { ...REFERENCE_PRESET, seed: 99, hiddenSize: 3 };
  const data = (n: number, k: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 7 + k) / 2);
  return {
    config,
    weights: { U: { shape: [2, 3], data: data(6, 1) }, V: { shape: [3, 3], data: data(9, 2) }, W: { shape: [3, 1], data: data(3, 3) } },
    training: { iterations: 10, lastLoss: 1, accuracy: 0.1, bitAccuracy: 0.5, seed: 99, elapsedSeconds: 0.01 },
    lossHistory: { stride: 1, values: Float64Array.from({ length: 10 }, (_, i) => 2 - i / 10) },
  } as unknown as Model;
}

