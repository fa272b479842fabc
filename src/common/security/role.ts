import { registerEnumType } from '@nestjs/graphql';

/** What a token may do. Each role includes the ones before it. */
export enum Role {
  /** Reads everything. */
  ANALYST = 'ANALYST',
  /** Also ingests, edits records, sets statuses and logs outcomes. */
  STAFF = 'STAFF',
  /** Also manages tokens, deletes and merges. */
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role', description: 'What an API token may do; each role includes the ones before it.' });

const RANK: Record<Role, number> = { [Role.ANALYST]: 1, [Role.STAFF]: 2, [Role.ADMIN]: 3 };

export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}

export function parseRole(text: string): Role | null {
  const upper = text.trim().toUpperCase();
  return (Object.values(Role) as string[]).includes(upper) ? (upper as Role) : null;
}
