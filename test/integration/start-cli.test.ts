import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/services.ts';

/** `npm start` (bin/opvang start) when the machine is not ready for it: one line that says what to do. */
describe('opvang start', () => {
  it('names the busy port and the option that moves it, and exits without starting anything', async () => {
    const port = await freePort();
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      const data = mkdtempSync(path.join(tmpdir(), 'opvang-data-'));
      // Asynchronously, so that the busy server keeps answering while the CLI runs.
      const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn('bin/opvang', ['start', '--port', String(port), '--data', data]);
        let stderr = '';
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        child.on('close', (status) => resolve({ status, stderr }));
      });
      expect(result.status).not.toBe(0);
      const lines = result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('npm warn'));
      expect(lines).toEqual([
        `opvang: Port ${port} (HTTP API) is in use: stop what runs there, or start with --port <port>.`,
      ]);
    } finally {
      busy.close();
    }
  });
});
