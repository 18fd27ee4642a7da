// Small helpers shared by the Node examples: Node 20's built-in fetch only, no packages.

/** Credentials from the environment: QUIRE_TOKEN (a JWT) or QUIRE_API_KEY (from `quire keys add`). */
export function authHeaders() {
  if (process.env.QUIRE_TOKEN) return { Authorization: `Bearer ${process.env.QUIRE_TOKEN}` };
  if (process.env.QUIRE_API_KEY) return { 'X-API-Key': process.env.QUIRE_API_KEY };
  return {};
}

/** The server's base URL (without /mcp), from the first argument or QUIRE_URL. */
export function baseURL() {
  return (process.argv[2] ?? process.env.QUIRE_URL ?? 'http://127.0.0.1:8080').replace(/\/(mcp)?$/, '');
}

/**
 * Reads a text/event-stream body incrementally and yields {event, data, id} for each event.
 * Comment lines (": keep-alive") are skipped; `data` lines of one event are joined by "\n"; events
 * with empty data (priming events that only carry an id for resumption) are skipped.
 */
export async function* readEvents(body) {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = { event: 'message', data: [], id: undefined };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.join('\n') !== '') yield { event: event.event, data: event.data.join('\n'), id: event.id };
        event = { event: 'message', data: [], id: undefined };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data.push(value);
        else if (field === 'event') event.event = value;
        else if (field === 'id') event.id = value;
      }
    }
  }
}
