package dev.ringcast.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelOwnersTest {

    @Test
    void takesTheKeyOfABearerAuthorizationHeader() {
        assertEquals(Optional.of("k-1"), ChannelOwners.bearer("Bearer k-1"));
        assertEquals(Optional.of("k-1"), ChannelOwners.bearer("  bearer   k-1 "));
        assertEquals(Optional.empty(), ChannelOwners.bearer("Basic dXNlcjpwYXNz"));
        assertEquals(Optional.empty(), ChannelOwners.bearer("Bearer "));
        assertEquals(Optional.empty(), ChannelOwners.bearer("Bearer"));
    }
}
