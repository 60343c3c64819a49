import { type DomainError, ForbiddenError, ValidationError } from '../../../domain/errors.js';
import { prefixErrors, withPrefix } from './prefixed-error.js';

class Subclassed extends ValidationError {
  constructor(readonly index: number) {
    super(`bad at ${index}`);
  }
}

describe('endpoint error prefix', () => {
  it('keeps the code and message of any domain error, subclasses included', () => {
    const e = withPrefix('Error when updating data: ', new Subclassed(3)) as DomainError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toBe('Error when updating data: bad at 3');
    expect((withPrefix('x: ', new ForbiddenError('no')) as DomainError).code).toBe('FORBIDDEN');
  });

  it('lets other errors through unchanged', async () => {
    const boom = new TypeError('boom');
    await expect(prefixErrors('x: ', () => Promise.reject(boom))).rejects.toBe(boom);
  });
});
