// Opening hours per channel (periods per weekday) and the holidays and special days that
// override every channel's week on their dates.
import { useRef, useState } from 'react';
import { useI18n } from '../i18n.js';
import { channelKinds, type ChannelKind } from '../../contract/kinds.js';
import { languages } from '../../contract/languages.js';
import { weekdays, type Weekday } from '../../contract/weekdays.js';
import type { OpeningExceptionView, WeekHoursView } from '../../contract/libraries.js';
import { FieldError, describedBy } from './fields.js';
import type { SectionProps } from './Settings.js';

type Period = [string, string];
const MAX_PERIODS = 4;

/** Monday 2026-01-05 and the six days after it, for weekday names in the UI language. */
const weekdayName = (language: string, day: Weekday) =>
  new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 5 + weekdays.indexOf(day))));

function PeriodFields({
  id,
  label,
  period,
  onChange,
  onRemove,
}: {
  id: string;
  label: string;
  period: Period;
  onChange: (p: Period) => void;
  onRemove?: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="period" role="group" aria-label={label}>
      <label htmlFor={`${id}-from`}>{t('settings.opens')}</label>
      <input id={`${id}-from`} type="time" value={period[0]} onChange={(e) => onChange([e.target.value, period[1]])} />
      <label htmlFor={`${id}-to`}>{t('settings.closes')}</label>
      <input id={`${id}-to`} type="time" value={period[1]} onChange={(e) => onChange([period[0], e.target.value])} />
      {onRemove && (
        <button type="button" className="secondary" onClick={onRemove} aria-label={t('settings.removePeriodOf', { period: label })}>
          {t('settings.removePeriod')}
        </button>
      )}
    </div>
  );
}

