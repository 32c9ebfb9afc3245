// `dtao-lab epoch FILE`: replay Yuma epochs from a JSON file (the Yuma replay format) and
// print the result as JSON. The replay itself is pure (src/market/yumaReplay.ts); this file does the I/O.
import { parseReplay, replay, ReplayError } from '../market/yumaReplay.ts';
import { type FileCommandIO, STDIO, jsonFileCommand } from './jsonFileCommand.ts';

export type EpochCommandIO = FileCommandIO;

/**
 * Reads FILE, prints the replay result as JSON on stdout and returns 0. A missing or unreadable
 * file, invalid JSON or a malformed replay prints one line `epoch: <file>: <message>` on stderr
 * (the message names the field path for a malformed replay) and returns 2.
 */
export function runEpochCommand(file: string, io: EpochCommandIO = STDIO): Promise<number> {
  return jsonFileCommand('epoch', file, io, (json) => replay(parseReplay(json)), (e): e is ReplayError => e instanceof ReplayError);
}
