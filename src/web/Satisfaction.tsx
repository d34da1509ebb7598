// The Satisfaction screen (supervisors and admins): the customers' answers with their
// comments, newest first and paged, filtered by channel and period, above them how many were
// asked and answered, the average and how many gave each score. Answers on different scales
// (the library changed its scale) are summarised apart, never averaged together.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { channelKinds, type ChannelKind } from '../contract/kinds.js';
import type { SatisfactionAnswerView, SatisfactionScaleSummary } from '../contract/satisfaction.js';
import { ChevronsDown } from 'lucide-react';
import { errorText } from './errors.js';
import { Button, Select } from './ui/index.js';
import { useI18n, type MessageKey } from './i18n.js';
import { satisfactionApi, satisfactionQuery, type SatisfactionFilters, type SatisfactionSummary } from './satisfaction-api.js';

const PERIODS = [7, 30, 90, 365, 0] as const;

export function SatisfactionScreen() {
  const { t, language } = useI18n();
  const [filters, setFilters] = useState<SatisfactionFilters>({ channel: '', days: 30 });
  const [summary, setSummary] = useState<SatisfactionSummary | null>(null);
  const [answers, setAnswers] = useState<SatisfactionAnswerView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  // Fixed per filter choice, so that "load more" continues the same period.
  const query = useMemo(() => satisfactionQuery(filters), [filters]);

  const load = useCallback(
    async (from?: string | null) => {
      setError('');
      setLoading(true);
      try {
        if (from) {
          const page = await satisfactionApi.answers(query, from);
          setAnswers((list) => [...list, ...page.items]);
          setCursor(page.nextCursor);
        } else {
          const [page, totals] = await Promise.all([satisfactionApi.answers(query), satisfactionApi.summary(query)]);
          setAnswers(page.items);
          setCursor(page.nextCursor);
          setSummary(totals);
        }
      } catch (e) {
        setError(errorText(e, t));
      } finally {
        setLoading(false);
      }
    },
    [query, t],
  );

  useEffect(() => void load(), [load]);

  const number = useMemo(() => new Intl.NumberFormat(language, { maximumFractionDigits: 1 }), [language]);
  const percent = useMemo(() => new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }), [language]);

  return (
    <section aria-labelledby="satisfaction-title" className="admin satisfaction">
      <h2 id="satisfaction-title">{t('satisfaction.title')}</h2>
      <div className="filters" role="group" aria-label={t('satisfaction.filters')}>
        <Select
          label={t('satisfaction.channel')}
          options={[
            { id: 'all', label: t('satisfaction.allChannels') },
            ...channelKinds.map((c) => ({ id: c, label: t(`channel.${c}` as MessageKey) })),
          ]}
          value={filters.channel || 'all'}
          onChange={(id) => setFilters({ ...filters, channel: id === 'all' ? '' : (id as ChannelKind) })}
        />
        <Select
          label={t('satisfaction.period')}
          options={PERIODS.map((days) => ({
            id: String(days),
            label: days === 0 ? t('satisfaction.allTime') : t('satisfaction.lastDays', { days }),
          }))}
          value={String(filters.days)}
          onChange={(id) => setFilters({ ...filters, days: Number(id) })}
        />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="visually-hidden">
        {loading ? t('common.loading') : ''}
      </p>
      {summary && (
        <div className="satisfaction-summary">
          <p>
            {t('satisfaction.counts', {
              answered: summary.answered,
              offered: summary.offered,
              rate: summary.offered > 0 ? percent.format(summary.answered / summary.offered) : '–',
            })}
          </p>
          {summary.scales.map((s) => (
            <ScaleSummary
              key={`${s.scale.min}-${s.scale.max}`}
              summary={s}
              several={summary.scales.length > 1}
              number={number}
              percent={percent}
            />
          ))}
        </div>
      )}
      <h3 id="satisfaction-answers">{t('satisfaction.answers')}</h3>
      {answers.length === 0 && !loading ? (
        <p>{t('satisfaction.empty')}</p>
      ) : (
        // Scrolls sideways on a narrow screen; focusable so that the keyboard can scroll it too.
        <div className="table-scroll" role="region" aria-labelledby="satisfaction-answers" tabIndex={0}>
          <table aria-labelledby="satisfaction-answers" className="satisfaction-answers">
            <thead>
              <tr>
                <th scope="col">{t('satisfaction.answeredAt')}</th>
                <th scope="col">{t('satisfaction.score')}</th>
                <th scope="col">{t('satisfaction.comment')}</th>
                <th scope="col">{t('satisfaction.channel')}</th>
                <th scope="col">{t('satisfaction.handledBy')}</th>
                <th scope="col">{t('satisfaction.conversation')}</th>
              </tr>
            </thead>
            <tbody>
              {answers.map((a) => (
                <AnswerRow key={a.conversationId} answer={a} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <Button variant="secondary" icon={ChevronsDown} onPress={() => void load(cursor)}>
          {t('inbox.loadMore')}
        </Button>
      )}
    </section>
  );
}

function AnswerRow({ answer }: { answer: SatisfactionAnswerView }) {
  const { t, time } = useI18n();
  return (
    <tr>
      <td>
        <time dateTime={answer.answeredAt}>{time(answer.answeredAt)}</time>
      </td>
      <td>{t('satisfaction.scoreOf', { score: answer.score, max: answer.scale.max })}</td>
      <td className="comment" dir="auto">
        {answer.comment ?? <span className="muted">{t('satisfaction.noComment')}</span>}
      </td>
      <td>{t(`channel.${answer.channel}` as MessageKey)}</td>
      <td>{answer.assignee ? <bdi>{answer.assignee.displayName}</bdi> : t('conversation.unassigned')}</td>
      <td>
        <a href={`#/c/${answer.conversationId}`}>
          {t('satisfaction.open')}
          <span className="visually-hidden">
            {' '}
            {answer.customer.name ? t('satisfaction.openOf', {}, { customer: answer.customer.name }) : t('customer.anonymous')}
          </span>
        </a>
      </td>
    </tr>
  );
}

interface ScaleSummaryProps {
  summary: SatisfactionScaleSummary;
  several: boolean;
  number: Intl.NumberFormat;
  percent: Intl.NumberFormat;
}

function ScaleSummary({ summary, several, number, percent }: ScaleSummaryProps) {
  const { t } = useI18n();
  const { min, max } = summary.scale;
  const captionId = `distribution-${min}-${max}`;
  return (
    <div className="scale-summary">
      <p className="average">
        <strong>{t('satisfaction.average', { average: number.format(summary.average), max })}</strong>{' '}
        {several && t('satisfaction.onScale', { min, max, answered: summary.answered })}
      </p>
      <table aria-labelledby={captionId}>
        <caption id={captionId}>{t('satisfaction.distribution', { min, max })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('satisfaction.score')}</th>
            <th scope="col">{t('satisfaction.count')}</th>
            <th scope="col">{t('satisfaction.share')}</th>
          </tr>
        </thead>
        <tbody>
          {[...summary.distribution].reverse().map(({ score, count }) => {
            const share = summary.answered > 0 ? count / summary.answered : 0;
            return (
              <tr key={score}>
                <th scope="row">{score}</th>
                <td>{count}</td>
                <td className="share">
                  <span className="bar" aria-hidden="true" style={{ width: `${Math.round(share * 100)}%` }} />
                  {percent.format(share)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
