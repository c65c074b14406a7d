/**
 * The stand-in Electron's own rules (tests/desktop/electron), which the drive
 * of the built app relies on: ports behave as Electron's and the DOM's do,
 * what it does not model fails where it is used, and what crosses IPC is
 * cloned as Electron clones it.
 */

import { describe, expect, it } from 'vitest';
import { StandInDomMessagePort, StandInMessageChannelMain } from '../../desktop/electron/ports';
import { StandInGap, clone, electronEvent, strict, world } from '../../desktop/electron/world';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the stand-in Electron', () => {
  it('fails where the app reads a member it does not model, and records it', () => {
    const before = world.gaps.length;
    const app = strict('app', { getName: () => 'RNN Studio' });
    expect(app.getName()).toBe('RNN Studio');
    expect(() => (app as unknown as { getGPUInfo(): void }).getGPUInfo()).toThrow(StandInGap);
    expect(world.gaps.slice(before)).toEqual(['app.getGPUInfo']);
    // Awaiting or printing an object is not a use of the API.
    expect((app as unknown as { then?: unknown }).then).toBeUndefined();
    world.gaps.length = before;
  });

  it('holds a MessagePortMain’s messages until start(), and tells the other end when one closes', async () => {
    const { port1, port2 } = new StandInMessageChannelMain();
    const got: unknown[] = [];
    port2.on('message', (event: { data: unknown }) => got.push(event.data));
    port1.postMessage({ n: 1 });
    expect(got).toEqual([]);
    port2.start();
    expect(got).toEqual([{ n: 1 }]);
    let closed = false;
    port1.on('close', () => (closed = true));
    port2.close();
    expect(closed).toBe(true);
    port1.postMessage({ n: 2 });
    expect(got).toEqual([{ n: 1 }]);
  });

  it('gives a page a DOM MessagePort that starts with onmessage (not with addEventListener), and neuters the transferred end', async () => {
    const { port1, port2 } = new StandInMessageChannelMain();
    const page = new StandInDomMessagePort(port2);
    expect(() => port2.postMessage('x')).toThrow(/transferred away/);
    const listened: unknown[] = [];
    page.addEventListener('message', ((event: { data: unknown }) => listened.push(event.data)) as never);
    port1.postMessage('early');
    await settle();
    expect(listened).toEqual([]);
    const handled: unknown[] = [];
    page.onmessage = (event) => handled.push(event.data);
    await settle();
    expect(handled).toEqual(['early']);
    expect(listened).toEqual(['early']);
    const atMain: unknown[] = [];
    port1.on('message', (event: { data: unknown }) => atMain.push(event.data));
    port1.start();
    page.postMessage({ type: 'step', n: 3 });
    expect(atMain).toEqual([{ type: 'step', n: 3 }]);
  });

  it('clones what crosses IPC as the structured clone does: typed arrays kept, functions refused', () => {
    const losses = new Float64Array([1.5, 2.5]);
    const copied = clone({ losses });
    expect(copied.losses).toBeInstanceOf(Float64Array);
    expect(copied.losses).not.toBe(losses);
    expect(() => clone({ f: () => 1 })).toThrow(/could not be cloned/);
  });

  it('makes events whose default an app can prevent', () => {
    const event = electronEvent({ url: 'app://studio/' });
    expect(event.defaultPrevented).toBe(false);
    event.preventDefault();
    expect(event.defaultPrevented).toBe(true);
    expect(event.url).toBe('app://studio/');
  });
});
