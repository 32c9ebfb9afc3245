// `dtao-lab epoch FILE`: replay Yuma epochs from a JSON file (docs/epoch-file.md) and
// print the result as JSON. The replay itself is pure (src/replay/yumaReplay.ts); this file does the I/O.
import { parseReplay, replay, ReplayError } from '../replay/yumaReplay.ts';
import { type FileCommandIO, STDIO, jsonFileCommand } from './jsonFileCommand.ts';
import { checkEpochLimits, LimitError, nonFiniteSums } from '../experiments/spec/limits.ts';

export type EpochCommandIO = FileCommandIO;

/** An input that is refused before the replay runs: over a size limit, or sums that overflow. */
class EpochInputError extends Error {}

/**
 * Reads FILE, prints the replay result as JSON on stdout and returns 0. A missing or unreadable
 * file, invalid JSON, a file over the size limits (unless `allowLarge`), stakes or weights whose sums
 * are not finite, or a malformed replay prints one line `epoch: <file>: <message>` on stderr
 * (the message names the field path) and returns 2.
 */
export function runEpochCommand(file: string, io: EpochCommandIO = STDIO, allowLarge = false): Promise<number> {
  return jsonFileCommand('epoch', file, io, (json) => {
    try {
      checkEpochLimits(json, allowLarge);
    } catch (e) {
      if (e instanceof LimitError) throw new EpochInputError(e.message);
      throw e;
    }
    const sums = nonFiniteSums(json);
    if (sums) throw new EpochInputError(`${sums.path}: ${sums.message}`);
    return replay(parseReplay(json));
  }, (e): e is Error => e instanceof ReplayError || e instanceof EpochInputError);
}
