import { IntegrError } from '../../src/errors.js';

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/**
 * The error fn throws, when it is an IntegrError (or the given class). Any other error fails the test
 * as itself; throwing nothing fails it too.
 */
export function thrown(fn: () => unknown): IntegrError;
export function thrown<E extends Error>(fn: () => unknown, type: ErrorClass<E>): E;
export function thrown(fn: () => unknown, type: ErrorClass<Error> = IntegrError): Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected ${type.name} to be thrown, but nothing was`);
}

/**
 * The error p rejects with, when it is an IntegrError (or the given class). Any other error fails the
 * test as itself; resolving fails it too.
 */
export async function rejected(p: Promise<unknown>): Promise<IntegrError>;
export async function rejected<E extends Error>(p: Promise<unknown>, type: ErrorClass<E>): Promise<E>;
export async function rejected(p: Promise<unknown>, type: ErrorClass<Error> = IntegrError): Promise<Error> {
  try {
    await p;
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected a rejection with ${type.name}, but the promise resolved`);
}
