/**
 * Bytes that the record codec cannot read (or an event it cannot write). Never retriable: the same
 * bytes fail the same way every time, so the projection runner applies its poison-record policy
 * (fail, or skip to the dead-letter log) instead of retrying.
 */
export class CodecError extends Error {
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodecError';
  }
}
