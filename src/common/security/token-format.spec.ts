import { bearerToken, generateToken, hashToken, tokenMatches, tokenPrefix } from './token-format';

describe('API token format', () => {
  it('generates distinct tokens of at least 128 random bits whose prefix is recoverable', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token).toMatch(/^bt_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    // The secret after the prefix: 43 base64url characters carry 256 bits.
    expect(a.token.slice('bt_'.length + 8 + 1).length * 6).toBeGreaterThanOrEqual(128);
    expect(tokenPrefix(a.token)).toBe(a.prefix);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).not.toContain(a.token);
  });

  it('matches only the exact token', () => {
    const { token, hash } = generateToken();
    expect(tokenMatches(token, hash)).toBe(true);
    expect(tokenMatches(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), hash)).toBe(false);
    expect(tokenMatches(token, 'not-hex')).toBe(false);
  });

  it('refuses malformed tokens before any lookup', () => {
    for (const bad of ['', 'bt_', 'bt_short_x', 'Bearer x', `xx_${'a'.repeat(8)}_${'b'.repeat(43)}`, `bt_${'a'.repeat(8)}_${'b'.repeat(44)}`]) {
      expect(tokenPrefix(bad)).toBeNull();
    }
  });

  it('reads the bearer scheme case-insensitively and nothing else', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(['Bearer x', 'Bearer y'])).toBe('x');
  });
});
