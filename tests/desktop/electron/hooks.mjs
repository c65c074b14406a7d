/**
 * A Node module hook (module.register) that resolves `electron` to the
 * stand-in (tests/desktop/electron/main.ts) for the process it is registered
 * in: the studio's built main process imports it unchanged.
 */

const STAND_IN = new URL('./main.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: STAND_IN, shortCircuit: true };
  return nextResolve(specifier, context);
}