function WeekEditor({ channel, week, onChange }: { channel: ChannelKind; week: WeekHoursView; onChange: (w: WeekHoursView) => void }) {
  const { t, language } = useI18n();
  const setDay = (day: Weekday, periods: Period[]) => onChange({ ...week, [day]: periods });
  return (
    <table className="week">
      <caption className="visually-hidden">{t('settings.weekOf', { channel: t(`channel.${channel}`) })}</caption>
      <tbody>
        {weekdays.map((day) => {
          const periods = (week[day] ?? []) as Period[];
          const name = weekdayName(language, day);
          return (
            <tr key={day}>
              <th scope="row">{name}</th>
              <td>
                {periods.length === 0 && <span className="closed">{t('settings.closed')}</span>}
                {periods.map((period, i) => (
                  <PeriodFields
                    key={i}
                    id={`hours-${channel}-${day}-${i}`}
                    label={t('settings.periodOf', { day: name, n: i + 1 })}
                    period={period}
                    onChange={(p) =>
                      setDay(
                        day,
                        periods.map((old, j) => (j === i ? p : old)),
                      )
                    }
                    onRemove={() =>
                      setDay(
                        day,
                        periods.filter((_, j) => j !== i),
                      )
                    }
                  />
                ))}
                {periods.length < MAX_PERIODS && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setDay(day, [...periods, periods.length ? ['13:00', '16:00'] : ['09:00', '16:00']])}
                  >
                    {t('settings.addPeriodOn', { day: name })}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ExceptionEditor({
  index,
  exception,
  onChange,
  onRemove,
  issue,
}: {
  index: number;
  exception: OpeningExceptionView;
  onChange: (e: OpeningExceptionView) => void;
  onRemove: () => void;
  issue: SectionProps['issue'];
}) {
  const { t, language } = useI18n();
  const id = `exception-${index}`;
  const at = `settings.openingExceptions.${index}`;
  const closed = exception.periods.length === 0;
  const title = exception.label?.[language] || exception.from;
  const fromIssue = issue(`${at}.from`);
  const toIssue = issue(`${at}.to`);
  const periodsIssue = issue(`${at}.periods`);
  return (
    <fieldset className="exception">
      <legend>{t('settings.exceptionTitle', { n: index + 1, title })}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('settings.exceptionFrom')}</label>
          <input
            id={`${id}-from`}
            type="date"
            required
            value={exception.from}
            aria-invalid={fromIssue ? true : undefined}
            aria-describedby={describedBy(fromIssue && `${id}-from-error`)}
            onChange={(e) => onChange({ ...exception, from: e.target.value })}
          />
          <FieldError id={`${id}-from-error`} text={fromIssue} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('settings.exceptionTo')}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={exception.to ?? ''}
            aria-invalid={toIssue ? true : undefined}
            aria-describedby={describedBy(`${id}-to-hint`, toIssue && `${id}-to-error`)}
            onChange={(e) => {
              const { to: _old, ...rest } = exception;
              onChange(e.target.value ? { ...rest, to: e.target.value } : rest);
            }}
          />
          <p id={`${id}-to-hint`} className="hint">
            {t('settings.exceptionToHint')}
          </p>
          <FieldError id={`${id}-to-error`} text={toIssue} />
        </div>
      </div>
      <div className="field checkbox">
        <input
          id={`${id}-closed`}
          type="checkbox"
          checked={closed}
          onChange={(e) => onChange({ ...exception, periods: e.target.checked ? [] : [['10:00', '14:00']] })}
        />
        <label htmlFor={`${id}-closed`}>{t('settings.exceptionClosed')}</label>
      </div>
      {!closed &&
        exception.periods.map((period, i) => (
          <PeriodFields
            key={i}
            id={`${id}-period-${i}`}
            label={t('settings.exceptionPeriod', { n: i + 1 })}
            period={period as Period}
            onChange={(p) => onChange({ ...exception, periods: exception.periods.map((old, j) => (j === i ? p : old)) })}
          />
        ))}
      <FieldError id={`${id}-periods-error`} text={periodsIssue} />
      <fieldset className="localized compact">
        <legend>{t('settings.exceptionLabel')}</legend>
        {languages.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={`${id}-label-${l}`}>{t(`lang.${l}`)}</label>
            <input
              id={`${id}-label-${l}`}
              lang={l}
              maxLength={100}
              value={exception.label?.[l] ?? ''}
              onChange={(e) => {
                const label = { ...exception.label, [l]: e.target.value };
                if (!e.target.value) delete label[l];
                const { label: _old, ...rest } = exception;
                onChange(Object.keys(label).length > 0 ? { ...rest, label } : rest);
              }}
            />
          </div>
        ))}
      </fieldset>
      <button type="button" className="secondary" onClick={onRemove}>
        {t('settings.removeException', { title })}
      </button>
    </fieldset>
  );
}

export function HoursSection({ draft, setDraft, issue }: SectionProps) {
  const { t } = useI18n();
  const [channel, setChannel] = useState<ChannelKind>('chat');
  const addedRef = useRef<number | null>(null);
  const week = draft.hours[channel];
  const hoursIssue = issue(`settings.openingHours.${channel}`);
  return (
    <>
      <fieldset>
        <legend>{t('settings.weeklyHours')}</legend>
        <div className="field">
          <label htmlFor="hours-channel">{t('settings.channel')}</label>
          <select id="hours-channel" value={channel} onChange={(e) => setChannel(e.target.value as ChannelKind)}>
            {channelKinds.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field checkbox">
          <input
            id="hours-set"
            type="checkbox"
            checked={Boolean(week)}
            aria-describedby="hours-set-hint"
            onChange={(e) => setDraft((d) => ({ ...d, hours: { ...d.hours, [channel]: e.target.checked ? {} : null } }))}
          />
          <label htmlFor="hours-set">{t('settings.hasHours', { channel: t(`channel.${channel}`) })}</label>
        </div>
        <p id="hours-set-hint" className="hint">
          {t('settings.hasHoursHint')}
        </p>
        {week && (
          <WeekEditor channel={channel} week={week} onChange={(w) => setDraft((d) => ({ ...d, hours: { ...d.hours, [channel]: w } }))} />
        )}
        <FieldError id="hours-error" text={hoursIssue} />
      </fieldset>
      <fieldset>
        <legend>{t('settings.exceptions')}</legend>
        <p className="hint">{t('settings.exceptionsHint')}</p>
        {draft.exceptions.length === 0 && <p>{t('settings.noExceptions')}</p>}
        {draft.exceptions.map((exception, i) => (
          <ExceptionEditor
            key={i}
            index={i}
            exception={exception}
            issue={issue}
            onChange={(e) => setDraft((d) => ({ ...d, exceptions: d.exceptions.map((old, j) => (j === i ? e : old)) }))}
            onRemove={() => setDraft((d) => ({ ...d, exceptions: d.exceptions.filter((_, j) => j !== i) }))}
          />
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            addedRef.current = draft.exceptions.length;
            setDraft((d) => ({ ...d, exceptions: [...d.exceptions, { from: new Date().toISOString().slice(0, 10), periods: [] }] }));
            // Focus the new exception's first field once it is there.
            setTimeout(() => document.getElementById(`exception-${addedRef.current}-from`)?.focus(), 0);
          }}
        >
          {t('settings.addException')}
        </button>
      </fieldset>
    </>
  );
}
