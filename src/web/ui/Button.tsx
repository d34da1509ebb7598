// The app's one button: a variant for its weight in the visual hierarchy (one primary action
// per area), an optional lucide icon, and always a text label (shown, or kept for screen
// readers only where space is short). React Aria's Button handles press, keyboard and focus.
import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';

export type ButtonVariant = 'primary' | 'secondary' | 'quiet' | 'danger';

export interface ButtonProps extends Omit<AriaButtonProps, 'children' | 'className'> {
  variant?: ButtonVariant;
  icon?: LucideIcon;
  /** The label, read by screen readers even when `hideLabel` leaves only the icon on screen. */
  children: ReactNode;
  hideLabel?: boolean;
  className?: string;
}

export function Button({ variant = 'primary', icon: Icon, children, hideLabel = false, className, ...props }: ButtonProps) {
  return (
    <AriaButton {...props} className={['button', variant, hideLabel ? 'icon-only' : '', className ?? ''].filter(Boolean).join(' ')}>
      {Icon && <Icon aria-hidden="true" focusable="false" size={18} strokeWidth={2} />}
      <span className={hideLabel ? 'visually-hidden' : 'label'}>{children}</span>
    </AriaButton>
  );
}
