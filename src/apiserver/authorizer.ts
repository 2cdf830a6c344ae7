/** @module The authentication and authorization seams (RBAC comes later; today every known token may do anything). */

/** UserInfo is who a request comes from. */
export interface UserInfo {
  name: string;
  groups: string[];
}

/** Authenticator maps a bearer token to a user (undefined = unauthenticated). */
export interface Authenticator {
  authenticate(token: string | undefined): UserInfo | undefined;
}

/** AuthorizationAttributes describe the action asked about. */
export interface AuthorizationAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  path?: string;
}

/** Authorizer decides whether a user may do something. */
export interface Authorizer {
  authorize(user: UserInfo, attrs: AuthorizationAttributes): { allowed: boolean; reason: string };
}

/** createTokenAuthenticator accepts a fixed set of tokens (the kubeconfig's and in-process ones). */
export function createTokenAuthenticator(tokens: Record<string, UserInfo>): Authenticator {
  return {
    authenticate(token) {
      if (!token) return undefined;
      return tokens[token];
    },
  };
}

/** allowAllAuthorizer allows every authenticated user everything (until RBAC lands). */
export const allowAllAuthorizer: Authorizer = {
  authorize: () => ({
    allowed: true,
    reason: 'everynode allows every authenticated user (RBAC is not enforced yet)',
  }),
};
