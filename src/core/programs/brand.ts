import { z } from 'zod';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #6F4E37');

/** Logos are stored inline as data URIs, size-checked: the card face must render offline. */
export const MAX_LOGO_BYTES = 200_000;

export const logoSchema = z
  .string()
  .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 40, `must be at most ${MAX_LOGO_BYTES / 1000} kB`)
  .refine((value) => /^data:image\/(png|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(value), {
    message: 'must be a PNG or SVG image as a base64 data URI',
  })
  .refine((value) => isSafeLogo(value), { message: 'is not a valid PNG, or an SVG with scripts or external references' });

function isSafeLogo(dataUri: string): boolean {
  const [header, body = ''] = dataUri.split(',');
  const bytes = Buffer.from(body, 'base64');
  if (header?.includes('png')) return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const text = bytes.toString('utf8');
  // An SVG logo is drawn inside the card face: no scripts, handlers or external fetches.
  return text.includes('<svg') && !/<script|\son\w+=|href\s*=\s*["'](?!#|data:)/i.test(text);
}

export const LOGO_POSITIONS = ['top_left', 'top_right', 'bottom_left', 'bottom_right'] as const;

export const brandSchema = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  primary_color: color.optional(),
  secondary_color: color.optional(),
  text_color: color.optional(),
  logo: logoSchema.nullable().optional(),
  logo_position: z.enum(LOGO_POSITIONS).optional(),
});

export interface Brand {
  name: string;
  primary_color: string;
  secondary_color: string;
  text_color: string;
  logo: string | null;
  logo_position: (typeof LOGO_POSITIONS)[number];
}

export function defaultBrand(programName: string): Brand {
  return {
    name: programName.slice(0, 40),
    primary_color: '#1F3A5F',
    secondary_color: '#3E7CB1',
    text_color: '#FFFFFF',
    logo: null,
    logo_position: 'top_left',
  };
}

export function mergeBrand(base: Brand, patch: z.output<typeof brandSchema> | undefined): Brand {
  if (!patch) return base;
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}
