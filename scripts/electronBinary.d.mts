/** Types of electronBinary.mjs, for the end-to-end target that launches the same binary. */
export declare function electronPackage(root?: string): { dir: string; version: string };
export declare function installedElectron(root?: string, env?: NodeJS.ProcessEnv): { path: string; missing?: undefined } | { missing: string; path?: undefined };
export declare function ensureElectron(root?: string, env?: NodeJS.ProcessEnv): string | null;
