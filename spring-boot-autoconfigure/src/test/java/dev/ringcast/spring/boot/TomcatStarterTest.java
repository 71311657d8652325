package dev.ringcast.spring.boot;

import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;

/** The starter in Spring Boot's default container, Tomcat. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf(value = "dev.ringcast.spring.boot.Containers#tomcat", disabledReason = "another container is on this execution's class path")
class TomcatStarterTest extends EmbeddedContainerSuite {
}
