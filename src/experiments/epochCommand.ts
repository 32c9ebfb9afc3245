// `dtao-lab epoch FILE`: replay Yuma epochs from a JSON file (docs/epoch-file.md) and
// print the result as JSON. The replay itself is pure (src/market/yumaReplay.ts); this file does the I/O.
import { readFile } from 'node:fs/promises';
import { parseReplay, replay, ReplayError } from '../market/yumaReplay.ts';

export interface EpochCommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const STDIO: EpochCommandIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Reads FILE, prints the replay result as JSON on stdout and returns 0. A missing or unreadable
 * file, invalid JSON or a malformed replay prints one line `epoch: <file>: <message>` on stderr
 * (the message names the field path for a malformed replay) and returns 2.
 */
export async function runEpochCommand(file: string, io: EpochCommandIO = STDIO): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : oneLine(String((e as Error).message ?? e));
    io.err(`epoch: ${file}: ${why}\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    io.err(`epoch: ${file}: invalid JSON: ${oneLine((e as Error).message)}\n`);
    return 2;
  }
  try {
    const result = replay(parseReplay(json));
    io.out(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ReplayError) {
      io.err(`epoch: ${file}: ${oneLine(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}
