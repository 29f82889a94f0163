// A small tmpfs to fill up: a real full disk for one server's data folder. Mounting needs root;
// where it cannot be done the disk-full suite is skipped with the reason, except under CI=true.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  dir: string;
  /** Bytes still free. */
  free(): number;
  /** Fills every byte left with a filler file; returns its size. */
  fill(): number;
  /** Deletes the filler: the space is back. */
  unfill(): void;
  unmount(): void;
}

export function mountTmpfs(sizeMb: number): Tmpfs | { skipped: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const reason = `skipped: cannot mount a tmpfs here (needs root): ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
    return { skipped: reason };
  }
  const filler = join(dir, 'filler');
  const free = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    free,
    fill() {
      const fd = openSync(filler, 'a');
      let written = 0;
      try {
        // big chunks, then page by page, until the file system says no more
        for (const size of [1 << 20, 4096, 512]) {
          const chunk = Buffer.alloc(size, 0x5a);
          for (;;) {
            try {
              written += writeSync(fd, chunk);
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
              break;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
      return written;
    },
    unfill: () => rmSync(filler, { force: true }),
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
