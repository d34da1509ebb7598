// The staff app's components: thin, consistently styled wrappers over React Aria Components
// (docs/decisions/0006-staff-app-components.md). Screens use these, not raw elements, so the
// whole app looks and behaves the same. Icons come from lucide-react, always with a text label.
export { Badge, type BadgeTone } from './Badge.js';
export { Button, type ButtonProps, type ButtonVariant } from './Button.js';
export { ConfirmDialog, Modal, type ConfirmDialogProps, type ModalProps } from './Dialog.js';
export { Checkbox, Select, Switch, TextArea, TextField, type SelectOption } from './fields.js';
export { Form, FormError, useFormSubmit } from './Form.js';
export { MenuButton, type MenuAction } from './Menu.js';
export { Tab, TabList, TabPanel, Tabs } from './Tabs.js';
export { ToastProvider, useToast, TOAST_TIMEOUT, type Toasts } from './Toast.js';
