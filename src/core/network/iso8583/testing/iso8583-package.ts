import { createRequire } from 'node:module';
import type { Iso8583Fields, Iso8583Message } from '../message.js';

/**
 * A typed handle on the independent `iso_8583` npm package (a dev dependency without type
 * declarations), for interop tests and the benchmark only. It frames with a 2-byte length and
 * always sends a secondary bitmap; its field formats are its own 1987 table.
 */

interface PackageInstance {
  getBufferMessage(): Buffer | { error: string };
  getIsoJSON(buffer: Buffer, config?: object): Record<string, string> | { error: string };
}
type PackageClass = new (message?: Record<string, string>) => PackageInstance;

const require = createRequire(import.meta.url);
const Iso8583Package = require('iso_8583') as PackageClass;

export function toPackageData(message: Iso8583Message): Record<string, string> {
  const data: Record<string, string> = { 0: message.mti };
  for (const [field, value] of Object.entries(message.fields)) data[field] = value;
  return data;
}

/** Packs with the package: the frame including its 2-byte length prefix. */
export function packWithIsoPackage(message: Iso8583Message): Buffer {
  return packDataWithIsoPackage(toPackageData(message));
}

export function packDataWithIsoPackage(data: Record<string, string>): Buffer {
  const out = new Iso8583Package(data).getBufferMessage();
  if (!Buffer.isBuffer(out)) throw new Error(`iso_8583 could not pack: ${out.error}`);
  return out;
}

/** Unpacks a frame (with its length prefix) with the package. */
export function unpackWithIsoPackage(frame: Buffer): Iso8583Message {
  const json = new Iso8583Package().getIsoJSON(frame);
  if ('error' in json && typeof json.error === 'string') throw new Error(`iso_8583 could not unpack: ${json.error}`);
  const fields: Iso8583Fields = {};
  let mti = '';
  for (const [key, value] of Object.entries(json)) {
    if (key === '0') mti = value;
    else fields[Number(key)] = value;
  }
  return { mti, fields };
}
