// The shared shape of the file commands (`epoch FILE`, `replay FILE`): read a JSON file, run a pure
// function on it, print its result as JSON on stdout and return 0; or print one line
// `<command>: <file>: <message>` on stderr (nothing on stdout) and return 2 for an unreadable file,
// invalid JSON or a malformed input (the message names the field's path).
import { readFile } from 'node:fs/promises';

export interface FileCommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const STDIO: FileCommandIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** `isInputError` tells a malformed input (exit 2, one line) from a bug (rethrown). */
export async function jsonFileCommand(
  command: string, file: string, io: FileCommandIO, run: (json: unknown) => unknown, isInputError: (e: unknown) => e is Error,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : oneLine(String((e as Error).message ?? e));
    io.err(`${command}: ${file}: ${why}\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    io.err(`${command}: ${file}: invalid JSON: ${oneLine((e as Error).message)}\n`);
    return 2;
  }
  try {
    const result = run(json);
    io.out(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (e) {
    if (isInputError(e)) {
      io.err(`${command}: ${file}: ${oneLine(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}
