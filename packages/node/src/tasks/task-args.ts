/**
 * A task's arguments travel as a JSON array, so the handler receives exactly what JSON carries.
 * Anything JSON would change or lose (a `Date` turned into a string, `NaN` into `null`, a `Map`
 * into `{}`) is refused at enqueue time with the path of the value, instead of surprising the
 * handler later.
 */
import { TaskArgsNotJsonError } from './task-errors.js';

function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function check(taskName: string, value: unknown, path: string, seen: Set<object>): void {
  const refuse = (problem: string, advice: string): never => {
    throw new TaskArgsNotJsonError(taskName, path, problem, advice);
  };
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) refuse(String(value), 'Pass a finite number, or null.');
      return;
    case 'bigint':
      return refuse(`a bigint (${value}n)`, 'Pass it as a string (value.toString()) and convert it back in the handler.');
    case 'undefined':
      return refuse('undefined', 'Pass null, or leave the argument out (only trailing arguments can be left out).');
    case 'function':
      return refuse('a function', 'Pass data; the handler runs in another process.');
    case 'symbol':
      return refuse('a symbol', 'Pass a string.');
  }
  if (value === null) return;
  const object = value as object;
  if (seen.has(object)) refuse('a reference back to a value that contains it (a cycle)', 'Pass a tree of values.');
  seen.add(object);
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) {
      if (!(i in object)) throw new TaskArgsNotJsonError(taskName, `${path}[${i}]`, 'a hole in a sparse array', 'Fill the array (null for missing items).');
      check(taskName, object[i], `${path}[${i}]`, seen);
    }
  } else if (isPlainObject(object)) {
    for (const [key, member] of Object.entries(object)) {
      // A member set to undefined is left out, as JSON.stringify does: reading it still gives undefined.
      if (member !== undefined) check(taskName, member, keyPath(path, key), seen);
    }
  } else {
    const kind = object instanceof Date ? 'a Date' : `an instance of ${object.constructor?.name ?? 'a class'}`;
    const advice =
      object instanceof Date
        ? 'Pass date.toISOString() and parse it in the handler (new Date(text)).'
        : 'Pass a plain object or an array of its data (bytes as a Base64 string), and rebuild it in the handler.';
    refuse(kind, advice);
  }
  seen.delete(object);
}

/**
 * Checks that JSON carries `args` unchanged, and returns them without trailing `undefined`s (an
 * optional last parameter left out): the handler receives the same values.
 *
 * @throws TaskArgsNotJsonError (code `TASK_ARGS_NOT_JSON`) naming the first value that cannot be carried.
 */
export function checkTaskArgs(taskName: string, args: readonly unknown[]): unknown[] {
  let length = args.length;
  while (length > 0 && args[length - 1] === undefined) length--;
  const kept = args.slice(0, length);
  const seen = new Set<object>();
  kept.forEach((arg, index) => check(taskName, arg, `args[${index}]`, seen));
  return kept;
}
