import type { HttpResult } from './client.js';

/**
 * Asserts an HTTP status and, when it is wrong, fails with the response body and the tail of the cell's
 * output (`cell.tail()`), so a failing e2e test says why the server answered as it did.
 */
export function expectStatus(result: HttpResult, status: number, cell?: { tail(): string }): void {
  if (result.status === status) return;
  throw new Error(`expected HTTP ${status}, got ${result.status}: ${result.body.slice(0, 2000)}\n${cell?.tail() ?? ''}`);
}
