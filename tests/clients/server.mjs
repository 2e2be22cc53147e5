// Starts `headlock serve --memory --port 0` (the binary in $HEADLOCK_BIN;
// `--db DIR` instead of --memory when `db` is given), waits for its first
// stderr line, "headlock serve: listening on http://HOST:PORT", and returns
// its URL, stop() (SIGTERM; resolves to the exit code and signal) and
// kill() (SIGKILL).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function startServer(extraArgs = [], { db } = {}) {
  const bin = process.env.HEADLOCK_BIN;
  if (!bin) throw new Error('set HEADLOCK_BIN to the headlock binary');
  const storage = db ? ['--db', db] : ['--memory'];
  const child = spawn(bin, ['serve', ...storage, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const lines = createInterface({ input: child.stderr });
  const stderr = [];
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`headlock serve exited with ${code}: ${stderr.join('\n')}`)));
    lines.on('line', (line) => {
      stderr.push(line);
      const m = /^headlock serve: listening on (http:\/\/\S+)$/.exec(line);
      if (stderr.length === 1) {
        if (m) resolve(m[1]);
        else reject(new Error(`unexpected first stderr line: ${line}`));
      }
    });
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    url,
    stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}
