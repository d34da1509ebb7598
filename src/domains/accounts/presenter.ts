import type { AccountView } from '../../contract/accounts.js';
import type { AccountRow } from './store.js';

export function presentAccount(row: AccountRow): AccountView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    active: row.active,
    language: row.language,
    createdAt: row.created_at.toISOString(),
  };
}
