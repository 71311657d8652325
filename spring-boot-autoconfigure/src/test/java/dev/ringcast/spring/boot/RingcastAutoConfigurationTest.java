package dev.ringcast.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringcast.core.EventHub;
import dev.ringcast.micrometer.RingcastMeterBinder;
import dev.ringcast.websocket.ChannelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Which beans each switch gives, without a server: fast, one small context per case. */
@EnabledIf(value = "dev.ringcast.spring.boot.Containers#tomcat", disabledReason = "another container is on this execution's class path")
class RingcastAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RingcastAutoConfiguration.class,
                    RingcastMetricsAutoConfiguration.class));

    @Test
    void shouldServeEveryTransportButChannelsByDefault() {
        web.run(context -> {
            assertThat(context).hasSingleBean(EventHub.class)
                    .hasBean("ringcastSseServlet").hasBean("ringcastLongPollServlet")
                    .hasSingleBean(RingcastWebSocketEndpoints.class).hasBean("ringcastHandshakeFilter")
                    .doesNotHaveBean(ChannelRegistry.class).hasSingleBean(RingcastMeterBinder.class);
            assertThat(context.getBeansOfType(TransportConnections.class)).hasSize(3);
        });
    }

    @Test
    void shouldSwitchEachPartOffOnItsOwn() {
        web.withPropertyValues("ringcast.sse.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean("ringcastSseServlet").hasBean("ringcastLongPollServlet")
                .hasSingleBean(RingcastWebSocketEndpoints.class));
        web.withPropertyValues("ringcast.long-poll.enabled=false").run(context -> assertThat(context)
                .hasBean("ringcastSseServlet").doesNotHaveBean("ringcastLongPollServlet"));
        web.withPropertyValues("ringcast.websocket.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(RingcastWebSocketEndpoints.class).doesNotHaveBean("ringcastHandshakeFilter")
                .hasBean("ringcastSseServlet"));
        web.withPropertyValues("ringcast.metrics.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(RingcastMeterBinder.class).hasSingleBean(EventHub.class));
        web.withPropertyValues("ringcast.channels.enabled=true").run(context -> assertThat(context)
                .hasSingleBean(ChannelRegistry.class).hasBean("ringcastChannelsServlet"));
    }

    @Test
    void shouldUseTheApplicationsOwnHub() {
        EventHub own = EventHub.builder().dispatchThreads(1).build();
        try {
            web.withBean(EventHub.class, () -> own).run(context ->
                    assertThat(context.getBean(EventHub.class)).isSameAs(own));
        } finally {
            own.close();
        }
    }

    @Test
    void shouldBindTheHubSettings() {
        web.withPropertyValues("ringcast.hub.ring-capacity=64", "ringcast.hub.max-data-size=1KB",
                "ringcast.hub.dispatch-threads=1").run(context -> {
                    EventHub hub = context.getBean(EventHub.class);
                    assertThat(hub.liveDispatchThreads()).isEqualTo(1);
                    assertThat(context.getBean(RingcastProperties.class).hub().ringCapacity()).isEqualTo(64);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> hub.publish("t", "x", "y".repeat(2000)))
                            .hasMessageContaining("over the limit of 1024");
                });
    }

    @Test
    void shouldGiveAHubAndNoEndpointsOutsideAWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RingcastAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(EventHub.class)
                        .doesNotHaveBean("ringcastSseServlet").doesNotHaveBean(RingcastWebSocketEndpoints.class));
    }
}
