import { z } from 'zod';
import { Id, line } from './common.js';

/** A customer company whose call center hands cases to the HelpDesk. */
export const CompanyView = z.object({
  id: Id,
  name: z.string(),
  reportEmail: z.string(),
  createdAt: z.string(),
});
export type CompanyView = z.infer<typeof CompanyView>;

export const CreateCompanyRequest = z.strictObject({
  name: line(100),
  /** Where result reports and monthly statistics are mailed. */
  reportEmail: z.email().max(254),
});
export type CreateCompanyRequest = z.infer<typeof CreateCompanyRequest>;

export const UpdateCompanyRequest = CreateCompanyRequest.partial().refine((v) => Object.keys(v).length > 0, {
  message: 'Nothing to update.',
});
export type UpdateCompanyRequest = z.infer<typeof UpdateCompanyRequest>;
