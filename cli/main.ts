/** The RNN Studio command line: dispatches to one module per command and turns failures into one-line messages. */

import { UsageError } from './args';
import { benchCommand } from './commands/bench';
import { evalCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { inspectCommand } from './commands/inspect';
import { predictCommand } from './commands/predict';
import { sweepCommand } from './commands/sweep';
import { trainCommand } from './commands/train';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type CommandIO } from './io';
import { StandardOutput } from './standardOutput';
import { usageText } from './usage';

type Command = (argv: readonly string[], io: CommandIO) => Promise<number>;

// A Map, not an object literal: "constructor" or "__proto__" must not find Object.prototype's members.
const COMMANDS = new Map<string, Command>([
  ['train', trainCommand],
  ['sweep', sweepCommand],
  ['eval', evalCommand],
  ['predict', predictCommand],
  ['inspect', inspectCommand],
  ['export', exportCommand],
  ['bench', benchCommand],
]);

const stdout = new StandardOutput(process.stdout, process.stderr);
// Progress and messages that cannot be written (a closed terminal) are not worth a crash.
process.stderr.on('error', () => {});

const io: CommandIO = {
  stdout,
  stderr: process.stderr,
  help(command) {
    stdout.write(`${usageText(command)}\n`);
    return EXIT_OK;
  },
};

function commandNamed(name: string): Command {
  const command = COMMANDS.get(name);
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; commands are ${[...COMMANDS.keys()].join(', ')} (see --help)`);
  return command;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') return io.help('main');
  if (name === 'help') {
    const topic = rest[0];
    if (topic !== undefined) commandNamed(topic);
    return io.help(topic ?? 'main');
  }
  return commandNamed(name)(rest, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = stdout.failed ? EXIT_USAGE : code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`rnn-studio: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else {
      process.stderr.write(`rnn-studio: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_INTERNAL;
    }
  },
);
