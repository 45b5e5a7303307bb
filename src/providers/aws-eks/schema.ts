// zod schemas of the EKS update API (aws-sdk-js-v3 clients/client-eks: ListUpdatesResponse,
// DescribeUpdateResponse, Update, UpdateParam, ErrorDetail; docs/providers-next.md). All fields
// optional, unknown fields pass through. restJson1 sends timestamps as epoch seconds (numbers,
// maybe fractional); a string is accepted too.

import { z } from 'zod';

const text = z.string().nullish();

export const updateParamSchema = z.looseObject({ type: text, value: text });

export const errorDetailSchema = z.looseObject({
  errorCode: text,
  errorMessage: text,
  resourceIds: z.array(z.string()).nullish(),
});

export const updateSchema = z.looseObject({
  id: text,
  /** UpdateStatus: InProgress | Failed | Cancelled | Successful. */
  status: text,
  /** UpdateType, e.g. VersionUpdate. */
  type: text,
  params: z.array(updateParamSchema).nullish(),
  createdAt: z.union([z.number(), z.string()]).nullish(),
  errors: z.array(errorDetailSchema).nullish(),
});

export const listUpdatesResponseSchema = z.looseObject({
  /** The SDK's list deserializer drops null entries; so does the client. */
  updateIds: z.array(z.string().nullable()).nullish(),
  nextToken: text,
});

export const describeUpdateResponseSchema = z.looseObject({ update: updateSchema.nullish() });

export type EksUpdate = z.infer<typeof updateSchema>;
export type EksErrorDetail = z.infer<typeof errorDetailSchema>;
