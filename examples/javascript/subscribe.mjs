// Streams Quire's change log from Node 20 with built-in fetch: GET /mcp/v1/sse/subscribe.
//
//   node subscribe.mjs [BASE_URL] [COUNT]      # default http://127.0.0.1:8080, stop after 1 change
//
// Once the stream is open (event `subscription_created`), this script adds a document itself
// so there is a change to see; in real use, changes come from any client. Every `change` event
// has the poll_changes shape and an id (the change's sequence number): reconnecting with
// `Last-Event-ID: <id>` resumes right after it, missing and repeating nothing.
import { authHeaders, baseURL, readEvents } from './quire.mjs';

const base = baseURL();
const wanted = Number(process.argv[3] ?? 1);
const controller = new AbortController();
const response = await fetch(`${base}/mcp/v1/sse/subscribe?resource_type=documents`, {
  headers: { ...authHeaders(), Accept: 'text/event-stream' },
  signal: controller.signal,
});
if (!response.ok) throw new Error(`subscribe: HTTP ${response.status} ${await response.text()}`);

let seen = 0;
try {
  for await (const { event, data, id } of readEvents(response.body)) {
    const payload = JSON.parse(data);
    if (event === 'subscription_created') {
      console.log(`subscribed ${payload.subscription_id} from change ${payload.since}`);
      for (let i = 0; i < wanted; i++) {
        const added = await fetch(`${base}/mcp/v1/tools/call`, {
          method: 'POST',
          headers: { ...authHeaders(), 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'add_document', arguments: { content: `Change ${i}`, metadata: { title: `Streamed ${i}` } } }),
        });
        if (!added.ok) throw new Error(`add_document: HTTP ${added.status} ${await added.text()}`);
      }
    } else if (event === 'change') {
      console.log(`change ${id}: ${payload.type} ${payload.resource_type} ${payload.resource_id}`);
      if (++seen >= wanted) break;
    } else if (event === 'error') {
      throw new Error(`stream error: ${data}`);
    }
  }
} finally {
  controller.abort(); // closes the stream; the server notices and stops.
}
