import type { StageContext } from './io';

export async function train(_ctx: StageContext, _out: string): Promise<Record<string, unknown>> {
  return {};
}
