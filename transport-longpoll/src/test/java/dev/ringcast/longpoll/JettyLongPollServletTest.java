package dev.ringcast.longpoll;

import dev.ringcast.testkit.ContainerKind;

/** {@link LongPollServletContract} on Jetty. */
class JettyLongPollServletTest extends LongPollServletContract {

    @Override
    ContainerKind kind() {
        return ContainerKind.JETTY;
    }
}
