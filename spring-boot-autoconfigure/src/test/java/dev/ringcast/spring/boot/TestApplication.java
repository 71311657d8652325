package dev.ringcast.spring.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application of the container tests: an authorizer that keeps topic {@code secret} to itself
 * and a Jackson 2 mapper that writes snake_case, so the tests can see that both beans are used.
 * Its container is the one on the test's class path: each container's tests run in their own
 * surefire execution, with the other containers left out, as in an application.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

    /** What the tests publish as event data: the mapper writes {@code customer_name}. */
    record Order(int id, String customerName) {
    }

    @Bean
    Authorizer authorizer() {
        return request -> request.topics().contains("secret")
                ? Decision.deny(403, "topic secret is the application's own: ask for another")
                : Decision.allow();
    }

    @Bean
    ObjectMapper objectMapper() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }
}
