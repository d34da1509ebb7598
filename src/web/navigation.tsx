// The staff app's screens and where they are reached from, in one list. Adding a screen is
// one entry here: its hash route, icon, label key, the roles that see it, where its link goes
// ('main': the header's navigation; 'admin': the header's Administration menu; 'user': the
// user menu) and what it renders. The inbox (and the conversations in it) is the shell's own.
import type { ReactNode } from 'react';
import { Inbox, KeyRound, ListTree, ScrollText, Users, type LucideIcon } from 'lucide-react';
import type { Me, Role } from './api.js';
import type { MessageKey } from './i18n.js';
import { Accounts, Audit, PasswordForm } from './Admin.js';
import { QueuesAdmin } from './queues/QueuesAdmin.js';

export interface ScreenContext {
  me: Me;
}

export interface NavItem {
  id: string;
  /** The hash route, e.g. '/accounts' for #/accounts. */
  route: string;
  icon: LucideIcon;
  label: MessageKey;
  /** Who sees the entry and may open the screen; everyone signed in when absent. */
  roles?: readonly Role[];
  placement: 'main' | 'admin' | 'user';
  /** The screen; absent for the inbox, which the shell renders itself. */
  render?: (context: ScreenContext) => ReactNode;
}

export const navigation: readonly NavItem[] = [
  { id: 'inbox', route: '/', icon: Inbox, label: 'nav.inbox', placement: 'main' },
  {
    id: 'accounts',
    route: '/accounts',
    icon: Users,
    label: 'nav.accounts',
    roles: ['admin'],
    placement: 'admin',
    render: ({ me }) => <Accounts myId={me.account.id} />,
  },
  {
    id: 'queues',
    route: '/queues',
    icon: ListTree,
    label: 'queues.nav',
    roles: ['admin'],
    placement: 'admin',
    render: () => <QueuesAdmin />,
  },
  { id: 'audit', route: '/audit', icon: ScrollText, label: 'nav.audit', roles: ['admin'], placement: 'admin', render: () => <Audit /> },
  { id: 'password', route: '/password', icon: KeyRound, label: 'nav.password', placement: 'user', render: () => <PasswordForm /> },
];

export const visibleTo = (role: Role) => (item: NavItem) => !item.roles || item.roles.includes(role);

/** The entry whose screen the route shows: a screen's own route, otherwise the inbox (#/, #/c/<id>). */
export function screenOf(route: string, role: Role): NavItem {
  return navigation.find((item) => item.route !== '/' && item.route === route && visibleTo(role)(item)) ?? navigation[0]!;
}
