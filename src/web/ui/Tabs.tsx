// Tabs on React Aria (arrow keys move between tabs, Tab moves into the panel), styled once.
import type { ReactNode } from 'react';
import { Tab as AriaTab, TabList as AriaTabList, TabPanel as AriaTabPanel, Tabs as AriaTabs, type Key } from 'react-aria-components';

export function Tabs(props: {
  children: ReactNode;
  selectedKey?: Key;
  defaultSelectedKey?: Key;
  onSelectionChange?: (key: Key) => void;
  className?: string;
}) {
  return <AriaTabs {...props} className={['tabs', props.className ?? ''].filter(Boolean).join(' ')} />;
}

export function TabList({ children, label }: { children: ReactNode; label: string }) {
  return (
    <AriaTabList aria-label={label} className="tab-list">
      {children}
    </AriaTabList>
  );
}

export function Tab({ id, children }: { id: string; children: ReactNode }) {
  return (
    <AriaTab id={id} className="tab">
      {children}
    </AriaTab>
  );
}

export function TabPanel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <AriaTabPanel id={id} className="tab-panel">
      {children}
    </AriaTabPanel>
  );
}
