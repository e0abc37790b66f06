/**
 * Where the console finds its back office: `config.json` beside the page. Locally `{auth: 'local'}` (the
 * runtime issues the tokens, the API is this origin); in AWS `{auth: 'cognito', region, clientId, apiUrl}`.
 */
export interface ConsoleConfig {
  auth: 'local' | 'cognito';
  region?: string;
  clientId?: string;
  /** The HTTP API; absent: the origin the console is served from. */
  apiUrl?: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  const config = (await response.json()) as ConsoleConfig;
  if (config.auth !== 'local' && config.auth !== 'cognito') throw new Error('config.json names no auth');
  if (config.auth === 'cognito' && !(config.region && config.clientId))
    throw new Error('config.json: cognito needs region and clientId');
  return config;
}

/** The API's base URL without a trailing slash; '' for this origin. */
export function apiBase(config: ConsoleConfig): string {
  return (config.apiUrl ?? '').replace(/\/+$/, '');
}
