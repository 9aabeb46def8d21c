/** The account roles, for clients (the web app imports the contract only). */
export { ACCOUNT_ROLES, type AccountRole } from '../../auth/roles.js';
