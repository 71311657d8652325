package dev.ringcast.spring.boot;

import dev.ringcast.core.EventHub;
import dev.ringcast.micrometer.RingcastMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * A {@link RingcastMeterBinder} bean when Micrometer and {@code ringcast-micrometer} are on the
 * class path: Spring Boot's actuator binds every {@link MeterBinder} bean to its registries, so the
 * hub's meters appear at {@code /actuator/metrics} and {@code /actuator/prometheus} with no code.
 * Off with {@code ringcast.metrics.enabled=false}.
 */
@AutoConfiguration(after = RingcastAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, RingcastMeterBinder.class})
@ConditionalOnBean(EventHub.class)
@ConditionalOnProperty(prefix = "ringcast.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
public class RingcastMetricsAutoConfiguration {

    /** For Spring. */
    public RingcastMetricsAutoConfiguration() {
    }

    /**
     * The binder, with a connections gauge for each endpoint this application serves.
     *
     * @param hub the hub
     * @param transports the connection counts of the endpoints served
     * @return the binder
     */
    @Bean
    @ConditionalOnMissingBean
    public RingcastMeterBinder ringcastMeterBinder(EventHub hub, ObjectProvider<TransportConnections> transports) {
        RingcastMeterBinder.Builder binder = RingcastMeterBinder.builder(hub);
        transports.orderedStream().forEach(t -> binder.connections(t.transport(), t.open()));
        return binder.build();
    }
}
