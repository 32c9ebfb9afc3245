// `dtao-lab replay FILE`: build a chain from a replay file's genesis, apply its steps, print the reported
// state as JSON (docs/replay-format.md). The replay is pure (src/replay/); this file does the I/O.
import { FormatError } from '../replay/validate.ts';
import { parseReplayFile, runReplay } from '../replay/replay.ts';
import { type FileCommandIO, STDIO, jsonFileCommand } from './jsonFileCommand.ts';

/**
 * Reads FILE, prints `{ "reports": [...] }` on stdout and returns 0. An unreadable file, invalid JSON or a
 * malformed replay prints one line `replay: <file>: <path>: <message>` on stderr, nothing on stdout, and
 * returns 2.
 */
export function replayCommand(file: string, io: FileCommandIO = STDIO): Promise<number> {
  return jsonFileCommand('replay', file, io, (json) => runReplay(parseReplayFile(json)), (e): e is FormatError => e instanceof FormatError);
}
