import { describe, expect, it } from 'vitest';
import { spaFallbackFile } from './static';

describe('spaFallbackFile', () => {
  it('sends page routes to the right app', () => {
    expect(spaFallbackFile('/')).toBe('index.html');
    expect(spaFallbackFile('/system/users?page=2')).toBe('index.html');
    expect(spaFallbackFile('/territory/regions')).toBe('index.html');
    expect(spaFallbackFile('/m')).toBe('m/index.html');
    expect(spaFallbackFile('/m/login?redirect=%2F')).toBe('m/index.html');
    expect(spaFallbackFile('/m/report/new')).toBe('m/index.html');
  });

  it('never answers API calls or missing files with a page', () => {
    expect(spaFallbackFile('/api/v1/nothing')).toBeNull();
    expect(spaFallbackFile('/open311/v2/services.json')).toBeNull();
    expect(spaFallbackFile('/assets/missing-abc123.js')).toBeNull();
    expect(spaFallbackFile('/m/assets/x.css')).toBeNull();
    expect(spaFallbackFile('/favicon.ico')).toBeNull();
  });
});
