/** Constants of the chunk layout, documented in chunk-codec.ts (shared by its encoder and decoder). */
export const CHUNK_VERSION = 1;

export const GEO_FOLLOWS = 0x80;
export const TS_REPEAT = 0x40;
export const TYPE_SHIFT = 3;
export const TYPE_FALSE = 0;
export const TYPE_TRUE = 1;
export const TYPE_LONG = 2;
export const TYPE_DOUBLE = 3;
export const TYPE_DECIMAL = 4;
export const TYPE_STRING = 5;
export const TYPE_BINARY = 6;
/** Integral doubles below this are written as varints (the reader returns numbers below 2^48). */
export const INT_DOUBLE_LIMIT = 2 ** 48;
export const SAME = 1;
export const DOUBLE_INT = 2;
export const DECIMAL_SCALE = 1;
export const DECIMAL_SAME = 2;
export const GEO = 0x01;
export const GEO_SAME = 0x02;
export const ELEV = 0x04;
export const ELEV_SAME = 0x08;
