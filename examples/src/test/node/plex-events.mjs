// Calls the media server's events API the way its TypeScript SDK documents it, against a server
// of our choosing, and prints what comes back as JSON lines on stdout:
//   {"kind":"response","statusCode":200,"contentType":"...","stream":true}
//   {"kind":"event","id":"...","event":"activity","data":"{...}"}      one per event block
//   {"kind":"error","name":"...","statusCode":401,"body":"..."}        when the call fails
//
// usage: node plex-events.mjs <serverURL> <token|-> <getNotifications|connectWebSocket> <events> [filter...]
//   token "-" constructs the SDK without one; <events> is how many event blocks to read before
//   exiting; each further argument is one value of the request's `filter` array.
import { PlexAPI } from "@lukehagar/plexjs";
// The documents import Accepts from "@lukehagar/plexjs/models/shared", which Node cannot resolve
// in this package (it has no such folder and no exports map); this is where the SDK ships it.
import { Accepts } from "@lukehagar/plexjs/sdk/models/shared/index.js";

const [serverURL, token, operation, count, ...filter] = process.argv.slice(2);
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

// As the documents' usage snippets, with serverURL pointed at the server under test.
const plexAPI = new PlexAPI({
  accepts: Accepts.ApplicationXml,
  clientIdentifier: "abc123",
  product: "Plex for Roku",
  version: "2.4.1",
  platform: "Roku",
  platformVersion: "4.3 build 1057",
  device: "Roku 3",
  model: "4200X",
  deviceVendor: "Roku",
  deviceName: "Living Room TV",
  marketplace: "googlePlay",
  ...(token === "-" ? {} : { token }),
  serverURL,
});

let result;
try {
  result = await plexAPI.events[operation](filter.length > 0 ? { filter } : {});
} catch (e) {
  print({ kind: "error", name: e.name, statusCode: e.statusCode ?? null, body: e.body ?? String(e) });
  process.exit(0);
}
const stream = result.responseStream;
print({ kind: "response", statusCode: result.statusCode, contentType: result.contentType,
        stream: stream instanceof ReadableStream });
if (!(stream instanceof ReadableStream)) {
  process.exit(0);
}

// The stream is text/event-stream bytes: blocks of "field: value" lines ending with a blank line.
const reader = stream.getReader();
const decoder = new TextDecoder();
let buffer = "";
let seen = 0;
while (seen < Number(count)) {
  const { value, done } = await reader.read();
  if (done) {
    print({ kind: "end" });
    break;
  }
  buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
  let end;
  while (seen < Number(count) && (end = buffer.indexOf("\n\n")) >= 0) {
    const block = buffer.slice(0, end);
    buffer = buffer.slice(end + 2);
    const fields = { id: null, event: null, data: [] };
    for (const line of block.split("\n")) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue; // a comment (heartbeat) or nothing
      const name = line.slice(0, colon);
      const text = line.slice(colon + 1).replace(/^ /, "");
      if (name === "data") fields.data.push(text);
      else if (name === "id" || name === "event") fields[name] = text;
    }
    if (fields.event !== null) {
      print({ kind: "event", id: fields.id, event: fields.event, data: fields.data.join("\n") });
      seen++;
    }
  }
}
await reader.cancel().catch(() => {});
process.exit(0);
