import type { StageContext } from '../stages/io';

export async function report(_ctx: StageContext, _out: string): Promise<Record<string, unknown>> {
  return {};
}
