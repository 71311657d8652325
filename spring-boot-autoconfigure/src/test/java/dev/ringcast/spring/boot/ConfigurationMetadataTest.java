package dev.ringcast.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hand-written configuration metadata (what IDEs complete) names every property of
 * {@link RingcastProperties} and no other, with the defaults the record binds.
 */
@EnabledIf(value = "dev.ringcast.spring.boot.Containers#tomcat", disabledReason = "runs once, in the default execution")
class ConfigurationMetadataTest {

    @Test
    void metadataListsEveryPropertyWithItsDefault() throws Exception {
        Map<String, String> declared = new TreeMap<>();
        walk("ringcast", RingcastProperties.class, declared);

        Map<String, String> documented = new TreeMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode metadata = new ObjectMapper().readTree(in);
            for (JsonNode p : metadata.get("properties")) {
                JsonNode d = p.get("defaultValue");
                documented.put(p.get("name").asText(), d == null ? null : d.asText());
                assertEquals(false, p.path("description").asText().isEmpty(), p.get("name") + " has a description");
            }
        }
        assertEquals(declared, documented);
    }

    private static void walk(String prefix, Class<?> type, Map<String, String> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            String name = prefix + "." + kebab(c.getName());
            if (c.getType().isRecord()) {
                walk(name, c.getType(), out);
            } else {
                DefaultValue d = c.getAnnotation(DefaultValue.class);
                if (d == null) {
                    // Constructor binding reads the annotation from the constructor's parameter.
                    d = type.getDeclaredConstructors()[0].getParameters()[indexOf(type, c)].getAnnotation(DefaultValue.class);
                }
                out.put(name, d == null || d.value().length == 0 ? null : d.value()[0]);
            }
        }
    }

    private static int indexOf(Class<?> type, RecordComponent component) {
        RecordComponent[] all = type.getRecordComponents();
        for (int i = 0; i < all.length; i++) {
            if (all[i].getName().equals(component.getName())) {
                return i;
            }
        }
        throw new IllegalArgumentException(component.getName());
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
