package dev.ringcast.apicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of every published module against its baseline in {@code api-check/api/}: one
 * {@code <artifact>.api} file per module, listing each public type of the packages users may use
 * (every package but {@code ...internal}) and its public and protected members. A change to any of
 * them fails the build until the baseline is rewritten, so the change shows in review, as
 * okhttp's {@code .api} files do.
 *
 * <p>Rewrite the baselines after an intended change with
 * {@code mvn -B -ntp -pl api-check -am verify -Dringcast.api.update=true}, then commit them.
 */
class PublicApiTest {

    /** The modules a user depends on; each must have its classes on this module's class path. */
    private static final Set<String> PUBLISHED = Set.of("event-core", "auth-jwt", "transport-http", "transport-sse",
            "transport-longpoll", "transport-websocket", "cluster-redis", "jetty", "ringcast-micrometer",
            "ringcast-spring-boot-autoconfigure");

    /** Published without an API of its own: a starter is its dependencies. */
    private static final Set<String> PUBLISHED_WITHOUT_API = Set.of("ringcast-spring-boot-starter");

    private static final Path BASELINES = Path.of(System.getProperty("ringcast.api.baselines", "api"));
    private static final boolean UPDATE = Boolean.getBoolean("ringcast.api.update");

    @Test
    void everyPublishedModulesApiMatchesItsBaseline() throws IOException {
        Map<String, List<String>> apis = PublicApi.of(scan());
        assertEquals(PUBLISHED, apis.keySet(), "the published modules found on the class path");
        if (UPDATE) {
            Files.createDirectories(BASELINES);
            try (Stream<Path> old = Files.list(BASELINES)) {
                for (Path p : old.filter(p -> p.toString().endsWith(".api")).toList()) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<String, List<String>> e : apis.entrySet()) {
                Files.write(baseline(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : apis.entrySet()) {
            Path file = baseline(e.getKey());
            if (!Files.exists(file)) {
                problems.add(e.getKey() + ": no baseline " + file);
                continue;
            }
            List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
            String diff = PublicApi.diff(expected, e.getValue());
            if (!diff.isEmpty()) {
                problems.add(e.getKey() + " (- baseline, + now):\n" + diff);
            }
        }
        try (Stream<Path> files = Files.list(BASELINES)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".api"))
                    .map(n -> n.substring(0, n.length() - 4)).filter(n -> !apis.containsKey(n))
                    .forEach(n -> problems.add(n + ": a baseline for a module that is not published; delete it"));
        }
        if (!problems.isEmpty()) {
            fail("The public API changed. If the change is intended, rewrite the baselines with\n"
                    + "  mvn -B -ntp -pl api-check -am verify -Dringcast.api.update=true\n"
                    + "and commit api-check/api/ with it.\n\n" + String.join("\n\n", problems));
        }
    }

    @Test
    void internalPackagesAndNonPublicTypesAreNotApi() {
        Map<String, List<String>> apis = PublicApi.of(scan());
        List<String> all = apis.values().stream().flatMap(List::stream).toList();
        assertTrue(all.stream().noneMatch(l -> l.contains(".internal.") && !l.startsWith("  ")),
                "no type of an internal package is listed");
        assertTrue(all.stream().anyMatch(l -> l.startsWith("public final class dev.ringcast.core.EventHub")),
                "EventHub is listed: " + apis.get("event-core").stream().limit(5).toList());
    }

    @Test
    void theBomPinsEveryPublishedModuleAtThisVersion() throws Exception {
        org.w3c.dom.Document bom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of(System.getProperty("ringcast.bom", "../bom/pom.xml")).toFile());
        org.w3c.dom.NodeList deps = bom.getElementsByTagName("dependency");
        Set<String> pinned = new TreeSet<>();
        for (int i = 0; i < deps.getLength(); i++) {
            org.w3c.dom.Element d = (org.w3c.dom.Element) deps.item(i);
            assertEquals("dev.ringcast", text(d, "groupId"));
            assertEquals("${project.version}", text(d, "version"), text(d, "artifactId"));
            pinned.add(text(d, "artifactId"));
        }
        Set<String> published = new TreeSet<>(PUBLISHED);
        published.addAll(PUBLISHED_WITHOUT_API);
        assertEquals(published, pinned, "the BOM lists exactly the published modules");
        String version = text(bom.getDocumentElement(), "version");
        assertEquals(System.getProperty("ringcast.version"), version, "the BOM's version is the build's");
    }

