/**
 * The stand-in Electron's shared state: what the app did through the API
 * (the harness reads it), and the rule that keeps the stand-in honest: any
 * part of Electron's API the stand-in does not model throws a StandInGap
 * where the app touched it and is recorded, so a test can never pass over
 * code the stand-in does not understand.
 */

import { deserialize, serialize } from 'node:v8';

/** The app used a part of Electron's API that the stand-in does not model. */
export class StandInGap extends Error {
  override name = 'StandInGap';
}

/** What the app did, as the harness reports it. */
export interface DriveLog {
  /** app:// paths served, with their status. */
  served: string[];
  /** IPC channels the page called (invoke and send), in order. */
  channels: string[];
  /** Utility processes forked: their service names. */
  forked: string[];
  /** Windows created and closed, by webContents id. */
  windowsOpened: number[];
  windowsClosed: number[];
  /** Dialogs shown, with the title or message the app gave them. */
  dialogs: string[];
  /** Messages the main process sent to a page that had not loaded (Electron drops them). */
  dropped: string[];
}

export const world = {
  gaps: [] as string[],
  log: { served: [], channels: [], forked: [], windowsOpened: [], windowsClosed: [], dialogs: [], dropped: [] } as DriveLog,
};

/** Records and throws the gap: `what` names the API, e.g. "app.getGPUInfo". */
export function gap(what: string): never {
  world.gaps.push(what);
  throw new StandInGap(`the stand-in Electron does not model ${what}; model it in tests/desktop/electron (or do not use it)`);
}

/**
 * The object as the app sees it: its own members as they are, and a StandInGap
 * for any other member read by name (symbols, `then` and inspection keys pass,
 * so awaiting or printing the object is not mistaken for a use).
 */
export function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (typeof property === 'symbol' || property in object) return Reflect.get(object, property, receiver);
      if (property === 'then' || property === 'toJSON' || property === 'constructor' || property.startsWith('_')) return undefined;
      return gap(`${name}.${property}`);
    },
  });
}

/** A structured clone, as Electron's IPC and MessagePorts copy what crosses them (functions and other uncloneable values throw). */
export function clone<T>(value: T): T {
  try {
    return deserialize(serialize(value)) as T;
  } catch (error) {
    throw new Error(`An object could not be cloned (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Electron-style event object: preventDefault() and defaultPrevented. */
export function electronEvent<T extends object>(fields: T = {} as T): T & { preventDefault(): void; readonly defaultPrevented: boolean } {
  let prevented = false;
  return Object.defineProperties(fields, {
    preventDefault: { value: () => void (prevented = true) },
    defaultPrevented: { get: () => prevented },
  }) as T & { preventDefault(): void; readonly defaultPrevented: boolean };
}
