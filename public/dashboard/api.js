// The dashboard's only way to the data: the public GraphQL API of the server that served it.
// Queries over POST /graphql; live events over graphql-ws on the same path (graphql-ws's
// browser build, served from this server as /assets/vendor/graphql-ws.js).

export class ApiError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('; '));
    this.errors = errors;
  }

  get unauthenticated() {
    return this.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
  }
}

// The API token: from the page's #token=... fragment (a link that never sends it to the server
// nor leaves it in the address bar), else the one saved in this browser.
const TOKEN_KEY = 'bilateral-tracker.token';

export function takeTokenFromLocation() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  saveToken(decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

export function savedToken() {
  return localStorage.getItem(TOKEN_KEY);
}

export function saveToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token.trim());
  else localStorage.removeItem(TOKEN_KEY);
}

const authorization = () => (savedToken() ? { authorization: `Bearer ${savedToken()}` } : {});

/** Runs one operation; resolves to its data, rejects with the GraphQL errors. */
export async function gql(query, variables = {}) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...authorization() },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError([{ message: `HTTP ${res.status}` }]);
  }
  if (body.errors?.length) throw new ApiError(body.errors);
  return body.data;
}

/**
 * One graphql-ws connection that outlives dropped sockets: it reconnects (with backoff) and
 * re-subscribes. `onState` hears 'connecting', 'live' or 'offline'.
 */
export function liveConnection(onState) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const client = globalThis.graphqlWs.createClient({
    url,
    lazy: false,
    connectionParams: () => authorization(),
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connecting: () => onState('connecting'),
      connected: () => onState('live'),
      closed: () => onState('offline'),
    },
  });
  return {
    /** Calls `onData` with each result's data; returns the function that stops it. */
    subscribe(query, variables, onData) {
      return client.subscribe({ query, variables }, { next: (result) => result.data && onData(result.data), error: () => onState('offline'), complete: () => {} });
    },
    dispose: () => client.dispose(),
  };
}
