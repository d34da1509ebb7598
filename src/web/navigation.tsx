// The staff app's screens and where they are reached from, in one list. Adding a screen is
// one entry here: its hash route, icon, label key, the roles that see it, where its link goes
// ('main': the header's navigation; 'admin': the header's Administration menu; 'user': the
// user menu) and what it renders. The inbox (and the conversations in it) is the shell's own.
import type { ReactNode } from 'react';
import {
  Contact,
  Inbox,
  KeyRound,
  ListTree,
  MessageSquareText,
  ScrollText,
  SlidersHorizontal,
  Smile,
  Tags,
  Users,
  type LucideIcon,
} from 'lucide-react';
import type { Me, Role } from './api.js';
import type { MessageKey } from './i18n.js';
import { Accounts, Audit, PasswordForm } from './Admin.js';
import { SavedReplies } from './SavedReplies.js';
import { TagsAdmin } from './Tags.js';
import { Customers } from './customers/Customers.js';
import { Settings } from './settings/Settings.js';
import { SatisfactionScreen } from './Satisfaction.js';
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
  /** A two-key shortcut that opens the screen ("g i"), listed in the shortcuts help. */
  keys?: readonly [string, string];
  /** The screen; absent for the inbox, which the shell renders itself. */
  render?: (context: ScreenContext) => ReactNode;
}

export const navigation: readonly NavItem[] = [
  { id: 'inbox', route: '/', icon: Inbox, label: 'nav.inbox', placement: 'main', keys: ['g', 'i'] },
  {
    id: 'accounts',
    route: '/accounts',
    icon: Users,
    label: 'nav.accounts',
    roles: ['admin'],
    placement: 'admin',
    keys: ['g', 's'],
    render: ({ me }) => <Accounts myId={me.account.id} />,
  },
  {
    id: 'replies',
    route: '/replies',
    icon: MessageSquareText,
    label: 'replies.nav',
    placement: 'user',
    keys: ['g', 'r'],
    render: ({ me }) => <SavedReplies me={me} />,
  },
  { id: 'tags', route: '/tags', icon: Tags, label: 'tags.nav', roles: ['admin'], placement: 'admin', render: () => <TagsAdmin /> },
  {
    id: 'audit',
    route: '/audit',
    icon: ScrollText,
    label: 'nav.audit',
    roles: ['admin'],
    placement: 'admin',
    keys: ['g', 'l'],
    render: () => <Audit />,
  },
  {
    id: 'customers',
    route: '/customers',
    icon: Contact,
    label: 'customers.nav',
    roles: ['admin', 'supervisor'],
    placement: 'main',
    keys: ['g', 'c'],
    render: () => <Customers />,
  },
  {
    id: 'settings',
    route: '/settings',
    icon: SlidersHorizontal,
    label: 'settings.nav',
    roles: ['admin'],
    placement: 'admin',
    render: () => <Settings />,
  },
  {
    id: 'satisfaction',
    route: '/satisfaction',
    icon: Smile,
    label: 'satisfaction.nav',
    roles: ['supervisor', 'admin'],
    placement: 'main',
    keys: ['g', 'f'],
    render: () => <SatisfactionScreen />,
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
  { id: 'password', route: '/password', icon: KeyRound, label: 'nav.password', placement: 'user', render: () => <PasswordForm /> },
];

export const visibleTo = (role: Role) => (item: NavItem) => !item.roles || item.roles.includes(role);

/** The entry whose screen the route shows: a screen's own route, otherwise the inbox (#/, #/c/<id>). */
export function screenOf(route: string, role: Role): NavItem {
  return navigation.find((item) => item.route !== '/' && item.route === route && visibleTo(role)(item)) ?? navigation[0]!;
}
