package dev.ringcast.benchmarks.load;

/**
 * An EventSource client of Nchan: {@code GET /sub?id=CHANNEL}, then the event stream. Nchan's
 * event ids are {@code <time>:<tag>}, not consecutive numbers, so exactly-once is checked on the
 * {@code seq} each event carries ({@link DeliveryCheck#onEventUnordered}) and the order on Nchan's
 * ids: an id at or before the previous one is a reorder. A reopened stream resumes with
 * {@code Last-Event-ID}, as a browser would.
 *
 * <p>Not thread-safe: its loop's thread.
 */
final class NchanSseClient extends ClientConnection implements EventStreamParser.Listener {

    private EventStreamParser parser = new EventStreamParser(this);
    private String lastId = "";
    private long lastTime = Long.MIN_VALUE;
    private long lastTag = Long.MIN_VALUE;

    NchanSseClient(ClientLoop loop, LoadTarget target) {
        super(loop, target);
    }

    @Override
    void onConnected() {
        String resume = lastId.isEmpty() ? "" : "Last-Event-ID: " + lastId + "\r\n";
        send(requestStart("/sub?id=" + target.topic()) + "Accept: text/event-stream\r\n" + resume + "\r\n");
    }

    @Override
    boolean onHead(HttpResponseHead response) {
        if (response.status() != 200) {
            fail("GET /sub answered HTTP " + response.status() + " (expected 200 text/event-stream)");
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
        long seq = LoadPayload.number(data, "\"seq\":");
        int colon = id.indexOf(':');
        if (seq == Long.MIN_VALUE || colon < 0) {
            fail("not an event of the run: id \"" + id + "\", data " + data);
            return;
        }
        long time;
        long tag;
        try {
            time = Long.parseLong(id, 0, colon, 10);
            tag = Long.parseLong(id, colon + 1, id.length(), 10);
        } catch (NumberFormatException e) {
            fail("event id \"" + id + "\" is not Nchan's <time>:<tag>");
            return;
        }
        if (time < lastTime || (time == lastTime && tag <= lastTag)) {
            check.onServerReorder();
        }
        lastTime = time;
        lastTag = tag;
        lastId = id;
        check.onEventUnordered(seq);
        loop.onDelivery(LoadPayload.sentNanos(data), System.nanoTime());
    }

    @Override
    void onReopen() {
        parser = new EventStreamParser(this);
    }
}
