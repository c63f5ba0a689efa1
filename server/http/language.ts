import type { Request } from 'express';

/** The end user's language on the public pages: `?lang=`, else Accept-Language (Korean unless English is preferred). */
export function pageLanguage(req: Request): 'ko' | 'en' {
  const asked = req.query['lang'];
  if (asked === 'ko' || asked === 'en') return asked;
  return req.acceptsLanguages('ko', 'en') === 'en' ? 'en' : 'ko';
}
