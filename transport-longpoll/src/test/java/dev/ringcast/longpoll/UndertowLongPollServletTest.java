package dev.ringcast.longpoll;

import dev.ringcast.testkit.ContainerKind;

/** {@link LongPollServletContract} on Undertow. */
class UndertowLongPollServletTest extends LongPollServletContract {

    @Override
    ContainerKind kind() {
        return ContainerKind.UNDERTOW;
    }
}
