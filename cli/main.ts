/** The RNN Studio command line: dispatches to one module per command and turns failures into one-line messages. */

import { UsageError } from './args';
import { benchCommand } from './commands/bench';
import { evalCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { predictCommand } from './commands/predict';
import { sweepCommand } from './commands/sweep';
import { trainCommand } from './commands/train';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type CommandIO } from './io';
import { usageText } from './usage';

type Command = (argv: readonly string[], io: CommandIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  train: trainCommand,
  sweep: sweepCommand,
  eval: evalCommand,
  predict: predictCommand,
  export: exportCommand,
  bench: benchCommand,
};

const io: CommandIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  help(command) {
    process.stdout.write(`${usageText(command)}\n`);
    return EXIT_OK;
  },
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return io.help(rest[0] ?? 'main');
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; commands are ${Object.keys(COMMANDS).join(', ')} (see --help)`);
  return command(rest, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
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
