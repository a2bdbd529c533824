import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
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
    if (existsSync(path)) {
      // Storing the same content again renews the file's time, so `removeIfOlder` spares content that
      // an upload in flight (bytes stored, row not yet written) is about to use.
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined);
      return path;
    }
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

  /**
   * Removes a file last stored before `before` (see `put`); true when it was removed. The caller has
   * checked that no row points at the content any more.
   */
  async removeIfOlder(sha: string, before: Date, suffix = ''): Promise<boolean> {
    const path = this.pathOf(sha, suffix);
    const st = await stat(path).catch(() => null);
    if (!st || st.mtimeMs >= before.getTime()) return false;
    await rm(path, { force: true });
    return true;
  }

  has(sha: string, suffix = ''): boolean {
    return existsSync(this.pathOf(sha, suffix));
  }
}
