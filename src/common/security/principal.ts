import { Role } from './role';

/** Who is calling: the token's id, name (the actor recorded on changes) and role. */
export interface Principal {
  tokenId: number;
  name: string;
  role: Role;
}
