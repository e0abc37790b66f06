import { describe, expect, it } from 'vitest';
import { isAuthorized } from '../../functions/api-authorizer.ts';

describe('admin API authentication', () => {
  it('accepts only the exact bearer key', () => {
    expect(isAuthorized('Bearer s3cret-key', 's3cret-key')).toBe(true);
    expect(isAuthorized('bearer s3cret-key', 's3cret-key')).toBe(true);
    expect(isAuthorized('Bearer s3cret-kez', 's3cret-key')).toBe(false);
    expect(isAuthorized('s3cret-key', 's3cret-key')).toBe(false);
    expect(isAuthorized(undefined, 's3cret-key')).toBe(false);
    expect(isAuthorized('Bearer ', '')).toBe(false);
  });
});
