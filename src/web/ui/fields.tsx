// Form fields with their label, help text and error in one place: TextField, TextArea,
// Select, Checkbox and Switch. The error under a field comes from the server's refusal
// (`errorMessage`) or the browser's own checks (React Aria's native validation).
import type { ReactNode } from 'react';
import {
  Checkbox as AriaCheckbox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select as AriaSelect,
  SelectValue,
  Switch as AriaSwitch,
  Text,
  TextArea as AriaTextArea,
  TextField as AriaTextField,
  Button as AriaButton,
  type CheckboxProps as AriaCheckboxProps,
  type Key,
  type SwitchProps as AriaSwitchProps,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';
import { Check, ChevronDown } from 'lucide-react';

interface FieldBase {
  label: ReactNode;
  /** A sentence under the field that helps fill it in. */
  description?: ReactNode;
  /** Why the value was refused; shown under the field and marks it invalid. */
  errorMessage?: string | undefined;
  /** Keep the label for screen readers only (compact places like the header). */
  hideLabel?: boolean;
  className?: string;
}

export interface TextFieldProps extends FieldBase, Omit<AriaTextFieldProps, 'children' | 'className'> {
  placeholder?: string;
}

function fieldClass(kind: string, className?: string) {
  return ['field', kind, className ?? ''].filter(Boolean).join(' ');
}

export function TextField({ label, description, errorMessage, hideLabel, className, placeholder, ...props }: TextFieldProps) {
  return (
    <AriaTextField {...props} isInvalid={errorMessage ? true : props.isInvalid} className={fieldClass('text-field', className)}>
      <Label className={hideLabel ? 'visually-hidden' : undefined}>{label}</Label>
      <Input placeholder={placeholder} />
      {description && <Text slot="description">{description}</Text>}
      <FieldError>{errorMessage}</FieldError>
    </AriaTextField>
  );
}

export interface TextAreaProps extends FieldBase, Omit<AriaTextFieldProps, 'children' | 'className'> {
  rows?: number;
}

export function TextArea({ label, description, errorMessage, hideLabel, className, rows = 4, ...props }: TextAreaProps) {
  return (
    <AriaTextField {...props} isInvalid={errorMessage ? true : props.isInvalid} className={fieldClass('text-area', className)}>
      <Label className={hideLabel ? 'visually-hidden' : undefined}>{label}</Label>
      <AriaTextArea rows={rows} />
      {description && <Text slot="description">{description}</Text>}
      <FieldError>{errorMessage}</FieldError>
    </AriaTextField>
  );
}

export interface SelectOption<K extends string = string> {
  id: K;
  label: string;
  /** The option's language, when it is named in its own (a language list). */
  lang?: string;
}

export interface SelectProps<K extends string = string> extends FieldBase {
  options: readonly SelectOption<K>[];
  value: K | null;
  onChange: (value: K) => void;
  name?: string;
  isDisabled?: boolean;
  isRequired?: boolean;
  /** An icon before the value (a status dot, a globe). */
  icon?: ReactNode;
  'aria-label'?: string;
}

export function Select<K extends string = string>({
  label,
  description,
  errorMessage,
  hideLabel,
  className,
  options,
  value,
  onChange,
  icon,
  ...props
}: SelectProps<K>) {
  return (
    <AriaSelect
      {...props}
      value={value}
      onChange={(key: Key | null) => key !== null && onChange(String(key) as K)}
      isInvalid={errorMessage ? true : undefined}
      className={fieldClass('select', className)}
    >
      <Label className={hideLabel ? 'visually-hidden' : undefined}>{label}</Label>
      <AriaButton className="select-button">
        {icon}
        <SelectValue className="select-value" />
        <ChevronDown aria-hidden="true" size={16} />
      </AriaButton>
      {description && <Text slot="description">{description}</Text>}
      <FieldError>{errorMessage}</FieldError>
      <Popover className="popover">
        <ListBox className="listbox" items={options}>
          {(option) => (
            <ListBoxItem id={option.id} textValue={option.label} className="listbox-item" lang={option.lang}>
              {({ isSelected }) => (
                <>
                  <span>{option.label}</span>
                  {isSelected && <Check aria-hidden="true" size={16} />}
                </>
              )}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}

export interface CheckboxProps extends Omit<AriaCheckboxProps, 'children' | 'className'> {
  children: ReactNode;
  className?: string;
}

export function Checkbox({ children, className, ...props }: CheckboxProps) {
  return (
    <AriaCheckbox {...props} className={fieldClass('checkbox', className)}>
      {({ isSelected, isIndeterminate }) => (
        <>
          <span className="box" aria-hidden="true">
            {isSelected && !isIndeterminate && <Check size={14} strokeWidth={3} />}
          </span>
          {children}
        </>
      )}
    </AriaCheckbox>
  );
}

export interface SwitchProps extends Omit<AriaSwitchProps, 'children' | 'className'> {
  children: ReactNode;
  className?: string;
}

export function Switch({ children, className, ...props }: SwitchProps) {
  return (
    <AriaSwitch {...props} className={fieldClass('switch-field', className)}>
      <span className="track" aria-hidden="true">
        <span className="thumb" />
      </span>
      {children}
    </AriaSwitch>
  );
}
