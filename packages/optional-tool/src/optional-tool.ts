/** True when CI is set to anything but '', '0' or 'false' (.ci/run sets CI=true). */
export function underCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/**
 * Whether the checks that need `what` run. `missing` is null when the tool is there; otherwise why it is not, and
 * then this throws under CI, or prints one line and returns false elsewhere.
 */
export function toolAvailable(what: string, missing: string | null): boolean {
  if (missing === null) return true;
  if (underCi()) throw new Error(`CI must run the ${what} checks, but ${missing}`);
  console.warn(`skipping the ${what} checks: ${missing}`);
  return false;
}
