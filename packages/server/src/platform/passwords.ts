import argon2 from 'argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spend the same time as a real check when the user does not exist. */
  verifyDummy(password: string): Promise<void>;
}

/** argon2id with configurable cost (OWASP's floor is m=19 MiB, t=2, p=1). */
export function createPasswordHasher(cost: { memoryCost: number; timeCost: number }): PasswordHasher {
  const options = {
    type: argon2.argon2id as 2,
    memoryCost: cost.memoryCost,
    timeCost: cost.timeCost,
    parallelism: 1,
  };
  let dummy: Promise<string> | null = null;
  return {
    hash: (password) => argon2.hash(password, options),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
    async verifyDummy(password) {
      dummy ??= argon2.hash('dummy-password-for-timing', options);
      await argon2.verify(await dummy, password).catch(() => false);
    },
  };
}
