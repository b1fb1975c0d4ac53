// Runs one job in a fresh child process (worker.ts under tsx) and returns its
// parsed reply; a child that dies or replies with an error rejects.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { Reply, type Job } from './protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

export function runJob<S extends z.ZodType>(job: Job, schema: S): Promise<z.infer<S>> {
  const child = fork(path.join(here, 'worker.ts'), [], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.once('message', (raw: unknown) => {
      settled = true;
      const reply = Reply.safeParse(raw);
      if (!reply.success) reject(new Error(`The ${job.role} job sent a malformed reply`));
      else if (!reply.data.ok) reject(new Error(`The ${job.role} job failed: ${reply.data.message}`));
      else {
        const result = schema.safeParse(reply.data.result);
        if (result.success) resolve(result.data);
        else reject(new Error(`The ${job.role} job's result does not match its schema`));
      }
    });
    child.once('exit', (code, signal) => {
      if (!settled) reject(new Error(`The ${job.role} job exited (code ${code}, signal ${signal}) without replying`));
    });
    child.send(job);
  });
}
