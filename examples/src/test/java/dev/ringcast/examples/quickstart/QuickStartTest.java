package dev.ringcast.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QuickStartTest {

    @Test
    void printsEveryDeliveryTheResumeFromAMiddleIdAndTheReset() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String out = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();
        assertEquals(6, lines.stream().filter(l -> l.startsWith("live ")).count(), out);
        List<Long> resumed = ids(lines, "resumed ");
        List<Long> published = ids(lines, "publish ");
        assertEquals(published.subList(3, 6), resumed, "resumes exactly after the middle id");
        assertTrue(out.contains("stale    RESET: asked for events after id=" + published.get(1)), out);
        assertEquals(8, ids(lines, "stale    id=").size(), out);
    }

    private static List<Long> ids(List<String> lines, String prefix) {
        Pattern id = Pattern.compile("id=(\\d+)");
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> {
            Matcher m = id.matcher(l);
            assertTrue(m.find(), l);
            return Long.parseLong(m.group(1));
        }).toList();
    }
}
