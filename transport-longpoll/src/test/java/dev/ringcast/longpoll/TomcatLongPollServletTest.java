package dev.ringcast.longpoll;

import dev.ringcast.testkit.ContainerKind;

/** {@link LongPollServletContract} on Tomcat. */
class TomcatLongPollServletTest extends LongPollServletContract {

    @Override
    ContainerKind kind() {
        return ContainerKind.TOMCAT;
    }
}
