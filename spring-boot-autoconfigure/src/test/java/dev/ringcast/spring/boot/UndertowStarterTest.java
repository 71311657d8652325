package dev.ringcast.spring.boot;

import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;

/** The starter on Undertow, which Spring Boot 3 supports and Spring Boot 4 no longer does. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf(value = "dev.ringcast.spring.boot.Containers#undertow", disabledReason = "another container is on this execution's class path")
class UndertowStarterTest extends EmbeddedContainerSuite {
}
