package dev.ringcast.examples.tvrecorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON schemas of tv-recorder-events.md, one per event type, copied into
 * {@code src/test/resources/tvrecorder/schemas/} (the document's json5/jsonc with its comments and
 * trailing commas removed), validated with networknt's json-schema-validator.
 */
final class DocumentedSchemas {

    /** Every event type the document lists, in its order. */
    static final List<String> TYPES = List.of(
            "epg.programs-updated", "recording.started", "recording.stopped", "recording.failed",
            "recording.rescheduled", "timeshift.timeline", "timeshift.started", "timeshift.stopped",
            "timeshift.record-started", "timeshift.record-updated", "timeshift.record-ended",
            "onair.program-changed");

    /** Every {@code reason} variant of {@code recording.failed}, in the document's order. */
    static final List<String> FAILURE_REASONS = List.of(
            "start-recording-failed", "io-error", "pipeline-error", "need-rescheduling", "schedule-expired",
            "removed-from-epg");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> documents = new LinkedHashMap<>();
    private final Map<String, Schema> schemas = new LinkedHashMap<>();

    DocumentedSchemas() {
        // The document names no dialect; its keywords (const, type arrays, oneOf) mean the same in every
        // draft since 6. Use the current one.
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (String type : TYPES) {
            try (InputStream in = DocumentedSchemas.class.getResourceAsStream("/tvrecorder/schemas/" + type + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("no schema for " + type + " in src/test/resources/tvrecorder/schemas");
                }
                JsonNode document = JSON.readTree(in);
                documents.put(type, document);
                schemas.put(type, registry.getSchema(document));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * @param type an event type
     * @param data the event's data JSON
     * @return the schema's errors, empty when valid
     */
    List<Error> validate(String type, JsonNode data) {
        Schema schema = schemas.get(type);
        if (schema == null) {
            throw new AssertionError("event type " + type + " is not documented");
        }
        return schema.validate(data);
    }

    /**
     * The documented schemas require no property and allow any other; this is the stricter
     * check that the payload has exactly the documented properties, nested ones included.
     *
     * @param type an event type
     * @param data the event's data JSON
     * @return the paths of missing or undocumented properties, empty when they match
     */
    List<String> propertyMismatches(String type, JsonNode data) {
        List<String> problems = new java.util.ArrayList<>();
        compare("", documents.get(type), data, problems);
        return problems;
    }

    private static void compare(String path, JsonNode schema, JsonNode data, List<String> problems) {
        if (schema.has("oneOf")) {
            // The variant whose const matches the payload's "type".
            for (JsonNode variant : schema.get("oneOf")) {
                if (variant.path("properties").path("type").path("const").asText().equals(data.path("type").asText())) {
                    compare(path, variant, data, problems);
                    return;
                }
            }
            problems.add(path + ": no documented variant " + data.path("type"));
            return;
        }
        JsonNode properties = schema.get("properties");
        if (properties == null || !data.isObject()) {
            return;
        }
        Set<String> documented = new HashSet<>();
        properties.fieldNames().forEachRemaining(documented::add);
        Set<String> sent = new HashSet<>();
        data.fieldNames().forEachRemaining(sent::add);
        for (String name : documented) {
            if (!sent.contains(name)) {
                problems.add(path + "/" + name + " missing");
            }
        }
        for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!documented.contains(name)) {
                problems.add(path + "/" + name + " not documented");
            } else {
                compare(path + "/" + name, properties.get(name), data.get(name), problems);
            }
        }
    }
}
