import { GqlResponse } from './create-test-app';

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function ok<T>(res: GqlResponse<T>): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
  return res.data;
}

/** The single error of a response that must have failed. */
export function errorOf(res: GqlResponse<unknown>) {
  if (!res.errors?.length) throw new Error(`Expected an error, got data: ${JSON.stringify(res.data)}`);
  return res.errors[0];
}
