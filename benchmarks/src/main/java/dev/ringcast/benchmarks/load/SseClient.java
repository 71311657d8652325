package dev.ringcast.benchmarks.load;

/**
 * An SSE client: {@code GET /sse?topic=T&lastEventId=N}, then the event stream, each event's
 * {@code id:} checked and its {@code sentNanos} timed. A reopened stream resumes after the last
 * id received.
 *
 * <p>Not thread-safe: its loop's thread.
 */
final class SseClient extends ClientConnection implements EventStreamParser.Listener {

    private EventStreamParser parser = new EventStreamParser(this);

    SseClient(ClientLoop loop, LoadTarget target) {
        super(loop, target);
    }

    @Override
    void onConnected() {
        // The first request and every reopen ask for the events after the last one received.
        send(requestStart("/sse?topic=" + target.topic() + "&lastEventId=" + check.highest())
                + "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n");
    }

    @Override
    boolean onHead(HttpResponseHead response) {
        if (response.status() != 200) {
            fail("GET /sse answered HTTP " + response.status() + " (expected 200 text/event-stream)");
            return false;
        }
        ready();
        return false;
    }

    @Override
    public void body(byte[] b, int off, int len) {
        parser.body(b, off, len);
    }

    @Override
    public void onEvent(String id, String type, String data) {
        if ("reset".equals(type)) {
            check.onReset();
            return;
        }
        long eventId;
        try {
            eventId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            fail("event without a numeric id: id \"" + id + "\", event " + type);
            return;
        }
        deliver(eventId, LoadPayload.sentNanos(data));
    }

    @Override
    void onReopen() {
        parser = new EventStreamParser(this);
    }
}
