/** Types of appIcon.mjs, for the test that checks the icon set against it. */
export declare const PNG_SIZES: number[];
export declare const ICNS_TYPES: [string, number][];
export declare const ICO_SIZES: number[];
export declare function renderIcon(size: number): Buffer;
export declare function crc32(bytes: Uint8Array): number;
export declare function encodePng(size: number, rgba: Buffer): Buffer;
export declare function encodeIcns(pngOfSize: (size: number) => Buffer): Buffer;
export declare function encodeIco(pngOfSize: (size: number) => Buffer): Buffer;
