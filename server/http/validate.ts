import type { Request } from 'express';
import type { z } from 'zod';
import { IdParams } from '../../shared/schemas/common.js';
import { parse } from '../../shared/validation.js';

/** Every route reads its input only through these, so nothing unvalidated reaches a service. */
export const bodyOf = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => parse(schema, req.body ?? {}, 'request body');
export const queryOf = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => parse(schema, { ...req.query }, 'query');
export const idOf = (req: Request): number => parse(IdParams, req.params, 'path').id;
