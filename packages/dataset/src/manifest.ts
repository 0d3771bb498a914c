import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { type Clip, type ClipList, clipName, finishClips } from './clip';
import { parseCsv } from './csv';
import type { SourceOptions } from './source-options';
import type { SkippedFile } from './walk';

/** One manifest row as read: column name → text (JSON Lines values are turned into text). */
export interface ManifestRecord {
  values: Record<string, string>;
  /** 1-based row number among the data rows (the header is not a row). */
  row: number;
  /** Line of the file the row starts on. */
  line: number;
}

const isJsonLines = (file: string): boolean => /\.(jsonl|ndjson)$/i.test(file);

/** The columns and rows of a CSV (with a header) or JSON Lines manifest; errors name the file and row. */
export function parseManifest(text: string, file: string): { columns: string[]; records: ManifestRecord[] } {
  if (isJsonLines(file)) {
    const columns = new Set<string>();
    const records: ManifestRecord[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new Error(`${file}: row ${records.length + 1} (line ${i + 1}): not JSON`);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new Error(`${file}: row ${records.length + 1} (line ${i + 1}): not a JSON object`);
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) {
        columns.add(k);
        values[k] = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
      }
      records.push({ values, row: records.length + 1, line: i + 1 });
    });
    return { columns: [...columns], records };
  }
  const [header, ...rows] = parseCsv(text, file);
  if (!header) throw new Error(`${file}: empty manifest (expected a header row)`);
  const columns = header.fields.map((c) => c.trim());
  const records = rows.map((r, i) => {
    if (r.fields.length !== columns.length)
      throw new Error(
        `${file}: row ${i + 1}${r.line === i + 2 ? '' : ` (line ${r.line})`}: ${r.fields.length} fields, the header has ${columns.length}`,
      );
    return { values: Object.fromEntries(columns.map((c, j) => [c, r.fields[j]])), row: i + 1, line: r.line };
  });
  return { columns, records };
}

const seconds = (what: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ error: `${what} is not a number` })
      .refine(Number.isFinite, `${what} is not a number`)
      .min(0, `${what} is negative`)
      .optional(),
  );

/** A manifest row once its columns are mapped: what every clip needs, checked. */
export const manifestRowSchema = z
  .object({
    file: z.string().trim().min(1, 'empty file'),
    label: z.string().trim().min(1, 'empty label'),
    group: z.string().trim().default(''),
    fold: z.string().trim().default(''),
    start: seconds('start'),
    end: seconds('end'),
  })
  .refine((r) => r.end === undefined || r.end > (r.start ?? 0), {
    message: 'end is not after start',
  });
export type ManifestRow = z.infer<typeof manifestRowSchema>;

const exists = (file: string): Promise<boolean> =>
  fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * The clips a manifest lists. Columns are mapped by `opts` (defaults file, label, group, fold; start and end
 * are a region in seconds unless `regions` is false); every other column is kept as the clip's metadata. Files
 * are relative to the manifest's folder, or absolute. A bad row fails the whole read with one line naming the
 * manifest, the row and the problem; a missing file does too unless `missing` is `skip`.
 */
export async function readManifest(
  file: string,
  opts: Pick<SourceOptions, 'fileColumn' | 'labelColumn' | 'groupColumn' | 'foldColumn' | 'regions' | 'missing'>,
): Promise<ClipList> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${file}: ${code === 'ENOENT' ? 'not found' : (err as Error).message}`);
  }
  const { columns, records } = parseManifest(text, file);
  const pick = (flag: string, given: string | undefined, fallback: string, required: boolean): string | null => {
    const name = given ?? fallback;
    if (columns.includes(name)) return name;
    if (given !== undefined || required)
      throw new Error(`${file}: no column "${name}" (${flag}); its columns are ${columns.join(', ')}`);
    return null;
  };
  const fileCol = pick('--file-column', opts.fileColumn, 'file', true) as string;
  const labelCol = pick('--label-column', opts.labelColumn, 'label', true) as string;
  const groupCol = pick('--group-column', opts.groupColumn, 'group', false);
  const foldCol = pick('--fold-column', opts.foldColumn, 'fold', false);
  const startCol = opts.regions && columns.includes('start') ? 'start' : null;
  const endCol = opts.regions && columns.includes('end') ? 'end' : null;
  const used = new Set([fileCol, labelCol, groupCol, foldCol, startCol, endCol]);
  const dir = path.dirname(path.resolve(file));

  const clips: Omit<Clip, 'genre'>[] = [];
  const labels: string[] = [];
  const skipped: SkippedFile[] = [];
  const at = (r: ManifestRecord): string => `${file}: row ${r.row}${r.line === r.row + 1 ? '' : ` (line ${r.line})`}`;
  for (const r of records) {
    const v = r.values;
    const parsed = manifestRowSchema.safeParse({
      file: v[fileCol] ?? '',
      label: v[labelCol] ?? '',
      group: groupCol ? (v[groupCol] ?? '') : '',
      fold: foldCol ? (v[foldCol] ?? '') : '',
      start: startCol ? v[startCol] : undefined,
      end: endCol ? v[endCol] : undefined,
    });
    if (!parsed.success) throw new Error(`${at(r)}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    const row = parsed.data;
    const abs = path.resolve(dir, row.file);
    const relPath = path.isAbsolute(row.file) ? abs : path.relative(dir, abs).split(path.sep).join('/');
    if (!(await exists(abs))) {
      if (opts.missing === 'skip') {
        skipped.push({ path: relPath, reason: `listed in ${file} row ${r.row} but not found` });
        continue;
      }
      throw new Error(`${at(r)}: file "${row.file}" not found (${abs})`);
    }
    const start = row.start ?? 0;
    const end = row.end ?? null;
    const metadata = Object.fromEntries(Object.entries(v).filter(([k]) => !used.has(k)));
    clips.push({
      path: abs,
      relPath: clipName(relPath, start, end),
      start,
      end,
      group: row.group,
      fold: row.fold,
      metadata,
    });
    labels.push(row.label);
  }
  if (clips.length === 0)
    throw new Error(
      `${file}: no clips (${records.length} rows${skipped.length ? `, ${skipped.length} files missing` : ''})`,
    );
  return { ...finishClips(clips, labels), skipped, warnings: [] };
}
