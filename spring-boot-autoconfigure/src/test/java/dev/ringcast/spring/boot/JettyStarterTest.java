package dev.ringcast.spring.boot;

import dev.ringcast.core.DataCodec;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter on Jetty, in an application on Jackson 3 that plugs its mapper in through a
 * {@link DataCodec} bean (the recipe of the README): the codec wins over the Jackson 2 mapper the
 * application also has, and its kebab-case names show in the data.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(JettyStarterTest.Jackson3.class)
@EnabledIf(value = "dev.ringcast.spring.boot.Containers#jetty", disabledReason = "another container is on this execution's class path")
class JettyStarterTest extends EmbeddedContainerSuite {

    @TestConfiguration(proxyBeanMethods = false)
    static class Jackson3 {
        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE).build();
        }

        // The recipe: Jackson 3's exceptions are unchecked, so the method reference is the codec.
        @Bean
        DataCodec ringcastCodec(JsonMapper mapper) {
            return mapper::writeValueAsBytes;
        }
    }

    @Override
    String customerNameKey() {
        return "customer-name";
    }
}
