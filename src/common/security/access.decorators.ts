import { SetMetadata } from '@nestjs/common';
import { Role } from './role';

export const REQUIRED_ROLE = 'access:requiredRole';
export const PUBLIC_ROUTE = 'access:public';

/**
 * The least role a query, mutation, subscription or route needs. On a resolver class it
 * covers the class's queries and subscriptions; a mutation must declare its own (a mutation
 * without one is refused for everybody, so a forgotten rule fails closed).
 */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** An HTTP route anyone may call (the health probe, the dashboard's static files). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
