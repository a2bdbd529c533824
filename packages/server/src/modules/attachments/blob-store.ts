import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Content-addressed files under one directory: `ab/cd/<sha256>`. Writes go to a temporary name and are
 * renamed into place, so a crash never leaves half a file under a real name, and two processes storing
 * the same content at once both end with the same complete file.
 */
export class BlobStore {
  constructor(readonly dir: string) {}

  static sha256(buf: Buffer): string {
    return createHash('sha256').update(buf).digest('hex');
  }

  pathOf(sha: string, suffix = ''): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error('bad content address');
    return join(this.dir, sha.slice(0, 2), sha.slice(2, 4), sha + suffix);
  }

  async put(sha: string, buf: Buffer, suffix = ''): Promise<string> {
    const path = this.pathOf(sha, suffix);
    if (existsSync(path)) return path;
    await mkdir(join(this.dir, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, buf, { flag: 'wx' });
      await rename(tmp, path);
    } finally {
      await rm(tmp, { force: true });
    }
    return path;
  }

  has(sha: string, suffix = ''): boolean {
    return existsSync(this.pathOf(sha, suffix));
  }
}
