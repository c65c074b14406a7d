/** Command-line arguments: a small strict parser whose every complaint is one line naming the argument and what is allowed. */

/** Bad arguments or input files: reported as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OptionSpec {
  /** Without the leading dashes. */
  name: string;
  /** What a valid value looks like, for messages and --help. */
  valueHint: string;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string>;
  help: boolean;
}

/**
 * Splits argv into positionals and `--name value` / `--name=value` options.
 * Unknown, repeated or valueless options are refused.
 */
export function parseArgs(command: string, argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg.length === 2 || /^--?\d/.test(arg)) {
      if (arg.startsWith('-') && !/^-\d/.test(arg)) throw new UsageError(`unknown option ${arg} for ${command}; ${allowed(specs)}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new UsageError(`unknown option --${name} for ${command}; ${allowed(specs)}`);
    if (options.has(name)) throw new UsageError(`--${name} is given twice; give it once`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) value = undefined;
      else i++;
    }
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value: ${spec.valueHint}`);
    options.set(name, value);
  }
  return { positionals, options, help };
}

function allowed(specs: readonly OptionSpec[]): string {
  return specs.length === 0 ? 'it takes no options' : `options are ${specs.map((s) => `--${s.name}`).join(', ')}`;
}

/** Exactly `names.length` positionals, named in the message when any is missing or extra. */
export function expectPositionals(command: string, positionals: readonly string[], names: readonly string[]): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(`${command} needs ${names.join(' ')}; missing ${names.slice(positionals.length).join(' ')} (see ${command} --help)`);
  }
  if (positionals.length > names.length) {
    const extra = positionals.slice(names.length).map((p) => JSON.stringify(p)).join(' ');
    throw new UsageError(`${command} takes ${names.length === 0 ? 'no arguments besides options' : `only ${names.join(' ')}`}; unexpected ${extra}`);
  }
  return [...positionals];
}

/** A required option's value. */
export function requireOption(parsed: ParsedArgs, command: string, spec: OptionSpec): string {
  const value = parsed.options.get(spec.name);
  if (value === undefined) throw new UsageError(`${command} needs --${spec.name} ${spec.valueHint}`);
  return value;
}
