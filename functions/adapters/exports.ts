import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { makeOwnerOnlyDir, writeOwnerOnlyFile } from './owner-only-files.ts';

/** The exports store: S3 in AWS (EXPORTS_BUCKET), a folder locally (EXPORTS_DIR). Returns where it went. */
let s3: S3Client | undefined;

export async function writeExport(
  key: string,
  body: string | Uint8Array,
  contentType: string,
): Promise<string> {
  const bucket = process.env.EXPORTS_BUCKET;
  if (bucket) {
    s3 ??= new S3Client({});
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    return `s3://${bucket}/${key}`;
  }
  const dir = process.env.EXPORTS_DIR;
  if (!dir) throw new Error('Neither EXPORTS_BUCKET nor EXPORTS_DIR is set');
  const file = path.join(dir, key);
  // Issue 7 item 15: a SEPA file holds every parent's name and IBAN: owner-only, folders and file.
  makeOwnerOnlyDir(dir);
  makeOwnerOnlyDir(path.dirname(file));
  writeOwnerOnlyFile(file, body);
  return file;
}

/** Reads back a file this store returned the location of (`s3://bucket/key` or a local path). */
export async function readExport(location: string): Promise<string> {
  const s3Location = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  if (s3Location) {
    s3 ??= new S3Client({});
    const result = await s3.send(new GetObjectCommand({ Bucket: s3Location[1], Key: s3Location[2] }));
    return (await result.Body?.transformToString('utf8')) ?? '';
  }
  return readFileSync(location, 'utf8');
}

/** The same, as bytes: a PDF (issue 10 item 3: the day's letters, merged to print). */
export async function readExportBytes(location: string): Promise<Uint8Array> {
  const s3Location = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  if (s3Location) {
    s3 ??= new S3Client({});
    const result = await s3.send(new GetObjectCommand({ Bucket: s3Location[1], Key: s3Location[2] }));
    return (await result.Body?.transformToByteArray()) ?? new Uint8Array();
  }
  return new Uint8Array(readFileSync(location));
}
