// The `gridwall` command line as a user runs it (node with tsx, server/main.ts), its exit code and output.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** node's arguments that run the command line (for a test that spawns it itself). */
export const GRIDWALL_CLI = ['--import', 'tsx', 'server/main.ts'];

export async function gridwall(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...GRIDWALL_CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The last line of a command's output, as JSON (the summaries import, export and replay print). */
export const lastJson = (text: string) => JSON.parse(text.trim().split('\n').at(-1)!);
