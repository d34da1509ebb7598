// The shell's two dialogs: the keyboard shortcuts (opened with `?`) and the notification
// settings of this device (from the user menu).
import { useEffect, useState, useSyncExternalStore } from 'react';
import { type AlertPreferences, beep, notificationsSupported } from './alerts.js';
import { useI18n, type MessageKey } from './i18n.js';
import { listShortcuts, subscribeShortcuts, type Shortcut } from './shortcuts.js';
import { Button, Modal, Switch } from './ui/index.js';

const groups: { id: Shortcut['group']; label: MessageKey }[] = [
  { id: 'navigation', label: 'shell.shortcuts.navigation' },
  { id: 'inbox', label: 'shell.shortcuts.inbox' },
  { id: 'general', label: 'shell.shortcuts.general' },
];

export function ShortcutsHelp({ isOpen, onOpenChange }: { isOpen: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useI18n();
  const shortcuts = useSyncExternalStore(subscribeShortcuts, listShortcuts);
  const keyName = (key: string) => (key === 'Escape' ? t('shell.shortcuts.escKey') : key);
  return (
    <Modal isOpen={isOpen} onOpenChange={onOpenChange} title={t('shell.shortcuts.title')} className="shortcuts-help">
      <p>{t('shell.shortcuts.intro')}</p>
      {groups.map((group) => {
        const inGroup = shortcuts.filter((s) => s.group === group.id);
        if (inGroup.length === 0) return null;
        return (
          <section key={group.id} aria-labelledby={`shortcuts-${group.id}`}>
            <h3 id={`shortcuts-${group.id}`}>{t(group.label)}</h3>
            <dl className="shortcut-list">
              {inGroup.map((s) => (
                <div key={s.id}>
                  <dt>
                    {s.keys.map((key, i) => (
                      <span key={i}>
                        {i > 0 && <span className="then"> {t('shell.shortcuts.then')} </span>}
                        <kbd>{keyName(key)}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{t(s.label, s.labelValues)}</dd>
                </div>
              ))}
              {group.id === 'general' && (
                <div>
                  <dt>
                    <kbd>{keyName('Escape')}</kbd>
                  </dt>
                  <dd>{t('shell.shortcuts.close')}</dd>
                </div>
              )}
            </dl>
          </section>
        );
      })}
      <div className="dialog-actions">
        <Button variant="primary" onPress={() => onOpenChange(false)}>
          {t('shell.close')}
        </Button>
      </div>
    </Modal>
  );
}

interface NotificationSettingsProps {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  preferences: AlertPreferences;
  onChange: (preferences: AlertPreferences) => void;
}

export function NotificationSettings({ isOpen, onOpenChange, preferences, onChange }: NotificationSettingsProps) {
  const { t } = useI18n();
  const supported = notificationsSupported();
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(supported ? Notification.permission : 'unsupported');
  useEffect(() => {
    if (isOpen && supported) setPermission(Notification.permission);
  }, [isOpen, supported]);

  async function setDesktop(on: boolean) {
    if (!on) return onChange({ ...preferences, desktop: false });
    // Asked only now, when the person turns notifications on.
    const answer = permission === 'default' ? await Notification.requestPermission() : permission;
    if (answer !== 'unsupported') setPermission(answer);
    onChange({ ...preferences, desktop: answer === 'granted' });
  }

  return (
    <Modal isOpen={isOpen} onOpenChange={onOpenChange} title={t('shell.alerts.settingsTitle')} className="notification-settings">
      <p>{t('shell.alerts.settingsIntro')}</p>
      <div className="settings-list">
        <div>
          <Switch
            isSelected={preferences.sound}
            onChange={(on) => {
              onChange({ ...preferences, sound: on });
              // Heard now, so the person knows what to listen for (and the browser allows sound).
              if (on) beep();
            }}
          >
            {t('shell.alerts.sound')}
          </Switch>
        </div>
        <div>
          <Switch isSelected={preferences.desktop} isDisabled={permission === 'unsupported'} onChange={(on) => void setDesktop(on)}>
            {t('shell.alerts.desktop')}
          </Switch>
          {permission === 'denied' && <p className="help error-text">{t('shell.alerts.denied')}</p>}
          {permission === 'unsupported' && <p className="help">{t('shell.alerts.unsupported')}</p>}
        </div>
        <div>
          <Switch
            isSelected={preferences.showText}
            isDisabled={!preferences.desktop}
            onChange={(on) => onChange({ ...preferences, showText: on })}
            aria-describedby="show-text-help"
          >
            {t('shell.alerts.showText')}
          </Switch>
          <p className="help" id="show-text-help">
            {t('shell.alerts.showTextHelp')}
          </p>
        </div>
      </div>
      <div className="dialog-actions">
        <Button variant="primary" onPress={() => onOpenChange(false)}>
          {t('shell.close')}
        </Button>
      </div>
    </Modal>
  );
}
