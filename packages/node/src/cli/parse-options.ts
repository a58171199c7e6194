/**
 * A command's options read with Node's `parseArgs`, strictly, with usage errors that name the
 * option and say what to write: "unknown option --task; did you mean --tasks?", "--tasks needs a
 * value: --tasks PATH" — instead of `parseArgs`' own messages, which suggest `-- "--task"` (with an
 * unbalanced quote) for a mistyped option.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-io.js';
import { closestName } from './closest-name.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseOptions} returns: `parseArgs`' `{ values, positionals }`, typed by the options. */
export type ParsedOptions<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** How a command's options are read and talked about. */
export interface OptionsSpec<O extends OptionsConfig> {
  /** The command, in messages: `sqs-mega worker`. */
  readonly command: string;
  readonly options: O;
  /** The placeholder of each string option's value, in messages (`PATH` for `--tasks`). @defaultValue `VALUE` */
  readonly valueNames?: Readonly<Partial<Record<keyof O & string, string>>>;
}

/** The option as written on the command line: `--tasks`, `-c`. */
function shown(name: string, rawName: string): string {
  return rawName.startsWith('--') ? `--${name}` : rawName;
}

function unknownOption(rawName: string, options: OptionsConfig, command: string): UsageError {
  const longNames = Object.keys(options);
  const closest = rawName.startsWith('--')
    ? closestName(rawName.slice(2), longNames)
    : // A single letter: the one long option it starts, if exactly one does.
      ((names) => (names.length === 1 ? names[0] : undefined))(longNames.filter((name) => name.startsWith(rawName.slice(1, 2))));
  if (closest !== undefined) return new UsageError(`unknown option ${rawName}; did you mean --${closest}?`);
  return new UsageError(`unknown option ${rawName}: ${command} takes ${longNames.map((name) => `--${name}`).join(', ')}.`);
}

/**
 * Parses `argv` against `spec.options`, strictly, positionals allowed.
 *
 * @throws UsageError for an unknown option (with the nearest known one), a missing value, a value
 *   that looks like another option, or a value given to a flag.
 */
export function parseOptions<O extends OptionsConfig>(argv: readonly string[], spec: OptionsSpec<O>): ParsedOptions<O> {
  const { options, command } = spec;
  // Non-strict first, to see each option as written; then the strict parse, which now passes.
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) throw unknownOption(token.rawName, options, command);
    const name = shown(token.name, token.rawName);
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${name} takes no value (write ${name}, not ${name}=${token.value}).`);
      continue;
    }
    const placeholder = spec.valueNames?.[token.name as keyof O & string] ?? 'VALUE';
    if (token.value === undefined) throw new UsageError(`${name} needs a value: ${name} ${placeholder}.`);
    if (token.inlineValue === false && token.value.startsWith('-')) {
      throw new UsageError(
        `${name} needs a value, but the next argument is ${JSON.stringify(token.value)}, an option: write ${name} ${placeholder}` +
          ` (a value that starts with "-" is written ${name}=${placeholder}).`,
      );
    }
  }
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Not expected after the checks above; keep Node's words, minus its advice about "--".
    throw new UsageError(String((error as Error).message).split('. To specify')[0]!.trim());
  }
}
