import type { StageContext } from './io';

export async function evaluate(_ctx: StageContext, _out: string): Promise<Record<string, unknown>> {
  return {};
}
