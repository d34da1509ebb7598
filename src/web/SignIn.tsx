import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Me } from './api.js';
import { errorText } from './errors.js';
import { useI18n, type I18n } from './i18n.js';

/** How long to wait after too many attempts, in the person's language (minutes from 90 s on). */
export function waitText(seconds: number, t: I18n['t']): string {
  return seconds < 90 ? t('signIn.wait', { seconds }) : t('signIn.waitMinutes', { minutes: Math.ceil(seconds / 60) });
}

/** `notice`: why the person is here again (their session ended), or ''. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (me: Me) => void; notice: string }) {
  const { t, language } = useI18n();
  const [error, setError] = useState('');
  const [libraries, setLibraries] = useState<{ slug: string; name: Record<string, string> }[]>([]);
  const [busy, setBusy] = useState(false);
  // Too many attempts: the button rests until the server's wait is over.
  const [waiting, setWaiting] = useState(0);
  useEffect(() => {
    if (waiting === 0) return;
    const timer = setTimeout(() => setWaiting(0), waiting * 1000);
    return () => clearTimeout(timer);
  }, [waiting]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError('');
    try {
      onSignedIn(await api.login(String(form.get('email')), String(form.get('password')), String(form.get('library') ?? '') || undefined));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'choose_library' && Array.isArray(e.details.libraries)) {
        setLibraries(e.details.libraries as { slug: string; name: Record<string, string> }[]);
      }
      const seconds = e instanceof ApiError && e.code === 'rate_limited' ? Number(e.details.seconds) : NaN;
      if (Number.isFinite(seconds) && seconds > 0) {
        setWaiting(seconds);
        setError(waitText(seconds, t));
      } else {
        setError(errorText(e, t));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" tabIndex={-1} className="sign-in">
      <h1>{t('signIn.title')}</h1>
      {notice && (
        <p role="alert" className="notice">
          {notice}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="email">{t('signIn.email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {libraries.length > 0 && (
          <>
            <label htmlFor="library">{t('signIn.library')}</label>
            <select id="library" name="library">
              {libraries.map((l) => (
                <option key={l.slug} value={l.slug}>
                  {l.name[language] ?? l.slug}
                </option>
              ))}
            </select>
          </>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || waiting > 0}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
