#!/usr/bin/env node
// The `lineprof` bin: parse the command line, call the command, print what it returns,
// set the exit code. The only place that reads process state for the CLI and the only
// catch of LineprofError (one line, `lineprof: <message>`, no stack). It must not hold
// logic of its own: parsing is argv.ts, the commands are run.ts, show.ts, diff.ts, merge.ts.

import fs from 'node:fs';
import os from 'node:os';
import { isLineprofError } from '../errors.js';
import { splitArgv } from './argv.js';
import { loadConfig } from './config.js';
// Each command's module is loaded when that command runs: start-up of `lineprof run`
// (which every profiled program waits for) does not pay for the others.

async function main(): Promise<void> {
  const context = {
    cwd: process.cwd(),
    env: process.env,
    execPath: process.execPath,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
  try {
    const invocation = splitArgv(process.argv.slice(2), {
      version: readVersion(),
      loadConfig: (explicit) => loadConfig(context.cwd, explicit),
    });
    switch (invocation.command) {
      case 'help':
        await write(invocation.exitCode === 0 ? process.stdout : process.stderr, invocation.text);
        process.exitCode = invocation.exitCode;
        return;
      case 'show': {
        const { showFiles } = await import('./show.js');
        await write(process.stdout, showFiles(invocation, context));
        return;
      }
      case 'diff': {
        const { diffFiles } = await import('./diff.js');
        await write(process.stdout, diffFiles(invocation, context));
        return;
      }
      case 'merge': {
        const { mergeFiles } = await import('./merge.js');
        await write(process.stderr, mergeFiles(invocation).map((note) => `lineprof: ${note}\n`).join(''));
        return;
      }
      case 'run':
      case 'exec': {
        const printer = { stdout: (text: string) => write(process.stdout, text), stderr: (text: string) => write(process.stderr, text) };
        const outcome =
          invocation.command === 'exec'
            ? await (await import('./exec.js')).execCommand(invocation, context)
            : invocation.options.watch
              ? await (await import('./watch.js')).watchScript(invocation, context, printer)
              : await (await import('./run.js')).runScript(invocation, context);
        await write(process.stderr, outcome.notes.map((note) => `lineprof: ${note}\n`).join(''));
        await write(process.stdout, outcome.report);
        if (outcome.signal !== null) return die(outcome.signal);
        process.exitCode = outcome.exitCode ?? 1;
        return;
      }
      default: {
        // Every command has its case: a new one that has none fails to compile here.
        const unhandled: never = invocation;
        throw new Error(`no handler for ${JSON.stringify(unhandled)}`);
      }
    }
  } catch (error) {
    // Anything else is a bug in lineprof: let Node print its stack.
    if (!isLineprofError(error)) throw error;
    await write(process.stderr, `lineprof: ${error.message}\n`);
    process.exitCode = error.code === 'USAGE' ? 2 : 1;
  }
}

/** Ends as the program did, so that the shell sees 130 or 143 as without lineprof. */
function die(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.exitCode = 128 + (os.constants.signals[signal] ?? 0);
  process.kill(process.pid, signal);
}

// Waits for the data to leave, so that a following signal cannot cut the report short.
function write(stream: NodeJS.WriteStream, text: string | Uint8Array): Promise<void> {
  if (text.length === 0) return Promise.resolve();
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

function readVersion(): string {
  const packageJson = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

// `lineprof show x.lprof | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

await main();
