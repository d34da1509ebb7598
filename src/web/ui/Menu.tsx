// A button that opens a menu of actions (the user menu, the navigation on a phone), on React
// Aria: arrow keys, typeahead, Esc, and focus back to the button.
import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Menu as AriaMenu, MenuItem as AriaMenuItem, MenuTrigger, Popover, Separator, type Key } from 'react-aria-components';
import { Button, type ButtonVariant } from './Button.js';

export interface MenuAction {
  id: string;
  label: string;
  icon?: LucideIcon;
  /** A link (navigation): the item is rendered as one. */
  href?: string;
  /** Marks the current page in a navigation menu. */
  current?: boolean;
  /** A line before this item. */
  separatorBefore?: boolean;
}

export interface MenuButtonProps {
  /** The button's label (its accessible name even when `hideLabel`). */
  label: ReactNode;
  icon?: LucideIcon;
  hideLabel?: boolean;
  variant?: ButtonVariant;
  items: readonly MenuAction[];
  onAction?: (id: string) => void;
  className?: string;
  /** The menu's own name for screen readers; defaults to the button's. */
  'aria-label'?: string;
  placement?: 'bottom start' | 'bottom end';
}

export function MenuButton({
  label,
  icon,
  hideLabel,
  variant = 'quiet',
  items,
  onAction,
  className,
  placement = 'bottom end',
  ...rest
}: MenuButtonProps) {
  return (
    <MenuTrigger>
      <Button variant={variant} icon={icon} hideLabel={hideLabel} className={className}>
        {label}
      </Button>
      <Popover className="popover" placement={placement}>
        <AriaMenu className="menu" aria-label={rest['aria-label']} onAction={(key: Key) => onAction?.(String(key))}>
          {items.flatMap((item) => {
            const Icon = item.icon;
            const entry = (
              <AriaMenuItem
                key={item.id}
                id={item.id}
                href={item.href}
                textValue={item.label}
                className="menu-item"
                aria-current={item.current ? 'page' : undefined}
              >
                {Icon && <Icon aria-hidden="true" size={18} />}
                <span>{item.label}</span>
              </AriaMenuItem>
            );
            return item.separatorBefore ? [<Separator key={`${item.id}-separator`} className="menu-separator" />, entry] : [entry];
          })}
        </AriaMenu>
      </Popover>
    </MenuTrigger>
  );
}
