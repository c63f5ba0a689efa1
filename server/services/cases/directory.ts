import type { Repositories } from '../../store/types.js';

/** Display names of users and companies, loaded once per request for the views built in it. */
export interface Directory {
  userName(id: number): string;
  companyName(id: number): string;
}

export async function loadDirectory(repos: Repositories): Promise<Directory> {
  const [users, companies] = await Promise.all([repos.users.list(), repos.companies.list()]);
  const userNames = new Map(users.map((u) => [u.id, u.displayName]));
  const companyNames = new Map(companies.map((c) => [c.id, c.name]));
  return {
    userName: (id) => userNames.get(id) ?? `#${id}`,
    companyName: (id) => companyNames.get(id) ?? `#${id}`,
  };
}