    private static String text(org.w3c.dom.Element parent, String tag) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof org.w3c.dom.Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + tag + "> in " + parent.getTagName());
    }

    private static ScanResult scan() {
        return new ClassGraph().enableClassInfo().enableMethodInfo().enableFieldInfo().ignoreClassVisibility()
                .acceptPackages("dev.ringcast").rejectPackages("dev.ringcast.apicheck").scan();
    }

    private static Path baseline(String artifact) {
        return BASELINES.resolve(artifact + ".api");
    }

    /** Builds the listing, artifact by artifact. */
    static final class PublicApi {

        private PublicApi() {
        }

        static Map<String, List<String>> of(ScanResult scan) {
            try (scan) {
                Map<String, TreeMap<String, List<String>>> byArtifact = new TreeMap<>();
                for (ClassInfo c : scan.getAllClasses()) {
                    if (!isApi(c)) {
                        continue;
                    }
                    String artifact = artifactOf(c);
                    byArtifact.computeIfAbsent(artifact, a -> new TreeMap<>()).put(c.getName(), describe(c));
                }
                Map<String, List<String>> out = new TreeMap<>();
                byArtifact.forEach((artifact, types) -> {
                    List<String> lines = new ArrayList<>();
                    types.values().forEach(lines::addAll);
                    out.put(artifact, lines);
                });
                return out;
            }
        }

        private static boolean isApi(ClassInfo c) {
            if (c.getPackageName().contains(".internal") || c.isSynthetic() || c.isAnonymousInnerClass()) {
                return false;
            }
            for (ClassInfo t = c; t != null; t = t.getOuterClasses().isEmpty() ? null : t.getOuterClasses().get(0)) {
                if (!t.isPublic()) {
                    return false;
                }
            }
            return true;
        }

        private static List<String> describe(ClassInfo c) {
            List<String> lines = new ArrayList<>();
            StringBuilder head = new StringBuilder(c.getModifiersStr()).append(' ').append(kind(c)).append(' ')
                    .append(c.getName());
            if (c.getSuperclass() != null && !c.isEnum() && !c.isRecord()
                    && !c.getSuperclass().getName().equals("java.lang.Object")) {
                head.append(" extends ").append(c.getSuperclass().getName());
            }
            List<String> interfaces = c.getInterfaces().directOnly().getNames();
            if (!interfaces.isEmpty()) {
                head.append(c.isInterface() ? " extends " : " implements ")
                        .append(String.join(", ", new TreeSet<>(interfaces)));
            }
            lines.add(head.toString().replaceAll(" +", " ").trim());
            boolean extendable = !c.isFinal() && !c.isEnum() && !c.isRecord();
            TreeSet<String> members = new TreeSet<>();
            c.getDeclaredFieldInfo().forEach(f -> {
                if (!f.isSynthetic() && (f.isPublic() || (extendable && f.isProtected()))) {
                    members.add("  " + f.toString().replaceAll(" +", " ").trim());
                }
            });
            c.getDeclaredMethodAndConstructorInfo().forEach(m -> {
                if (!m.isSynthetic() && !m.isBridge() && (m.isPublic() || (extendable && m.isProtected()))) {
                    members.add("  " + m.toString().replaceAll(" +", " ").trim());
                }
            });
            lines.addAll(members);
            return lines;
        }

        private static String kind(ClassInfo c) {
            if (c.isAnnotation()) {
                return "@interface";
            }
            if (c.isRecord()) {
                return "record";
            }
            if (c.isEnum()) {
                return "enum";
            }
            return c.isInterface() ? "interface" : "class";
        }

        /** {@code .../event-core/target/classes} or {@code event-core-0.1.0-SNAPSHOT.jar}: event-core. */
        private static String artifactOf(ClassInfo c) {
            Path p = c.getClasspathElementFile().toPath().toAbsolutePath().normalize();
            String name = p.getFileName().toString();
            if (name.endsWith(".jar")) {
                return name.replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "");
            }
            // A reactor build before the package phase: the module's classes folder.
            return p.getParent().getParent().getFileName().toString();
        }

        /** The entries only in the baseline ({@code -}) and only now ({@code +}), each with its type. */
        static String diff(List<String> baseline, List<String> now) {
            List<String> before = qualified(baseline);
            List<String> after = qualified(now);
            Set<String> beforeSet = new TreeSet<>(before);
            Set<String> afterSet = new TreeSet<>(after);
            StringBuilder b = new StringBuilder();
            before.stream().filter(l -> !afterSet.contains(l)).forEach(l -> b.append("- ").append(l).append('\n'));
            after.stream().filter(l -> !beforeSet.contains(l)).forEach(l -> b.append("+ ").append(l).append('\n'));
            return b.toString().stripTrailing();
        }

        /** A type's header line as it is; each member line prefixed with its type's header. */
        private static List<String> qualified(List<String> lines) {
            List<String> out = new ArrayList<>();
            String type = "";
            for (String l : lines) {
                if (l.startsWith("  ")) {
                    out.add(type + "  ::  " + l.strip());
                } else if (!l.isBlank()) {
                    type = l;
                    out.add(l);
                }
            }
            return out;
        }
    }
}
