package dev.ringcast.spring.boot;

import org.springframework.util.ClassUtils;

/**
 * Which embedded container Spring Boot starts with the test class path: each surefire execution
 * leaves the other containers out, and each container's tests run only where Boot would pick it
 * (Tomcat first, then Jetty, then Undertow), so the same test sources serve every execution and
 * every Spring Boot line.
 */
final class Containers {

    private Containers() {
    }

    static boolean tomcat() {
        return present("org.apache.catalina.startup.Tomcat");
    }

    static boolean jetty() {
        return !tomcat() && present("org.eclipse.jetty.server.Server");
    }

    static boolean undertow() {
        return !tomcat() && !jetty() && present("io.undertow.Undertow");
    }

    private static boolean present(String className) {
        return ClassUtils.isPresent(className, Containers.class.getClassLoader());
    }
}
