package dev.ringcast.examples.springboot;

import dev.ringcast.core.DataCodec;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application: {@code java -jar examples/spring-boot/target/ringcast-spring-boot-example.jar},
 * then open http://localhost:8080/. The starter serves {@code /sse}, {@code /ws} and
 * {@code /topics/{topic}/events}; {@link OrderController} publishes to topic {@code orders}.
 */
@SpringBootApplication
public class OrdersApplication {

    /**
     * Runs the application.
     *
     * @param args Spring Boot's arguments, such as {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    /**
     * Event data is written by the application's own Jackson 3 mapper, as Spring Boot 4
     * configured it ({@code spring.jackson.*}). Jackson 3's exceptions are unchecked, so the
     * method reference is the whole codec.
     *
     * @param mapper Spring Boot's mapper
     * @return the codec the starter's hub uses
     */
    @Bean
    DataCodec ringcastCodec(JsonMapper mapper) {
        return mapper::writeValueAsBytes;
    }
}
