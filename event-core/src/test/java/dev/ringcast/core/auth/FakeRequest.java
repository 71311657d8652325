package dev.ringcast.core.auth;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An access request made of maps, as a transport would present one. */
final class FakeRequest extends TransportAccessRequest {

    private final Map<String, String> headers;
    private final Map<String, String> query;

    FakeRequest(Action action, List<String> topics, Map<String, String> headers, Map<String, String> query) {
        super(action, topics, "sse");
        this.headers = headers;
        this.query = query;
    }

    static FakeRequest subscribe(List<String> topics, Map<String, String> headers) {
        return new FakeRequest(Action.SUBSCRIBE, topics, headers, Map.of());
    }

    static FakeRequest publish(String topic, Map<String, String> headers) {
        return new FakeRequest(Action.PUBLISH, List.of(topic), headers, Map.of());
    }

    @Override
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    @Override
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1";
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.empty();
    }
}
